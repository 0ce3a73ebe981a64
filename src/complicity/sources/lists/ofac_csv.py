"""OFAC legacy CSV files: ``sdn.csv`` / ``cons_prim.csv`` (no header: ent_num, name, type, program,
title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks), ``alt.csv`` (ent_num,
alt_num, alt_type, alt_name, remarks), ``add.csv`` (ent_num, add_num, address, city, country,
remarks) and ``sdn_comments.csv`` (ent_num, remarks continued); ``-0-`` is null.

A file's role comes from its column count, so any names work; a primary file whose name contains
"cons" is the consolidated non-SDN list. Program CMIC-EO13959 puts an entry on NS-CMIC.
Identifiers (USCC, ISIN, equity tickers, registration numbers, LEI) and aliases come out of the
remarks. Personal details (dates of birth, passports) are not kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from complicity.errors import UserError
from complicity.model import Entity

from .base import (
    LISTS,
    Collector,
    FileCount,
    ListBatch,
    Row,
    Source,
    csv_rows,
    kind_for,
    parse_date,
    read_source,
)

FORMAT = "ofac-csv"
BASE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
ROLES = {12: "primary", 5: "alt", 6: "add", 2: "comments"}
CMIC = "CMIC-EO13959"

_ALIAS = re.compile(r"^(?:alt\.\s*)?([afn])\.k\.a\.,?\s*['\"](.+?)['\"]\.?$", re.IGNORECASE)
_LABELLED = [
    (re.compile(r"^(?:alt\.\s*)?Equity Ticker\s+(.+)$", re.I), "ticker"),
    (re.compile(r"^(?:alt\.\s*)?ISIN\s+([A-Z0-9]{12})\b", re.I), "isin"),
    (re.compile(r"^(?:alt\.\s*)?Unified Social Credit Code \(USCC\)\s+(\S+)", re.I), "uscc"),
    (re.compile(r"^(?:alt\.\s*)?Legal Entity Number\s+(\S+)", re.I), "lei"),
    (re.compile(r"^(?:alt\.\s*)?IMO\s+(\d{7})\b", re.I), "imo"),
    (
        re.compile(
            r"^(?:alt\.\s*)?(?:Business |Company |Commercial )?(?:Registration (?:Number|ID)|"
            r"Registry Number|Company Number|Tax ID No\.|Certificate of Incorporation Number)"
            r"\s+(\S+(?:\s\S+)*?)(?:\s+\([^)]*\))?\.?$",
            re.I,
        ),
        "registration",
    ),
]
_ISSUER = re.compile(r"^(?:alt\.\s*)?Issuer Name\s+(.+?)\.?$", re.I)
_LINKED = re.compile(r"^Linked To:\s*(.+?)\.?$", re.I)
_DATED = re.compile(
    r"^(Listing Date|Effective Date|Purchase/Sales For Divestment Date) \(CMIC\)\s+(.+?)\.?$", re.I
)
NAME_KINDS = {"a": "alias", "f": "former", "n": "alias"}


def _null(value: str) -> str:
    v = value.strip()
    return "" if v == "-0-" else v


def split_remarks(remarks: str) -> list[str]:
    """Remarks items are ';'-separated; a ';' inside a quoted alias does not split."""
    items: list[str] = []
    buf: list[str] = []
    quote = ""
    for i, ch in enumerate(remarks):
        if ch in "'\"" and (not quote or ch == quote):
            prev = remarks[i - 1] if i else " "
            nxt = remarks[i + 1] if i + 1 < len(remarks) else " "
            if not quote and not prev.isalnum():
                quote = ch
            elif quote and not nxt.isalnum():
                quote = ""
        if ch == ";" and not quote:
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    items.append("".join(buf).strip())
    return [i for i in items if i]


def apply_remarks(col: Collector, ent: Entity, remarks: str) -> dict[str, str]:
    """Names, identifiers and CMIC dates out of a remarks text; returns the dates found."""
    dates: dict[str, str] = {}
    for item in split_remarks(remarks):
        m = _ALIAS.match(item)
        if m:
            col.name(ent, m.group(2), NAME_KINDS[m.group(1).lower()])
            continue
        m = _ISSUER.match(item)
        if m:
            col.name(ent, m.group(1), "alias")
            continue
        m = _LINKED.match(item)
        if m:
            linked = ent.attrs.setdefault("linked_to", [])
            if m.group(1) not in linked:
                linked.append(m.group(1))
            continue
        m = _DATED.match(item)
        if m:
            d = parse_date(m.group(2))
            if d:
                dates[m.group(1).lower()] = d
            continue
        for pattern, scheme in _LABELLED:
            m = pattern.match(item)
            if m:
                col.identifier(ent, scheme, m.group(1).rstrip("."))
                break
    col.identifiers_in(ent, remarks)
    return dates


def _programs(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"\]\s*\[", value.strip().strip("[]")) if p.strip()]


def _lists_for(programs: list[str], consolidated: bool) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in programs or [""]:
        if p == CMIC:
            key = "list-ofac-ns-cmic"
        else:
            key = "list-ofac-cons" if consolidated else "list-ofac-sdn"
        out.setdefault(key, [])
        if p:
            out[key].append(p)
    return out


def _primary(
    col: Collector,
    src: Source,
    fc: FileCount,
    consolidated: bool,
    seen: dict[str, Entity],
    rows: list[Row],
) -> None:
    name_file = "CONS_PRIM.CSV" if consolidated else "SDN.CSV"
    doc = col.document(src, f"OFAC {name_file} ({src.path.name})", BASE + name_file)
    for row in rows:
        fc.rows += 1
        where = f"{src.path.name}:{row.line}"
        if len(row.fields) != 12:
            raise UserError(f"{where}: {len(row.fields)} columns, an OFAC primary file has 12")
        f = [_null(v) for v in row.fields]
        ent_num, name, sdn_type, program = f[0], f[1], f[2], f[3]
        if not ent_num.isdigit():
            raise UserError(f"{where}: ent_num {ent_num!r} is not a number (not an OFAC CSV?)")
        if not name:
            col.reject(fc, f"{where} (entry {ent_num})", "no name")
            continue
        kind = kind_for(sdn_type or "entity", name)
        if kind is None:
            col.reject(fc, f"{where} (entry {ent_num})", f"{sdn_type}: no entity kind for it")
            continue
        ent, new = col.entity(f"ofac-{ent_num}", kind, entry=ent_num)
        if not new:
            fc.attached += 1
        else:
            fc.entries += 1
        seen[ent_num] = ent
        col.name(ent, name, "list")
        col.identifier(ent, "ofac_ent_num", ent_num)
        dates = apply_remarks(col, ent, f[11])
        ev = col.evidence(doc, row.start, row.end)
        for list_id, programs in _lists_for(_programs(program), consolidated).items():
            cmic = list_id == "list-ofac-ns-cmic"
            col.listing(
                ent,
                LISTS[list_id],
                ev,
                entry=ent_num,
                program="; ".join(programs) or None,
                start=dates.get("listing date") if cmic else None,
                effective_date=dates.get("effective date") if cmic else None,
                divestment_date=(dates.get("purchase/sales for divestment date") if cmic else None),
                title=f[4] or None,
            )


def _secondary(
    col: Collector, src: Source, fc: FileCount, role: str, seen: dict[str, Entity], rows: list[Row]
) -> None:
    width = {v: k for k, v in ROLES.items()}[role]
    for row in rows:
        fc.rows += 1
        where = f"{src.path.name}:{row.line}"
        if len(row.fields) != width:
            raise UserError(
                f"{where}: {len(row.fields)} columns; the first row has {width} ({role}.csv)"
            )
        f = [_null(v) for v in row.fields]
        ent = seen.get(f[0])
        if ent is None:
            col.reject(fc, f"{where} (ent_num {f[0]})", "ent_num not in the primary file(s) loaded")
            continue
        fc.attached += 1
        if role == "alt":
            alt_type = f[2].lower().rstrip(".")
            kind = {"fka": "former", "f.k.a": "former"}.get(alt_type, "alias")
            col.name(ent, f[3], kind)
        elif role == "add":
            parts = [p for p in f[2:5] if p]
            if parts:
                addresses = ent.attrs.setdefault("addresses", [])
                text = ", ".join(parts)
                if text not in addresses:
                    addresses.append(text)
        else:
            apply_remarks(col, ent, f[1])


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    loaded: list[tuple[Source, str, list[Row]]] = []
    for path in paths:
        src = read_source(path, encoding)
        rows = list(csv_rows(src))
        if not rows:
            raise UserError(f"{path.name}: no rows")
        role = ROLES.get(len(rows[0].fields))
        if role is None:
            raise UserError(
                f"{path.name}: line {rows[0].line}: {len(rows[0].fields)} columns; OFAC CSV files "
                "have 12 (sdn.csv, cons_prim.csv), 5 (alt.csv), 6 (add.csv) or 2 (comments)"
            )
        loaded.append((src, role, rows))
    if not any(role == "primary" for _, role, _ in loaded):
        raise UserError("ofac-csv needs a primary file (sdn.csv or cons_prim.csv) among the paths")
    seen: dict[str, Entity] = {}
    for src, role, rows in loaded:
        if role == "primary":
            fc = col.count(src.path, "primary")
            _primary(col, src, fc, "cons" in src.path.name.lower(), seen, rows)
    for src, role, rows in loaded:
        if role != "primary":
            _secondary(col, src, col.count(src.path, role), role, seen, rows)
    return col.finish()
