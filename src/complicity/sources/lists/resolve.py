"""Entries resolved against what the store already holds, before the batch is written.

Certain merges (the same company on three lists becomes one entity with three listings):
- a shared strong identifier (LEI, ISIN, USCC, OFAC entry number, IMO, the list entry itself, so a
  re-load reaches the entity an earlier load merged into);
- the same normalised name for organisations (never for people: two listed people with one name
  are often two people), unless the two carry different identifiers of one scheme, or both are
  entries of the same list (a list that gives two entries means two parties);
- a human judgement in the store (``same=True``); ``same=False`` blocks a merge.

Uncertain ones (a similar name, no shared identifier) are never forced: they come back as review
items for a person to decide. Similarity uses ``complicity.names.score`` when that module
provides it, else a token-sort ratio of normalised names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from complicity.model import Entity, Identifier, Relation
from complicity.store import Store

from .base import STRONG_SCHEMES, ListBatch, norm_name

CONFLICT_SCHEMES = ("lei", "uscc", "ofac_ent_num", "imo")
REVIEW_THRESHOLD = 0.9
MAX_BUCKET = 200  # a token shared by more names than this is too common to block on
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass
class ReviewItem:
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
    review: list[ReviewItem] = field(default_factory=list)

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


Scorer = Callable[[str, str], float]


_LEGAL = frozenset(
    """co ltd limited company corporation corp inc incorporated llc jsc ojsc pjsc cjsc zao oao ao
    pao ooo joint stock public closed open liability plc gmbh ag sa group holdings holding the of
    and""".split()  # noqa: SIM905 - a word list reads better as words
)
_LEGAL_ZH = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)$")


def core_name(text: str) -> str:
    """A name without legal-form words: what the fallback similarity compares."""
    words = [w for w in norm_name(text).split() if w not in _LEGAL]
    return _LEGAL_ZH.sub("", " ".join(words))


def fallback_score(a: str, b: str) -> float:
    ca, cb = core_name(a), core_name(b)
    if min(len(ca), len(cb)) < 4:
        return 0.0
    return fuzz.token_sort_ratio(ca, cb) / 100.0


def default_scorer() -> Scorer:
    """The project matcher when it exists (it knows scripts and legal forms), else a fuzzy ratio
    over normalised names without their legal forms."""
    try:
        from complicity.names.match import score as matcher_score
    except ImportError:
        return fallback_score

    def scorer(a: str, b: str) -> float:
        try:
            return float(matcher_score(a, b).score)
        except ValueError:  # a name the matcher refuses (empty after normalising...)
            return fallback_score(a, b)

    return scorer


def _tokens(norm: str) -> set[str]:
    toks = {t for t in norm.split() if len(t) >= 3}
    for part in norm.split():
        if _HAN.search(part):
            toks.update(part[i : i + 2] for i in range(len(part) - 1))
    return toks


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


def resolve(
    batch: ListBatch,
    store: Store | None,
    scorer: Scorer | None = None,
    review: bool = True,
) -> Resolution:
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
            key = norm_name(name.text)
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
        name_index: dict[str, set[str]] = defaultdict(set)
        token_index: dict[str, set[str]] = defaultdict(set)
        store_names: dict[str, list[str]] = defaultdict(list)
        for sid, name in store.all_names():
            key = norm_name(name.text)
            name_index[key].add(sid)
            store_names[sid].append(name.text)
            if review:
                for tok in _tokens(key):
                    token_index[tok].add(sid)
        cache: dict[str, Entity | None] = {}

        def stored(sid: str) -> Entity | None:
            if sid not in cache:
                cache[sid] = store.entity(sid)
            return cache[sid]

        score = scorer or default_scorer()
        for root in roots:
            group_ents = members[root]
            view = Entity(root, ents[root].kind)
            for e in group_ents:
                view.identifiers += e.identifiers
            target, why = _store_match(store, group_ents, view, name_index, stored, blocked)
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
                res.review += _review(group_ents, token_index, store_names, stored, score, blocked)
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
    name_index: dict[str, set[str]],
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
            for sid in sorted(name_index.get(norm_name(name.text), ())):
                other = stored(sid)
                if other is None or not _is_org(other) or any(blocked(i, sid) for i in ids):
                    continue
                if not _conflict(view, other):
                    return sid, "name"
    return None, ""


def _review(
    group_ents: list[Entity],
    token_index: dict[str, set[str]],
    store_names: dict[str, list[str]],
    stored: Callable[[str], Entity | None],
    score: Scorer,
    blocked: Callable[[str, str], bool],
) -> list[ReviewItem]:
    counts: dict[str, int] = defaultdict(int)
    names = [n.text for e in group_ents for n in e.names]
    for text in names:
        for tok in _tokens(norm_name(text)):
            bucket = token_index.get(tok, ())
            if len(bucket) <= MAX_BUCKET:
                for sid in bucket:
                    counts[sid] += 1
    items = []
    ids = [e.id for e in group_ents]
    for sid, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:20]:
        if any(blocked(i, sid) for i in ids):
            continue
        best = 0.0
        for a in names:
            for b in store_names[sid]:
                best = max(best, score(a, b))
        if best >= REVIEW_THRESHOLD:
            other = stored(sid)
            if other is None or not _is_org(other):
                continue
            items.append(
                ReviewItem(
                    entity=group_ents[0].id,
                    names=names,
                    candidate=sid,
                    candidate_names=store_names[sid],
                    score=round(best, 3),
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
