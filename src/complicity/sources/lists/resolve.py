"""Entries resolved against what the store already holds, before the batch is written.

Certain merges (the same company on three lists becomes one entity with three listings):
- a shared strong identifier (LEI, ISIN, USCC, OFAC entry number, IMO, the list entry itself, so a
  re-load reaches the entity an earlier load merged into);
- the same normalised name for organisations (never for people: two listed people with one name
  are often two people), unless the two carry different identifiers of one scheme, or both are
  entries of the same list (a list that gives two entries means two parties);
- a human judgement in the store (``same=True``); ``same=False`` blocks a merge.

Uncertain ones (a similar name, no shared identifier) are never forced: they come back as review
items for a person to decide.

Names are compared by ``complicity.names`` only: the "same normalised name" is ``name_key`` (the
normaliser's core, script, qualifiers, place prefix and legal form: "Co., Ltd." = "Company
Limited", 海康威視 = 海康威视, but "Hikvision GmbH" is not "Hikvision Inc."); review candidates
come from a ``NameIndex`` over the store's names, where the names of one stored entity are known
aliases of each other (a Chinese entry finds the entity whose English name a bilingual list gave),
and are kept when ``complicity.names.match`` scores them the same (``THRESHOLD``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from complicity.model import Entity, Identifier, Relation
from complicity.names.index import NameIndex
from complicity.names.match import THRESHOLD, alias_key
from complicity.names.normalize import NameInputError, normalize
from complicity.store import Store

from .base import STRONG_SCHEMES, ListBatch

CONFLICT_SCHEMES = ("lei", "uscc", "ofac_ent_num", "imo")
REVIEW_THRESHOLD = THRESHOLD  # the matcher's "same": a person decides, nothing is merged
REVIEW_CANDIDATES = 5  # stored entities looked at per name of a new entry


def name_key(text: str) -> str:
    """The "same normalised name" of organisations, from ``complicity.names.normalize``: script,
    core with qualifiers (``alias_key``), Chinese place prefix and legal form. "" when the name
    cannot be compared (empty, punctuation only)."""
    try:
        n = normalize(text)
    except NameInputError:
        return ""
    form = n.legal_form.key if n.legal_form else ""
    return f"{n.script}|{alias_key(n)}|{n.prefix or ''}|{form}"


@dataclass
class ReviewCandidate:
    entity: str
    names: list[str]
    candidate: str
    candidate_names: list[str]
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class Resolution:
    """What resolution did to a batch. Entity counts cover list entries and named parties."""

    new: list[str] = field(default_factory=list)
    merged_store: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (store id, why)
    merged_batch: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (batch id, why)
    review: list[ReviewCandidate] = field(default_factory=list)

    def final_id(self, eid: str) -> str:
        seen = set()
        while eid in self.merged_batch and eid not in seen:
            seen.add(eid)
            eid = self.merged_batch[eid][0]
        return self.merged_store.get(eid, (eid, ""))[0]

    def summary(self) -> str:
        why: dict[str, int] = defaultdict(int)
        for _, reason in list(self.merged_store.values()) + list(self.merged_batch.values()):
            why[reason] += 1
        detail = ", ".join(f"{n} by {r}" for r, n in sorted(why.items()))
        return (
            f"{len(self.new)} new entities, {len(self.merged_store)} merged into existing "
            f"entities, {len(self.merged_batch)} merged within this load"
            + (f" ({detail})" if detail else "")
            + f", {len(self.review)} for review"
        )


def _lists_of(ent: Entity) -> dict[str, str]:
    """list id -> entry, from the entity's list_entry identifiers."""
    out = {}
    for ident in ent.identifiers:
        if ident.scheme == "list_entry" and ":" in ident.value:
            lid, entry = ident.value.rsplit(":", 1)
            out[lid] = entry
    return out


def _conflict(a: Entity, b: Entity) -> bool:
    """Two entities that cannot be one: different codes of a scheme that is one per company, or
    different entries of one list."""
    for scheme in CONFLICT_SCHEMES:
        va = {i.value for i in a.identifiers if i.scheme == scheme}
        vb = {i.value for i in b.identifiers if i.scheme == scheme}
        if va and vb and not va & vb:
            return True
    la, lb = _lists_of(a), _lists_of(b)
    return any(lid in lb and lb[lid] != entry for lid, entry in la.items())


