"""OpenSanctions ``targets.simple.csv`` (id, schema, name, aliases, birth_date, countries,
addresses, identifiers, sanctions, phones, emails, [program_ids,] dataset, first_seen, last_seen,
last_change; multi-values joined by ';'). Read by header name: older exports lack program_ids.

The dataset is the list (``list-opensanctions-<dataset>``); OpenSanctions' entity id is the entry
and is kept as identifier ``opensanctions``. Birth dates, phones and e-mails are not kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import (
    Collector,
    ListBatch,
    csv_dicts,
    entity_id,
    kind_for,
    list_info,
    read_source,
    split_multi,
)

FORMAT = "opensanctions-csv"
COLUMNS = {"id", "schema", "name", "aliases", "countries", "identifiers", "sanctions", "dataset"}
_IMO = re.compile(r"^IMO\s?(\d{7})$", re.I)


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        header, rows = csv_dicts(src, COLUMNS, "an OpenSanctions targets.simple.csv")
        doc = col.document(
            src,
            f"OpenSanctions targets.simple.csv ({path.name})",
            "https://www.opensanctions.org/datasets/",
        )
        fc = col.count(path)
        for row in rows:
            fc.rows += 1
            rec = dict(zip(header, row.fields, strict=True))
            where = f"{path.name}:{row.line} ({rec['id']})"
            name = rec["name"].strip()
            if not name or not rec["id"].strip():
                col.reject(fc, where, "no name" if not name else "no id")
                continue
            kind = kind_for(rec["schema"], name)
            if kind is None:
                col.reject(fc, where, f"{rec['schema']}: no entity kind for it")
                continue
            dataset = rec["dataset"].strip() or "unknown"
            slug = re.sub(r"[^a-z0-9]+", "-", dataset.lower()).strip("-")
            info = list_info(
                f"list-opensanctions-{slug}",
                f"OpenSanctions: {dataset}",
                "https://www.opensanctions.org/datasets/",
            )
            countries = split_multi(rec.get("countries"))
            ent, new = col.entity(
                entity_id("os", rec["id"].strip()),
                kind,
                entry=rec["id"].strip(),
                country=countries[0].lower() if len(countries) == 1 else None,
            )
            fc.entries += new
            fc.attached += not new
            col.name(ent, name, "list")
            for alias in split_multi(rec.get("aliases")):
                col.name(ent, alias, "alias")
            col.identifier(ent, "opensanctions", rec["id"].strip())
            for value in split_multi(rec.get("identifiers")):
                m = _IMO.match(value)
                col.identifier(ent, "imo" if m else "registration", m.group(1) if m else value)
            col.identifiers_in(ent, rec.get("identifiers"))
            sanctions = [s for s in split_multi(rec.get("sanctions")) if s.strip('"')]
            col.listing(
                ent,
                info,
                col.evidence(doc, row.start, row.end),
                entry=rec["id"].strip(),
                program="; ".join(split_multi(rec.get("program_ids"))) or None,
                sanctions=sanctions or None,
                first_seen=rec.get("first_seen") or None,
                last_change=rec.get("last_change") or None,
            )
    return col.finish()
