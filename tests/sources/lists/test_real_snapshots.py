"""The loaders on the real list snapshots in ../shared/data (skipped when absent): every row of
every file is accounted for (entry, attached to an entry, or rejected with a reason), and the
counts are those of the files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from complicity.sources.lists import read_list

from .test_readers import check

L = "lists"
CASES = {
    "ofac-sdn": (
        "ofac-csv",
        [
            "jackdwyer-specially-designated-nationals-list__sdn.csv",
            "mino6225-eurasian-risk-screener__alt.csv",
            "mino6225-eurasian-risk-screener__add.csv",
        ],
        [(14965, 13738, 0, 1227), (20260, 0, 17381, 2879), (24776, 0, 18026, 6750)],
    ),
    "ofac-cons": (
        "ofac-csv",
        ["li-xiaohui-grab-companies__cons_prim.csv", "li-xiaohui-grab-companies__cons_add.csv"],
        [(443, 443, 0, 0), (572, 0, 572, 0)],
    ),
    "dod": (
        "dod-1260h",
        ["opensanctions-opensanctions__us_dod_chinese_milcorps__sanctions.csv"],
        [(397, 227, 170, 0)],
    ),
    "mofcom": (
        "mofcom-json",
        ["xyna-bpinelab-security-export-control-registry__cn.json"],
        [(240, 238, 2, 0)],
    ),
    "eu": (
        "eu-csv",
        [
            "opensanctions-opensanctions__eu_journal_sanctions__32014R0833.csv",
            "opensanctions-opensanctions__eu_journal_sanctions__32014R0269.csv",
        ],
        [(1746, 1085, 0, 661), (2802, 2802, 0, 0)],
    ),
    "uk": (
        "uk-csv",
        [
            "covyr-uk-sanctions-list__subjects.csv",
            "covyr-uk-sanctions-list__subject_names.csv",
            "covyr-uk-sanctions-list__subject_identifiers.csv",
        ],
        [(6046, 5414, 0, 632), (15050, 0, 14285, 765), (22787, 0, 4366, 18421)],
    ),
    "un": ("un-xml", ["gilbertbouic-Mkweli__un_consolidated.xml"], [(1000, 1000, 0, 0)]),
    "opensanctions": (
        "opensanctions-csv",
        ["com-480-data-visualization-project-noname__targets.simple.csv"],
        [(5600, 4260, 0, 1340)],
    ),
    "ftm": ("ftm", ["khongdudinhdoikhongne-ftm__entities.ftm.json"], [(1565, 607, 0, 958)]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_counts_match_the_files(shared_data: Path, case: str) -> None:
    fmt, files, expected = CASES[case]
    paths = [shared_data / L / f for f in files]
    batch = read_list(fmt, paths)
    check(batch)
    got = [(f.rows, f.entries, f.attached, f.rejected) for f in batch.files]
    assert got == expected
    # the row count is the file's own: data lines (no header, no Ctrl-Z end mark)
    if fmt == "ofac-csv":
        for path, fc in zip(paths, batch.files, strict=True):
            assert fc.rows == path.read_bytes().count(b"\n")
    assert len(batch.rejected) == sum(f.rejected for f in batch.files)


def test_ns_cmic_entries_carry_their_identifiers(shared_data: Path) -> None:
    fmt, files, _ = CASES["ofac-cons"]
    batch = read_list(fmt, [shared_data / L / f for f in files])
    cmic = [r for r in batch.relations if r.target == "list-ofac-ns-cmic"]
    assert len(cmic) == 68
    ents = {e.id: e for e in batch.entities}
    for num, uscc in (("30946", "91330000733796106P"),):
        assert ("uscc", uscc) in {(i.scheme, i.value) for i in ents[f"ofac-{num}"].identifiers}
    for num in ("33091", "33114"):
        assert f"ofac-{num}" in {r.source for r in cmic}


def test_sdn_rejections_are_vessels_aircraft_and_unjoined_rows(shared_data: Path) -> None:
    fmt, files, _ = CASES["ofac-sdn"]
    batch = read_list(fmt, [shared_data / L / f for f in files])
    reasons = Counter(why for _, why in batch.rejected)
    assert reasons == {
        "vessel: no entity kind for it": 851,
        "aircraft: no entity kind for it": 376,
        "ent_num not in the primary file(s) loaded": 2879 + 6750,
    }


def test_dod_parents_become_ownership_edges(shared_data: Path) -> None:
    fmt, files, _ = CASES["dod"]
    batch = read_list(fmt, [shared_data / L / f for f in files])
    ents = {e.id: e for e in batch.entities}
    hik = next(e for e in batch.entities if e.caption.startswith("Hangzhou Hikvision"))
    owners = [
        ents[r.source].caption
        for r in batch.relations
        if r.type == "ownership" and r.target == hik.id
    ]
    assert owners == ["China Electronics Technology Group Corporation"]


def test_gleif_records(shared_data: Path) -> None:
    paths = sorted((shared_data / "graphs" / "gleif-rs__lei_records").glob("*.json"))
    batch = read_list("gleif", paths)
    check(batch)
    assert sum(f.rows for f in batch.files) == 157
    assert sum(f.rejected for f in batch.files) == 0
    own = [r for r in batch.relations if r.type == "ownership"]
    assert own and all("percent" not in r.attrs for r in own)
    # Bloomberg Finance L.P.'s direct parent is Bloomberg L.P. (direct-parent_<LEI>.json)
    assert any(
        r.source == "lei-549300b56md0zc402l06" and r.target == "lei-5493001kjtiigc8y1r12"
        for r in own
    )
