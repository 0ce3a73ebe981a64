"""Mentions to entities: exact, else the cross-script matcher, else a new entity.

- **exact**: the gazetteer found one of the store's names (or the name without region prefix and
  legal form equals one), so the mention already carries the entity id;
- **matcher**: otherwise, with a store, the name is looked up in the store's ``NameIndex`` (built
  once per run); the best candidate is taken when its score reaches ``match.THRESHOLD`` and it
  beats the runner-up (a tie says nothing), and when its kind fits the mention (an organisation is
  never resolved to a list or an event, a list only to a list). Event names are never resolved by
  the matcher: "6th … Expo" and "5th … Expo" differ by one character and are different events;
- **new**: a new entity with a deterministic id (same name, same id), so ingesting again adds
  nothing.

How each mention was resolved is kept (``Resolution``) and shown by ``complicity extract --json``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from complicity.extract.mentions import Mention, new_entity_id

SEARCH_LIMIT = 3


@dataclass(frozen=True)
class Resolution:
    how: str  # exact | matcher | new
    entity_id: str
    score: float | None = None  # matcher: the winning score
    matched: str | None = None  # matcher: the store name it was compared with
    nearest: tuple[str, str, float] | None = None  # new: the best candidate turned down
    why: str | None = None  # new: why that candidate was turned down

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"how": self.how}
        if self.how == "matcher":
            out["score"] = round(self.score or 0.0, 3)
            out["matched"] = self.matched
        elif self.how == "new":
            out["entity_id"] = self.entity_id
            if self.nearest is not None:
                eid, name, score = self.nearest
                out["nearest"] = {"entity_id": eid, "name": name, "score": round(score, 3)}
                out["why"] = self.why
        return out


def _fits(mention_kind: str, entity_kind: str | None) -> bool:
    if entity_kind is None:
        return True  # unknown: the matcher's word stands
    if mention_kind == "list":
        return entity_kind == "list"
    return entity_kind not in ("list", "event")


class Resolver:
    """Resolves mentions against a name index (``None``: exact or new only)."""

    def __init__(
        self,
        index: Any = None,
        kind_of: Callable[[str], str | None] | None = None,
        threshold: float | None = None,
    ) -> None:
        if threshold is None:
            from complicity.names.match import THRESHOLD

            threshold = THRESHOLD
        self.index = index
        self.kind_of = kind_of or (lambda _eid: None)
        self.threshold = threshold
        self._memo: dict[tuple[str, str], Resolution | None] = {}
        self._kinds: dict[str, str | None] = {}

    @classmethod
    def from_store(cls, store: Any) -> Resolver:
        """The store's names indexed once (``NameIndex.from_store``); entity kinds asked of the
        store, which must stay open while the resolver is used."""
        from complicity.names.index import NameIndex

        def kind_of(entity_id: str) -> str | None:
            entity = store.entity(entity_id)
            return entity.kind if entity is not None else None

        return cls(NameIndex.from_store(store, cache=getattr(store, "cache_dir", None)), kind_of)

    def _kind(self, entity_id: str) -> str | None:
        if entity_id not in self._kinds:
            self._kinds[entity_id] = self.kind_of(entity_id)
        return self._kinds[entity_id]

    def resolve(self, mention: Mention) -> Resolution:
        if mention.entity_id:
            return Resolution("exact", mention.entity_id)
        new_id = new_entity_id(mention)
        if self.index is None or mention.kind == "event" or not len(self.index):
            return Resolution("new", new_id)
        key = (mention.kind, mention.name or mention.text)
        if key not in self._memo:
            self._memo[key] = self._search(*key)
        found = self._memo[key]
        if found is None:
            return Resolution("new", new_id)
        if found.how == "new":  # a candidate turned down: keep it, with this mention's id
            return Resolution("new", new_id, nearest=found.nearest, why=found.why)
        return found

    def _search(self, kind: str, name: str) -> Resolution | None:
        from complicity.names.normalize import NameInputError

        try:
            candidates = self.index.search(name, limit=SEARCH_LIMIT)
        except NameInputError:
            return None
        candidates = [c for c in candidates if _fits(kind, self._kind(c.entity_id))]
        if not candidates:
            return None
        best = candidates[0]
        nearest = (best.entity_id, best.name, best.score)
        if best.score < self.threshold:
            why = f"score {best.score:.3f} below the threshold {self.threshold}"
            return Resolution("new", "", nearest=nearest, why=why)
        if len(candidates) > 1 and candidates[1].score >= best.score:
            why = f"tie with {candidates[1].entity_id} ({candidates[1].score:.3f})"
            return Resolution("new", "", nearest=nearest, why=why)
        return Resolution("matcher", best.entity_id, score=best.score, matched=best.name)