def _is_org(ent: Entity) -> bool:
    return ent.kind not in ("person", "list")


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[x] = root
        return root


def resolve(batch: ListBatch, store: Store | None, review: bool = True) -> Resolution:
    """Rewrite ``batch`` in place so merged entries carry the id they merge into; return what
    was merged and what needs a human."""
    res = Resolution()
    ents = {e.id: e for e in batch.entities}
    lists = {eid for eid, e in ents.items() if e.kind == "list"}
    judged_same: set[frozenset[str]] = set()
    judged_diff: set[frozenset[str]] = set()
    if store is not None:
        for j in store.judgements():
            (judged_same if j.same else judged_diff).add(frozenset((j.left, j.right)))

    def blocked(a: str, b: str) -> bool:
        return frozenset((a, b)) in judged_diff

    # 1. within the batch: shared identifiers, then the same organisation name
    uf = _Union()
    merged_group: dict[str, Entity] = {}  # root -> combined view for conflict checks

    def group(eid: str) -> Entity:
        root = uf.find(eid)
        return merged_group.get(root) or ents[root]

    def union(a: str, b: str, why: str) -> bool:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or blocked(a, b):
            return False
        ga, gb = group(ra), group(rb)
        if _conflict(ga, gb) and why != "identifier":
            return False
        # the listed entry absorbs the named party; otherwise the first read wins
        if ra in batch.secondary and rb not in batch.secondary:
            ra, rb = rb, ra
        uf.parent[rb] = ra
        combined = Entity(ra, ga.kind, identifiers=list({*ga.identifiers, *gb.identifiers}))
        merged_group[ra] = combined
        res.merged_batch[rb] = (ra, why)
        return True

    by_ident: dict[Identifier, str] = {}
    for eid, ent in ents.items():
        if eid in lists:
            continue
        for ident in ent.identifiers:
            if ident.scheme in STRONG_SCHEMES and ident.scheme != "list_entry":
                other = by_ident.setdefault(ident, eid)
                if other != eid:
                    union(other, eid, "identifier")
    by_name: dict[str, str] = {}
    for eid, ent in ents.items():
        if not _is_org(ent):
            continue
        for name in ent.names:
            key = name_key(name.text)
            if not key:
                continue
            other = by_name.setdefault(key, eid)
            if other != eid:
                union(other, eid, "name")

    # 2. against the store
    roots = [eid for eid in ents if eid not in lists and uf.find(eid) == eid]
    members: dict[str, list[Entity]] = defaultdict(list)
    for eid in ents:
        if eid not in lists:
            members[uf.find(eid)].append(ents[eid])
    if store is not None and store.counts()["entities"]:
        names = _StoreNames(store)
        cache: dict[str, Entity | None] = {}

        def stored(sid: str) -> Entity | None:
            if sid not in cache:
                cache[sid] = store.entity(sid)
            return cache[sid]

        for root in roots:
            group_ents = members[root]
            view = Entity(root, ents[root].kind)
            for e in group_ents:
                view.identifiers += e.identifiers
            target, why = _store_match(store, group_ents, view, names, stored, blocked)
            if target is None:
                for e in group_ents:
                    for other in _judged(e.id, judged_same):
                        if stored(other) is not None:
                            target, why = other, "judgement"
            if target is not None:
                res.merged_store[root] = (target, why)
                continue
            res.new.append(root)
            if review and any(_is_org(e) for e in group_ents):
                res.review += _review(group_ents, names, stored, blocked)
    else:
        res.new = list(roots)
    _rewrite(batch, res)
    return res


def _judged(eid: str, pairs: set[frozenset[str]]) -> Iterable[str]:
    for pair in pairs:
        if eid in pair:
            yield from (p for p in pair if p != eid)


