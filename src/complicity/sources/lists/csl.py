"""trade.gov Consolidated Screening List: ``consolidated.json`` ({"results": [...]}, or a bare
array) and ``consolidated.csv``, with id, type, entity_number, name, alt_names, addresses,
programs, license_requirement, license_policy, federal_register_notice, start_date, end_date,
source, source_information_url, source_list_url (CSV multi-values joined by '; ').

Each row's ``source`` names the list (Entity List, MEU, UVL, SDN, NS-CMIC ...): one list entity
per source. The entry is the entity number where the source has one (OFAC's, kept as
``ofac_ent_num`` so it resolves to the OFAC files' entity), else the CSL id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import (
    Collector,
    FileCount,
    ListBatch,
    ListInfo,
    country_code,
    csv_dicts,
    entity_id,
    json_items,
    json_load,
    kind_for,
    list_info,
    read_source,
    split_multi,
)

SOURCES = {
    "EL": "list-bis-entity-list",
    "MEU": "list-bis-meu",
    "UVL": "list-bis-unverified",
    "DPL": "list-bis-denied",
    "SDN": "list-ofac-sdn",
    "CMIC": "list-ofac-ns-cmic",
    "SSI": "list-ofac-cons",
    "FSE": "list-ofac-cons",
    "PLC": "list-ofac-cons",
    "CAP": "list-ofac-cons",
    "MBS": "list-ofac-cons",
    "DTC": "list-ddtc-debarred",
    "ISN": "list-isn-nonproliferation",
}
OFAC = {"SDN", "CMIC", "SSI", "FSE", "PLC", "CAP", "MBS"}
COLUMNS = {"name", "source", "programs", "alt_names", "start_date"}
_ABBREV = re.compile(r"\(([A-Z-]{2,6})\)")


def _list_for(source: str) -> tuple[ListInfo, str]:
    m = _ABBREV.search(source)
    abbrev = m.group(1) if m else ""
    if abbrev in SOURCES:
        return list_info(SOURCES[abbrev]), abbrev
    slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:40] or "unknown"
    return list_info(
        f"list-csl-{slug}",
        f"{source} (via the US Consolidated Screening List)",
        "https://www.trade.gov/consolidated-screening-list",
    ), abbrev


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return split_multi(str(value))


def _entry(
    col: Collector, fc: FileCount, rec: dict[str, Any], start: int, end: int, where: str, doc: Any
) -> None:
    fc.rows += 1
    name = str(rec.get("name") or "").strip()
    if not name:
        col.reject(fc, where, "no name")
        return
    kind = kind_for(str(rec.get("type") or "entity"), name)
    if kind is None:
        col.reject(fc, where, f"{rec.get('type')}: no entity kind for it")
        return
    info, abbrev = _list_for(str(rec.get("source") or ""))
    number = str(rec.get("entity_number") or "").strip()
    csl_id = str(rec.get("id") or rec.get("_id") or "").strip()
    entry = number or csl_id or name
    eid = (
        f"ofac-{number}"
        if abbrev in OFAC and number.isdigit()
        else entity_id(info.id.removeprefix("list-"), entry)
    )
    addresses = rec.get("addresses")
    country = None
    if isinstance(addresses, list) and addresses and isinstance(addresses[0], dict):
        country = country_code(addresses[0].get("country"))
    ent, new = col.entity(eid, kind, entry=entry, country=country)
    fc.entries += new
    fc.attached += not new
    col.name(ent, name, "list")
    for alias in _values(rec.get("alt_names")):
        col.name(ent, alias, "alias")
    if abbrev in OFAC and number.isdigit():
        col.identifier(ent, "ofac_ent_num", number)
    for ident in rec.get("ids") or []:
        if isinstance(ident, dict) and ident.get("number"):
            col.identifiers_in(ent, str(ident["number"]))
    col.identifiers_in(ent, str(rec.get("remarks") or ""))
    col.listing(
        ent,
        info,
        col.evidence(doc, start, end),
        entry=entry,
        program="; ".join(_values(rec.get("programs"))) or None,
        start=str(rec.get("start_date") or "") or None,
        end=str(rec.get("end_date") or "") or None,
        url=str(rec.get("source_list_url") or "") or None,
        federal_register_notice=rec.get("federal_register_notice") or None,
        license_requirement=rec.get("license_requirement") or None,
        license_policy=rec.get("license_policy") or None,
        source_information_url=rec.get("source_information_url") or None,
    )


def read_json(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector("csl-json")
    for path in paths:
        src = read_source(path, encoding)
        data = json_load(src)
        items: Iterator[tuple[int, int, Any]] = (
            json_items(src, "results") if isinstance(data, dict) else json_items(src)
        )
        doc = col.document(
            src,
            f"US Consolidated Screening List ({path.name})",
            "https://www.trade.gov/consolidated-screening-list",
        )
        fc = col.count(path)
        for i, (start, end, rec) in enumerate(items):
            where = f"{path.name}: result {i + 1} (line {src.line_of(start)})"
            if not isinstance(rec, dict):
                fc.rows += 1
                col.reject(fc, where, "not a JSON object")
                continue
            _entry(col, fc, rec, start, end, where, doc)
    return col.finish()


def read_csv(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector("csl-csv")
    for path in paths:
        src = read_source(path, encoding)
        header, rows = csv_dicts(src, COLUMNS, "a Consolidated Screening List CSV")
        doc = col.document(
            src,
            f"US Consolidated Screening List ({path.name})",
            "https://www.trade.gov/consolidated-screening-list",
        )
        fc = col.count(path)
        for row in rows:
            rec: dict[str, Any] = dict(zip(header, row.fields, strict=True))
            rec["addresses"] = None  # one text in the CSV: no reliable country
            _entry(col, fc, rec, row.start, row.end, f"{path.name}:{row.line}", doc)
    return col.finish()
