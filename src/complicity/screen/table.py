"""Reading the lists people screen: holdings and supplier files, CSV or XLSX, in any encoding.

Nothing is dropped silently: a row without a name in the chosen column comes back as a rejected
row with its line number and the reason, and the report prints it.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from complicity.errors import UserError

MAX_FILE_BYTES = 200 * 1024 * 1024
# Han encodings tried when the file has no BOM and is not UTF-8. GB18030 (a superset of GBK and
# GB2312) decodes almost any byte string, Big5 included, into private-use or unassigned characters:
# so both are tried and the one whose text looks like text wins (ties go to GB18030).
HAN_ENCODINGS = ("gb18030", "big5")


@dataclass
class Row:
    line: int  # 1-based line (CSV) or row number (XLSX) in the file, header included
    name: str
    values: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None


@dataclass
class Table:
    rows: list[Row]
    rejected: list[tuple[int, str]]  # (line, reason)
    encoding: str | None
    columns: list[str]


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding used. BOMs decide; then strict UTF-8, GB18030, Big5; then
    charset-normalizer's guess. Undecodable input is an error, never mojibake."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM shows as every other byte zero; anything else with NULs is binary.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
                if "\x00" not in text:
                    return text, enc
            except UnicodeDecodeError:
                pass
        raise UserError(f"{path}: binary data, not a text table")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = []
    for enc in HAN_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        decoded.append((_implausible(text), HAN_ENCODINGS.index(enc), text, enc))
    if decoded:
        _, _, text, enc = min(decoded)
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UserError(f"{path}: cannot tell the text encoding; save it as UTF-8")
    return str(best), best.encoding


def _implausible(text: str) -> int:
    """Characters no real document has: private use, unassigned, control (tabs/newlines aside)."""
    return sum(
        1
        for ch in text
        if unicodedata.category(ch) in ("Co", "Cn")
        or (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    )


def read_table(path: Path, column: str | None = None) -> Table:
    """Rows of a CSV or XLSX file, the name taken from ``column`` (default: the first column)."""
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"{path}: empty file")
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"{path}: {size // 2**20} MB is more than the {MAX_FILE_BYTES // 2**20} MB limit"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, column)
    text, encoding = decode(path.read_bytes(), path)
    return _read_csv(text, encoding, path, column)


def _pick_column(columns: list[str], column: str | None, path: Path) -> str:
    if column is None:
        return columns[0]
    if column in columns:
        return column
    folded = {c.strip().casefold(): c for c in columns}
    if column.strip().casefold() in folded:
        return folded[column.strip().casefold()]
    raise UserError(f"{path}: no column {column!r}; columns are: {', '.join(columns)}")


def _read_csv(text: str, encoding: str, path: Path, column: str | None) -> Table:
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise UserError(f"{path}: no header row") from None
    columns = [h.strip() for h in header]
    if not any(columns):
        raise UserError(f"{path}: the first row must name the columns")
    chosen = _pick_column(columns, column, path)
    index = columns.index(chosen)
    rows: list[Row] = []
    rejected: list[tuple[int, str]] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines are not data
            if len(record) != len(columns):
                rejected.append((line, f"{len(record)} fields where the header has {len(columns)}"))
                continue
            name = record[index].strip()
            if not name:
                rejected.append((line, f"empty {chosen!r}"))
                continue
            rows.append(Row(line, name, dict(zip(columns, record, strict=True))))
    except csv.Error as exc:
        raise UserError(f"{path}, line {reader.line_num}: {exc}") from exc
    return Table(rows, rejected, encoding, columns)


def _read_xlsx(path: Path, column: str | None) -> Table:
    """Every sheet whose header has the column. Merged cells take the value of their top-left cell
    (a merged 'Holding' cell spanning rows means the same holding)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip or XML
        raise UserError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from exc
    rows: list[Row] = []
    rejected: list[tuple[int, str]] = []
    columns_seen: list[str] = []
    for sheet in book.worksheets:
        for merged in list(sheet.merged_cells.ranges):
            value = sheet.cell(merged.min_row, merged.min_col).value
            sheet.unmerge_cells(str(merged))
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    sheet.cell(r, c).value = value
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            continue
        columns = ["" if v is None else str(v).strip() for v in values[0]]
        try:
            chosen = _pick_column(columns, column, path)
        except UserError:
            continue  # a sheet without the column (notes, a cover page) is not a holdings sheet
        columns_seen = columns
        index = columns.index(chosen)
        for number, record in enumerate(values[1:], start=2):
            cells = ["" if v is None else str(v).strip() for v in record]
            if not any(cells):
                continue
            name = cells[index] if index < len(cells) else ""
            if not name:
                rejected.append((number, f"sheet {sheet.title!r}: empty {chosen!r}"))
                continue
            rows.append(Row(number, name, dict(zip(columns, cells, strict=False)), sheet.title))
    if not columns_seen:
        raise UserError(f"{path}: no sheet has a column {column!r}")
    return Table(rows, rejected, None, columns_seen)
