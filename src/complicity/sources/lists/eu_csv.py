"""EU sanctions as the Official Journal extraction publishes them per regulation (CELEX): one
CSV per act with celex, recordId, programKey, annex, measure, startDate, reason, schema, name,
alias, weakAlias, previousName, country, ..., registrationNumber, taxNumber, innCode, ogrnCode,
leiCode, ticker, imoNumber, address ... (45 columns in the 2026 snapshot; read by header name).

An entry is (celex, annex, recordId): record numbers restart in every annex. Each act is its own
list (``list-eu-<celex>``), the annex and measure its program. Registration numbers carry their
kind in brackets ("91440101MA5ALQNR86 (USCC); 0868520 (CR No.)").
"""

from __future__ import annotations

import re
from pathlib import Path

from complicity.names.normalize import split_names

from .base import (
    Collector,
    ListBatch,
    country_code,
    csv_dicts,
    entity_id,
    kind_for,
    list_info,
    norm_name,
    read_source,
    split_multi,
)

FORMAT = "eu-csv"
COLUMNS = {"celex", "recordId", "annex", "schema", "name", "alias"}
_LABELLED = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*$")
SCHEMES = {"uscc": "uscc", "tax id/inn": "inn", "inn": "inn", "ogrn": "ogrn", "lei": "lei"}
COLUMN_SCHEMES = {
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "leiCode": "lei",
    "ticker": "ticker",
    "imoNumber": "imo",
    "swiftBic": "swift",
    "taxNumber": "tax",
}


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        header, rows = csv_dicts(src, COLUMNS, "an EU Official Journal sanctions CSV")
        fc = col.count(path)
        doc = None
        for row in rows:
            fc.rows += 1
            rec = dict(zip(header, row.fields, strict=True))
            where = f"{path.name}:{row.line}"
            celex = rec["celex"].strip()
            info = list_info(
                f"list-eu-{celex.lower()}",
                f"EU sanctions, Regulation CELEX {celex}",
                f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}",
            )
            if doc is None:
                doc = col.document(src, f"EU Official Journal list {celex} ({path.name})", info.url)
            name = rec["name"].strip()
            if not name:
                col.reject(fc, where, "no name")
                continue
            kind = kind_for(rec["schema"], name)
            if kind is None:
                col.reject(fc, where, f"{rec['schema']}: no entity kind for it")
                continue
            entry = f"{rec['annex'].strip()}/{rec['recordId'].strip() or norm_name(name)}"
            ent, new = col.entity(
                entity_id(f"eu-{celex.lower()}", entry),
                kind,
                entry=entry,
                country=country_code(rec.get("country")),
            )
            fc.entries += new
            fc.attached += not new
            col.name(ent, name, "list")
            for alias in split_names(rec.get("alias")) + split_names(rec.get("weakAlias")):
                col.name(ent, alias, "alias")
            for former in split_names(rec.get("previousName")):
                col.name(ent, former, "former")
            for item in split_multi(rec.get("registrationNumber")):
                m = _LABELLED.match(item)
                value, label = (m.group(1), m.group(2).strip().lower()) if m else (item, "")
                col.identifier(ent, SCHEMES.get(label, "registration"), value)
            for column, scheme in COLUMN_SCHEMES.items():
                for value in split_multi(rec.get(column)):
                    col.identifier(ent, scheme, value)
            col.identifiers_in(ent, rec.get("registrationNumber"))
            col.listing(
                ent,
                info,
                col.evidence(doc, row.start, row.end),
                entry=entry,
                program=" ".join(
                    p
                    for p in (rec.get("programKey"), f"Annex {rec['annex']}", rec.get("measure"))
                    if p and p.strip() not in ("", "Annex ")
                ),
                start=rec.get("startDate"),
            )
    return col.finish()
