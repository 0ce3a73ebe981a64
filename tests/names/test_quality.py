"""The matcher on real labelled data: F1 at THRESHOLD, computed here, against the documented goals
(benchmarks/README-names.md)."""

from __future__ import annotations

from pathlib import Path

from complicity.names import labelled
from complicity.names.match import THRESHOLD, score

# The goals of issue 3, both reached (benchmarks/README-names.md); (b) needed kana/hangul readings
# and dictionary translation (トヨタ自動車 = Toyota Motor, 腾讯 = Tencent).
GOALS = {"nomenklatura": 0.95, "easonanalytica": 0.95}


def f1(pairs: list[labelled.LabelledPair]) -> float:
    values = labelled.scores(pairs, lambda a, b: score(a, b).score)
    return labelled.quality(pairs, values, THRESHOLD).f1


def test_f1_nomenklatura_companies(shared_data: Path) -> None:
    pairs = labelled.nomenklatura_pairs(shared_data)
    assert len(pairs) > 200
    assert f1(pairs) >= GOALS["nomenklatura"]


def test_f1_easonanalytica(shared_data: Path) -> None:
    pairs = labelled.easonanalytica_pairs(shared_data)
    assert len(pairs) > 100
    assert f1(pairs) >= GOALS["easonanalytica"]


def test_bilingual_lists_screening_recall(shared_data: Path) -> None:
    from complicity.names.index import NameIndex

    entries = labelled.bilingual_entries(shared_data)
    index = NameIndex.build([(e.id, n) for e in entries for n in e.english + e.chinese])
    found = total = 0
    for e in entries:
        for name in e.english + e.chinese:
            total += 1
            hits = index.search(name, limit=10, explain=False)
            found += any(h.entity_id == e.id and h.score >= THRESHOLD for h in hits)
    assert found / total >= 0.95


def test_cross_script_screening_through_translation(shared_data: Path) -> None:
    """A list that names each entry in one script only, queried in the other: the second look
    through translation (``search(..., translate=True)``) finds what pinyin cannot. Floors are
    this commit's figures less a margin (benchmarks/README-names.md, "(c2) other script")."""
    from benchmarks.names_quality import merged_entries

    from complicity.names.index import NameIndex

    entries = merged_entries(shared_data)
    index = NameIndex.build([(e.id, n) for e in entries for n in e.english], with_aliases=False)
    found = {False: 0, True: 0}
    wrong = {False: 0, True: 0}
    for translate in (False, True):
        for e in entries:
            for name in e.chinese:
                hits = [
                    h
                    for h in index.search(name, limit=3, explain=False, translate=translate)
                    if h.score >= THRESHOLD
                ]
                if hits:
                    found[translate] += hits[0].entity_id == e.id
                    wrong[translate] += hits[0].entity_id != e.id
    # of 405 Chinese names (now 95 and 228): the second look finds most of them
    assert found[True] >= 175 and found[True] - found[False] >= 100
    assert wrong[True] / (found[True] + wrong[True]) <= 0.06  # now 9 of 214


def test_made_up_names_rarely_hit_a_list(shared_data: Path) -> None:
    """(c3) on the first 2,000 draws (of ``make bench``'s 5,000): made-up supplier names
    against every name of the snapshots; each hit is false. Of 1,997 Chinese names with the
    second look, 12 hit before one Chinese word had to be one sense and a mainland
    registration against an English name of another place had to be spelt, 10 since
    (benchmarks/README-names.md)."""
    from benchmarks.names_quality import merged_entries, unlisted_c3

    rows = {
        (script, look): hits
        for script, look, _, hits, _, _ in unlisted_c3(
            shared_data, merged_entries(shared_data), draws=2000
        )
    }
    assert rows[("zh", "with the second look")] <= 10, rows
    assert rows[("zh", "own script")] <= 10 and rows[("en", "with the second look")] <= 5, rows
