"""FollowTheMoney JSON lines, in and out.

Why not the ``followthemoney`` package at run time: it pulls pyicu (a two-minute compile) for what
is a documented JSON shape. The tests validate our output with the real package, so files we write
open in OpenSanctions and Aleph tooling.

Out: entities become Company/Organization/PublicBody/Event/Person; ownership and investment become
Ownership; listings become Sanction (authority = the list); other relations UnknownLink with a role.
Evidence travels as ``proof`` (a Document entity per source), ``summary`` (the quotes) and, so our
own files round-trip without loss, a JSON ``description`` carrying offsets and extractor.

In: any FtM file. A relation from a file that carries no complicity evidence is evidenced by the
file itself: the file is stored as a document and the quote is the JSON line, at its offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from complicity.errors import UserError
from complicity.model import (
    Batch,
    Document,
    Entity,
    Evidence,
    Identifier,
    Name,
    Relation,
    entity_kinds,
    relation_types,
    short_hash,
)
from complicity.store import Store

EVIDENCE_TAG = "complicity_evidence"
EXTRACTOR = "ftm-import"

# entity property <-> (name kind) and identifier scheme
NAME_PROPS = {"name": "legal", "alias": "alias", "previousName": "former", "weakAlias": "alias",
              "abbreviation": "short"}  # fmt: skip
IDENT_PROPS = {"isinCode": "isin", "leiCode": "lei", "ticker": "ticker", "uscCode": "uscc",
               "registrationNumber": "registration", "idNumber": "id"}  # fmt: skip
SCHEMA_KINDS = {"Company": "company", "Organization": "organization", "PublicBody": "public_body",
                "Event": "event", "Person": "person", "LegalEntity": "organization"}  # fmt: skip
LINK_SCHEMAS = {"Ownership", "Sanction", "UnknownLink", "Representation", "Directorship",
                "Employment", "Membership"}  # fmt: skip


# -- export ------------------------------------------------------------------------------------
def _proxy(entity_id: str, schema: str, props: dict[str, list[Any]]) -> dict[str, Any]:
    clean = {k: [str(v) for v in vs if v not in (None, "")] for k, vs in props.items()}
    return {"id": entity_id, "schema": schema, "properties": {k: v for k, v in clean.items() if v}}


def entity_to_ftm(entity: Entity) -> dict[str, Any]:
    schema = entity_kinds()[entity.kind]["ftm_schema"]
    props: dict[str, list[Any]] = {"name": [], "alias": [], "previousName": []}
    for name in entity.names:
        key = {"legal": "name", "list": "name", "former": "previousName"}.get(name.kind, "alias")
        props[key].append(name.text)
    if not props["name"]:  # FtM shows `name`; never leave it empty
        props["name"].append(entity.caption)
    props["alias"] = [a for a in props["alias"] if a not in props["name"]]
    if entity.country:
        props["country"] = [entity.country]
    by_scheme = {v: k for k, v in IDENT_PROPS.items()}
    for ident in entity.identifiers:
        props.setdefault(by_scheme.get(ident.scheme, "idNumber"), []).append(ident.value)
    return _proxy(entity.id, schema, props)


def document_to_ftm(doc: Document) -> dict[str, Any]:
    return _proxy(
        doc.id,
        "Document",
        {
            "title": [doc.title],
            "sourceUrl": [doc.url],
            "contentHash": [doc.id] if doc.text is not None else [],
            "publishedAt": [doc.published],
            "retrievedAt": [doc.retrieved],
            "language": [doc.language],
        },
    )


def relation_to_ftm(rel: Relation, store: Store) -> dict[str, Any]:
    spec = relation_types()[rel.type]
    schema = spec["ftm_schema"]
    a = rel.attrs
    props: dict[str, list[Any]] = {"startDate": [rel.start], "endDate": [rel.end]}
    if schema == "Ownership":
        props.update(owner=[rel.source], asset=[rel.target], percentage=[a.get("percent")])
        props.update(sharesValue=[a.get("amount")], sharesCurrency=[a.get("currency")])
        props["ownershipType"] = [rel.type]
    elif schema == "Sanction":
        target = store.entity(rel.target)
        props.update(entity=[rel.source], authority=[target.caption if target else rel.target])
        props.update(program=[a.get("program")], recordId=[a.get("list_entry")])
    else:
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(a.items()) if k != "role")
        role = " / ".join(x for x in (spec["label"], a.get("role"), detail) if x)
        props.update(subject=[rel.source], object=[rel.target], role=[role])
    props["proof"] = sorted({ev.document_id for ev in rel.evidence})
    props["summary"] = [ev.quote for ev in rel.evidence]
    urls = []
    for ev in rel.evidence:
        doc = store.document(ev.document_id, with_text=False)
        if doc and doc.url:
            urls.append(doc.url)
    props["sourceUrl"] = sorted(set(urls))
    payload = {
        "type": rel.type,
        "asset": rel.asset,
        "attrs": a,
        "evidence": [vars(ev) for ev in rel.evidence],
    }
    props["description"] = [json.dumps({EVIDENCE_TAG: payload}, ensure_ascii=False)]
    return _proxy(rel.id, schema, props)


def write_ftm(store: Store, out: TextIO) -> int:
    """Write the whole store as FtM JSON lines; returns the number of lines."""
    count = 0
    cited: set[str] = set()
    relations = list(store.relations())
    for rel in relations:
        cited.update(ev.document_id for ev in rel.evidence)
    for doc_id in sorted(cited):
        doc = store.document(doc_id, with_text=False)
        if doc:
            out.write(json.dumps(document_to_ftm(doc), ensure_ascii=False) + "\n")
            count += 1
    for entity in store.entities():
        out.write(json.dumps(entity_to_ftm(entity), ensure_ascii=False) + "\n")
        count += 1
    for rel in relations:
        out.write(json.dumps(relation_to_ftm(rel, store), ensure_ascii=False) + "\n")
        count += 1
    return count


# -- import ------------------------------------------------------------------------------------
def _lines(text: str, path: Path) -> Iterator[tuple[int, int, str, dict[str, Any]]]:
    """(line number, offset, raw line, parsed object) for each non-empty line."""
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        line = raw.rstrip("\r\n")
        if line.strip():
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(
                    f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno})"
                ) from exc
            if not isinstance(data, dict) or "schema" not in data or "id" not in data:
                raise UserError(
                    f"{path}, line {number}: not a FollowTheMoney entity (needs id, schema)"
                )
            if not isinstance(data.get("properties", {}), dict):
                raise UserError(f"{path}, line {number}: 'properties' must be an object")
            yield number, offset, line, data
        offset += len(raw)


def _values(props: dict[str, Any], key: str) -> list[str]:
    """A property's values. FtM says lists, but files in the wild carry a bare string too;
    iterating that would split it into characters."""
    raw = props.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [str(v) for v in items if v is not None and str(v).strip()]


def _first(props: dict[str, Any], key: str) -> str | None:
    values = _values(props, key)
    return values[0] if values else None


_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def _date(value: str | None) -> str | None:
    match = _DATE_PREFIX.match(value or "")
    return match.group(0) if match else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or short_hash(text, length=8)


def read_ftm(path: Path) -> Batch:
    """Read a FtM JSON-lines file into a Batch. Malformed lines raise UserError with the line."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start}); FtM files are UTF-8") from exc
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from exc
    if not text.strip():
        raise UserError(f"{path}: empty file")
    rows = list(_lines(text, path))
    batch = Batch()
    file_doc = Document.from_text(text, title=f"FollowTheMoney file {path.name}", kind="dataset")
    docs: dict[str, Document] = {}
    entities: dict[str, Entity] = {}
    for number, _, _, data in rows:
        schema, props = data["schema"], data.get("properties", {})
        if schema == "Document":
            docs[data["id"]] = Document(
                id=str(data["id"]),
                title=_first(props, "title") or _first(props, "fileName") or str(data["id"]),
                url=_first(props, "sourceUrl"),
                published=_date(_first(props, "publishedAt")),
                retrieved=_date(_first(props, "retrievedAt")),
                language=_first(props, "language"),
            )
        elif schema in SCHEMA_KINDS:
            names = [
                Name(text=v, kind=kind)
                for key, kind in NAME_PROPS.items()
                for v in _values(props, key)
            ]
            if not names:
                batch.rejected.append((f"line {number}", f"{schema} {data['id']} has no name"))
                continue
            idents = [
                Identifier(scheme, v)
                for key, scheme in IDENT_PROPS.items()
                for v in _values(props, key)
            ]
            entities[str(data["id"])] = Entity(
                id=str(data["id"]),
                kind=SCHEMA_KINDS[schema],
                names=names,
                identifiers=idents,
                country=_first(props, "country") or _first(props, "jurisdiction"),
            )
        elif schema not in LINK_SCHEMAS:
            batch.rejected.append((f"line {number}", f"schema {schema} is not imported"))
    batch.entities = list(entities.values())
    lists: dict[str, Entity] = {}
    used_file_doc = False
    for number, offset, line, data in rows:
        schema, props = data["schema"], data.get("properties", {})
        if schema not in LINK_SCHEMAS:
            continue
        rel = _link(data, props, entities, lists)
        if isinstance(rel, str):
            batch.rejected.append((f"line {number}", rel))
            continue
        carried = _carried_evidence(props, docs)
        if carried:
            rel.type, rel.asset, rel.attrs, rel.evidence = carried
        else:
            rel.evidence = [Evidence(file_doc.id, line, offset, offset + len(line), EXTRACTOR)]
            used_file_doc = True
        rel.id = ""
        rel.__post_init__()  # identity follows the (possibly restored) type and asset
        batch.relations.append(rel)
    batch.entities += lists.values()
    cited = {ev.document_id for r in batch.relations for ev in r.evidence}
    batch.documents = [d for d in docs.values() if d.id in cited]
    if used_file_doc:
        batch.documents.append(file_doc)
    return batch


