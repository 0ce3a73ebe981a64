"""Exposure: the best paths from an entity to risk anchors, scored and explained hop by hop.

Direction comes from ``schema/relations.yaml`` (``exposure``): an owner is exposed through what it
owns, an investor through its investee, a supplier through its customer, a contractor through its
client, JV partners through the venture (ownership edges into it), partners both ways. A customer
is *not* exposed through its supplier. Weights per type are data (``graph/exposure.yaml``).

A path's score is the product of its hop weights and the anchor's weight (see exposure.yaml). Hops
are counted between entities; the anchor's own reason (its listing, its Xinjiang contract) is the
last step of the chain and is not counted, so an anchor itself has a 0-hop path.

How it is fast: for given (as_of, anchors, weights, max_hops) one array pass per hop computes, for
every node v and every k <= max_hops, ``levels[k][v]`` = the best score v can reach with at most k
hops (a hop-bounded Bellman-Ford over the CSR arcs, vectorised with numpy; cached on the graph).
A query is then a best-first search from the entity whose priority is the score so far times that
bound: an exact heuristic, so the first paths popped are the best ones, ranked, and only arcs that
can still reach an anchor are ever looked at. Paths are simple (no entity twice); cycles end.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from complicity.errors import UserError
from complicity.graph.anchors import Anchor, anchor_scores, find_anchors, parse_anchor_keys
from complicity.graph.graph import FloatArray, Graph, as_graph
from complicity.model import date_ceil, relation_types

if TYPE_CHECKING:
    from complicity.store import Store

DEFAULT_MAX_HOPS = 4
MAX_POPS = 200_000  # a bound on one query's search, far above what real graphs need


# -- weights -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TypeWeight:
    weight: float
    floor: float | None = None  # percent scaling: factor = max(floor, percent/100)
    unknown: float | None = None  # factor when the percent is not stated


@dataclass(frozen=True)
class Weights:
    types: tuple[tuple[str, TypeWeight], ...]

    def get(self, name: str) -> TypeWeight | None:
        return dict(self.types).get(name)


def parse_weights(data: dict[str, Any], where: str = "weights") -> Weights:
    out = []
    for name, item in (data.get("types") or {}).items():
        if name not in relation_types():
            raise UserError(f"{where}: unknown relation type {name!r}")
        pct = item.get("percent") or {}
        weight = float(item.get("weight", 0.0))
        if not 0.0 <= weight <= 1.0:
            raise UserError(f"{where}: weight of {name} must be in 0..1, not {weight}")
        out.append(
            (
                name,
                TypeWeight(
                    weight=weight,
                    floor=float(pct["floor"]) if "floor" in pct else None,
                    unknown=float(pct["unknown"]) if "unknown" in pct else None,
                ),
            )
        )
    return Weights(tuple(out))


@cache
def default_weights() -> Weights:
    text = resources.files("complicity.graph").joinpath("exposure.yaml").read_text("utf-8")
    return parse_weights(yaml.safe_load(text), "graph/exposure.yaml")


def load_weights(path: Path) -> Weights:
    try:
        return parse_weights(yaml.safe_load(path.read_text("utf-8")) or {}, str(path))
    except OSError as exc:
        raise UserError(f"cannot read weights {path}: {exc.strerror}") from exc


def row_weights(graph: Graph, weights: Weights | None = None) -> FloatArray:
    """Per relation row: type weight x percent factor x confidence (0 for untraversed types)."""
    weights = weights or default_weights()
    key = ("row_weights", weights)
    if key in graph.cache:
        cached: FloatArray = graph.cache[key]
        return cached
    out = np.zeros(graph.edge_count, dtype=np.float64)
    for code, name in enumerate(graph.types):
        tw = weights.get(name)
        if tw is None:
            continue
        mask = graph.rtype == code
        if not mask.any():
            continue
        factor: FloatArray | float = 1.0
        if tw.floor is not None or tw.unknown is not None:
            pct = graph.percent[mask].astype(np.float64)
            known = np.maximum(tw.floor or 0.0, np.nan_to_num(pct) / 100.0)
            factor = np.where(np.isnan(pct), tw.unknown if tw.unknown is not None else 1.0, known)
        out[mask] = tw.weight * factor
    out *= graph.confidence
    graph.cache[key] = out
    return out


# -- the per-run field -------------------------------------------------------------------------
@dataclass
class Field:
    """levels[k][v]: best score node v reaches with at most k hops; arc_w: arc weights in force."""

    levels: list[FloatArray]
    arc_w: FloatArray
    anchors: dict[int, list[Anchor]]

    @property
    def max_hops(self) -> int:
        return len(self.levels) - 1


def exposure_field(
    graph: Graph,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    anchors: Sequence[str] | None = None,
    weights: Weights | None = None,
) -> Field:
    keys = tuple(anchors) if anchors is not None else parse_anchor_keys(None)
    weights = weights or default_weights()
    cache_key = ("field", as_of, max_hops, keys, weights)
    if cache_key in graph.cache:
        cached: Field = graph.cache[cache_key]
        return cached
    found = find_anchors(graph, keys, as_of)
    h = anchor_scores(graph, keys, as_of)
    rel_w = row_weights(graph, weights)
    live = graph.in_force(as_of)
    arc_w = np.where(live[graph.arc_rel], rel_w[graph.arc_rel], 0.0)
    offsets = graph.arc_offsets
    starts = offsets[:-1]
    nonempty = offsets[1:] > starts
    seg = starts[nonempty]
    levels = [h]
    for _ in range(max_hops):
        if len(arc_w):
            vals = arc_w * h[graph.arc_to]
            best = np.zeros(len(h), dtype=np.float64)
            best[nonempty] = np.maximum.reduceat(vals, seg)
            h = np.maximum(h, best)
        levels.append(h)
    result = Field(levels=levels, arc_w=arc_w, anchors=found)
    # keep a few fields per graph: screening runs use one, the CLI may try several --as-of
    fields = [k for k in graph.cache if isinstance(k, tuple) and k and k[0] == "field"]
    for old in fields[:-3]:
        del graph.cache[old]
    graph.cache[cache_key] = result
    return result


# -- paths -------------------------------------------------------------------------------------
@dataclass
class Hop:
    """One step of a path, read in the direction exposure travels: ``frm`` is exposed through
    ``to``. ``source``/``target`` are the relation's own ends."""

    relation_id: str
    type: str
    label: str
    frm: str
    to: str
    source: str
    target: str
    directed: bool
    weight: float
    start: str | None
    end: str | None
    attrs: dict[str, Any]
    row: int
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def forward(self) -> bool:
        return self.frm == self.source

    @property
    def ended(self) -> bool:
        """Ended before today (shown when no --as-of was given and past links are included)."""
        return self.end is not None and date_ceil(self.end) < date.today().isoformat()

    def arrow(self, names: dict[str, str]) -> str:
        a, b = names.get(self.frm, self.frm), names.get(self.to, self.to)
        if self.forward or not self.directed:
            return f"{a} —{self.label}→ {b}"
        return f"{a} ←{self.label}— {b}"

    def to_dict(self, names: dict[str, str]) -> dict[str, Any]:
        return {
            "relation": self.relation_id,
            "type": self.type,
            "label": self.label,
            "from": {"id": self.frm, "name": names.get(self.frm, self.frm)},
            "to": {"id": self.to, "name": names.get(self.to, self.to)},
            "source": self.source,
            "target": self.target,
            "weight": round(self.weight, 6),
            "start": self.start,
            "end": self.end,
            "ended": self.ended,
            "forward": self.forward,
            "directed": self.directed,
            "attrs": self.attrs,
            "text": self.arrow(names),
            "evidence": self.evidence,
        }