def _store_match(
    store: Store,
    group_ents: list[Entity],
    view: Entity,
    names: _StoreNames,
    stored: Callable[[str], Entity | None],
    blocked: Callable[[str, str], bool],
) -> tuple[str | None, str]:
    ids = [e.id for e in group_ents]
    for ident in dict.fromkeys(view.identifiers):
        if ident.scheme not in STRONG_SCHEMES:
            continue
        for sid in store.find_by_identifier(ident.scheme, ident.value):
            if not any(blocked(i, sid) for i in ids):
                return sid, "identifier"
    if not any(_is_org(e) for e in group_ents):
        return None, ""
    for e in group_ents:
        for name in e.names:
            for sid in sorted(names.by_key().get(name_key(name.text), ())):
                other = stored(sid)
                if other is None or not _is_org(other) or any(blocked(i, sid) for i in ids):
                    continue
                if not _conflict(view, other):
                    return sid, "name"
    return None, ""


class _StoreNames:
    """The store's names, read when first needed: by ``name_key`` (exact merges) and as a
    ``NameIndex`` (review candidates). A load whose entries all resolve by identifier reads
    neither."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_key: dict[str, set[str]] | None = None
        self._index: NameIndex | None = None
        self.texts: dict[str, list[str]] = defaultdict(list)

    def by_key(self) -> dict[str, set[str]]:
        if self._by_key is None:
            self._by_key = defaultdict(set)
            for sid, name in self.store.all_names():
                key = name_key(name.text)
                if key:
                    self._by_key[key].add(sid)
        return self._by_key

    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex.from_store(self.store, cache=self.store.cache_dir)
            for sid, text in zip(
                (self._index.entity_ids[int(e)] for e in self._index.name_entity),
                self._index.names,
                strict=True,
            ):
                self.texts[sid].append(text)
        return self._index


def _review(
    group_ents: list[Entity],
    names: _StoreNames,
    stored: Callable[[str], Entity | None],
    blocked: Callable[[str, str], bool],
) -> list[ReviewCandidate]:
    """Stored organisations whose names the matcher scores the same as a name of this new entry
    (best score per stored entity), for a person to decide."""
    index = names.index()
    texts = [n.text for e in group_ents for n in e.names]
    best: dict[str, float] = {}
    for text in texts:
        try:
            hits = index.search(text, limit=REVIEW_CANDIDATES, explain=False)
        except NameInputError:
            continue
        for hit in hits:
            if hit.score >= REVIEW_THRESHOLD and hit.score > best.get(hit.entity_id, 0.0):
                best[hit.entity_id] = hit.score
    items = []
    ids = [e.id for e in group_ents]
    for sid, score in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])):
        if any(blocked(i, sid) for i in ids):
            continue
        other = stored(sid)
        if other is None or not _is_org(other):
            continue
        items.append(
            ReviewCandidate(
                entity=group_ents[0].id,
                names=texts,
                candidate=sid,
                candidate_names=names.texts[sid],
                score=round(score, 3),
                reason="similar name, no shared identifier",
            )
        )
    return items


def _rewrite(batch: ListBatch, res: Resolution) -> None:
    """Give every entity and relation end its final id; fold merged entities together."""
    final: dict[str, Entity] = {}
    for ent in batch.entities:
        fid = res.final_id(ent.id)
        if fid in final:
            into = final[fid]
            have = {(n.text, n.kind) for n in into.names}
            texts = {n.text for n in into.names}
            for n in ent.names:
                if n.text not in texts and (n.text, n.kind) not in have:
                    into.names.append(n)
                    texts.add(n.text)
            for i in ent.identifiers:
                if i not in into.identifiers:
                    into.identifiers.append(i)
            for k, v in ent.attrs.items():
                into.attrs.setdefault(k, v)
            into.country = into.country or ent.country
        else:
            ent.id = fid
            final[fid] = ent
    batch.entities = list(final.values())
    rels: dict[str, Relation] = {}
    for rel in batch.relations:
        src, dst = res.final_id(rel.source), res.final_id(rel.target)
        if src == dst:
            continue  # a parent named by its own entry: nothing to assert
        new = Relation(
            rel.type,
            src,
            dst,
            attrs=rel.attrs,
            start=rel.start,
            end=rel.end,
            asset=res.final_id(rel.asset) if rel.asset else None,
            evidence=list(rel.evidence),
        )
        old = rels.get(new.id)
        if old is None:
            rels[new.id] = new
        else:
            old.evidence += [e for e in new.evidence if e not in old.evidence]
            for k, v in new.attrs.items():
                old.attrs.setdefault(k, v)
    batch.relations = list(rels.values())
