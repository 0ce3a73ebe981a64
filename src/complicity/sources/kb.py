"""The starter knowledge base: facts we wrote, each with its source (``data/kb/*.yaml``).

Sources are cited, not redistributed: a source's text is not shipped, so its Document has no text.
Where we hold a local copy for checking (the founding newsletter, list snapshots in ../shared), the
source records that copy's sha256 and each quote its character offsets in it; the test suite checks
``copy[start:end] == quote`` whenever the copy is present.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from complicity.errors import UserError
from complicity.model import (
    Batch,
    Document,
    Entity,
    Evidence,
    Identifier,
    ModelError,
    Name,
    Relation,
    check_date,
    relation_types,
    short_hash,
)

KB_FILES = ("sources.yaml", "entities.yaml", "relations.yaml")
EXTRACTOR = "kb-curated"
ATTRIBUTE_KEYS = {"percent", "amount", "currency", "round", "product", "role", "project",
                  "program", "list_entry", "date"}  # fmt: skip


def kb_dir() -> Path:
    return Path(str(resources.files("complicity.data").joinpath("kb")))


def _load(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / name
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise UserError(f"knowledge base file missing: {path}") from exc
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, list):
        raise UserError(f"{path}: expected a list of items")
    return data


def source_document(src: dict[str, Any]) -> Document:
    doc_id = src.get("sha256") or short_hash(src.get("url"), src["title"], length=64)
    return Document(
        id=doc_id,
        title=src["title"],
        url=src.get("url"),
        published=check_date(str(src["published"]) if src.get("published") else None),
        retrieved=check_date(str(src["retrieved"]) if src.get("retrieved") else None),
        language=src.get("language"),
        kind=src.get("kind", "article"),
        text=None,
    )


def read_kb(folder: Path | None = None) -> Batch:
    """The knowledge base as one Batch. Any inconsistency is an error naming the item."""
    folder = folder or kb_dir()
    sources, entities, relations = (_load(folder, n) for n in KB_FILES)
    batch = Batch()
    docs: dict[str, Document] = {}
    for i, src in enumerate(sources):
        where = f"sources.yaml item {i + 1} ({src.get('id', '?')})"
        try:
            docs[src["id"]] = source_document(src)
        except (KeyError, ModelError) as exc:
            raise UserError(f"{where}: {exc}") from exc
    batch.documents = list(docs.values())
    ids: set[str] = set()
    for i, item in enumerate(entities):
        where = f"entities.yaml item {i + 1} ({item.get('id', '?')})"
        try:
            cited = list(item.get("sources", []))
            own = [list(n.get("sources", [])) for n in item["names"]]
            given = [list(x.get("sources", [])) for x in item.get("identifiers", [])]
            every = list(dict.fromkeys(cited + [x for srcs in own + given for x in srcs]))
            for src_id in every:
                if src_id not in docs:
                    raise UserError(f"{where}: unknown source {src_id!r}")
            entity = Entity(
                id=item["id"],
                kind=item["kind"],
                # a name comes from the sources listed for it, else from the entity's: a
                # Chinese name added to a list entity cites the filing that gives it, not the
                # list that gives only the English
                names=[
                    Name(
                        str(n["text"]),
                        n.get("lang"),
                        n.get("kind", "alias"),
                        sources=tuple(docs[x].id for x in srcs or cited),
                    )
                    for n, srcs in zip(item["names"], own, strict=True)
                ],
                # an identifier too: from its own sources, else the entity's
                identifiers=[
                    Identifier(
                        x["scheme"],
                        str(x["value"]),
                        sources=tuple(docs[s].id for s in srcs or cited),
                    )
                    for x, srcs in zip(item.get("identifiers", []), given, strict=True)
                ],
                country=item.get("country"),
                attrs={"sources": every},
            ).validate()
        except (KeyError, TypeError, ModelError) as exc:
            raise UserError(f"{where}: {exc}") from exc
        if entity.id in ids:
            raise UserError(f"{where}: duplicate id")
        ids.add(entity.id)
        batch.entities.append(entity)
    for i, item in enumerate(relations):
        where = f"relations.yaml item {i + 1} ({item.get('type')} {item.get('source')}->{item.get('target')})"
        try:
            batch.relations.append(_relation(item, docs, ids))
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"{where}: {exc}") from exc
    return batch


def _relation(item: dict[str, Any], docs: dict[str, Document], ids: set[str]) -> Relation:
    if item["type"] not in relation_types():
        raise ModelError(f"unknown type {item['type']!r}")
    for key in ("source", "target", "asset"):
        if item.get(key) and item[key] not in ids:
            raise ModelError(f"unknown entity {item[key]!r}")
    evidence = []
    for ev in item["evidence"]:
        if ev["source"] not in docs:
            raise ModelError(f"unknown source {ev['source']!r}")
        evidence.append(
            Evidence(
                document_id=docs[ev["source"]].id,
                quote=ev["quote"],
                start=ev.get("start"),
                end=ev.get("end"),
                extractor=EXTRACTOR,
                confidence=float(ev.get("confidence", 1.0)),
            )
        )
    attrs = {k: v for k, v in item.items() if k in ATTRIBUTE_KEYS and v is not None}
    return Relation(
        type=item["type"],
        source=item["source"],
        target=item["target"],
        asset=item.get("asset"),
        attrs=attrs,
        start=str(item["start"]) if item.get("start") else None,
        end=str(item["end"]) if item.get("end") else None,
        evidence=evidence,
    ).validate()


def local_copies(folder: Path | None = None) -> list[dict[str, Any]]:
    """Sources that name a local copy (for the offset checks in the test suite)."""
    return [s for s in _load(folder or kb_dir(), "sources.yaml") if s.get("local_copy")]