@dataclass
class ExposurePath:
    entity: str
    anchor: str
    anchor_key: str
    anchor_label: str
    score: float
    hops: list[Hop]
    reason: Hop  # the anchor's listing / contract / partnership / participation
    also: list[str]  # the anchor's other anchor kinds (e.g. also on 1260H)
    names: dict[str, str]

    @property
    def steps(self) -> list[Hop]:
        return [*self.hops, self.reason]

    @property
    def chain(self) -> str:
        """``Qualcomm —invested in→ SenseTime —is listed on→ US Entity List``."""
        parts = [self.names.get(self.entity, self.entity)]
        for hop in self.steps:
            label = hop.label if (hop.forward or not hop.directed) else None
            parts.append(f"—{label}→" if label else f"←{hop.label}—")
            parts.append(self.names.get(hop.to, hop.to))
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": {"id": self.entity, "name": self.names.get(self.entity, self.entity)},
            "anchor": {
                "id": self.anchor,
                "name": self.names.get(self.anchor, self.anchor),
                "kind": self.anchor_key,
                "label": self.anchor_label,
                "also": self.also,
            },
            "score": round(self.score, 6),
            "hops": len(self.hops),
            "chain": self.chain,
            "steps": [h.to_dict(self.names) for h in self.steps],
        }


def _hop(graph: Graph, row: int, frm: int, to: int, weight: float) -> Hop:
    rel = graph.relation(row)
    spec = relation_types()[rel.type]
    return Hop(
        relation_id=rel.id,
        type=rel.type,
        label=str(spec.get("label", rel.type)),
        frm=graph.ids[frm],
        to=graph.ids[to],
        source=rel.source,
        target=rel.target,
        directed=bool(spec.get("directed", True)),
        weight=weight,
        start=rel.start,
        end=rel.end,
        attrs=dict(rel.attrs),
        row=row,
    )