def _link(
    data: dict[str, Any],
    props: dict[str, Any],
    entities: dict[str, Entity],
    lists: dict[str, Entity],
) -> Relation | str:
    """The relation a link entity states, or the reason it cannot be imported."""
    schema = data["schema"]
    start, end = _date(_first(props, "startDate")), _date(_first(props, "endDate"))
    if schema == "Ownership":
        src, tgt = _first(props, "owner"), _first(props, "asset")
        kind = "investment" if _first(props, "ownershipType") == "investment" else "ownership"
        attrs: dict[str, Any] = {}
        pct = _first(props, "percentage")
        if pct is not None:
            try:
                attrs["percent"] = float(str(pct).rstrip("%"))
            except ValueError:
                return f"Ownership {data['id']}: percentage {pct!r} is not a number"
        if _first(props, "sharesValue"):
            attrs["amount"] = _first(props, "sharesValue")
            attrs["currency"] = _first(props, "sharesCurrency")
    elif schema == "Sanction":
        src = _first(props, "entity")
        authority = _first(props, "authority") or "unknown authority"
        program = _first(props, "program") or ""
        tgt = "list-" + _slug(f"{authority} {program}")
        if tgt not in lists:
            label = f"{authority} / {program}" if program else authority
            lists[tgt] = Entity(tgt, "list", [Name(label, "en", "list")])
        kind = "listing"
        attrs = {"program": program or None, "authority": authority}
        start = start or _date(_first(props, "listingDate"))
    else:
        keys = {
            "Representation": ("agent", "client"),
            "Directorship": ("director", "organization"),
            "Employment": ("employee", "employer"),
            "Membership": ("member", "organization"),
        }.get(schema, ("subject", "object"))
        src, tgt = _first(props, keys[0]), _first(props, keys[1])
        kind = "partnership"
        attrs = {"role": _first(props, "role") or schema}
    for end_id in (src, tgt):
        if not end_id or (end_id not in entities and end_id not in lists):
            return f"{schema} {data['id']} points at an entity not in the file: {end_id!r}"
    assert src and tgt
    attrs = {k: v for k, v in attrs.items() if v is not None}
    return Relation(kind, src, tgt, attrs=attrs, start=start, end=end)


def _carried_evidence(
    props: dict[str, Any], docs: dict[str, Document]
) -> tuple[str, str | None, dict[str, Any], list[Evidence]] | None:
    """What our own export carries (type, asset, attributes, evidence), when complete."""
    for raw in _values(props, "description"):
        try:
            payload = json.loads(raw).get(EVIDENCE_TAG)
        except (json.JSONDecodeError, AttributeError):
            continue
        if not payload:
            continue
        evidence = [Evidence(**ev) for ev in payload["evidence"]]
        if evidence and all(ev.document_id in docs for ev in evidence):
            return payload["type"], payload.get("asset"), payload.get("attrs", {}), evidence
    return None
