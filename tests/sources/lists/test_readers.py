"""Each reader on small fixtures we wrote: names in every script, identifiers, listings, edges,
evidence offsets, and counts that account for every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from complicity.sources.lists import FORMATS, read_list
from complicity.sources.lists.base import ListBatch
from complicity.sources.lists.uflpa import parse_name


def check(batch: ListBatch) -> None:
    docs = {d.id: d for d in batch.documents}
    for fc in batch.files:
        assert fc.rows == fc.entries + fc.attached + fc.rejected, fc
    for ent in batch.entities:
        ent.validate()
    for rel in batch.relations:
        rel.validate()
        for ev in rel.evidence:
            text = docs[ev.document_id].text
            assert text is not None and text[ev.start : ev.end] == ev.quote


def entity(batch: ListBatch, eid: str):  # type: ignore[no-untyped-def]
    return next(e for e in batch.entities if e.id == eid)


def names(ent) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {n.text: n.kind for n in ent.names}


def test_every_format_is_registered() -> None:
    assert {
        "ofac-csv",
        "ofac-xml",
        "csl-json",
        "csl-csv",
        "uflpa-html",
        "uflpa-csv",
        "dod-1260h",
        "eu-csv",
        "uk-csv",
        "un-xml",
        "mofcom-json",
        "opensanctions-csv",
        "ftm",
        "gleif",
    } <= set(FORMATS)


def test_ofac_csv_joins_alt_and_add_and_parses_remarks(fx: Path) -> None:
    b = read_list(
        "ofac-csv", [fx / "sdn.csv", fx / "alt.csv", fx / "add.csv", fx / "cons_prim.csv"]
    )
    check(b)
    counts = {Path(f.path).name: (f.rows, f.entries, f.attached, f.rejected) for f in b.files}
    assert counts == {
        "sdn.csv": (4, 3, 0, 1),
        "cons_prim.csv": (2, 2, 0, 0),
        "alt.csv": (3, 0, 2, 1),
        "add.csv": (2, 0, 2, 0),
    }
    assert ("vessel: no entity kind for it") in {why for _, why in b.rejected}
    ex = entity(b, "ofac-9001")
    assert names(ex) == {
        "EXAMPLE SURVEILLANCE TECHNOLOGY CO., LTD.": "list",
        "EXAMPLE SURVEILLANCE": "alias",
        "OLD EXAMPLE CO": "former",
        "EXAMPLE SECURITY CO": "former",
    }
    hik = entity(b, "ofac-30946")
    ids = {(i.scheme, i.value) for i in hik.identifiers}
    assert {
        ("uscc", "91330000733796106P"),
        ("isin", "CNE100000PM8"),
        ("ticker", "002415 CN"),
        ("ofac_ent_num", "30946"),
    } <= ids
    listing = next(r for r in b.relations if r.source == "ofac-30946")
    assert listing.target == "list-ofac-ns-cmic" and listing.start == "2021-06-03"
    assert listing.attrs["program"] == "CMIC-EO13959"
    sdn = next(r for r in b.relations if r.source == "ofac-9001")
    assert sdn.target == "list-ofac-sdn" and sdn.attrs["program"] == "SDGT; IFSR"
    assert next(r for r in b.relations if r.source == "ofac-8001").target == "list-ofac-cons"
    assert "Passport" not in str(entity(b, "ofac-9002"))


def test_ofac_xml(fx: Path) -> None:
    b = read_list("ofac-xml", [fx / "sdn_advanced.xml"])
    check(b)
    ex = entity(b, "ofac-9001")
    assert names(ex)["示例监控技术有限公司"] == "alias"
    assert next(n for n in ex.names if n.text == "示例监控技术有限公司").lang == "zh"
    assert ("uscc", "91330100MA2EXAMPLJ") in {(i.scheme, i.value) for i in ex.identifiers}
    own = [r for r in b.relations if r.type == "ownership"]
    assert [(r.source, r.target) for r in own] == [("ofac-9001", "ofac-9004")]
    assert "percent" not in own[0].attrs
    assert "Owned" not in own[0].evidence[0].quote  # quotes the element, by its ids
    assert own[0].evidence[0].quote.startswith('<ProfileRelationship ID="301"')
    assert b.files[0].rejected == 1


def test_csl_json_and_csv(fx: Path) -> None:
    b = read_list("csl-json", [fx / "csl.json"])
    check(b)
    targets = {r.source: r.target for r in b.relations}
    assert targets["ofac-30946"] == "list-ofac-ns-cmic"
    assert targets["bis-entity-list-1a2b3c"] == "list-bis-entity-list"
    el = next(r for r in b.relations if r.target == "list-bis-entity-list")
    assert el.start == "2019-10-09" and el.attrs["federal_register_notice"] == "84 FR 54002"
    c = read_list("csl-csv", [fx / "csl.csv"])
    check(c)
    assert names(entity(c, "bis-entity-list-1a2b3c"))["海康威视"] == "alias"
    assert {r.target for r in c.relations} == {"list-bis-entity-list", "list-bis-meu"}


def test_uflpa_name_prose() -> None:
    p = parse_name(
        "Hoshine Silicon Industry (Shanshan) Co., Ltd (including one alias: Hesheng "
        "Silicon Industry (Shanshan) Co.) and subsidiaries"
    )
    assert p.name == "Hoshine Silicon Industry (Shanshan) Co., Ltd"
    assert p.aliases == ["Hesheng Silicon Industry (Shanshan) Co."]
    assert p.includes_subsidiaries == "subsidiaries"
    n = parse_name(
        "Ninestar Corporation and its two Zhuhai-based subsidiaries: A Co., Ltd.; and B Co., Ltd."
    )
    assert n.name == "Ninestar Corporation" and n.subsidiaries == ["A Co., Ltd.", "B Co., Ltd."]


def test_uflpa_html_and_csv(fx: Path) -> None:
    b = read_list("uflpa-html", [fx / "uflpa.html"])
    check(b)
    assert (b.files[0].rows, b.files[0].entries, b.files[0].rejected) == (4, 3, 1)
    ninestar = next(e for e in b.entities if e.caption == "Ninestar Corporation")
    owned = {r.target for r in b.relations if r.type == "ownership" and r.source == ninestar.id}
    assert len(owned) == 3
    zhongtai = next(e for e in b.entities if e.caption.startswith("Xinjiang Zhongtai"))
    assert names(zhongtai)["新疆中泰化学股份有限公司"] == "alias"
    hoshine = next(
        r for r in b.relations if r.type == "listing" and "Hoshine" in r.evidence[0].quote
    )
    assert hoshine.start == "2022-06-21" and hoshine.attrs["includes_subsidiaries"]
    assert hoshine.attrs["program"].startswith("Section 2(d)(2)(B)(i)")
    c = read_list("uflpa-csv", [fx / "uflpa.csv"])
    check(c)
    assert len([r for r in c.relations if r.type == "listing"]) == 2


def test_dod_1260h_parent_is_an_ownership_edge(fx: Path) -> None:
    b = read_list("dod-1260h", [fx / "dod_1260h.csv"])
    check(b)
    f = b.files[0]
    assert (f.rows, f.entries, f.attached, f.rejected) == (4, 2, 1, 1)
    hik = next(e for e in b.entities if e.caption.startswith("Hangzhou Hikvision"))
    tranches = sorted(r.start for r in b.relations if r.type == "listing" and r.source == hik.id)
    assert tranches == ["2021-06-03", "2025-01-07"]
    own = [r for r in b.relations if r.type == "ownership"]
    assert len(own) == 1 and own[0].target == hik.id and "percent" not in own[0].attrs


def test_eu_uk_un_mofcom_opensanctions(fx: Path) -> None:
    eu = read_list("eu-csv", [fx / "eu.csv"])
    check(eu)
    e = entity(eu, next(x.id for x in eu.entities if x.caption.startswith("Example Electronics")))
    assert ("uscc", "91330100MA2EXAMPLJ") in {(i.scheme, i.value) for i in e.identifiers}
    assert names(e)["示例电子贸易有限公司"] == "alias" and e.country == "cn"
    uk = read_list(
        "uk-csv",
        [fx / "uk_subjects.csv", fx / "uk_subject_names.csv", fx / "uk_subject_identifiers.csv"],
    )
    check(uk)
    assert [f.rejected for f in uk.files] == [1, 1, 1]
    un = read_list("un-xml", [fx / "un.xml"])
    check(un)
    kpe = entity(un, "un-kpe.999")
    assert names(kpe) == {
        "EXAMPLE TRADING HONG KONG LIMITED": "list",
        "示例贸易香港有限公司": "alias",
        "OLD EXAMPLE TRADING": "former",
    }
    assert kpe.country == "hk"
    mof = read_list("mofcom-json", [fx / "mofcom.json"])
    check(mof)
    assert {r.target for r in mof.relations} == {"list-mofcom-unreliable"}
    assert mof.files[0].rejected == 1
    os_ = read_list("opensanctions-csv", [fx / "targets.simple.csv"])
    check(os_)
    assert os_.files[0].entries == 1 and os_.files[0].rejected == 1


def test_gleif_parent_from_file_name(fx: Path) -> None:
    child = "5299000CMPLCHILD0081"
    b = read_list(
        "gleif", [fx / f"single_lei_record_{child}.json", fx / f"direct-parent_{child}.json"]
    )
    check(b)
    kid = entity(b, f"lei-{child.lower()}")
    assert names(kid) == {
        "Example Child Technology Limited": "legal",
        "示例子公司科技有限公司": "legal",
        "Example Old Name Limited": "former",
    }
    assert kid.country == "hk"
    own = [r for r in b.relations if r.type == "ownership"]
    assert [(r.source, r.target) for r in own] == [("lei-5299000cmplparent067", kid.id)]
    assert own[0].attrs["relationship"] == "direct" and "percent" not in own[0].attrs


def test_bom_is_dropped_and_offsets_still_hold(fx: Path) -> None:
    plain = read_list("dod-1260h", [fx / "dod_1260h.csv"])
    bom = read_list("dod-1260h", [fx / "bom.csv"])
    check(bom)
    assert [f.rows for f in bom.files] == [f.rows for f in plain.files]
    assert bom.documents[0].id != plain.documents[0].id  # the hash is of the file bytes


@pytest.mark.parametrize(
    ("fmt", "files"),
    [
        ("ofac-csv", ["jackdwyer-specially-designated-nationals-list__sdn.csv"]),
        ("dod-1260h", ["opensanctions-opensanctions__us_dod_chinese_milcorps__sanctions.csv"]),
    ],
)
def test_real_snapshot_smoke(shared_data: Path, fmt: str, files: list[str]) -> None:
    b = read_list(fmt, [shared_data / "lists" / f for f in files])
    check(b)


def test_eu_aliases_packed_in_one_field_are_each_a_name(fx: Path) -> None:
    # one alias field: two company names joined by a comma, their Chinese name after " / ",
    # and a Russian / Ukrainian pair
    eu = read_list("eu-csv", [fx / "eu.csv"])
    check(eu)
    e = entity(eu, next(x.id for x in eu.entities if x.caption == "Example Optics"))
    assert names(e) == {
        "Example Optics": "list",
        "Example Optics Technology Co., Ltd": "alias",
        "Example Photonics Technology Co. Ltd": "alias",
        "示例光电科技有限公司": "alias",
        "Пример Оптика": "alias",
        "Приклад Оптика": "alias",
    }