def _search(
    graph: Graph, fld: Field, start: int, limit: int
) -> list[tuple[float, tuple[int, ...], tuple[int, ...]]]:
    """Best-first search; returns (score, nodes, arc indexes) for up to ``limit`` anchors."""
    levels, arc_w, big_h = fld.levels, fld.arc_w, fld.max_hops
    anchor = levels[0]
    if levels[big_h][start] <= 0:
        return []
    heap: list[tuple[float, int, int, Any]] = []
    seq = 0
    NODE, SIBLINGS, TERM = 0, 1, 2

    def push(priority: float, kind: int, payload: Any) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (-priority, seq, kind, payload))

    push(float(levels[big_h][start]), NODE, (start, 1.0, (start,), ()))
    found: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    emitted: set[int] = set()
    pops = 0
    while heap and pops < MAX_POPS:
        pops += 1
        neg, _, kind, payload = heapq.heappop(heap)
        if kind == TERM:
            node, nodes, arcs = payload
            if node in emitted:
                continue
            emitted.add(node)
            found.append((-neg, nodes, arcs))
            if len(found) >= limit:
                break
        elif kind == NODE:
            node, g, nodes, arcs = payload
            if anchor[node] > 0 and node not in emitted:
                push(g * float(anchor[node]), TERM, (node, nodes, arcs))
            left = big_h - len(arcs)
            if left <= 0:
                continue
            sl = graph.arcs_from(node)
            if sl.start == sl.stop:
                continue
            cand = arc_w[sl] * levels[left - 1][graph.arc_to[sl]]
            good = np.nonzero(cand > 0)[0]
            if not len(good):
                continue
            order = good[np.argsort(-cand[good], kind="stable")]
            child_arcs = order + sl.start
            child_vals = cand[order]
            push(g * float(child_vals[0]), SIBLINGS, (g, nodes, arcs, child_arcs, child_vals, 0))
        else:
            g, nodes, arcs, child_arcs, child_vals, i = payload
            if i + 1 < len(child_arcs):
                nxt = (g, nodes, arcs, child_arcs, child_vals, i + 1)
                push(g * float(child_vals[i + 1]), SIBLINGS, nxt)
            arc = int(child_arcs[i])
            to = int(graph.arc_to[arc])
            if to in nodes:
                continue
            g2 = g * float(arc_w[arc])
            left = big_h - len(arcs) - 1
            push(g2 * float(levels[left][to]), NODE, (to, g2, (*nodes, to), (*arcs, arc)))
    return found


def _make_path(
    graph: Graph,
    fld: Field,
    score: float,
    nodes: tuple[int, ...],
    arcs: tuple[int, ...],
    explain: bool,
) -> ExposurePath:
    hops = []
    for i, arc in enumerate(arcs):
        row = int(graph.arc_rel[arc])
        hops.append(_hop(graph, row, nodes[i], nodes[i + 1], float(fld.arc_w[arc])))
    anchor_node = nodes[-1]
    best = fld.anchors[anchor_node][0]
    reason = _hop(graph, best.row, anchor_node, graph.index[best.counterpart], best.weight)
    if explain:
        for hop in [*hops, reason]:
            hop.evidence = graph.evidence(hop.row)
    ids = [graph.ids[n] for n in nodes] + [best.counterpart]
    names = {eid: graph.caption(eid) for eid in ids}
    also = []
    for a in fld.anchors[anchor_node][1:]:
        if a.key != best.key and a.key not in also:
            also.append(a.key)
    return ExposurePath(
        entity=graph.ids[nodes[0]],
        anchor=graph.ids[anchor_node],
        anchor_key=best.key,
        anchor_label=best.label,
        score=score,
        hops=hops,
        reason=reason,
        also=also,
        names=names,
    )


def _check_hops(max_hops: int) -> None:
    if not 0 <= max_hops <= 10:
        raise UserError(f"--max-hops must be between 0 and 10, not {max_hops}")


def exposure(
    store_or_graph: Store | Graph,
    entity_id: str,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    anchors: Sequence[str] | str | None = None,
    limit: int = 5,
    weights: Weights | None = None,
    explain: bool = True,
) -> list[ExposurePath]:
    """The best paths (at most one per anchor entity, up to ``limit``), best first."""
    _check_hops(max_hops)
    graph = as_graph(store_or_graph)
    keys = parse_anchor_keys(anchors) if anchors is None or isinstance(anchors, str) else anchors
    node = graph.node(entity_id)
    if node is None:
        return []
    fld = exposure_field(graph, as_of, max_hops, tuple(keys), weights)
    return [
        _make_path(graph, fld, score, nodes, arcs, explain)
        for score, nodes, arcs in _search(graph, fld, node, limit)
    ]


def best_path(
    store_or_graph: Store | Graph,
    entity_id: str,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    anchors: Sequence[str] | str | None = None,
    weights: Weights | None = None,
    explain: bool = True,
) -> ExposurePath | None:
    """The single best path to any anchor, or None: what screening shows per holding."""
    paths = exposure(store_or_graph, entity_id, as_of, max_hops, anchors, 1, weights, explain)
    return paths[0] if paths else None


def exposure_score(
    graph: Graph,
    entity_id: str,
    as_of: str | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    anchors: Sequence[str] | None = None,
) -> float:
    """The best path's score without building the path (0.0 when not exposed)."""
    node = graph.node(entity_id)
    if node is None:
        return 0.0
    fld = exposure_field(graph, as_of, max_hops, tuple(anchors or parse_anchor_keys(None)))
    return float(fld.levels[max_hops][node])
