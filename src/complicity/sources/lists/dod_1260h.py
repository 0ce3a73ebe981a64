"""DoD Section 1260H list of "Chinese military companies", in the CSV layout OpenSanctions keeps
from the DoD PDFs: Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date,
Source Url. One row per company per tranche: the rows of one company make one entity with one
listing per tranche (start and end dates). A Parent Name is an ownership edge, percent unknown.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import (
    LISTS,
    Collector,
    ListBatch,
    csv_dicts,
    entity_id,
    kind_for,
    named_party,
    norm_name,
    read_source,
    split_multi,
)

FORMAT = "dod-1260h"
COLUMNS = {"Name", "Clean Name", "Alias", "Parent Name", "Start date", "End date"}
INFO = LISTS["list-dod-1260h"]
_ACRONYM = re.compile(r"\s*\(([^()]+)\)\s*\*?$")


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        header, rows = csv_dicts(src, COLUMNS, "a DoD 1260H CSV (Name, Clean Name, Alias, ...)")
        doc = col.document(src, f"DoD Section 1260H list ({path.name})", INFO.url)
        fc = col.count(path)
        for row in rows:
            fc.rows += 1
            rec = dict(zip(header, row.fields, strict=True))
            where = f"{path.name}:{row.line}"
            listed = rec["Name"].strip().rstrip("*").strip()
            name = rec["Clean Name"].strip() or _ACRONYM.sub("", listed)
            if not name:
                col.reject(fc, where, "no name")
                continue
            entry = norm_name(name)
            ent, new = col.entity(
                entity_id("dod-1260h", entry), kind_for("entity", name) or "company", entry=entry
            )
            fc.entries += new
            fc.attached += not new
            col.name(ent, name, "list")
            col.name(ent, listed, "list")
            for alias in split_multi(rec.get("Alias")):
                col.name(ent, alias, "alias")
            for former in split_multi(rec.get("Previous Name")):
                col.name(ent, former, "former")
            col.identifiers_in(ent, rec.get("Note"))
            ev = col.evidence(doc, row.start, row.end)
            col.listing(
                ent,
                INFO,
                ev,
                program="NDAA FY2021 Section 1260H",
                start=rec.get("Start date"),
                end=rec.get("End date"),
                url=rec.get("Source Url") or None,
                note=rec.get("Note") or None,
            )
            parent = (rec.get("Parent Name") or "").strip()
            if parent:
                parent_name = _ACRONYM.sub("", parent).strip() or parent
                owner = named_party(col, "dod-1260h", parent_name)
                col.name(owner, parent, "alias")
                col.ownership(owner.id, ent.id, ev, basis="1260H parent")
    return col.finish()
