"""Reading the lists people screen: holdings and supplier files, CSV or XLSX, in any encoding.

Nothing is dropped silently: a row without a name in the chosen column comes back as a rejected
row with its line number and the reason, and the report prints it.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from complicity.encoding import decode_bytes, read_input, unclosed_quote
from complicity.errors import UserError

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class Row:
    line: int  # 1-based line (CSV) or row number (XLSX) in the file, header included
    name: str
    values: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None


class Rejected(NamedTuple):
    """A row that could not be screened: where it is and why."""

    line: int  # as ``Row.line``
    reason: str
    sheet: str | None = None  # an XLSX's sheet

    @property
    def where(self) -> str:
        return f"sheet {self.sheet!r} line {self.line}" if self.sheet else f"line {self.line}"


@dataclass
class Table:
    rows: list[Row]
    rejected: list[Rejected]
    encoding: str | None
    columns: list[str]
    sheets: list[str] = field(default_factory=list)  # an XLSX's sheets read, in its order


def read_table(path: Path, column: str | None = None) -> Table:
    """Rows of a CSV or XLSX file, the name taken from ``column`` (default: the first column)."""
    data = read_input(path, MAX_FILE_BYTES)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, data, column)
    text, encoding = decode_bytes(data, str(path))
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


def _unused_character(text: str) -> str | None:
    """A character ``text`` does not hold, to split its lines by: none at all."""
    return next((c for c in ("\x1f", "\x1e", "\x00") if c not in text), None)


def _read_csv(text: str, encoding: str, path: Path, column: str | None) -> Table:
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    opened = unclosed_quote(text, dialect)
    if opened:
        raise UserError(
            f"{path}, line {opened}: a quoted field opens here and is never closed, so every "
            "row after it would be read as part of one name; close the quote (or remove it) "
            "and screen the file again"
        )
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        top = [(reader.line_num, r) for r in itertools.islice(reader, HEADER_SCAN)]
    except csv.Error as exc:
        raise UserError(f"{path}, line {reader.line_num}: {exc}") from exc
    if not top:
        raise UserError(f"{path}: no header row")
    # without a column named, a CSV's first row is its header: a one-column list of names
    # (commas unquoted in them) would otherwise be read as headed by its first such name
    at = _header_at([r for _, r in top], column) if column is not None else 0
    header_line, header = top[at]
    columns = [h.strip() for h in header]
    if not any(columns):
        raise UserError(f"{path}: the first row must name the columns")
    rejected = _above_header([(line, r) for line, r in top[:at]], header_line)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    if len(columns) == 1 and dialect.delimiter == "," and (none := _unused_character(text)):
        # one column: a comma in a row is part of its name (Hikvision Digital Technology Co.,
        # Ltd.), as a list of names is often written, unquoted; quotes are still read
        reader = csv.reader(
            io.StringIO(text, newline=""), dialect, delimiter=none, skipinitialspace=False
        )
    for _ in range(at + 1):
        next(reader)  # the rows above the header, and the header
    chosen = _pick_column(columns, column, path)
    index = columns.index(chosen)
    rows: list[Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines are not data
            if len(record) != len(columns):
                rejected.append(
                    Rejected(line, f"{len(record)} fields where the header has {len(columns)}")
                )
                continue
            name = record[index].strip()
            if not name and not _gives_identifier(record):
                rejected.append(Rejected(line, f"empty {chosen!r}"))
                continue
            rows.append(Row(line, name, dict(zip(columns, record, strict=True))))
    except csv.Error as exc:
        raise UserError(f"{path}, line {reader.line_num}: {exc}") from exc
    return Table(rows, rejected, encoding, columns)


# how far down a file its header row is looked for: a fund's export opens with a title, the
# date and blank rows above the table
HEADER_SCAN = 20


def _header_at(top: Sequence[Sequence[Any]], column: str | None) -> int:
    """Which of the first rows of a file or sheet names its columns: with ``column``, the
    first that has it; without (a sheet's cells are cells: no comma splits one), the first
    with two or more cells filled, when any row has (a title above a table fills one), else
    the first with one. 0 when none fits: the first row is then the header, as it always
    was, and ``_pick_column`` says what is missing."""
    cells = [[str(v).strip() for v in row if v is not None and str(v).strip()] for row in top]
    if column is not None:
        wanted = column.strip().casefold()
        found = (k for k, row in enumerate(cells) if wanted in (c.casefold() for c in row))
        return next(found, 0)
    least = 2 if any(len(row) >= 2 for row in cells) else 1
    return next((k for k, row in enumerate(cells) if len(row) >= least), 0)


def _above_header(
    above: Sequence[tuple[int, Sequence[Any]]], header_line: int, sheet: str | None = None
) -> list[Rejected]:
    """The rows above the header that hold anything (a title, a date), as rejected rows: they
    are not screened, and the report says so rather than passing them over."""
    return [
        Rejected(line, f"above the header row (line {header_line}): {_shown_cells(row)}", sheet)
        for line, row in above
        if any(v is not None and str(v).strip() for v in row)
    ]


def _shown_cells(row: Sequence[Any]) -> str:
    text = " | ".join(str(v).strip() for v in row if v is not None and str(v).strip())
    return text if len(text) <= 80 else text[:79] + "…"


def _gives_identifier(cells: list[str]) -> bool:
    """A row without a name gives an identifier (an ISIN, a share's code): the screen reads
    it (``Screener._identified``), so the row is screened, not refused."""
    from complicity.identifiers import identifiers_in

    return any(identifiers_in(cell) for cell in cells if cell)


def _sheet_values(sheet: Any) -> list[tuple[Any, ...]]:
    """A sheet's rows of values, merged cells taking the value of their top-left cell (a merged
    'Holding' cell spanning rows means the same holding)."""
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                sheet.cell(r, c).value = value
    return list(sheet.iter_rows(values_only=True))


def _read_xlsx(path: Path, data: bytes, column: str | None) -> Table:
    """Every sheet whose header has the column (``_sheet_values``). A name cell that is a
    formula is read as the value the spreadsheet saved with it; a workbook written by a
    program may have saved none, and such a row is rejected as one, not passed over as blank."""
    import openpyxl

    def load(data_only: bool) -> Any:
        try:
            return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=data_only)
        except Exception as exc:  # openpyxl raises many types for a broken zip or XML
            raise UserError(
                f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})"
            ) from exc

    book = load(data_only=True)
    # the formulas as written, by sheet: read only when a name cell is empty
    formulas: dict[str, list[tuple[Any, ...]]] = {}

    def formula(sheet: str, number: int, index: int) -> str | None:
        if not formulas:
            formulas.update((s.title, _sheet_values(s)) for s in load(data_only=False).worksheets)
        written = formulas[sheet]
        cell = written[number - 1][index] if number <= len(written) else None
        return cell if isinstance(cell, str) and cell.startswith("=") else None

    rows: list[Row] = []
    rejected: list[Rejected] = []
    columns_seen: list[str] = []
    sheets: list[str] = []
    for sheet in book.worksheets:
        values = _sheet_values(sheet)
        if not values:
            continue
        at = _header_at(values[:HEADER_SCAN], column)
        columns = ["" if v is None else str(v).strip() for v in values[at]]
        try:
            chosen = _pick_column(columns, column, path)
        except UserError:
            continue  # a sheet without the column (notes, a cover page) is not a holdings sheet
        columns_seen = columns
        sheets.append(sheet.title)
        rejected += _above_header(list(enumerate(values[:at], start=1)), at + 1, sheet.title)
        index = columns.index(chosen)
        for number, record in enumerate(values[at + 1 :], start=at + 2):
            cells = ["" if v is None else str(v).strip() for v in record]
            name = cells[index] if index < len(cells) else ""
            if not name and (written := formula(sheet.title, number, index)):
                reason = (
                    f"{chosen!r} is a formula with no value saved ({written[:60]}): open and save"
                    " the workbook in a spreadsheet program, or export the sheet to CSV"
                )
                rejected.append(Rejected(number, reason, sheet.title))
                continue
            if not any(cells):
                continue
            if not name and not _gives_identifier(cells):
                rejected.append(Rejected(number, f"empty {chosen!r}", sheet.title))
                continue
            rows.append(Row(number, name, dict(zip(columns, cells, strict=False)), sheet.title))
    if not columns_seen:
        raise UserError(f"{path}: no sheet has a column {column!r}")
    return Table(rows, rejected, None, columns_seen, sheets)
