"""Screening speed as `complicity screen` runs it: names from a supplier file -> the entity each is
-> its exposure and ownership flags, on a store holding the OFAC SDN list (as lists_speed loads
it) and the starter knowledge base.

    python -m benchmarks.screen_speed [--rows N]

The rows are variants of real list names (benchmarks.names_speed.make_query: traditional
characters, a dropped place or legal form, capitals, a typo) and made-up supplier names that are
on no list, half and half. Baseline in the same run: the same rows one `search` at a time
(`Screener.screen_one`, how `screen` worked until 2 Dec). Both must give the same results, row
for row; the benchmark fails otherwise. Then once with ``nearest=True`` (``--nearest``), whose
results must be the same but for the nearest names it adds.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import opencc

from benchmarks.common import peak_rss_mb, shared_data, table, timer
from benchmarks.lists_speed import FILES
from benchmarks.names_quality import unlisted_names
from benchmarks.names_speed import make_query, real_names
from complicity.names.normalize import _normalize, pinyin_key
from complicity.screen.screen import Screener
from complicity.screen.table import Row
from complicity.sources.kb import read_kb
from complicity.sources.lists import read_list
from complicity.store import open_store


def _clear_caches() -> None:
    _normalize.cache_clear()
    pinyin_key.cache_clear()


def rows_to_screen(root: Path, n: int) -> list[Row]:
    rng = random.Random(5)
    s2t = opencc.OpenCC("s2t")
    real = real_names(root)
    listed = [make_query(rng.choice(real), rng, s2t) for _ in range(n - n // 2)]
    made_up = unlisted_names(random.Random(6), draws=1000)
    unlisted = (made_up["zh"] + made_up["en"]) * (1 + n // 4000)
    rng.shuffle(unlisted)
    names = listed + unlisted[: n // 2]
    rng.shuffle(names)
    return [Row(i, name) for i, name in enumerate(names, 2)]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.screen_speed")
    ap.add_argument("--rows", type=int, default=20_000)
    args = ap.parse_args(argv)
    root = shared_data()
    rows = rows_to_screen(root, args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screen.db"
        store = open_store(db)
        store.write(read_kb(), "kb")
        store.write(read_list("ofac-csv", [root / "lists" / f for f in FILES]), "sdn")
        with timer() as t_open:
            screener = Screener(store, as_of="2024-06-30")  # builds the name index, saved
        with timer() as t_reopen:
            screener = Screener(store, as_of="2024-06-30")  # as a second run: loaded
        # each twice, taking turns, each run with a new Screener (the index loaded from its
        # file; a Screener looks each entity up once, and no run may find those of another)
        # and the normalisation caches emptied (nor the names another read); the faster of its
        # two runs counts
        batch_s, one_s = [], []
        for _ in range(2):
            _clear_caches()
            screener = Screener(store, as_of="2024-06-30")
            with timer() as t:
                batched = screener.screen(rows)
            batch_s.append(t[0])
            _clear_caches()
            screener = Screener(store, as_of="2024-06-30")
            with timer() as t:
                one = [screener.screen_one(r) for r in rows]
            one_s.append(t[0])
        t_batch, t_one = [min(batch_s)], [min(one_s)]
        same = [a.to_dict() for a in batched] == [b.to_dict() for b in one]
        # with --nearest: the rows with no match are searched again, in full, for the closest
        # name; everything else must stay as it was
        _clear_caches()
        screener = Screener(store, as_of="2024-06-30", nearest=True)
        with timer() as t_near:
            near = screener.screen(rows)
        kept = [{**r.to_dict(), "nearest": None} for r in near] == [a.to_dict() for a in batched]
        given = sum(r.nearest is not None for r in near)
        counts = store.counts()
        store.close()
    # a related row names an entity (whose group or unit it is) but is no match to it
    matched = sum(r.entity_id is not None and r.status != "related" for r in batched)
    flagged = sum(r.status == "flagged" for r in batched)
    related = sum(r.status == "related" for r in batched)
    header = ["path", "rows", "s", "rows/s", "x baseline"]
    print(
        f"Store: the starter knowledge base and the OFAC SDN list ({counts.get('entities', 0):,} "
        f"entities). {len(rows):,} rows, half variants of list names, half made-up suppliers; "
        f"{matched:,} matched, {flagged:,} flagged, {related:,} related (of an entity's group "
        f"or a unit of it, not matched). Name index built in {t_open[0]:.1f} s "
        f"(with the graph), loaded in {t_reopen[0]:.1f} s.\n"
    )
    print(
        table(
            header,
            [
                [
                    "Screener.screen (2 workers search, the parent looks up as they go)",
                    f"{len(rows):,}",
                    t_batch[0],
                    f"{len(rows) / t_batch[0]:,.0f}",
                    f"{t_one[0] / t_batch[0]:.1f}",
                ],
                [
                    "Screener.screen with nearest=True (--nearest: the rows with no match "
                    "searched again in full)",
                    f"{len(rows):,}",
                    t_near[0],
                    f"{len(rows) / t_near[0]:,.0f}",
                    f"{t_one[0] / t_near[0]:.1f}",
                ],
                [
                    "baseline: Screener.screen_one per row",
                    f"{len(rows):,}",
                    t_one[0],
                    f"{len(rows) / t_one[0]:,.0f}",
                    "1.0",
                ],
            ],
        )  # fmt: skip
    )
    print()
    print(
        f"The two give the same results row for row: {'yes' if same else 'NO'}. With nearest, "
        f"{given:,} of the {len(rows) - matched - related:,} rows with no match were given "
        f"their nearest name, and the rest of every result is as without: "
        f"{'yes' if kept else 'NO'}. Peak RSS {peak_rss_mb():,.0f} MB."
    )
    return 0 if same and kept else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
