"""The relation graph as compact arrays: typed, dated edges that point back at their evidence.

One row per relation (parallel numpy arrays: source, target, type, start, end, percent,
confidence), plus two adjacency indexes in CSR form (offsets + rows, sorted by node):

- ``arcs``: exposure arcs, built from the ``exposure`` key of ``schema/relations.yaml``. An arc
  u -> v means "u is exposed through v" (``source_via_target``: source -> target; ``both``: both
  ways; ``target_via_source``: target -> source; ``none``: no arc).
- ``holders``: for each entity, the relations that point *at* it (owners, investors ...), which the
  ownership rules walk upwards.

The graph keeps relation ids, not evidence: ``evidence(i)`` reads it when a path is explained,
from the Relation objects it was built from or from the store. ``from_store`` is cached on
``store.generation``, so the graph is rebuilt after an import and reused otherwise.

Dates are kept as integers YYYYMMDD: a start as its earliest possible day (``model.date_floor``),
an end as its latest possible day (``model.date_ceil``; "2019-04" -> 20190431, which compares
correctly), a missing start as 0 and a missing end as 99999999. ``in_force(as_of)`` keeps an edge
unless it *certainly* ended before ``as_of`` or *certainly* started after it: a stake "sold in April
2019" is still counted on 2019-04-15. For screening that is the conservative side (a link is not
dropped on a guess); the path shows the edge's own dates so a reader can judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from complicity.model import Document, Entity, Evidence, Relation, date_ceil, date_floor
from complicity.model import relation_types as _relation_types
from complicity.store.db import evidence_view

if TYPE_CHECKING:
    from complicity.store import Store

NO_START = 0
NO_END = 99_999_999

IntArray = npt.NDArray[np.int64]
I32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def day_floor(value: str | None) -> int:
    """Earliest day a partial date can mean, as YYYYMMDD; None -> 0."""
    return int(date_floor(value).replace("-", "")) if value else NO_START


def day_ceil(value: str | None) -> int:
    """Latest day a partial date can mean, as YYYYMMDD; None -> 99999999."""
    return int(date_ceil(value).replace("-", "")) if value else NO_END


def day_int(as_of: str) -> int:
    """A full ISO date as YYYYMMDD (a partial one is taken at its first day)."""
    return day_floor(as_of)


def _int_date(value: int, ceil: bool) -> str | None:
    if value in (NO_START, NO_END):
        return None
    text = f"{value:08d}"
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


@dataclass(frozen=True)
class Arc:
    """One exposure arc, as a path step: ``frm`` is exposed through ``to`` via relation ``rel``;
    ``forward`` is True when ``frm`` is the relation's source."""

    frm: int
    to: int
    rel: int
    forward: bool


