"""The embedded store: one SQLite file.

Why SQLite: a single analyst needs no server, the file can be mailed to an editor, and FTS5's trigram
tokenizer gives substring search over Chinese names (which have no spaces to split on).

Every ``write`` is one transaction: the batch is validated first, then written under
``BEGIN IMMEDIATE`` and committed once; any error rolls everything back, so a failed or killed
import leaves the file exactly as it was (SQLite's journal guarantees the kill case).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from complicity.errors import UserError
from complicity.model import (
    Batch,
    Document,
    Entity,
    Evidence,
    Identifier,
    Judgement,
    ModelError,
    Name,
    Relation,
    ReviewItem,
    short_hash,
)
from complicity.names.normalize import to_simplified

DEFAULT_DB = "complicity.db"


def resolve_path(path: str | os.PathLike[str] | None) -> Path:
    """--db PATH, else $COMPLICITY_DB, else ./complicity.db."""
    return Path(path or os.environ.get("COMPLICITY_DB") or DEFAULT_DB)


def search_key(text: str) -> str:
    """What name search compares: simplified characters, case-folded, spaces folded."""
    return " ".join(to_simplified(text).casefold().split())


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("complicity.store").joinpath("migrations")
    found = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            found.append((int(item.name.split("_", 1)[0]), item.read_text("utf-8")))
    return sorted(found)


@dataclass
class WriteResult:
    label: str
    entities: int = 0  # new entities
    merged: int = 0  # entities that existed and were merged into
    names: int = 0
    relations: int = 0
    evidence: int = 0
    documents: int = 0
    judgements: int = 0
    review: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.label}: {self.entities} new entities, {self.merged} merged, "
            f"{self.names} names, {self.relations} relations, {self.evidence} evidence, "
            f"{self.documents} documents"
            + (f", {self.review} for review" if self.review else "")
            + (f", {len(self.rejected)} rejected" if self.rejected else "")
        )


@dataclass
class SearchHit:
    entity: Entity
    name: Name  # the name that matched


def citation_line(c: dict[str, Any]) -> str:
    """A citation (``Store.citations``) on one line: title, date, URL."""
    when = f", {c['published']}" if c.get("published") else ""
    return f"{c['title']}{when}" + (f"  {c['url']}" if c.get("url") else "")


def evidence_view(ev: Evidence, doc: Document | None) -> dict[str, Any]:
    """Evidence with the citation of its document (title, URL, date) as plain data."""
    return {
        "quote": ev.quote,
        "document": ev.document_id,
        "title": doc.title if doc else None,
        "url": doc.url if doc else None,
        "published": doc.published if doc else None,
        "start": ev.start,
        "end": ev.end,
        "extractor": ev.extractor,
        "confidence": ev.confidence,
    }


class Store:
    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # -- reading ------------------------------------------------------------------------------
    @property
    def cache_dir(self) -> Path:
        """Where work derived from this store is kept between runs (the name index): a folder
        beside the store file, safe to delete."""
        return self.path.parent / f".{self.path.name}.cache"

    @property
    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0])

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or the one it was merged into."""
        moved = self.conn.execute(
            "SELECT new_id FROM redirects WHERE old_id=?", (entity_id,)
        ).fetchone()
        entity_id = moved[0] if moved else entity_id
        row = self.conn.execute(
            "SELECT id, kind, country, attrs FROM entities WHERE id=?", (entity_id,)
        ).fetchone()
        return self._entity(row) if row else None

    def redirects(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT old_id, new_id FROM redirects").fetchall())

    def entities(self, kind: str | None = None) -> Iterator[Entity]:
        """Every entity (of ``kind``), names and identifiers read in one query each rather than
        per entity: building the graph reads them all."""
        where, params = (" WHERE e.kind=?", (kind,)) if kind else ("", ())
        rows = self.conn.execute(
            "SELECT e.id, e.kind, e.country, e.attrs FROM entities e" + where, params
        ).fetchall()
        join = "JOIN entities e ON e.id = x.entity_id" + where if kind else ""
        names, idents = self._names_and_identifiers(join, params)
        for row in rows:
            yield self._entity(row, names.get(row[0], []), idents.get(row[0], []))

    def _names_and_identifiers(
        self, join: str, params: tuple[Any, ...]
    ) -> tuple[dict[str, list[Name]], dict[str, list[Identifier]]]:
        """Names (with their sources) and identifiers of the entities ``join`` selects, by
        entity id, in the order ``entity`` gives them."""
        sources: dict[tuple[str, str], list[str]] = {}
        for eid, text, doc in self.conn.execute(
            f"SELECT x.entity_id, x.text, x.document_id FROM name_sources x {join} "
            "ORDER BY x.rowid",
            params,
        ):
            sources.setdefault((eid, text), []).append(doc)
        names: dict[str, list[Name]] = {}
        for eid, t, lang, k, sc in self.conn.execute(
            f"SELECT x.entity_id, x.text, x.lang, x.kind, x.script FROM names x {join} "
            "ORDER BY x.id",
            params,
        ):
            got = tuple(sources.get((eid, t), ()))
            names.setdefault(eid, []).append(Name(t, lang, k, sc, sources=got))
        given: dict[tuple[str, str, str], list[str]] = {}
        for eid, scheme, value, doc in self.conn.execute(
            f"SELECT x.entity_id, x.scheme, x.value, x.document_id FROM identifier_sources x "
            f"{join} ORDER BY x.rowid",
            params,
        ):
            given.setdefault((eid, scheme, value), []).append(doc)
        idents: dict[str, list[Identifier]] = {}
        for eid, scheme, value in self.conn.execute(
            f"SELECT x.entity_id, x.scheme, x.value FROM identifiers x {join} "
            "ORDER BY x.scheme, x.value",
            params,
        ):
            got = tuple(given.get((eid, scheme, value), ()))
            idents.setdefault(eid, []).append(Identifier(scheme, value, sources=got))
        return names, idents

    def _entity(
        self,
        row: tuple[Any, ...],
        names: list[Name] | None = None,
        idents: list[Identifier] | None = None,
    ) -> Entity:
        entity_id, kind, country, attrs = row
        if names is None or idents is None:
            by_name, by_ident = self._names_and_identifiers("WHERE x.entity_id=?", (entity_id,))
            names, idents = by_name.get(entity_id, []), by_ident.get(entity_id, [])
        return Entity(entity_id, kind, names, idents, country, json.loads(attrs))

    def relations(
        self, entity_id: str | None = None, type: str | None = None
    ) -> Iterator[Relation]:
        where, params = [], []
        if entity_id:
            where.append("(source_id=? OR target_id=? OR asset_id=?)")
            params += [entity_id] * 3
        if type:
            where.append("type=?")
            params.append(type)
        sql = (
            "SELECT id, type, source_id, target_id, asset_id, attrs, start_date, end_date "
            "FROM relations" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        )
        for rid, rtype, src, tgt, asset, attrs, start, end in self.conn.execute(sql, params):
            yield Relation(
                type=rtype,
                source=src,
                target=tgt,
                asset=asset,
                attrs=json.loads(attrs),
                start=start,
                end=end,
                evidence=self.evidence(rid),
                id=rid,
            )

    def evidence(self, relation_id: str) -> list[Evidence]:
        rows = self.conn.execute(
            'SELECT document_id, quote, start, "end", extractor, confidence FROM evidence '
            "WHERE relation_id=? ORDER BY id",
            (relation_id,),
        )
        return [Evidence(*row) for row in rows]

    def evidence_view(self, ev: Evidence, doc: Document | None = None) -> dict[str, Any]:
        """Evidence with its document's citation, as reports and JSON output show it."""
        doc = doc or self.document(ev.document_id, with_text=False)
        return evidence_view(ev, doc)

    def citations(self, given: Iterable[Name | Identifier]) -> dict[str, dict[str, Any]]:
        """The documents that give these names or identifiers (their ``sources``), in order of
        first use: document id -> its citation (title, URL, date)."""
        out: dict[str, dict[str, Any]] = {}
        for item in given:
            for doc_id in item.sources:
                if doc_id in out:
                    continue
                doc = self.document(doc_id, with_text=False)
                if doc is not None:
                    out[doc_id] = {"title": doc.title, "url": doc.url, "published": doc.published}
        return out

    def document(self, document_id: str, with_text: bool = True) -> Document | None:
        cols = "id, title, url, published, retrieved, language, kind" + (
            ", text" if with_text else ""
        )
        row = self.conn.execute(f"SELECT {cols} FROM documents WHERE id=?", (document_id,))
        found = row.fetchone()
        if not found:
            return None
        return Document(*found)

    def all_names(self) -> Iterator[tuple[str, Name]]:
        for eid, t, lang, k, s in self.conn.execute(
            "SELECT entity_id, text, lang, kind, script FROM names ORDER BY id"
        ):
            yield eid, Name(text=t, lang=lang, kind=k, script=s)

    def unnamed_in_chinese(self) -> list[str]:
        """Ids of the organisations in China (country cn, not a person or a list) that have no
        name in Chinese characters: a Chinese name of one matches none of its names as
        written (the Entity List gives the Xinjiang bureaus in English only)."""
        rows = self.conn.execute(
            "SELECT e.id FROM entities e WHERE e.country = 'cn' "
            "AND e.kind NOT IN ('person', 'list') "
            "AND e.id NOT IN (SELECT old_id FROM redirects) "
            "AND NOT EXISTS (SELECT 1 FROM names n WHERE n.entity_id = e.id "
            "AND n.script IN ('Hans', 'Hant')) ORDER BY e.id"
        )
        return [r[0] for r in rows]

    def identifiers_of(self, scheme: str) -> list[tuple[str, str]]:
        """(entity id, value) of every identifier of ``scheme`` (uscc: where each is registered)."""
        rows = self.conn.execute(
            "SELECT entity_id, value FROM identifiers WHERE scheme=? ORDER BY entity_id", (scheme,)
        )
        return [(r[0], r[1]) for r in rows]

    def find_by_identifier(self, scheme: str, value: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT entity_id FROM identifiers WHERE scheme=? AND value=?",
            (scheme, value),
        )
        return [r[0] for r in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Names containing the query (any script; traditional finds simplified and back).

        Trigrams need three characters; shorter queries (two-character Chinese short names are
        common: 旷视, 商汤) fall back to a LIKE scan, which is fine at knowledge-base scale."""
        key = search_key(query)
        if not key:
            raise UserError("empty search query")
        if len(key) >= 3:
            phrase = '"' + key.replace('"', '""') + '"'
            sql = (
                "SELECT n.entity_id, n.text, n.lang, n.kind, n.script FROM names_fts f "
                "JOIN names n ON n.id = f.rowid WHERE names_fts MATCH ? "
                "ORDER BY length(n.norm), n.id LIMIT ?"
            )
            params: tuple[Any, ...] = (phrase, limit * 5)
        else:
            like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            sql = (
                "SELECT entity_id, text, lang, kind, script FROM names WHERE norm LIKE ? "
                "ESCAPE '\\' ORDER BY length(norm), id LIMIT ?"
            )
            params = (f"%{like}%", limit * 5)
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for eid, text, lang, kind, script in self.conn.execute(sql, params):
            if eid in seen:
                continue
            seen.add(eid)
            entity = self.entity(eid)
            if entity:
                hits.append(SearchHit(entity, Name(text, lang, kind, script)))
            if len(hits) >= limit:
                break
        return hits

    def judgements(self) -> list[Judgement]:
        rows = self.conn.execute(
            "SELECT left_id, right_id, same, who, at, note FROM judgements ORDER BY id"
        )
        return [Judgement(a, b, bool(s), w, at, n) for a, b, s, w, at, n in rows]

    def add_judgement(self, judgement: Judgement) -> None:
        self.write(Batch(judgements=[judgement]), label=f"judgement by {judgement.who}")

    def counts(self) -> dict[str, int]:
        tables = ("entities", "names", "relations", "evidence", "documents", "judgements", "review")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    # -- writing ------------------------------------------------------------------------------
    def write(self, batch: Batch, label: str) -> WriteResult:
        """Write a batch in one transaction. Raises UserError (store unchanged) on bad facts."""
        batch = self._redirected(batch)
        self._validate(batch)
        result = WriteResult(label=label, rejected=list(batch.rejected))
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            names_before = self._last_name_id()
            for doc in batch.documents:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO documents VALUES (?,?,?,?,?,?,?,?)",
                    (
                        doc.id,
                        doc.title,
                        doc.url,
                        doc.published,
                        doc.retrieved,
                        doc.language,
                        doc.kind,
                        doc.text,
                    ),
                )
                result.documents += cur.rowcount
            for entity in batch.entities:
                self._write_entity(entity, result)
            for rel in batch.relations:
                self._write_relation(rel, result)
            for j in batch.judgements:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO judgements(left_id, right_id, same, who, at, note) "
                    "VALUES (?,?,?,?,?,?)",
                    (j.left, j.right, int(j.same), j.who, j.at, j.note),
                )
                result.judgements += cur.rowcount
            judged = {(a, b) for a, b in conn.execute("SELECT left_id, right_id FROM judgements")}
            now = datetime.now(UTC).isoformat(timespec="seconds")
            for item in batch.review:
                if item.left == item.right:
                    continue  # already merged (a redirect made both sides one entity)
                if (item.left, item.right) in judged or (item.right, item.left) in judged:
                    continue  # a person already decided: their judgement stands
                cur = conn.execute(
                    "INSERT OR IGNORE INTO review(left_id, right_id, score, reason, source, created) "
                    "VALUES (?,?,?,?,?,?)",
                    (item.left, item.right, item.score, item.reason, item.source, now),
                )
                result.review += cur.rowcount
            self._index_names_after(names_before)
            counts = {
                k: v
                for k, v in vars(result).items()
                if isinstance(v, int) and not isinstance(v, bool)
            }
            conn.execute(
                "INSERT INTO imports(label, at, counts) VALUES (?,?,?)",
                (label, datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(counts)),
            )
            conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'"
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return result

    def _redirected(self, batch: Batch) -> Batch:
        """The batch with merged-away ids replaced by the ids they were merged into."""
        moved = self.redirects()
        if not moved:
            return batch

        def to(entity_id: str) -> str:
            return moved.get(entity_id, entity_id)

        entities = [
            Entity(to(e.id), e.kind, e.names, e.identifiers, e.country, e.attrs)
            for e in batch.entities
        ]
        relations = [
            Relation(
                r.type,
                to(r.source),
                to(r.target),
                r.attrs,
                r.start,
                r.end,
                to(r.asset) if r.asset else None,
                r.evidence,
            )  # fmt: skip
            for r in batch.relations
        ]
        review = [
            ReviewItem(to(i.left), to(i.right), i.score, i.reason, i.source) for i in batch.review
        ]
        return Batch(entities, relations, batch.documents, batch.judgements, review, batch.rejected)

    # -- review -------------------------------------------------------------------------------
    def review_items(self, status: str | None = "open") -> list[dict[str, Any]]:
        sql = (
            "SELECT id, left_id, right_id, score, reason, source, created, status, decided_by, "
            "decided_at FROM review" + (" WHERE status=?" if status else "") + " ORDER BY id"
        )
        cols = ("id", "left", "right", "score", "reason", "source", "created", "status",
                "decided_by", "decided_at")  # fmt: skip
        rows = self.conn.execute(sql, (status,) if status else ())
        return [dict(zip(cols, row, strict=True)) for row in rows]

    def decide(self, item_id: int, same: bool, who: str, note: str = "") -> str | None:
        """Record a person's decision on a review item, in one transaction: the judgement is kept
        and, when the two are the same, the incoming entity is merged into the known one.
        Returns the id of the entity that remains (None when judged different)."""
        row = self.conn.execute(
            "SELECT left_id, right_id, status FROM review WHERE id=?", (item_id,)
        ).fetchone()
        if row is None:
            raise UserError(f"no review item {item_id}")
        left, right, status = row
        if status != "open":
            raise UserError(f"review item {item_id} was already decided ({status})")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT OR IGNORE INTO judgements(left_id, right_id, same, who, at, note) "
                "VALUES (?,?,?,?,?,?)",
                (left, right, int(same), who, now, note),
            )
            conn.execute(
                "UPDATE review SET status=?, decided_by=?, decided_at=? WHERE id=?",
                ("same" if same else "different", who, now, item_id),
            )
            if same and left != right and self.entity(left) and self.entity(right):
                self._merge(keep=right, drop=left)
            conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'"
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return right if same else None

    def _merge(self, keep: str, drop: str) -> None:
        """Move everything known about ``drop`` onto ``keep`` (inside the caller's transaction).
        Relations are re-keyed, so two sources of one fact become one relation with both pieces
        of evidence."""
        conn = self.conn
        names_before = self._last_name_id()
        conn.execute(
            "INSERT OR IGNORE INTO names(entity_id, text, norm, lang, kind, script) "
            "SELECT ?, text, norm, lang, kind, script FROM names WHERE entity_id=?",
            (keep, drop),
        )
        self._index_names_after(names_before)
        conn.execute("DELETE FROM names WHERE entity_id=?", (drop,))
        conn.execute(
            "INSERT OR IGNORE INTO name_sources SELECT ?, text, document_id FROM name_sources "
            "WHERE entity_id=?",
            (keep, drop),
        )
        conn.execute("DELETE FROM name_sources WHERE entity_id=?", (drop,))
        conn.execute(
            "INSERT OR IGNORE INTO identifiers SELECT ?, scheme, value FROM identifiers "
            "WHERE entity_id=?",
            (keep, drop),
        )
        conn.execute("DELETE FROM identifiers WHERE entity_id=?", (drop,))
        conn.execute(
            "INSERT OR IGNORE INTO identifier_sources SELECT ?, scheme, value, document_id "
            "FROM identifier_sources WHERE entity_id=?",
            (keep, drop),
        )
        conn.execute("DELETE FROM identifier_sources WHERE entity_id=?", (drop,))
        moved = list(self.relations(drop))
        result = WriteResult(label="merge")
        for rel in moved:
            conn.execute("DELETE FROM evidence WHERE relation_id=?", (rel.id,))
            conn.execute("DELETE FROM relations WHERE id=?", (rel.id,))
        for rel in moved:

            def to(entity_id: str | None) -> str | None:
                return keep if entity_id == drop else entity_id

            new = Relation(rel.type, to(rel.source) or keep, to(rel.target) or keep, rel.attrs,
                           rel.start, rel.end, to(rel.asset), rel.evidence)  # fmt: skip
            self._write_relation(new, result)
        conn.execute("DELETE FROM entities WHERE id=?", (drop,))
        conn.execute("UPDATE redirects SET new_id=? WHERE new_id=?", (keep, drop))
        conn.execute("INSERT OR REPLACE INTO redirects VALUES (?, ?)", (drop, keep))

    def _last_name_id(self) -> int:
        """The highest name id so far: the names a transaction adds come after it (a new row
        takes an id above the highest there is)."""
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM names").fetchone()[0])

    def _index_names_after(self, last_id: int) -> None:
        """Put the names added after ``last_id`` into the trigram index, in one statement
        (migration 0004 says why not a trigger)."""
        self.conn.execute(
            "INSERT INTO names_fts(rowid, norm) SELECT id, norm FROM names WHERE id > ?",
            (last_id,),
        )

    def _validate(self, batch: Batch) -> None:
        """Check every fact before anything is written, so errors name the fact, not SQL."""
        docs = {d.id: d for d in batch.documents}
        ids = {e.id for e in batch.entities}
        try:
            for entity in batch.entities:
                entity.validate()
                for name in entity.names:
                    for doc_id in name.sources:
                        if doc_id not in docs and self.document(doc_id, with_text=False) is None:
                            raise ModelError(
                                f"name {name.text!r} cites unknown document {doc_id!r}"
                            )
            for rel in batch.relations:
                rel.validate()
                for end in (rel.source, rel.target, rel.asset):
                    if end and end not in ids and not self.entity(end):
                        raise ModelError(f"relation {rel.type}: unknown entity {end!r}")
                for ev in rel.evidence:
                    doc = docs.get(ev.document_id) or self.document(ev.document_id)
                    if doc is None:
                        raise ModelError(f"evidence cites unknown document {ev.document_id!r}")
                    ev.validate(doc)
        except ModelError as exc:
            raise UserError(f"{exc}; nothing was written") from exc

    def _write_entity(self, entity: Entity, result: WriteResult) -> None:
        conn = self.conn
        cur = conn.execute(
            "INSERT OR IGNORE INTO entities VALUES (?,?,?,?)",
            (entity.id, entity.kind, entity.country, json.dumps(entity.attrs, ensure_ascii=False)),
        )
        if cur.rowcount:
            result.entities += 1
        else:
            # Merge: the same entity seen again (another list, another document) gains names,
            # identifiers and attributes; what was known stays.
            result.merged += 1
            row = conn.execute(
                "SELECT country, attrs FROM entities WHERE id=?", (entity.id,)
            ).fetchone()
            attrs = {**entity.attrs, **json.loads(row[1])}
            conn.execute(
                "UPDATE entities SET country=coalesce(country, ?), attrs=? WHERE id=?",
                (entity.country, json.dumps(attrs, ensure_ascii=False), entity.id),
            )
        for name in entity.names:
            cur = conn.execute(
                "INSERT OR IGNORE INTO names(entity_id, text, norm, lang, kind, script) "
                "VALUES (?,?,?,?,?,?)",
                (entity.id, name.text, search_key(name.text), name.lang, name.kind, name.script),
            )
            result.names += cur.rowcount
        conn.executemany(
            "INSERT OR IGNORE INTO name_sources VALUES (?,?,?)",
            [(entity.id, n.text, doc_id) for n in entity.names for doc_id in n.sources],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO identifiers VALUES (?,?,?)",
            [(entity.id, i.scheme, i.value) for i in entity.identifiers],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO identifier_sources VALUES (?,?,?,?)",
            [(entity.id, i.scheme, i.value, d) for i in entity.identifiers for d in i.sources],
        )

    def _write_relation(self, rel: Relation, result: WriteResult) -> None:
        conn = self.conn
        attrs = json.dumps(rel.attrs, ensure_ascii=False, sort_keys=True)
        cur = conn.execute(
            "INSERT OR IGNORE INTO relations VALUES (?,?,?,?,?,?,?,?)",
            (rel.id, rel.type, rel.source, rel.target, rel.asset, attrs, rel.start, rel.end),
        )
        if cur.rowcount:
            result.relations += 1
        else:
            # A second source for the same fact: keep known attributes, add new ones, and learn
            # an end date (a stake sold) without forgetting the start.
            (old_attrs,) = conn.execute(
                "SELECT attrs FROM relations WHERE id=?", (rel.id,)
            ).fetchone()
            merged = {**rel.attrs, **json.loads(old_attrs)}
            conn.execute(
                "UPDATE relations SET attrs=?, end_date=coalesce(end_date, ?) WHERE id=?",
                (json.dumps(merged, ensure_ascii=False, sort_keys=True), rel.end, rel.id),
            )
        for ev in rel.evidence:
            key = short_hash(rel.id, ev.document_id, ev.quote, ev.start, ev.end, ev.extractor)
            cur = conn.execute(
                'INSERT OR IGNORE INTO evidence(key, relation_id, document_id, quote, start, "end", '
                "extractor, confidence) VALUES (?,?,?,?,?,?,?,?)",
                (
                    key,
                    rel.id,
                    ev.document_id,
                    ev.quote,
                    ev.start,
                    ev.end,
                    ev.extractor,
                    ev.confidence,
                ),
            )
            result.evidence += cur.rowcount

    def close(self) -> None:
        self.conn.close()


def open_store(path: str | os.PathLike[str] | None = None, create: bool = True) -> Store:
    """Open (and migrate) the store. ``create=False`` for read-only commands: a missing file is
    then an error that says how to make one, not a silently created empty store."""
    resolved = resolve_path(path)
    if not resolved.exists():
        if not create:
            raise UserError(
                f"no store at {resolved}: run `complicity demo` or `complicity import FILE` first, "
                "or pass --db PATH"
            )
        if resolved.parent and not resolved.parent.exists():
            raise UserError(f"cannot create store {resolved}: folder {resolved.parent} is missing")
    elif resolved.is_dir():
        raise UserError(f"{resolved} is a folder, not a store file")
    try:
        conn = sqlite3.connect(resolved, isolation_level=None)  # we manage transactions
        conn.execute("PRAGMA foreign_keys=ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        migrations = _migrations()
        latest = migrations[-1][0]
        if version > latest:
            raise UserError(
                f"{resolved} has schema version {version}, newer than this complicity "
                f"understands ({latest}): upgrade complicity"
            )
        if version == 0 and resolved.stat().st_size > 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise UserError(f"{resolved} is an SQLite file but not a complicity store")
        for number, sql in migrations:
            if number > version:
                conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={number};\nCOMMIT;")
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{resolved} is not a usable store (SQLite says: {exc})") from exc
    return Store(resolved, conn)
