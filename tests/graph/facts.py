"""Hand-built graphs with known answers (made-up companies, not real facts)."""

from __future__ import annotations

from typing import Any

from complicity.graph import Graph
from complicity.model import Batch, Document, Entity, Evidence, Name, Relation

LISTS = {
    "sdn": ("list-sdn", "OFAC SDN List"),
    "entity-list": ("list-entity-list", "US Entity List"),
    "ns-cmic": ("list-ns-cmic", "OFAC Non-SDN CMIC List"),
    "uflpa": ("list-uflpa", "UFLPA Entity List"),
}


class Facts:
    """A little world: entities, relations, one cited document for all evidence."""

    def __init__(self) -> None:
        self.doc = Document(id="doc-facts", title="Test facts", url="https://example.org/facts")
        self.entities: dict[str, Entity] = {}
        self.relations: list[Relation] = []

    def entity(self, eid: str, name: str | None = None, kind: str = "company") -> str:
        if eid not in self.entities:
            self.entities[eid] = Entity(eid, kind, [Name(name or eid.title(), "en", "short")])
        return eid

    def rel(
        self,
        type: str,
        a: str,
        b: str,
        start: str | None = None,
        end: str | None = None,
        confidence: float = 1.0,
        **attrs: Any,
    ) -> Relation:
        self.entity(a)
        self.entity(b)
        quote = f"{a} {type} {b}"
        rel = Relation(type, a, b, attrs=attrs, start=start, end=end,
                       evidence=[Evidence(self.doc.id, quote, None, None, "test", confidence)])  # fmt: skip
        self.relations.append(rel)
        return rel

    def own(self, a: str, b: str, pct: float | None = None, **kw: Any) -> Relation:
        if pct is not None:
            kw["percent"] = pct
        return self.rel("ownership", a, b, **kw)

    def listed(self, a: str, key: str = "sdn", **kw: Any) -> Relation:
        list_id, name = LISTS[key]
        self.entity(list_id, name, kind="list")
        return self.rel("listing", a, list_id, **kw)

    def graph(self) -> Graph:
        return Graph.from_relations(self.entities.values(), self.relations, [self.doc])

    def batch(self) -> Batch:
        return Batch(
            entities=list(self.entities.values()),
            relations=list(self.relations),
            documents=[self.doc],
        )