def _csr(keys: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """(offsets, order): rows of node k are order[offsets[k]:offsets[k+1]]."""
    order = np.argsort(keys, kind="stable").astype(np.int64)
    counts = np.bincount(keys, minlength=n)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets, order


class Graph:
    """Entities as integer nodes, relations as rows of parallel arrays. Build with
    :meth:`from_relations`, :meth:`from_store` or :meth:`from_arrays`."""

    def __init__(
        self,
        ids: list[str],
        src: npt.ArrayLike,
        dst: npt.ArrayLike,
        rtype: npt.ArrayLike,
        start: npt.ArrayLike,
        end: npt.ArrayLike,
        percent: npt.ArrayLike,
        confidence: npt.ArrayLike,
        relation_ids: Sequence[str] | None = None,
        relations: list[Relation] | None = None,
        entities: dict[str, Entity] | None = None,
        documents: dict[str, Document] | None = None,
        store: Store | None = None,
    ) -> None:
        self.ids = ids
        self.index: dict[str, int] = {eid: i for i, eid in enumerate(ids)}
        self.types: list[str] = list(_relation_types())
        self.type_code: dict[str, int] = {t: i for i, t in enumerate(self.types)}
        self.src = np.asarray(src, dtype=np.int32)
        self.dst = np.asarray(dst, dtype=np.int32)
        self.rtype = np.asarray(rtype, dtype=np.int8)
        self.start = np.asarray(start, dtype=np.int32)
        self.end = np.asarray(end, dtype=np.int32)
        self.percent = np.asarray(percent, dtype=np.float32)  # NaN: not stated
        self.confidence = np.asarray(confidence, dtype=np.float32)
        self.relation_ids = relation_ids
        self.relations = relations
        self.entities: dict[str, Entity] = entities or {}
        self.documents: dict[str, Document] = documents or {}
        self.store = store
        self.cache: dict[Any, Any] = {}  # derived views (weights, anchors, exposure fields)
        self._build_indexes()

    # -- construction -------------------------------------------------------------------------
    def _build_indexes(self) -> None:
        n = len(self.ids)
        froms: list[npt.NDArray[np.int32]] = []
        tos: list[npt.NDArray[np.int32]] = []
        rels: list[IntArray] = []
        fwds: list[BoolArray] = []
        all_rows = np.arange(len(self.src), dtype=np.int64)
        for code, name in enumerate(self.types):
            direction = _relation_types()[name].get("exposure", "none")
            mask = self.rtype == code
            if not mask.any() or direction == "none":
                continue
            rows = all_rows[mask]
            if direction in ("source_via_target", "both"):
                froms.append(self.src[mask])
                tos.append(self.dst[mask])
                rels.append(rows)
                fwds.append(np.ones(len(rows), dtype=bool))
            if direction in ("target_via_source", "both"):
                froms.append(self.dst[mask])
                tos.append(self.src[mask])
                rels.append(rows)
                fwds.append(np.zeros(len(rows), dtype=bool))
        if froms:
            arc_from = np.concatenate(froms).astype(np.int64)
            offsets, order = _csr(arc_from, n)
            self.arc_offsets = offsets
            self.arc_to = np.concatenate(tos)[order]
            self.arc_rel = np.concatenate(rels)[order]
            self.arc_fwd = np.concatenate(fwds)[order]
            del arc_from, order
        else:
            self.arc_offsets = np.zeros(n + 1, dtype=np.int64)
            self.arc_to = np.zeros(0, dtype=np.int32)
            self.arc_rel = np.zeros(0, dtype=np.int64)
            self.arc_fwd = np.zeros(0, dtype=bool)
        self.holder_offsets, self.holder_rows = _csr(self.dst.astype(np.int64), n)

    @classmethod
    def from_relations(
        cls,
        entities: Iterable[Entity],
        relations: Iterable[Relation],
        documents: Iterable[Document] = (),
        store: Store | None = None,
    ) -> Graph:
        """A graph from model objects. Relation ends that are not among ``entities`` become
        nodes too (shown by their id)."""
        ents = {e.id: e for e in entities}
        rels = list(relations)
        ids = list(ents)
        index = {eid: i for i, eid in enumerate(ids)}

        def node(eid: str) -> int:
            if eid not in index:
                index[eid] = len(ids)
                ids.append(eid)
            return index[eid]

        known = _relation_types()
        rels = [r for r in rels if r.type in known]
        codes = {t: i for i, t in enumerate(known)}
        src = [node(r.source) for r in rels]
        dst = [node(r.target) for r in rels]
        percent = []
        for r in rels:
            p = r.attrs.get("percent")
            try:
                percent.append(float(p) if p is not None else float("nan"))
            except (TypeError, ValueError):
                percent.append(float("nan"))
        return cls(
            ids,
            src,
            dst,
            [codes[r.type] for r in rels],
            [day_floor(r.start) for r in rels],
            [day_ceil(r.end) for r in rels],
            percent,
            [max((ev.confidence for ev in r.evidence), default=1.0) for r in rels],
            relation_ids=[r.id for r in rels],
            relations=rels,
            entities=ents,
            documents={d.id: d for d in documents},
            store=store,
        )

    @classmethod
    def from_store(cls, store: Store) -> Graph:
        """The store's graph, rebuilt only when ``store.generation`` has moved."""
        path = store.path.resolve()
        key = f"{path}:{path.stat().st_ino if path.exists() else 0}"
        generation = store.generation
        cached = _STORE_CACHE.get(key)
        if cached and cached[0] == generation:
            cached[1].store = store  # the same file, perhaps opened again
            return cached[1]
        relations = list(store.relations())
        confidences = {
            r.id: max((ev.confidence for ev in r.evidence), default=1.0) for r in relations
        }
        light = [
            Relation(r.type, r.source, r.target, dict(r.attrs), r.start, r.end, r.asset, [], r.id)
            for r in relations
        ]
        graph = cls.from_relations(store.entities(), light, store=store)
        graph.confidence = np.asarray(
            [confidences[r.id] for r in graph.relations or []], np.float32
        )
        _STORE_CACHE.clear()  # one store at a time is what a CLI run needs
        _STORE_CACHE[key] = (generation, graph)
        return graph

    @classmethod
    def from_arrays(
        cls,
        ids: list[str],
        src: npt.ArrayLike,
        dst: npt.ArrayLike,
        types: npt.ArrayLike,
        *,
        start: npt.ArrayLike | None = None,
        end: npt.ArrayLike | None = None,
        percent: npt.ArrayLike | None = None,
        confidence: npt.ArrayLike | None = None,
        entities: dict[str, Entity] | None = None,
    ) -> Graph:
        """A graph from raw arrays (generated graphs, bulk loaders). ``types`` are codes in the
        order of ``schema/relations.yaml`` (see :func:`type_codes`); dates as YYYYMMDD ints."""
        m = len(np.asarray(src))
        return cls(
            ids,
            src,
            dst,
            types,
            np.full(m, NO_START, np.int32) if start is None else start,
            np.full(m, NO_END, np.int32) if end is None else end,
            np.full(m, np.nan, np.float32) if percent is None else percent,
            np.ones(m, np.float32) if confidence is None else confidence,
            entities=entities,
        )

    # -- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return len(self.src)

    def node(self, entity_id: str) -> int | None:
        return self.index.get(entity_id)

    def entity(self, entity_id: str) -> Entity | None:
        found = self.entities.get(entity_id)
        if found is None and self.store is not None:
            found = self.store.entity(entity_id)
            if found is not None:
                self.entities[entity_id] = found
        return found

    def caption(self, entity_id: str) -> str:
        entity = self.entity(entity_id)
        return entity.caption if entity else entity_id

    def type_of(self, row: int) -> str:
        return self.types[int(self.rtype[row])]

    def relation_id(self, row: int) -> str:
        if self.relation_ids is not None:
            return self.relation_ids[row]
        return f"r{row}"

    def relation(self, row: int) -> Relation:
        """The relation of row ``row`` (without evidence when built from the store)."""
        if self.relations is not None:
            return self.relations[row]
        pct = float(self.percent[row])
        return Relation(
            self.type_of(row),
            self.ids[int(self.src[row])],
            self.ids[int(self.dst[row])],
            attrs={} if np.isnan(pct) else {"percent": pct},
            start=_int_date(int(self.start[row]), ceil=False),
            end=_int_date(int(self.end[row]), ceil=True),
            id=self.relation_id(row),
        )

    def percent_of(self, row: int) -> float | None:
        pct = float(self.percent[row])
        return None if np.isnan(pct) else pct

    def in_force(self, as_of: str | None) -> BoolArray:
        """Rows in force on ``as_of`` (all rows when None); see the module doc for partial dates."""
        if as_of is None:
            return np.ones(len(self.src), dtype=bool)
        key = ("in_force", as_of)
        if key not in self.cache:
            day = day_int(as_of)
            self.cache[key] = (self.start <= day) & (self.end >= day)
        mask: BoolArray = self.cache[key]
        return mask

    def row_in_force(self, row: int, as_of: str | None) -> bool:
        if as_of is None:
            return True
        day = day_int(as_of)
        return bool(self.start[row] <= day <= self.end[row])

    def arcs_from(self, node: int) -> slice:
        return slice(int(self.arc_offsets[node]), int(self.arc_offsets[node + 1]))

    def holders(self, node: int) -> IntArray:
        """Rows of relations whose target is ``node``."""
        a, b = int(self.holder_offsets[node]), int(self.holder_offsets[node + 1])
        rows: IntArray = self.holder_rows[a:b]
        return rows

    def rows_of_types(self, names: Iterable[str]) -> IntArray:
        codes = [self.type_code[t] for t in names if t in self.type_code]
        rows: IntArray = np.nonzero(np.isin(self.rtype, codes))[0]
        return rows

    def evidence(self, row: int) -> list[dict[str, Any]]:
        """The evidence of a relation with its document's title and URL, read when needed."""
        rel = self.relation(row)
        items: list[Evidence] = list(rel.evidence)
        if not items and self.store is not None and self.relation_ids is not None:
            items = self.store.evidence(self.relation_ids[row])
        out = []
        for ev in items:
            doc = self.documents.get(ev.document_id)
            if doc is None and self.store is not None:
                doc = self.store.document(ev.document_id, with_text=False)
            out.append(evidence_view(ev, doc))
        return out


_STORE_CACHE: dict[str, tuple[int, Graph]] = {}


def type_codes() -> dict[str, int]:
    """Relation type name -> the integer code graphs use."""
    return {t: i for i, t in enumerate(_relation_types())}


def as_graph(store_or_graph: Store | Graph) -> Graph:
    return store_or_graph if isinstance(store_or_graph, Graph) else Graph.from_store(store_or_graph)
