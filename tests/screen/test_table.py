from __future__ import annotations

from pathlib import Path

import pytest

from complicity.errors import UserError
from complicity.screen.table import Rejected, read_table

ROWS = "holding,weight\n杭州海康威视数字技术股份有限公司,1.5\n立昂技術,0.3\nNestlé SA,2\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    text = ROWS.replace("立昂技術", "立昂技术") if encoding == "gb18030" else ROWS
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path, "holding")
    assert [r.name for r in table.rows] == [line.split(",")[0] for line in text.splitlines()[1:]]
    assert [r.line for r in table.rows] == [2, 3, 4]


def test_big5(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("名稱\n海康威視\n立昂技術\n".encode("big5"))
    assert [r.name for r in read_table(path).rows] == ["海康威視", "立昂技術"]


def test_bad_rows_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("holding,weight\nA Corp,1\n,2\nB Corp,1,extra\n\nC Corp,3\n", encoding="utf-8")
    table = read_table(path, "Holding")  # column names are matched case-insensitively
    assert [r.name for r in table.rows] == ["A Corp", "C Corp"]
    assert table.rejected == [
        Rejected(3, "empty 'holding'"),
        Rejected(4, "3 fields where the header has 2"),
    ]


def test_a_one_column_file_reads_commas_as_part_of_the_name(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        'name\nHikvision Digital Technology Co., Ltd.\n"Leon, Inc."\nDahua\n', encoding="utf-8"
    )
    table = read_table(path)
    names = ["Hikvision Digital Technology Co., Ltd.", "Leon, Inc.", "Dahua"]
    assert ([r.name for r in table.rows], table.rejected) == (names, [])
    # with two columns a row with a field too many is still reported
    path.write_text("name,weight\nHikvision Co., Ltd.,1\n", encoding="utf-8")
    assert read_table(path).rejected == [Rejected(2, "3 fields where the header has 2")]


def test_errors(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="empty file"):
        read_table(empty)
    binary = tmp_path / "b.csv"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(UserError, match="binary"):
        read_table(binary)
    good = tmp_path / "g.csv"
    good.write_text("name\nx\n")
    with pytest.raises(UserError, match="no column 'holding'; columns are: name"):
        read_table(good, "holding")


def test_a_quote_never_closed_is_an_error(tmp_path: Path) -> None:
    # read leniently, the quote on line 3 would swallow lines 4 and 5 into one name
    path = tmp_path / "p.csv"
    path.write_text('holding\nA Corp\n"B Corp\nC Corp\nD Corp\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"p.csv, line 3: a quoted field opens here"):
        read_table(path)
    # a quoted field over several lines, closed, is one name as written
    path.write_text('holding\nA Corp\n"B\nCorp"\nC Corp\n', encoding="utf-8")
    assert [r.name for r in read_table(path).rows] == ["A Corp", "B\nCorp", "C Corp"]


def test_xlsx_merged_cells_and_sheets(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = "Portfolio as of 2026-11-01"
    sheet = book.create_sheet("Equities")
    sheet.append(["Holding", "Fund"])
    sheet.append(["SenseTime Group", "Fund A"])
    sheet.append([None, "Fund B"])
    sheet.merge_cells("A2:A3")  # one holding held by two funds
    sheet.append(["", "Fund C"])
    other = book.create_sheet("Bonds")
    other.append(["Holding"])
    other.append(["大华股份"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    table = read_table(path, "holding")
    assert [(r.sheet, r.line, r.name) for r in table.rows] == [
        ("Equities", 2, "SenseTime Group"),
        ("Equities", 3, "SenseTime Group"),
        ("Bonds", 2, "大华股份"),
    ]
    assert table.rejected == [Rejected(4, "empty 'Holding'", "Equities")]
    assert table.rejected[0].where == "sheet 'Equities' line 4"


def test_an_xlsx_formula_with_no_saved_value_is_rejected_not_passed_over(tmp_path: Path) -> None:
    # a workbook written by a program (openpyxl, pandas) saves a formula without its value:
    # the row is not blank, and must not vanish as one
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Holdings"
    sheet.append(["Holding"])
    sheet.append(["Hikvision"])
    sheet.append(['="Dahua "&"Technology"'])
    sheet.append([None])  # a blank row: still passed over
    sheet.append(["=A2"])
    sheet.merge_cells("A5:A6")  # a merged formula cell: each of its rows rejected
    sheet["A7"] = "Leon Technology"
    path = tmp_path / "p.xlsx"
    book.save(path)
    table = read_table(path)
    assert [(r.line, r.name) for r in table.rows] == [(2, "Hikvision"), (7, "Leon Technology")]
    assert [(r.line, r.sheet) for r in table.rejected] == [
        (3, "Holdings"),
        (5, "Holdings"),
        (6, "Holdings"),
    ]
    assert all("formula with no value saved" in r.reason for r in table.rejected)
    assert '="Dahua "&"Technology"' in table.rejected[0].reason


def test_broken_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UserError, match="not a readable XLSX"):
        read_table(path)


def test_a_row_without_a_name_but_with_an_identifier_is_read(tmp_path: Path) -> None:
    # the screen reads the identifier (Screener._identified); without one, the row is refused
    path = tmp_path / "p.csv"
    path.write_text("holding,isin\n,CNE100000PM8\n,CNE100000PM9\n300188 CH Equity,\n", "utf-8")
    table = read_table(path)
    assert [(r.line, r.name) for r in table.rows] == [(2, ""), (4, "300188 CH Equity")]
    assert table.rejected == [Rejected(3, "empty 'holding'")]  # a check digit wrong: no ISIN


def test_a_title_above_the_header_is_passed_by_and_said(tmp_path: Path) -> None:
    # a fund's export: the fund and the date above the table, a blank line, then the header
    src = tmp_path / "holdings.csv"
    src.write_text(
        "Global Equity Fund holdings\nAs of 2026-06-30\n\nSecurity Name,ISIN,Weight\n"
        "HIKVISION DIGITAL TECHNOLOGY CO LTD-A,CNE100000PM8,1.2\nNestle SA,CH0038863350,2.0\n",
        encoding="utf-8",
    )
    table = read_table(src, "security name")
    assert [(r.line, r.name) for r in table.rows] == [
        (5, "HIKVISION DIGITAL TECHNOLOGY CO LTD-A"),
        (6, "Nestle SA"),
    ]
    assert table.columns == ["Security Name", "ISIN", "Weight"]
    # nothing passed over unsaid: the title's rows are reported, the blank one is not
    assert table.rejected == [
        Rejected(1, "above the header row (line 4): Global Equity Fund holdings"),
        Rejected(2, "above the header row (line 4): As of 2026-06-30"),
    ]
    # without a column named, a CSV's first row is its header, as a list of names has it
    assert read_table(src).columns == ["Global Equity Fund holdings"]


def test_a_sheets_header_below_a_title_is_found(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Holdings"
    sheet.append(["Global Equity Fund - holdings as of 30 June 2026"])
    sheet.append([])
    sheet.append(["Security Name", "ISIN", "Weight %"])
    sheet.append(["SenseTime Group Inc-CL B", "", 1.2])
    path = tmp_path / "h.xlsx"
    book.save(path)
    for column in ("Security Name", None):  # named, or the first of a row that fills two
        table = read_table(path, column)
        assert [(r.sheet, r.line, r.name) for r in table.rows] == [
            ("Holdings", 4, "SenseTime Group Inc-CL B")
        ]
        assert table.rejected == [
            Rejected(
                1,
                "above the header row (line 3): Global Equity Fund - holdings as of 30 June 2026",
                "Holdings",
            )
        ]
