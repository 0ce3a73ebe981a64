"""DHS UFLPA Entity List: the web page (tables under one heading per section of UFLPA 2(d)(2)(B))
or the same table saved as CSV. Columns are found by their header (the one naming the entity, a
date, a Federal Register notice).

Names carry their aliases and subsidiaries in prose, which is parsed:
  "Hefei Bitland Information Technology Co., Ltd. (including three aliases: A; B; and C)"
  "Hoshine Silicon Industry (Shanshan) Co., Ltd. (including one alias: X) and subsidiaries"
  "Ninestar Corporation and its eight Zhuhai-based subsidiaries: A; B; ... and H"
Named subsidiaries become entities listed on the same row with an ownership edge from the parent
(percent unknown); "and its subsidiaries" without names is kept on the listing
(``includes_subsidiaries``), since there is no named party to draw an edge to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from complicity.errors import UserError
from complicity.model import Document

from .base import (
    LISTS,
    Collector,
    FileCount,
    ListBatch,
    Source,
    csv_dicts,
    csv_rows,
    entity_id,
    kind_for,
    norm_name,
    read_source,
)

INFO = LISTS["list-uflpa"]
_ALIASES = re.compile(r"\((?:including|and)\s+(?:\w+|\d+)\s+alias(?:es)?\s*:\s*", re.IGNORECASE)
_SUBS = re.compile(
    r",?\s+and\s+(?:its|their)?\s*(?P<what>(?:[\w-]+\s+){0,3}?(?:subsidiaries|subsidiary|"
    r"subordinate and affiliated entities|affiliates))\s*(?::\s*(?P<named>.+))?$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class ParsedName:
    name: str
    aliases: list[str] = field(default_factory=list)
    subsidiaries: list[str] = field(default_factory=list)
    includes_subsidiaries: str | None = None


def _split_list(text: str) -> list[str]:
    parts = re.split(r";\s*(?:and\s+)?|,\s+and\s+", text.strip())
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


def _close_paren(text: str, start: int) -> int:
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def parse_name(text: str) -> ParsedName:
    text = " ".join(text.split())
    aliases: list[str] = []
    m = _ALIASES.search(text)
    while m:
        close = _close_paren(text, m.end())
        inner = text[m.end() : close]
        inner = re.split(r"\s+and\s+(?:\w+\s+)?address(?:es)?\s*:", inner, maxsplit=1)[0]
        aliases += _split_list(inner)
        text = (text[: m.start()].rstrip() + " " + text[close + 1 :].lstrip()).strip()
        m = _ALIASES.search(text)
    parsed = ParsedName(text, aliases)
    s = _SUBS.search(text)
    if s:
        parsed.name = text[: s.start()].strip(" ,")
        parsed.includes_subsidiaries = s.group("what")
        if s.group("named"):
            parsed.subsidiaries = _split_list(s.group("named"))
    return parsed


class _Tables(HTMLParser):
    """Rows of every table with their offsets, and the heading each table sits under."""

    def __init__(self, src: Source) -> None:
        super().__init__(convert_charrefs=True)
        self.src = src
        self.rows: list[tuple[str, int, int, list[str], bool]] = []  # heading, start, end, cells
        self.heading = ""
        self._in_heading = False
        self._heading_buf: list[str] = []
        self._row: list[str] | None = None
        self._row_start = 0
        self._row_header = False
        self._cell: list[str] | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.src.offset_of(line, col)

    def _end_row(self, end: int) -> None:
        if self._row is not None:
            self._end_cell()
            quote_end = end
            while quote_end > self._row_start and self.src.text[quote_end - 1].isspace():
                quote_end -= 1
            self.rows.append(
                (self.heading, self._row_start, quote_end, self._row, self._row_header)
            )
            self._row = None

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_heading, self._heading_buf = True, []
        elif tag == "tr":
            self._end_row(self._pos())
            self._row, self._row_start, self._row_header = [], self._pos(), False
        elif tag in ("td", "th") and self._row is not None:
            self._end_cell()
            self._cell = []
            self._row_header = self._row_header or tag == "th"
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4") and self._in_heading:
            self._in_heading = False
            self.heading = " ".join("".join(self._heading_buf).split())
        elif tag == "tr" and self._row is not None:
            pos = self._pos()
            self._end_row(self.src.text.find(">", pos) + 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in ("table", "tbody"):
            self._end_row(self._pos())

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self._heading_buf.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _columns(header: list[str]) -> tuple[int, int | None, int | None]:
    low = [h.lower() for h in header]
    name = next((i for i, h in enumerate(low) if "name" in h or "entity" in h), None)
    if name is None:
        raise UserError(f"no entity-name column among {header}")
    date = next((i for i, h in enumerate(low) if "date" in h), None)
    notice = next((i for i, h in enumerate(low) if "register" in h or "notice" in h), None)
    return name, date, notice


def _entry(
    col: Collector,
    fc: FileCount,
    doc: Document,
    where: str,
    start: int,
    end: int,
    cells: list[str],
    cols: tuple[int, int | None, int | None],
    section: str,
) -> None:
    fc.rows += 1
    name_i, date_i, notice_i = cols
    raw = cells[name_i] if name_i < len(cells) else ""
    if not raw.strip():
        col.reject(fc, where, "no name")
        return
    parsed = parse_name(raw)
    ev = col.evidence(doc, start, end)
    date = cells[date_i] if date_i is not None and date_i < len(cells) else None
    notice = cells[notice_i] if notice_i is not None and notice_i < len(cells) else None
    entry = norm_name(parsed.name)
    ent, new = col.entity(
        entity_id("uflpa", entry), kind_for("entity", parsed.name) or "company", entry=entry
    )
    fc.entries += new
    fc.attached += not new
    col.name(ent, parsed.name, "list")
    for alias in parsed.aliases:
        col.name(ent, alias, "alias")
    col.identifiers_in(ent, raw)
    col.listing(
        ent,
        INFO,
        ev,
        program=section or None,
        start=date,
        federal_register_notice=notice or None,
        includes_subsidiaries=parsed.includes_subsidiaries,
    )
    for sub in parsed.subsidiaries:
        sub_parsed = parse_name(sub)
        sub_entry = norm_name(sub_parsed.name)
        child, _ = col.entity(
            entity_id("uflpa", sub_entry), kind_for("entity", sub) or "company", entry=sub_entry
        )
        col.name(child, sub_parsed.name, "list")
        for alias in sub_parsed.aliases:
            col.name(child, alias, "alias")
        col.listing(
            child,
            INFO,
            ev,
            program=section or None,
            start=date,
            federal_register_notice=notice or None,
            listed_as=f"subsidiary of {parsed.name}",
        )
        col.ownership(ent.id, child.id, ev, basis="UFLPA Entity List names it a subsidiary")


def read_html(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector("uflpa-html")
    for path in paths:
        src = read_source(path, encoding)
        parser = _Tables(src)
        parser.feed(src.text)
        parser.close()
        doc = col.document(src, f"DHS UFLPA Entity List ({path.name})", INFO.url)
        fc = col.count(path)
        cols = None
        for heading, start, end, cells, is_header in parser.rows:
            if is_header or cols is None:
                if is_header or any("name" in c.lower() or "entity" in c.lower() for c in cells):
                    try:
                        cols = _columns(cells)
                    except UserError as exc:
                        raise UserError(f"{path.name}: line {src.line_of(start)}: {exc}") from None
                    continue
                raise UserError(
                    f"{path.name}: line {src.line_of(start)}: a table without a "
                    "header row naming the entity column"
                )
            where = f"{path.name}: line {src.line_of(start)}"
            _entry(col, fc, doc, where, start, end, cells, cols, heading)
        if fc.rows == 0:
            raise UserError(f"{path.name}: no UFLPA table rows found (is this the list page?)")
    return col.finish()


def read_csv(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector("uflpa-csv")
    for path in paths:
        src = read_source(path, encoding)
        first = next(csv_rows(src), None)
        if first is None:
            raise UserError(f"{path.name}: empty")
        try:
            cols = _columns(first.fields)
        except UserError as exc:
            raise UserError(f"{path.name}: line 1: {exc}") from None
        header, rows = csv_dicts(src, set(), "a UFLPA CSV")
        section_i = next(
            (i for i, h in enumerate(header) if "section" in h.lower() or "list" in h.lower()), None
        )
        doc = col.document(src, f"DHS UFLPA Entity List ({path.name})", INFO.url)
        fc = col.count(path)
        for row in rows:
            section = row.fields[section_i] if section_i is not None else ""
            _entry(
                col,
                fc,
                doc,
                f"{path.name}:{row.line}",
                row.start,
                row.end,
                row.fields,
                cols,
                section,
            )
    return col.finish()
