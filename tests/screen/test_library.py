"""The README's library example, as written."""

from __future__ import annotations

from pathlib import Path

from complicity.names.match import score
from complicity.screen.screen import Screener
from complicity.screen.table import Row
from complicity.sources.kb import read_kb
from complicity.store import open_store


def test_readme_library_example(db: Path) -> None:
    assert score("大华银行", "大华股份").same is False
    store = open_store(db)
    store.write(read_kb(), "kb")
    (result,) = Screener(store, as_of="2024-01-01").screen([Row(1, "QUALCOMM Inc")])
    assert result.status == "flagged"
    assert result.exposure is not None
    assert result.exposure["chain"].startswith("Qualcomm —")


def test_readme_name_index_example(tmp_path: Path) -> None:
    from complicity.names.index import NameIndex

    pairs = [("hik", "杭州海康威视数字技术股份有限公司"), ("hik", "Hikvision"), ("uob", "大华银行")]
    cache = tmp_path / ".names-cache"
    index = NameIndex.build(pairs, cache=cache)
    (saved,) = cache.iterdir()
    written = saved.stat().st_mtime_ns
    again = NameIndex.build(pairs, cache=cache)  # the same pairs: loaded, not built and saved
    assert again.fingerprint == index.fingerprint and list(cache.iterdir()) == [saved]
    assert saved.stat().st_mtime_ns == written
    hits = index.search("海康威視", limit=3)
    assert hits[0].entity_id == "hik" and hits[0].explanation
    rows = index.search_many(
        ["HIKVISION DIGITAL TECHNOLOGY CO LTD", "Dahua"], matches_only=True, workers=2
    )
    assert [[c.entity_id for c in r] for r in rows] == [["hik"], []]
    assert rows[0][0].score >= 0.85


def test_a_batch_screen_gives_what_one_row_at_a_time_gives(db: Path) -> None:
    from complicity.model import Batch, Entity, Name

    store = open_store(db)
    store.write(read_kb(), "kb")
    # made-up: a listed person whose name is a supplier's without its legal form, and the
    # supplier itself spelt a little differently
    person = Entity("p1", "person", [Name("Golden Harbor", "en", "list")])
    supplier = Entity("c1", "organization", [Name("Golden Harbour Ltd", "en", "list")])
    store.write(Batch(entities=[person, supplier]), "t")
    names = ["QUALCOMM Inc", "海康威視", "Hikvision", "!!!", "", "Golden Harbor Ltd",
             "Golden Harbor", "Nothing Like Any Listed Name Ltd", "大华银行", "x" * 5000]  # fmt: skip
    # 2,000 rows: the names are searched by forked workers, part by part, each part's rows
    # looked up while the workers search the next
    rows = [Row(i, n) for i, n in enumerate(names * 200, 2)]
    screener = Screener(store, as_of="2024-01-01")
    seen: list[tuple[int, int]] = []
    batch = screener.screen(rows, progress=lambda done, total: seen.append((done, total)))
    one = [screener.screen_one(r) for r in rows]
    assert [r.to_dict() for r in batch] == [r.to_dict() for r in one]
    assert [done for done, _ in seen] == list(range(1, len(rows) + 1))
    assert seen[-1] == (len(rows), len(rows))
    by_name = {r.input: r for r in batch}
    # the person's exact name is dropped for a company's; the supplier is then found in full
    assert by_name["Golden Harbor Ltd"].entity_id == "c1"
    assert by_name["Golden Harbor"].entity_id == "p1"
    assert by_name["!!!"].error and by_name[""].error and by_name["x" * 5000].error
    assert by_name["Nothing Like Any Listed Name Ltd"].status == "no match"
