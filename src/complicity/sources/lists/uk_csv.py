"""UK Sanctions List as relational CSVs (the covyr layout): ``subjects.csv`` (unique_id,
subject_type, un_reference_number, ofsi_group_id, date_designated, last_updated) plus
``subject_names.csv`` (name_id, unique_id, name_type, alias_strength, full_name, ...), and
optionally ``subject_identifiers.csv``, ``subject_countries.csv`` and ``subject_dobs.csv``. A
file's role comes from its header. The regime is the letters of the unique id (RUS0001 -> RUS).

Kept: names, business registration numbers, IMO numbers, an entity's address country. Not kept:
passports, national ids, dates and places of birth, nationalities: those rows are counted as
rejected with that reason (the project does not profile people).
"""

from __future__ import annotations

import re
from pathlib import Path

from complicity.errors import UserError
from complicity.model import Entity

from .base import (
    LISTS,
    Collector,
    ListBatch,
    Row,
    Source,
    country_code,
    csv_dicts,
    csv_rows,
    kind_for,
    read_source,
)

FORMAT = "uk-csv"
INFO = LISTS["list-uk-sanctions"]
ROLES = {
    "subjects": {"unique_id", "subject_type", "date_designated"},
    "names": {"name_id", "unique_id", "name_type", "full_name"},
    "identifiers": {"unique_id", "raw_value", "identifier_type"},
    "countries": {"unique_id", "raw_value", "country_type", "iso"},
    "dobs": {"dob_id", "unique_id"},
}
NAME_KINDS = {"primary": "list", "primary_variation": "alias", "alias": "alias"}


def _role(src: Source) -> str:
    first = next(csv_rows(src), None)
    header = {h.strip() for h in first.fields} if first else set()
    for role, needed in ROLES.items():
        if needed <= header:
            return role
    raise UserError(
        f"{src.path.name}: line 1: not a UK sanctions CSV (expected subjects, subject_names, "
        "subject_identifiers, subject_countries or subject_dobs columns)"
    )


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    files: dict[str, list[Source]] = {}
    for path in paths:
        src = read_source(path, encoding)
        files.setdefault(_role(src), []).append(src)
    if "subjects" not in files:
        raise UserError("uk-csv needs subjects.csv among the paths (and subject_names.csv)")
    if "names" not in files:
        raise UserError("uk-csv needs subject_names.csv: subjects.csv carries no names")
    subjects: dict[str, tuple[Entity, Row, Source]] = {}
    skipped: dict[str, str] = {}
    for src in files["subjects"]:
        header, rows = csv_dicts(src, ROLES["subjects"], "UK subjects.csv")
        fc = col.count(src.path, "subjects")
        for row in rows:
            fc.rows += 1
            rec = dict(zip(header, row.fields, strict=True))
            uid = rec["unique_id"].strip()
            kind = kind_for(rec["subject_type"])
            if kind is None:
                skipped[uid] = rec["subject_type"]
                col.reject(
                    fc,
                    f"{src.path.name}:{row.line} ({uid})",
                    f"{rec['subject_type']}: no entity kind for it",
                )
                continue
            ent, new = col.entity(f"uk-{uid.lower()}", kind, entry=uid)
            fc.entries += new
            fc.attached += not new
            if rec.get("un_reference_number"):
                col.identifier(ent, "un_reference", rec["un_reference_number"])
            subjects[uid] = (ent, row, src)
    docs = {
        src.path: col.document(src, f"UK Sanctions List subjects ({src.path.name})", INFO.url)
        for src in files["subjects"]
    }
    for role in ("names", "identifiers", "countries", "dobs"):
        for src in files.get(role, []):
            header, rows = csv_dicts(src, ROLES[role], f"UK {role} CSV")
            fc = col.count(src.path, role)
            for row in rows:
                fc.rows += 1
                rec = dict(zip(header, row.fields, strict=True))
                uid = rec["unique_id"].strip()
                where = f"{src.path.name}:{row.line} ({uid})"
                if uid not in subjects:
                    why = (
                        f"subject not loaded ({skipped[uid]})"
                        if uid in skipped
                        else "unique_id not in subjects.csv"
                    )
                    col.reject(fc, where, why)
                    continue
                ent = subjects[uid][0]
                if role == "names":
                    col.name(ent, rec["full_name"], NAME_KINDS.get(rec["name_type"], "alias"))
                elif role == "identifiers":
                    kind = rec["identifier_type"].strip()
                    if kind in ("business_registration_numbers", "imo"):
                        scheme = "imo" if kind == "imo" else "registration"
                        col.identifier(ent, scheme, rec["raw_value"])
                        col.identifiers_in(ent, rec["raw_value"])
                    else:
                        col.reject(fc, where, f"{kind}: personal documents are not kept")
                        continue
                elif role == "countries":
                    if rec["country_type"] != "address" or ent.kind == "person":
                        col.reject(
                            fc, where, f"{rec['country_type']}: personal details are not kept"
                        )
                        continue
                    ent.country = ent.country or country_code(rec.get("iso"))
                else:
                    col.reject(fc, where, "date of birth: personal details are not kept")
                    continue
                fc.attached += 1
    for uid, (ent, row, src) in subjects.items():
        rec_fields = row.fields
        header = [h.strip() for h in next(csv_rows(src)).fields]
        rec = dict(zip(header, rec_fields, strict=True))
        col.listing(
            ent,
            INFO,
            col.evidence(docs[src.path], row.start, row.end),
            entry=uid,
            program=re.sub(r"\d+$", "", uid) or None,
            start=rec.get("date_designated"),
            ofsi_group_id=rec.get("ofsi_group_id") or None,
            last_updated=rec.get("last_updated") or None,
        )
    return col.finish()
