"""List loading speed: the full OFAC SDN (sdn.csv) with its alt.csv and add.csv read, resolved and
written into a fresh store, then loaded again into the now full store (every entry resolves to
its stored entity). Goal: the first load under 10 s.

    python -m benchmarks.lists_speed
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.common import peak_rss_mb, shared_data, table, timer
from complicity.sources.lists import read_list
from complicity.sources.lists.resolve import resolve
from complicity.store import open_store

FILES = (
    "jackdwyer-specially-designated-nationals-list__sdn.csv",
    "mino6225-eurasian-risk-screener__alt.csv",
    "mino6225-eurasian-risk-screener__add.csv",
)
GOAL_S = 10.0


def lists_load_once(db: Path, paths: list[Path]) -> tuple[list[object], float]:
    with timer() as t_read:
        batch = read_list("ofac-csv", paths)
    store = open_store(db)
    with timer() as t_resolve:
        res = resolve(batch, store)
    with timer() as t_write:
        store.write(batch, label="benchmark")
    store.close()
    total = t_read[0] + t_resolve[0] + t_write[0]
    rows = sum(f.rows for f in batch.files)
    return [
        f"{rows:,}",
        f"{len(res.new):,} new / {len(res.merged_store):,} merged",
        t_read[0],
        t_resolve[0],
        t_write[0],
        total,
        f"{rows / total:,.0f}",
    ], total


def csv_floor(paths: list[Path]) -> float:
    """Seconds to parse the same files with the stdlib csv module and nothing else: the floor
    any loader pays, measured in the same run so the ratio compares machines fairly."""
    import csv

    with timer() as t:
        for path in paths:
            with path.open(encoding="utf-8", newline="") as fh:
                for _ in csv.reader(fh):
                    pass
    return t[0]


def main() -> int:
    root = shared_data() / "lists"
    paths = [root / f for f in FILES]
    floor = csv_floor(paths)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        first, total = lists_load_once(db, paths)
        second, _ = lists_load_once(db, paths)
        size = db.stat().st_size / 1e6
    header = ["run", "rows", "entries", "read s", "resolve s", "write s", "total s", "rows/s"]
    print(table(header, [["fresh store", *first], ["again, full store", *second]]))
    print()
    verdict = "met" if total <= GOAL_S else "MISSED"
    print(
        f"Goal: first load <= {GOAL_S:.0f} s: {verdict} ({total:.1f} s). Store {size:.0f} MB, "
        f"peak RSS {peak_rss_mb():.0f} MB."
    )
    print(
        f"Baseline in the same run: a bare csv.reader pass over the three files takes {floor:.2f} s; "
        f"the full load (parse, join, identifiers, resolve, write with evidence) is "
        f"{total / floor:.0f}x that."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
