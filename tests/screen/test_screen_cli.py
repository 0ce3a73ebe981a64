from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.model import Batch, Entity, Name
from complicity.sources.kb import read_kb
from complicity.store import open_store


@pytest.fixture()
def kb_store(db: Path) -> Path:
    open_store(db).write(read_kb(), "kb")
    return db


def test_screen_csv_out_keeps_every_row(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "suppliers.csv"
    src.write_bytes(
        "供应商,国家\n海康威視,CN\nNestlé S.A.,CH\n,CN\n!!!,XX\n商汤科技,CN\n".encode("gb18030")
    )
    out = tmp_path / "out.csv"
    assert main(["screen", str(src), "--column", "供应商", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "line 4 not screened: empty '供应商'" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    status = {r["line"]: (r["input"], r["status"], r["entity_id"]) for r in rows}
    by = {r["line"]: r["matched_by"] for r in rows}
    assert by["2"] in ("core_exact", "known_alias") and by["3"] == ""
    assert status["2"] == ("海康威視", "flagged", "hikvision")
    assert status["3"][1] == "no match"
    assert status["4"][1].startswith("not screened")
    assert status["5"][1] == "error"
    assert status["6"][1:] == ("flagged", "sensetime")
    assert len(rows) == 5  # every data line accounted for
    assert [r["line"] for r in rows] == ["2", "3", "4", "5", "6"]  # in the file's order
    # why a row could not be screened is in the file, as in the table printed
    why = {r["line"]: r["explanation"] for r in rows}
    assert "no letters or digits" in why["5"]
    table_line = next(line for line in printed.splitlines() if line.startswith("!!!"))
    assert "error" in table_line and "no letters or digits" in table_line
    # the last line counts each outcome; the punctuation-only name is no "no match"
    counts = "4 screened: 2 flagged, 1 no match, 1 could not be compared; 1 row not screened"
    assert counts in printed.splitlines()[-2:]


def test_screen_xlsx_sheets_in_every_output(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Equities"
    first.append(["Holding"])
    first.append(["SenseTime Group"])
    other = book.create_sheet("Bonds")
    other.append(["Holding"])
    other.append(["Hikvision"])  # line 2 of its sheet, as SenseTime is of the first
    src = tmp_path / "book.xlsx"
    book.save(src)
    out_csv, out_html = tmp_path / "out.csv", tmp_path / "out.html"
    assert main(["screen", str(src), "--out", str(out_csv)]) == 0
    assert main(["screen", str(src), "--out", str(out_html)]) == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [(r["sheet"], r["line"], r["entity_id"]) for r in rows] == [
        ("Equities", "2", "sensetime"),
        ("Bonds", "2", "hikvision"),
    ]
    html = out_html.read_text(encoding="utf-8")
    assert "<th>Sheet</th>" in html and "<td>Bonds</td>" in html
    # each flagged holding's section has its own anchor, though both are on line 2
    assert 'id="h1-2"' in html and 'id="h2-2"' in html


def test_screen_xlsx_rows_not_screened_keep_their_sheet_and_place(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row with no name stays where it was in the results CSV, in its sheet, and every
    output names the sheet: line 3 of one sheet is not line 3 of the other."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Equities"
    for row in (["Holding", "Weight"], ["SenseTime Group", 1], [None, 2], ["Hikvision", 3]):
        first.append(row)
    other = book.create_sheet("Bonds")
    for row in (["Holding", "Weight"], ["Megvii", 1], [None, 2]):
        other.append(row)
    src = tmp_path / "book.xlsx"
    book.save(src)
    out_csv, out_json = tmp_path / "out.csv", tmp_path / "out.json"
    assert main(["screen", str(src), "--out", str(out_csv)]) == 0
    printed = capsys.readouterr().out
    assert "sheet 'Equities' line 3 not screened: empty 'Holding'" in printed
    assert "sheet 'Bonds' line 3 not screened: empty 'Holding'" in printed
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [(r["sheet"], r["line"], r["status"][:12]) for r in rows] == [
        ("Equities", "2", "flagged"),
        ("Equities", "3", "not screened"),
        ("Equities", "4", "flagged"),
        ("Bonds", "2", "flagged"),
        ("Bonds", "3", "not screened"),
    ]
    assert main(["screen", str(src), "--out", str(out_json)]) == 0
    rejected = json.loads(out_json.read_text(encoding="utf-8"))["rejected"]
    assert rejected == [
        {"line": 3, "reason": "empty 'Holding'", "sheet": "Equities"},
        {"line": 3, "reason": "empty 'Holding'", "sheet": "Bonds"},
    ]


def test_screen_json_lines(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "h.csv"
    src.write_text("name\nMegvii Technology Ltd\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["entity_id"] == "megvii" and first["status"] == "flagged"
    assert first["explanation"] and first["exposure"]["steps"][0]["evidence"]
    # which documents give the matched name as Megvii's
    assert first["name_sources"] and all(s["title"] for s in first["name_sources"])


def test_screen_missing_column(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "h.csv"
    src.write_text("name\nX\n", encoding="utf-8")
    assert main(["screen", str(src), "--column", "holding"]) == 2
    assert "no column 'holding'" in capsys.readouterr().err


def test_screen_looks_through_translation_when_asked(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a store that knows the company by its Chinese name only
    open_store(db).write(
        Batch(entities=[Entity("usar", "company", [Name("美国稀土公司", "zh", "legal")])]), "t"
    )
    src = tmp_path / "h.csv"
    src.write_text("name\nUSA Rare Earth Inc.\nUnited Overseas Bank\n", encoding="utf-8")
    assert main(["screen", str(src), "--json", "--translate"]) == 0
    printed = capsys.readouterr().out
    rows = [json.loads(line) for line in printed.splitlines()[:2]]
    assert (rows[0]["entity_id"], rows[0]["matched_name"]) == ("usar", "美国稀土公司")
    assert "translation" in [f["name"] for f in rows[0]["explanation"]]
    assert rows[0]["matched_by"] == "translation"
    assert "1 matched across scripts by reading or translation" in printed
    assert "(lines 2): check them" in printed
    assert rows[1]["status"] == "no match"
    assert main(["screen", str(src), "--json"]) == 0
    printed = capsys.readouterr().out
    rows = [json.loads(line) for line in printed.splitlines()[:2]]
    assert [r["status"] for r in rows] == ["no match", "no match"]
    # without --translate, the user is told why English names may find nothing here
    assert "2 names in Latin or other spaced script matched nothing" in printed
    assert "0.0% of the store's 1 names are written so: --translate" in printed


def test_no_translation_hint_when_the_store_has_names_in_the_script(
    kb_store: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "h.csv"
    src.write_text("name\nNew Supplier Ltd\n", encoding="utf-8")
    assert main(["screen", str(src)]) == 0
    printed = capsys.readouterr().out
    assert "1 screened" in printed and "--translate" not in printed
    # a Chinese name that found nothing, where the store knows organisations in China by
    # English names only (the Entity List's Xinjiang bureaus): said, with what would find them
    src.write_text("name\n无名供应商有限公司\n", encoding="utf-8")
    assert main(["screen", str(src)]) == 0
    printed = capsys.readouterr().out
    assert "1 names in Chinese, Japanese or Korean script matched nothing, and " in printed
    assert "of the store's organisations in China have no Chinese name (" in printed
    # ... and not where every one of them has a Chinese name
    other = tmp_path / "named.db"
    named = Entity(
        "hik", "company", [Name("海康威视", "zh", "short"), Name("Hikvision", "en", "short")]
    )
    named.country = "cn"
    open_store(other).write(Batch(entities=[named]), "t")
    assert main(["--db", str(other), "screen", str(src)]) == 0
    assert "--translate" not in capsys.readouterr().out


def test_a_places_bureau_in_chinese_is_looked_for_in_english_unasked(
    kb_store: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the knowledge base names the Entity List's Xinjiang bureaus in English only; a place and
    # its bureau translate word for word, so a Chinese supplier file finds them without
    # --translate, marked as found through translation; a company's name is not translated
    src = tmp_path / "b.csv"
    names = [
        "乌鲁木齐市公安局",
        "喀什地区公安局",
        "无名供应商有限公司",
        "乌鲁木齐市公安局天山区分局",
        "新疆警察学院",  # the police college the region's bureau runs
    ]
    src.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()[:5]]
    assert [(r["status"], r.get("entity_id"), r.get("matched_by")) for r in rows[:3]] == [
        ("flagged", "urumqi-psb", "translation"),
        ("flagged", "kashgar-psb", "translation"),
        ("no match", None, None),
    ]
    assert (rows[4]["status"], rows[4]["entity_id"]) == ("flagged", "xinjiang-police-college")
    # a district's sub-bureau is the bureau's unit, not the bureau
    assert (rows[3]["status"], rows[3]["entity_id"]) == ("related", "urumqi-psb")
    assert rows[3]["explanation"][0]["name"] == "unit_of"


def test_screen_reuses_the_name_index_until_the_store_changes(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.names.index import NameIndex

    src = tmp_path / "h.csv"
    src.write_text("name\nNew Supplier Ltd\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    cache = kb_store.parent / f".{kb_store.name}.cache"
    (first,) = cache.glob("names-*.pkl")
    assert json.loads(capsys.readouterr().out.splitlines()[0])["status"] == "no match"
    built = NameIndex._build
    NameIndex._build = None  # type: ignore[assignment,method-assign]  # must not be called
    try:
        assert main(["screen", str(src), "--json"]) == 0  # the saved index answers
    finally:
        NameIndex._build = built  # type: ignore[method-assign]
    capsys.readouterr()
    # the store learns the name: a new index is built, and the screen finds it
    entity = Entity("new-supplier", "company", [Name("New Supplier Ltd", "en", "legal")])
    open_store(kb_store).write(Batch(entities=[entity]), "t")
    assert main(["screen", str(src), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["entity_id"] == "new-supplier"
    assert len(list(cache.glob("names-*.pkl"))) == 2 and first.exists()


def _screened(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    entities: list[Entity],
    names: list[str],
    *options: str,
) -> tuple[list[dict[str, object]], str]:
    """``names`` screened (--json) against a store of ``entities``: each row's JSON, and all
    that was printed."""
    open_store(db).write(Batch(entities=entities), "t")
    return _screen_json(tmp_path, capsys, names, *options)


def _screen_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: list[str], *options: str
) -> tuple[list[dict[str, object]], str]:
    """``names`` screened (--json) against the store COMPLICITY_DB names: each row's JSON, one
    per name in order, and all that was printed."""
    src = tmp_path / "names.csv"
    src.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    assert main(["screen", str(src), "--json", *options]) == 0
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(rows) == len(names)
    return rows, out


def _screened_to_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: list[str]
) -> tuple[Path, dict[str, dict[str, str]], str]:
    """``names`` screened against the store COMPLICITY_DB names, with ``--out results.csv``:
    the input file, the CSV's rows by line, and all that was printed."""
    src = tmp_path / "names.csv"
    src.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["screen", str(src), "--column", "name", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    return src, {r["line"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}, printed


def _report(src: Path, tmp_path: Path) -> str:
    """``src`` screened into an HTML report (``--out out.html``): the page."""
    page = tmp_path / "out.html"
    assert main(["screen", str(src), "--column", "name", "--out", str(page)]) == 0
    return page.read_text(encoding="utf-8")


def test_a_company_name_is_no_persons(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # made-up names: a listed person, and a supplier whose Chinese name sounds like theirs
    # (da-hong-fu-zhuang and "Tanavar Hossein" both give the skeleton TNFSN)
    person = Entity("p1", "person", [Name("TANAVAR, Hossein", "en", "list")])
    rows, _ = _screened(db, tmp_path, capsys, [person], ["宁波达宏服装有限公司", "Hossein Tanavar"],
                        "--translate")  # fmt: skip
    assert rows[0]["status"] == "no match"  # a company's legal form: not this person
    assert rows[1]["entity_id"] == "p1"  # the person's own name still finds them


def test_matches_by_initials_alone_are_told(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a made-up company; PAT is its initials, and may be any other company's
    entity = Entity("pat", "company", [Name("Pacific Alpine Trading Ltd", "en", "legal")])
    rows, out = _screened(db, tmp_path, capsys, [entity], ["PAT", "Pacific Alpine Trading"])
    assert [(r["entity_id"], r["matched_by"]) for r in rows] == [
        ("pat", "acronym"),
        ("pat", "core_exact"),
    ]
    assert "1 to review: matched by initials alone (lines 2): initials tell few" in out
    # neither flagged nor cleared on its initials; spelt out, the name is screened as ever
    assert [(r["status"], r["entity_status"]) for r in rows] == [
        ("review", "clear"),
        ("clear", "clear"),
    ]
    assert "2 screened: 0 flagged, 1 clear, 1 to review; 0 rows not screened" in out
    assert "would be flagged" not in out


def test_initials_of_a_flagged_entity_are_to_review_with_its_path(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # HDT: the initials of the starter KB's Hikvision Digital Technology, which is flagged
    src, rows, printed = _screened_to_csv(tmp_path, capsys, ["HDT", "Hikvision"])
    assert (rows["2"]["status"], rows["2"]["entity_id"]) == ("review", "hikvision")
    assert rows["2"]["entity_status"] == "flagged" and rows["2"]["matched_by"] == "acronym"
    assert rows["2"]["path"] == rows["3"]["path"] != ""  # what it is linked to, if it is it
    assert (rows["3"]["status"], rows["3"]["entity_status"]) == ("flagged", "flagged")
    assert "2 screened: 1 flagged, 1 to review; 0 rows not screened" in printed
    assert "1 of them would be flagged if it is (lines 2)" in printed
    html = _report(src, tmp_path)
    assert "1 flagged, 0 clear, 1 to review," in html
    review = html[html.index("<h2>To review") : html.index("<h2>Flagged")]
    assert "<bdi>HDT</bdi> → Hikvision? Hikvision itself is flagged." in review
    assert 'id="h2"' in review and "Entity List" in review  # its path and evidence
    flagged = html[html.index("<h2>Flagged") :]
    assert 'id="h3"' in flagged and 'id="h2"' not in flagged  # not counted among the flagged


def test_names_the_store_writes_otherwise_are_not_matched(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # made-up suppliers: one reads as Dahua but is written 达华 (the store writes 大华); one has
    # the initials of PML, which the store spells out as other words
    dahua = Entity("dahua", "company", [Name("浙江大华技术股份有限公司", "zh", "legal"),
                                        Name("Dahua", "en", "brand")])  # fmt: skip
    pml = Entity("pml", "company", [Name("PML CO LTD", "en", "list"),
                                    Name("PRIMORYE MARITIME LOGISTICS CO LTD", "en", "list")])  # fmt: skip
    open_store(db).write(Batch(entities=[dahua, pml]), "t")
    src = tmp_path / "s.csv"
    src.write_text(
        "name\n上海达华科技有限公司\nPacific Maple Logistics Ltd\n大华股份\nPrimorye Maritime Logistics\n",
        encoding="utf-8",
    )
    assert main(["screen", str(src), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()[:4]]
    assert [r["status"] for r in rows[:2]] == ["no match", "no match"]
    assert [r["entity_id"] for r in rows[2:]] == ["dahua", "pml"]


def test_a_row_that_gives_both_names_is_found(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "suppliers.csv"
    src.write_text("供应商\n海康威視 Hikvision\n立昂技术（Leon Technology）\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in out if line.startswith("{")]
    assert [r["entity_id"] for r in rows] == ["hikvision", "leon-technology"]
    for r in rows:
        # the evidence decides, and the note says which of the two names it was
        assert r["matched_by"] != "name_part" and r["explanation"][0]["name"] == "name_part"


def test_a_brand_in_brackets_after_the_name_is_found(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "suppliers.csv"
    rows_in = {
        "Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision)": "hikvision",
        "Megvii (Face++)": "megvii",
        "Hikvision (Europe)": "hikvision",  # a region: a company of the group, related
        "Northwind Trading Ltd (Hikvision distributor)": "",  # a relation: not Hikvision
    }
    src.write_text("supplier\n" + "\n".join(rows_in) + "\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = {r["input"]: r for r in (json.loads(x) for x in out if x.startswith("{"))}
    assert {k: r["entity_id"] or "" for k, r in rows.items()} == rows_in
    for name in ("Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision)", "Megvii (Face++)"):
        assert rows[name]["status"] == "flagged"
    # Face++ is found as a name in brackets; Hikvision is the name's own short name, which
    # says nothing more, so the name itself is found
    note = rows["Megvii (Face++)"]["explanation"][0]
    assert note["name"] == "name_part" and "in brackets" in note["detail"]
    whole = rows["Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision)"]["explanation"]
    assert all(f["name"] != "name_part" for f in whole)
    assert rows["Hikvision (Europe)"]["status"] == "related"


def test_a_cell_that_lists_several_companies_is_not_missed(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a supplier file's "brands" column: two companies in one cell matched nothing as a whole
    src = tmp_path / "suppliers.csv"
    cells = [
        "Hikvision; Dahua",
        "大华、海康威视",
        "Leo Paper; Hikvision",
        "Leo Paper; Hikvision Europe",
    ]
    src.write_text("\n".join(["品牌", *cells]) + "\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in out if line.startswith("{")]
    assert [(r["status"], r["entity_id"]) for r in rows] == [
        ("flagged", "hikvision"),
        ("flagged", "dahua"),
        ("flagged", "hikvision"),
        # a part related to an entity (Hikvision's company in Europe) makes the row related
        ("related", "hikvision"),
    ]
    notes = [r["explanation"][0]["detail"] for r in rows]
    # each row says which name it is, and what the others matched
    assert notes[0] == (
        "of the names given, in a list: Hikvision; the others: Dahua matches Dahua (1.00)"
    )
    assert notes[1].startswith("of the names given, in a list: 大华; the others: 海康威视 matches")
    assert notes[2].endswith("the others: Leo Paper matches nothing")
    assert rows[3]["explanation"][1]["name"] == "group_company"
    summary = [line for line in out if line.startswith("4 list several names")]
    assert summary and "(lines 2, 3, 4, 5)" in summary[0]


def test_holdings_as_a_portfolio_file_writes_them_are_found(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # share classes, depositary receipts and stock codes, as holdings exports write securities
    holdings = {
        "HIKVISION DIGITAL TECHNOLOGY CO LTD-A": "hikvision",
        "Zhejiang Dahua Technology Co Ltd - A": "dahua",
        "SENSETIME GROUP INC-CL B": "sensetime",
        "iFlytek Co., Ltd. (002230.SZ)": "iflytek",
        "海康威视 002415": "hikvision",
        "Nestle SA Sponsored ADR": "",
        # as fund reports write the class: in brackets, in quotes, before Shares
        "Zhejiang Dahua Technology Co., Ltd. (A Shares)": "dahua",
        "iFlytek Co Ltd 'A'": "iflytek",
        "SenseTime Group Inc. Class B Shares": "sensetime",
        "Zhejiang Dahua Technology Co Ltd Registered Shs -A-": "dahua",
        "IFLYTEK CO LTD-A (XSEC)": "iflytek",
        "SENSETIME GRP INC B": "sensetime",  # GRP: Group, as terminals shorten it
        # the short name after the full one, in capitals
        "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD (HIKVISION)": "hikvision",
        # cut by a field of 30 characters or so, in a word, the descriptor's or the form's
        "HANGZHOU HIKVISION DIGITAL TEC": "hikvision",
        "ZHEJIANG DAHUA TECHNOLOGY CO L": "dahua",
        "HANGZHOU HIKVISION DIGITAL T-A": "hikvision",
        "IFLYTEK CO LT": "iflytek",  # a shorter field, inside the form
        "SENSETIME GROUP INC CLASS B ORD SHS": "sensetime",
        "杭州海康威视数字技术股份有": "hikvision",
        "NESTLE SA SPONSORED ADR REPRESENTING": "",
        # the market after the class; the class as a US filing titles it
        "iFlytek Co., Ltd. Class A (Shenzhen)": "iflytek",
        "Sensetime Group Inc. Class B Shares (Hong Kong)": "sensetime",
        "NVIDIA CORPORATION COM": "nvidia",
        # the Entity List's English name of DJI: Science and Technology for 科技
        "Shenzhen DJI Sciences and Technologies Ltd.": "dji",
    }
    src = tmp_path / "holdings.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["security"], *([h] for h in holdings)])
    assert main(["screen", str(src), "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert {r["input"]: r["entity_id"] or "" for r in rows} == holdings
    assert all(r["input"] in holdings for r in rows)  # the input as written, marks and all
    cut = next(r for r in rows if r["input"] == "HANGZHOU HIKVISION DIGITAL TEC")
    # flagged, saying how it was read
    assert cut["status"] == "flagged"
    assert cut["explanation"][0]["detail"] == (
        "read as cut off inside its last word: HANGZHOU HIKVISION DIGITAL"
    )


def test_a_city_company_under_a_national_names_words_is_not_it(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # CNOOC's registered name opens with 中国: a company registered in Shenzhen under its words
    # is another, though the two names share their alias key (海洋石油)
    rows, _ = _screen_json(tmp_path, capsys, ["深圳市海洋石油有限公司", "中国海洋石油集团有限公司"])
    assert rows[0]["status"] == "no match" and rows[0]["entity_id"] is None
    assert (rows[1]["status"], rows[1]["entity_id"]) == ("flagged", "cnooc")


def test_a_former_name_is_said_to_be_one(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # iFlytek's names until the 2010s, as its 2008 prospectus and 2011 report give them
    names = ["Anhui USTC iFlytek Co Ltd", "安徽科大讯飞信息科技股份有限公司", "iFlytek Co., Ltd."]
    src, rows, printed = _screened_to_csv(tmp_path, capsys, names)
    assert [rows[str(n)]["entity_id"] for n in (2, 3, 4)] == ["iflytek"] * 3
    assert (rows["2"]["matched_name"], rows["2"]["matched_kind"]) == (
        "Anhui USTC iFlytek Co., Ltd.",
        "former",
    )
    assert rows["3"]["matched_kind"] == "former" and rows["4"]["matched_kind"] != "former"
    assert "2 matched a former name of their entity (lines 2, 3)" in printed
    page = _report(src, tmp_path)
    assert "Anhui USTC iFlytek Co., Ltd.</bdi>, a former name of iFlytek" in page
    json_rows, _ = _screen_json(tmp_path, capsys, names[:1])
    assert json_rows[0]["matched_kind"] == "former"
    assert "招股说明书" in json_rows[0]["name_sources"][0]["title"]  # the prospectus gives it


def test_results_csv_holds_no_formulas(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "suppliers.csv"
    src.write_text(
        'name\n"=HYPERLINK(""http://example.org"",""x"")"\n@SUM(A1)\n-Hikvision\nHikvision\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert main(["screen", str(src), "--out", str(out)]) == 0
    inputs = [r["input"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    # shown as text by a spreadsheet (the apostrophe is not displayed), never evaluated
    assert inputs == ["'=HYPERLINK(\"http://example.org\",\"x\")", "'@SUM(A1)", "'-Hikvision",
                      "Hikvision"]  # fmt: skip


def test_chinese_names_of_listed_companies_are_found_with_their_filings(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, _ = _screen_json(tmp_path, capsys, ["科大讯飞股份有限公司", "中科曙光", "科大国创"])
    found = {r["input"]: r for r in rows}
    assert found["科大讯飞股份有限公司"]["entity_id"] == "iflytek"
    assert found["中科曙光"]["entity_id"] == "dawning"
    # the name is given by the company's filing (with its stock code), which the row cites
    (source,) = found["科大讯飞股份有限公司"]["name_sources"]
    assert "002230" in source["title"] and source["url"].startswith("https://")
    assert found["科大国创"]["entity_id"] is None  # another company sharing 科大


def test_a_state_group_is_found_by_its_chinese_names(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CETC by its registered name, its short name and the name it had until 2017, each row
    citing the page that gives that name; its sister group CEC (中国电子信息产业集团) is not it."""
    names = [
        "中国电子科技集团有限公司",
        "中国电科",
        "中国电子科技集团公司",
        "中国电子信息产业集团有限公司",
    ]
    rows, _ = _screen_json(tmp_path, capsys, names)
    found = {r["input"]: r for r in rows}
    for name in names[:3]:
        assert found[name]["entity_id"] == "cetc", found[name]
        assert any("ittn.com.cn" in s["url"] for s in found[name]["name_sources"]), found[name]
    assert found[names[3]]["entity_id"] is None, found[names[3]]


def test_xinjiangs_bureaus_are_told_apart(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the starter knowledge base lists the bureaus as the Entity List names them, in English only
    names = [
        "Xinjiang Public Security Bureau",  # the region's bureau, not Urumqi's
        "Urumqi Public Security Bureau",
        "乌鲁木齐市公安局",
        "阿克苏地区公安局",
        "喀什地区公安局",
        "吐鲁番市公安局",
        "新疆警察学院",
    ]
    rows, _ = _screen_json(tmp_path, capsys, names, "--translate")
    assert [(r["input"], r["entity_id"]) for r in rows] == list(
        zip(
            names,
            [
                "xuar-psb",
                "urumqi-psb",
                "urumqi-psb",
                "aksu-psb",
                "kashgar-psb",
                "turfan-psb",
                "xinjiang-police-college",
            ],
            strict=True,
        )
    )
    # the Chinese names were found through reading or translation, and say so
    assert {r["matched_by"] for r in rows[2:]} <= {"translation", "pinyin"}


def test_a_company_of_an_entitys_group_is_related_not_matched(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the starter KB gives Hikvision's brand 海康威视 and its registered name; a company named
    # with the brand but registered otherwise is probably of its group: told, not matched
    src, rows, printed = _screened_to_csv(
        tmp_path, capsys, ["杭州海康威视系统技术有限公司", "海康威视"]
    )
    related = rows["2"]
    assert (related["status"], related["entity_id"]) == ("related", "hikvision")
    assert float(related["score"]) < 0.85 and related["matched_by"] == "group_company"
    assert related["path"] == "" and related["rules"] == ""  # no exposure claimed for it
    assert rows["3"]["status"] == "flagged"
    # but the group's own exposure is beside it, apart: Hikvision's path, as its own row has it
    assert related["group_status"] == "flagged" and related["group_path"] == rows["3"]["path"]
    assert rows["3"]["group_status"] == rows["3"]["group_path"] == ""
    assert "2 screened: 1 flagged, 1 related; 0 rows not screened" in printed
    assert "1 related: the name says an entity's brand" in printed and "(lines 2)" in printed
    assert "1 of them are related to an entity that is itself flagged (lines 2)" in printed
    html = _report(src, tmp_path)
    assert "Related: of an entity's group, not the entity" in html
    assert "1 flagged, 0 clear, 1 related, 0 not found" in html
    assert "itself is flagged (not this holding)" in html


def test_the_entitys_registered_name_said_in_another_place_is_related_not_matched(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hikvision is registered in 杭州: its words with another city or Hong Kong before them are
    # another registration, whether that place is written first or in brackets (made-up names;
    # one row written, as one-column files are, with its comma unquoted)
    names = ["北京海康威视数字技术有限公司", "Hong Kong Hikvision Digital Technology Co., Ltd.",
             "海康威视数字技术（香港）有限公司", "杭州海康威视数字技术有限公司"]  # fmt: skip
    _, rows, printed = _screened_to_csv(tmp_path, capsys, names)
    for line in ("2", "3", "4"):
        assert (rows[line]["status"], rows[line]["entity_id"]) == ("related", "hikvision")
        assert rows[line]["matched_by"] == "group_company"
        assert rows[line]["group_status"] == "flagged"
    assert "prefix_mismatch" in rows["2"]["explanation"]
    assert "is that name said in 北京, not 杭州" in rows["2"]["explanation"]
    assert rows["3"]["input"] == names[1]
    # its own place and words, another legal form: Hikvision
    assert (rows["5"]["status"], rows["5"]["entity_id"]) == ("flagged", "hikvision")
    assert "0 rows not screened" in printed


def test_a_unit_of_an_entity_is_related_to_it(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the starter KB knows CETC, not its research institutes: a numbered institute of CETC,
    # in either script, is told as related to CETC, with CETC's own exposure beside it
    src, rows, printed = _screened_to_csv(
        tmp_path,
        capsys,
        ["中国电子科技集团公司第十四研究所", "14th Research Institute of CETC", "CETC", "CETC 38"],
    )
    for line in ("2", "3", "5"):
        row = rows[line]
        assert (row["status"], row["entity_id"], row["matched_by"]) == (
            "related",
            "cetc",
            "unit_of",
        )
        assert float(row["score"]) < 0.85 and row["path"] == ""
        assert "names a unit of" in row["explanation"]
        assert row["group_status"] == "flagged" and row["group_path"] == rows["4"]["path"]
    assert rows["4"]["status"] == "flagged"
    assert "3 related: " in printed and "names a unit of an entity" in printed
    assert "3 of them are related to an entity that is itself flagged (lines 2, 3, 5)" in printed
    # the parent was found by CETC's former name; the row is not said to be a former name
    assert rows["2"]["matched_kind"] == "former" and "a former name" not in printed
    # the table says what the parent is linked to, as the parent's
    unit = next(x for x in printed.splitlines() if x.startswith("14th Research Institute"))
    assert " related " in unit and unit.endswith("its parent: CETC (0)")
    html = _report(src, tmp_path)
    assert "Related: of an entity's group, not the entity" in html
    assert "unit_of: 中国电子科技集团公司第十四研究所 names a unit of" in html


def test_chinese_names_find_companies_the_1260h_list_names_in_english_only(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the list gives no Chinese names; the starter KB gives them, each with its page
    names = ["华为技术有限公司", "浪潮集团有限公司", "中芯国际集成电路制造有限公司",
             "中国移动通信集团有限公司", "中国联通", "中国海洋石油集团有限公司"]  # fmt: skip
    _, rows, _ = _screened_to_csv(tmp_path, capsys, names)
    found = [(rows[str(k)]["entity_id"], rows[str(k)]["status"]) for k in range(2, 8)]
    ids = ["huawei", "inspur", "smic", "china-mobile", "china-unicom", "cnooc"]
    assert found == [(i, "flagged") for i in ids]
    assert all("Section 1260H" in rows[str(k)]["path"] for k in range(2, 8))


def test_chinese_short_names_of_listed_bodies_find_them(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # as Chinese tender notices and the press write them; each name cites its page
    names = ["中电科", "新疆兵团", "新疆生产建设兵团公安局"]
    rows, _ = _screen_json(tmp_path, capsys, names)
    assert [(r["entity_id"], r["status"]) for r in rows] == [
        ("cetc", "flagged"),
        ("xpcc", "flagged"),
        ("xpcc-psb", "flagged"),
    ]
    assert all(r["name_sources"] for r in rows)
    assert "新疆生产建设兵团公安局" in rows[2]["name_sources"][0]["title"]


def test_a_branch_of_a_citys_bureau_named_by_its_district_is_related_to_the_bureau(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 乌鲁木齐市公安局天山区分局 as English writes it: a branch, named by its district
    names = ["Urumqi Municipal Public Security Bureau Tianshan Branch",
             "Urumqi Public Security Bureau, Tianshan District Branch"]  # fmt: skip
    _, rows, printed = _screened_to_csv(tmp_path, capsys, names)
    for line in ("2", "3"):
        assert (rows[line]["status"], rows[line]["entity_id"]) == ("related", "urumqi-psb")
        assert rows[line]["matched_by"] == "unit_of"
    assert "its parent: Urumqi Municipal Public Security Bureau (0)" in printed


def test_a_brands_branch_in_a_place_is_related_to_the_company(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a branch (分公司) is no company of its own: the company's, by its brand and the place
    _, rows, printed = _screened_to_csv(
        tmp_path, capsys, ["海康威视新疆分公司", "大华银行上海分行"]
    )
    assert (rows["2"]["status"], rows["2"]["entity_id"]) == ("related", "hikvision")
    assert rows["2"]["matched_by"] == "unit_of"
    assert "its parent: Hikvision (0)" in printed
    assert rows["3"]["status"] == "no match"  # United Overseas Bank's branch: not Dahua's


def test_a_divisions_bureau_is_related_to_the_corps(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the XPCC's 1st Division's bureau: a unit of the division, which is one of the Corps
    _, rows, printed = _screened_to_csv(tmp_path, capsys, ["新疆生产建设兵团第一师公安局"])
    assert (rows["2"]["status"], rows["2"]["entity_id"]) == ("related", "xpcc")
    assert "its parent: Xinjiang Production and Construction Corps (0)" in printed


@pytest.mark.parametrize(
    "name",
    [
        "杭州海康威视科技有限公司",  # 科技 is Hikvision's 技术, but it lacks 数字: another registration
        "北京商汤科技开发有限公司",  # 科技开发: SenseTime's brand with two descriptors after it
    ],
)
def test_a_group_company_whose_words_are_said_otherwise_is_related(
    kb_store: Path, tmp_path: Path, name: str
) -> None:
    src = tmp_path / "suppliers.csv"
    src.write_text(f"name\n{name}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["screen", str(src), "--column", "name", "--out", str(out)]) == 0
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert (row["status"], row["matched_by"]) == ("related", "group_company"), row
    assert row["entity_id"] in ("hikvision", "sensetime") and float(row["score"]) < 0.85


def test_a_unit_named_with_its_groups_initials_is_found(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (row,), _ = _screen_json(tmp_path, capsys, ["XPCC Public Security Bureau"])
    assert (row["status"], row["entity_id"], row["matched_by"]) == (
        "flagged",
        "xpcc-psb",
        "acronym",
    )


def test_a_company_of_a_group_known_by_its_group_names_alone_is_related(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the store names the group only (浪潮集团有限公司, Inspur Group Co., Ltd.): a company named
    # with its brand and a business of its own is told as related, not missed
    group = Entity(
        "inspur",
        "company",
        [Name("浪潮集团有限公司", "zh", "legal"), Name("Inspur Group Co., Ltd.", "en", "legal")],
    )
    names = ["浪潮电子信息产业股份有限公司", '"Inspur Electronic Information Industry Co., Ltd."']
    rows, printed = _screened(db, tmp_path, capsys, [group], names)
    assert [(r["status"], r["entity_id"], r["matched_by"]) for r in rows] == [
        ("related", "inspur", "group_company")
    ] * 2
    assert "2 related: " in printed


def test_a_brands_company_of_another_business_is_related(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Huawei Device Co., Ltd. (华为终端), Huawei's devices company: device is a business word
    names = ["Huawei Device Co., Ltd.", "Huawei Cloud Computing Technologies Co., Ltd."]
    rows, _ = _screen_json(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"]) for r in rows] == [("related", "huawei")] * 2
    assert all(r["group_status"] == "flagged" for r in rows)


def test_a_brand_with_a_country_is_related_to_the_brands_entity(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hikvision's and iFlytek's companies abroad, named as their brand and a country: not
    # the entities, and not "no match" either
    names = ['"Hikvision USA, Inc."', "Hikvision Deutschland GmbH", "iFlytek USA Inc."]
    names += ["海康威视美国有限公司"]  # the country after the Chinese name, no brackets
    # as a supplier file shortens them, with no legal form; not a name that opens with its
    # country, nor one that is only a brand
    names += ["SenseTime Japan", "Hikvision South Korea", "Japan Hikvision", "Hikvision"]
    _, rows, printed = _screened_to_csv(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"], r["group_status"]) for r in rows.values()] == [
        ("related", "hikvision", "flagged"),
        ("related", "hikvision", "flagged"),
        ("related", "iflytek", "flagged"),
        ("related", "hikvision", "flagged"),
        ("related", "sensetime", "flagged"),
        ("related", "hikvision", "flagged"),
        ("no match", "", ""),
        ("flagged", "hikvision", ""),
    ]
    assert "with a country, place or region (us)" in rows["2"]["explanation"]
    assert "with a country, place or region (美国)" in rows["5"]["explanation"]
    assert "with a country, place or region (japan)" in rows["6"]["explanation"]
    assert "6 related: " in printed


def test_a_brand_with_a_world_region_is_related_not_the_entity(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a group's regional companies as a supplier file writes them: the region is a descriptor
    # word (Europe costs 0.08 against the bare brand Hikvision), so the brand alone scored
    # them as Hikvision itself (0.97), or, with a word that is none (Middle East), as nothing.
    # The entity's registered name (Hangzhou Hikvision ...) says they are other companies
    names = ["Hikvision Europe", "Hikvision Asia Pacific", "Dahua Middle East FZE"]
    # not the brand alone
    names += ["Hikvision"]
    _, rows, _ = _screened_to_csv(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"], r["group_status"]) for r in rows.values()] == [
        ("related", "hikvision", "flagged"),
        ("related", "hikvision", "flagged"),
        ("related", "dahua", "flagged"),
        ("flagged", "hikvision", ""),
    ]
    assert "Hikvision Europe adds europe to it" in rows["2"]["explanation"]
    assert "with a country, place or region (middle east)" in rows["4"]["explanation"]


def test_a_citys_bureau_is_related_to_the_prefectures_not_it(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the store lists Kashgar Prefecture's bureau (喀什地区公安局); Kashgar City's (喀什市公安局)
    # is another bureau, under it: told as related, neither flagged as the listed bureau nor
    # missed
    names = ["喀什市公安局", "Kashgar City Public Security Bureau", "喀什地区公安局"]
    _, rows, printed = _screened_to_csv(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"], r["group_status"]) for r in rows.values()] == [
        ("related", "kashgar-psb", "flagged"),
        ("related", "kashgar-psb", "flagged"),
        ("flagged", "kashgar-psb", ""),
    ]
    for line in ("2", "3"):
        assert rows[line]["matched_by"] == "unit_of"
        assert "within the prefecture" in rows[line]["explanation"]
    assert "a city's body under its prefecture's" in printed


def test_a_countys_bureau_is_related_to_its_prefectures(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the store lists the prefectures' bureaus (in English only); a county's bureau in one is
    # under it, and a prefecture's bureau named after its province is that bureau
    names = [
        "和田地区洛浦县公安局",
        "新疆维吾尔自治区和田地区洛浦县公安局",
        "新疆维吾尔自治区和田地区公安局",
    ]
    _, rows, _ = _screened_to_csv(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"]) for r in rows.values()] == [
        ("related", "hetian-psb"),
        ("related", "hetian-psb"),
        ("flagged", "hetian-psb"),
    ]
    assert "names a unit of 和田地区公安局" in rows["2"]["explanation"]


def test_a_countys_bureau_named_alone_is_related_to_its_prefectures(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # as a county's tender notice names its bureau: the prefecture from units.yaml's table. A
    # district of Urumqi is not Urumqi (CEDICT's 天山区 is "Tianshan district, Urumqi city")
    names = ["洛浦县公安局", "疏附县公安局", "天山区公安局"]
    _, rows, _ = _screened_to_csv(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"]) for r in rows.values()] == [
        ("related", "hetian-psb"),
        ("related", "kashgar-psb"),
        ("related", "urumqi-psb"),
    ]


def test_a_registration_in_another_province_is_related_not_the_entity(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Leon Technology's names say no place, its USCC says Xinjiang (65): a Leon Technology
    # registered in Hangzhou or Beijing is another company (Hangzhou has its own Lion), one in
    # Urumqi or Xinjiang is Leon's own name said with its place
    names = [
        "杭州立昂技术有限公司",
        "Beijing Leon Technology Co., Ltd.",
        "乌鲁木齐立昂技术有限公司",
    ]
    names += ["Xinjiang Leon Technology Co., Ltd.", "立昂技术股份有限公司"]
    _, rows, _ = _screened_to_csv(tmp_path, capsys, names)
    assert [(r["status"], r["entity_id"]) for r in rows.values()] == [
        ("related", "leon-technology"),
        ("related", "leon-technology"),
        ("flagged", "leon-technology"),
        ("flagged", "leon-technology"),
        ("flagged", "leon-technology"),
    ]
    assert "registered in 新疆 (its unified social credit code)" in rows["2"]["explanation"]
    assert "says 北京" in rows["3"]["explanation"]


def test_nearest_says_why_a_row_matched_nothing(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ["Leo & Technology Ltd", "Hikvision", "Cloudwalk Tech Trading Ltd", "Qqzx Vvkw"]
    src = tmp_path / "names.csv"
    src.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    assert main(["screen", str(src), "--json"]) == 0
    plain = [json.loads(line) for line in capsys.readouterr().out.splitlines()[:4]]
    assert [r["nearest"] for r in plain] == [None] * 4  # only when asked
    assert main(["screen", str(src), "--json", "--nearest"]) == 0
    printed = capsys.readouterr().out
    rows = [json.loads(line) for line in printed.splitlines()[:4]]
    assert [r["status"] for r in rows] == ["no match", "flagged", "no match", "no match"]
    leo = rows[0]["nearest"]
    # the brand one letter off: the nearest name, its score below the threshold, and why
    assert (leo["entity_id"], leo["name"]) == ("leon-technology", "Leon Technology Co., Ltd.")
    assert 0 < leo["score"] < 0.85
    assert "unmatched: leo | leon" in [f["detail"] for f in leo["explanation"]]
    assert rows[1]["nearest"] is None  # a match needs none
    assert rows[2]["nearest"]["entity_id"] == "cloudwalk"
    # made-up words: the nearest shares their initials only (QV, Qualcomm Ventures), and says so
    assert rows[3]["nearest"]["score"] < 0.1
    # a near miss (0.75 or more) is pointed out; Leo Technology (0.61) is not one
    assert "1 with no match came near one" in printed and "(lines 4)" in printed
    # the CSV and the page say the same
    out = tmp_path / "out.csv"
    assert main(["screen", str(src), "--nearest", "--out", str(out)]) == 0
    by_line = {r["line"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert by_line["2"]["nearest_entity_id"] == "leon-technology"
    assert by_line["2"]["nearest_explanation"].startswith("token_similarity=0.0")
    assert by_line["3"]["nearest_entity_id"] == ""  # matched: no nearest
    page = tmp_path / "out.html"
    assert main(["screen", str(src), "--nearest", "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "No match: the nearest name" in html
    assert "Leo &amp; Technology Ltd" in html and "Leo & Technology" not in html


def test_a_name_pasted_with_a_terminals_colours_is_found(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (row,), _ = _screen_json(tmp_path, capsys, ["\x1b[31mSenseTime\x1b[0m"])
    # the input as written, codes and all; the name without them
    assert (row["input"], row["entity_id"], row["status"]) == (
        "\x1b[31mSenseTime\x1b[0m",
        "sensetime",
        "flagged",
    )


def test_a_rows_identifiers_confirm_find_or_question_its_match(
    kb_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the starter knowledge base gives Hikvision's ISIN and Meiya Pico's share code
    src = tmp_path / "holdings.csv"
    src.write_text(
        "holding,isin,ticker\n"
        "Hangzhou Hikvision Digital Technology Co Ltd,CNE100000PM8,002415.SZ\n"
        "Global Vision Equity Fund Class A,CNE100000PM8,\n"  # a name no entity has
        "300188 CH Equity,,\n"  # no name at all: a terminal's code
        "Zhejiang Dahua Technology Co Ltd,CNE100000PM8,\n"  # the name Dahua's, the ISIN not
        "Northwind Trading Ltd,,\n"
        ",CNE100000PM8,\n"  # no name: the identifier alone
        ",US0378331005,\n",  # no name, an ISIN the store does not hold
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert main(["screen", str(src), "--json", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    rows = [json.loads(x) for x in printed.splitlines() if x.startswith("{")]
    assert [(r["status"], r["entity_id"], r["matched_by"]) for r in rows] == [
        ("flagged", "hikvision", "known_alias"),
        ("flagged", "hikvision", "identifier"),
        ("flagged", "meiya-pico", "identifier"),
        ("review", "dahua", "known_alias"),
        ("no match", None, None),
        ("flagged", "hikvision", "identifier"),
        ("error", None, None),
    ]
    assert rows[5]["explanation"][0]["detail"].endswith("; the row gives no name")
    assert rows[6]["error"] == "no name, and the store holds none of the row's identifiers"
    notes = [r["explanation"][0]["detail"] if r["explanation"] else "" for r in rows[:5]]
    # whose word the identifier is: the document that gives it
    ns_cmic = "OFAC Non-SDN Chinese Military-Industrial Complex Companies List"
    assert notes[0].startswith("isin CNE100000PM8 is an identifier of Hikvision (hikvision)")
    assert notes[0].endswith(f"as given by {ns_cmic} (cons_prim.csv, snapshot 2025-04-21)")
    assert [s["title"] for s in rows[0]["identifier"]["sources"]] == [
        f"{ns_cmic} (cons_prim.csv, snapshot 2025-04-21)"
    ]
    assert notes[1].endswith("; the name alone matched none")
    assert notes[2].startswith("ticker 300188.SZ is an identifier of Meiya Pico")
    assert "not of Dahua, which the name matched" in notes[3]
    assert rows[3]["identifier"]["agrees"] is False
    assert rows[1]["exposure"] is not None  # the entity's exposure, as for a name's match
    assert "1 to review: the name matched one entity, an identifier the row gives is " in printed
    assert "matched by initials alone" not in printed
    written = list(csv.DictReader(out.open(encoding="utf-8")))
    assert written[2]["explanation"].startswith("identifier: ticker 300188.SZ is an identifier")
    # a row with no name is shown by the identifier it was screened by
    assert [r["label"] for r in rows[5:]] == ["isin CNE100000PM8", "(no name)"]
    assert main(["screen", str(src)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert [x.split()[:3] for x in table if x.startswith(("isin", "(no name)"))] == [
        ["isin", "CNE100000PM8", "flagged"],
        ["(no", "name)", "error"],
    ]
