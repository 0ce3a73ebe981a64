"""GLEIF API (v1) JSON: LEI records and Level 2 parent relationships.

- ``lei-records`` (one in ``data`` or a page of them): an entity per LEI with its legal name,
  other and transliterated names, registration number and legal-address country;
- ``relationship-records`` (``.../direct-parent-relationship``): an ownership edge start -> end;
- the parent / children endpoints return plain LEI records and do not name the LEI they were
  asked about: it is read from the file name the API call is saved as (``direct-parent_<LEI>.json``,
  ``ultimate-children_<LEI>.json``...) or from the children page's ``links.first`` URL.

Parent edges are accounting consolidation, so the percent is unknown (never 0): attrs say which
relationship (direct or ultimate). Evidence quotes the record the edge comes from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from complicity.errors import UserError
from complicity.identifiers import valid_lei
from complicity.model import Entity

from .base import (
    Collector,
    Document,
    ListBatch,
    country_code,
    json_items,
    json_load,
    json_value_span,
    read_source,
)

FORMAT = "gleif"
API = "https://api.gleif.org/api/v1/lei-records/"
_FILE = re.compile(r"(direct|ultimate)-(parent|children)[-_]([0-9A-Z]{20})", re.I)
_LINK = re.compile(r"lei-records/([0-9A-Z]{20})/(direct|ultimate)-children")
NAME_KINDS = {
    "PREVIOUS_LEGAL_NAME": "former",
    "TRADING_OR_OPERATING_NAME": "short",
    "ALTERNATIVE_LANGUAGE_LEGAL_NAME": "legal",
    "AUTO_ASCII_TRANSLITERATED_LEGAL_NAME": "transliteration",
    "PREFERRED_ASCII_TRANSLITERATED_LEGAL_NAME": "transliteration",
}


def _lang(value: Any) -> str | None:
    return str(value).split("-")[0].lower() if value else None


def _record(col: Collector, rec: dict[str, Any]) -> tuple[Entity, bool] | None:
    attrs = rec.get("attributes") or {}
    lei = str(attrs.get("lei") or rec.get("id") or "")
    entity = attrs.get("entity") or {}
    legal = (entity.get("legalName") or {}).get("name")
    if not valid_lei(lei) or not legal:
        return None
    country = country_code((entity.get("legalAddress") or {}).get("country"))
    ent, new = col.entity(f"lei-{lei.lower()}", "company", entry=lei, country=country)
    new = new or [n.text for n in ent.names] == [lei]  # first record of a placeholder
    ent.names = [n for n in ent.names if n.text != lei]  # a placeholder name, now known
    col.names[ent.id].discard((lei, "alias"))
    col.name(ent, legal, "legal", _lang((entity.get("legalName") or {}).get("language")))
    for other in entity.get("otherNames") or []:
        kind = NAME_KINDS.get(str(other.get("type")), "alias")
        col.name(ent, other.get("name"), kind, _lang(other.get("language")))
    for other in entity.get("transliteratedOtherNames") or []:
        col.name(ent, other.get("name"), "transliteration", _lang(other.get("language")))
    col.identifier(ent, "lei", lei)
    if entity.get("registeredAs"):
        col.identifier(ent, "registration", entity["registeredAs"])
    if attrs.get("bic"):
        for bic in attrs["bic"] if isinstance(attrs["bic"], list) else [attrs["bic"]]:
            col.identifier(ent, "swift", bic)
    if entity.get("status"):
        ent.attrs.setdefault("lei_status", entity["status"])
    return ent, new


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        data = json_load(src)
        if not isinstance(data, dict) or "data" not in data:
            raise UserError(f"{path.name}: not a GLEIF API response (no 'data')")
        published = ((data.get("meta") or {}).get("goldenCopy") or {}).get("publishDate")
        doc = col.document(
            src,
            f"GLEIF API response ({path.name})",
            "https://www.gleif.org/en/lei-data/gleif-api",
            published=str(published)[:10] if published else None,
            kind="register",
        )
        fc = col.count(path)
        m = _FILE.search(path.name)
        subject = m.group(3).upper() if m else None
        relation = (m.group(1).lower(), m.group(2).lower()) if m else None
        first = str((data.get("links") or {}).get("first") or "")
        link = _LINK.search(first)
        if link and relation is None:
            subject, relation = link.group(1), (link.group(2), "children")
        if isinstance(data["data"], list):
            items = list(json_items(src, "data"))
        else:
            start, end = json_value_span(src, "data")
            items = [(start, end, data["data"])]
        for i, (start, end, rec) in enumerate(items):
            fc.rows += 1
            where = f"{path.name}: record {i + 1}"
            if not isinstance(rec, dict):
                col.reject(fc, where, "not a JSON object")
                continue
            ev = col.evidence(doc, start, end)
            if rec.get("type") == "relationship-records":
                if _relationship(col, rec, ev, doc):
                    fc.attached += 1
                else:
                    col.reject(fc, where, "relationship without start and end LEIs")
                continue
            got = _record(col, rec)
            if got is None:
                col.reject(fc, where, "no valid LEI or no legal name")
                continue
            ent, new = got
            fc.entries += new
            fc.attached += not new
            if subject and relation and valid_lei(subject):
                kind, direction = relation
                other = _placeholder(col, subject).id
                owner, owned = (ent.id, other) if direction == "parent" else (other, ent.id)
                col.ownership(
                    owner,
                    owned,
                    ev,
                    relationship=kind,
                    basis="GLEIF Level 2 accounting consolidation",
                    source_url=f"{API}{subject}",
                )
    return col.finish()


def _placeholder(col: Collector, lei: str) -> Entity:
    """The entity of an LEI a relationship names; named by its LEI until its record is read (the
    resolver merges it with a stored entity holding that LEI)."""
    ent, new = col.entity(f"lei-{lei.lower()}", "company", entry=lei)
    if new:
        col.name(ent, lei, "alias")
        col.identifier(ent, "lei", lei)
    return ent


def _relationship(col: Collector, rec: dict[str, Any], ev: Any, doc: Document) -> bool:
    rel = ((rec.get("attributes") or {}).get("relationship")) or {}
    start = str((rel.get("startNode") or {}).get("id") or "")
    end = str((rel.get("endNode") or {}).get("id") or "")
    if not (valid_lei(start) and valid_lei(end)):
        return False
    kind = (
        "ultimate"
        if "ULTIMATE" in str(rel.get("type") or rel.get("relationshipType"))
        else "direct"
    )
    for lei in (start, end):
        _placeholder(col, lei)
    col.ownership(
        f"lei-{end.lower()}",
        f"lei-{start.lower()}",
        ev,
        relationship=kind,
        basis="GLEIF Level 2 accounting consolidation",
    )
    return True
