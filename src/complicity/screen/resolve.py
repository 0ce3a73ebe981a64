"""One answer to "which entity does the user mean?", for every command that takes ENTITY.

An id wins; then a name written exactly as stored; then the cross-script matcher (so 海康威視,
HIKVISION DIGITAL TECHNOLOGY CO LTD and Hikvision all find the same entity); then a substring hit
if it is the only one. Anything still ambiguous is an error that lists the candidates, because
picking one silently would put a wrong name in a compliance answer.
"""

from __future__ import annotations

from complicity.errors import UserError
from complicity.model import Entity
from complicity.store import Store


def resolve_entity(store: Store, ref: str) -> Entity:
    from complicity.names.index import NameIndex
    from complicity.names.match import THRESHOLD

    entity = store.entity(ref)
    if entity:
        return entity
    hits = store.search(ref, limit=10)
    exact = {h.entity.id: h.entity for h in hits if h.name.text.casefold() == ref.casefold()}
    if len(exact) == 1:
        return next(iter(exact.values()))
    candidates = [
        c
        for c in NameIndex.from_store(store, cache=store.cache_dir).search(ref, limit=5)
        if c.score >= THRESHOLD
    ]
    if candidates and (len(candidates) == 1 or candidates[0].score > candidates[1].score):
        found = store.entity(candidates[0].entity_id)
        if found:
            return found
    if not candidates and len(hits) == 1:
        return hits[0].entity
    pool = [f"{c.entity_id} ({c.name}, score {c.score:.2f})" for c in candidates] or [
        f"{h.entity.id} ({h.entity.caption})" for h in hits
    ]
    if not pool:
        raise UserError(f"no entity with id or name {ref!r}")
    raise UserError(f"{ref!r} matches several entities, give an id: {'; '.join(pool[:8])}")
