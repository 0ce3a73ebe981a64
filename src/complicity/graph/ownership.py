"""Ownership rules, each named in its output with its source: ``ofac50``, ``bis-affiliates``,
``effective``. Rule parameters (lists, threshold, dates in force) are data: ``ownership.yaml``.

50% tests (``aggregate-cascade``): an entity is caught when owners that are listed, or caught
themselves, hold 50% or more of it in the aggregate. Only the entity's upstream ownership (its
owners, their owners ...) can matter, so that closure is collected first and the rule is computed
on it as a least fixed point, which also makes cycles terminate.

Unknown percentages are never 0. Two fixed points are computed: *caught* counts only stated
stakes of certainly-caught owners; *possibly caught* lets every stake of unknown size be as large
as the other stated stakes allow (100 minus what uncaught owners are stated to hold). An entity
possibly but not certainly caught is ``undetermined``, with ``aggregate_percent`` null, the known
part in ``known_percent`` and the owners of unknown stake listed. "49% + unknown" is therefore not
caught on the known part, and flagged undetermined.

One owner with several stake relations to the same company (a stake restated, an investment and
an ownership record) counts once, at its largest stated percent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from complicity.errors import UserError
from complicity.graph.anchors import Anchor, anchor_config, find_anchors
from complicity.graph.graph import Graph, as_graph

if TYPE_CHECKING:
    from complicity.store import Store

EPS = 1e-9
MAX_EFFECTIVE_PATHS = 10_000
MAX_EFFECTIVE_DEPTH = 12


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    citation: str
    method: str
    threshold: float
    lists: tuple[str, ...]
    periods: tuple[tuple[str, str | None], ...] | None  # None: always in force

    def in_force(self, as_of: str) -> bool:
        if self.periods is None:
            return True
        return any(a <= as_of and (b is None or as_of <= b) for a, b in self.periods)

    def force_note(self, as_of: str) -> str:
        if self.periods is None:
            return "in force"
        if self.in_force(as_of):
            return f"in force on {as_of}"
        first = self.periods[0][0]
        if as_of < first:
            return f"not yet in force on {as_of} (effective {first})"
        for (_, end), (nxt, _) in zip(self.periods, self.periods[1:], strict=False):
            if end is not None and end < as_of < nxt:
                return f"suspended on {as_of} (suspension runs until the day before {nxt})"
        return f"not in force on {as_of}"

    def to_dict(self, as_of: str) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "citation": self.citation,
            "threshold": self.threshold,
            "lists": list(self.lists),
            "in_force": self.in_force(as_of),
            "note": self.force_note(as_of),
        }


@dataclass(frozen=True)
class RuleSet:
    rules: dict[str, Rule]
    holding_types: tuple[str, ...]


@cache
def rule_set() -> RuleSet:
    text = resources.files("complicity.graph").joinpath("ownership.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    rules = {}
    for name, item in data["rules"].items():
        periods = None
        if item.get("in_force"):
            periods = tuple(
                (str(p["from"]), str(p["to"]) if p.get("to") else None) for p in item["in_force"]
            )
        rules[name] = Rule(
            name=name,
            title=item["title"],
            citation=" ".join(str(item["citation"]).split()),
            method=item["method"],
            threshold=float(item["threshold"]),
            lists=tuple(item["lists"]),
            periods=periods,
        )
    return RuleSet(rules, tuple(data.get("holding_types", ["ownership"])))


def get_rule(name: str) -> Rule:
    rules = rule_set().rules
    if name not in rules:
        raise UserError(f"unknown regime {name!r}; known: {', '.join(rules)}")
    return rules[name]


def _lists(rule: Rule, lists: Sequence[str] | None) -> tuple[str, ...]:
    chosen = tuple(lists) if lists else rule.lists
    specs = anchor_config().specs
    for key in chosen:
        if key not in specs or specs[key].family != "list":
            known = ", ".join(k for k, s in specs.items() if s.family == "list")
            raise UserError(f"unknown list {key!r}; known: {known}")
    return chosen


# -- the upstream closure ----------------------------------------------------------------------
@dataclass
class Stake:
    owner: int
    percent: float | None  # None: not stated
    rows: list[int]


def _upstream(graph: Graph, node: int, as_of: str) -> dict[int, list[Stake]]:
    """For the entity and every entity above it: its owners' stakes in force on ``as_of``."""
    codes = {graph.type_code[t] for t in rule_set().holding_types if t in graph.type_code}
    live = graph.in_force(as_of)
    stakes: dict[int, list[Stake]] = {}
    stack = [node]
    while stack:
        v = stack.pop()
        if v in stakes:
            continue
        by_owner: dict[int, Stake] = {}
        for row in graph.holders(v):
            row = int(row)
            if int(graph.rtype[row]) not in codes or not live[row]:
                continue
            owner = int(graph.src[row])
            if owner == v:
                continue
            pct = graph.percent_of(row)
            stake = by_owner.setdefault(owner, Stake(owner, None, []))
            stake.rows.append(row)
            if pct is not None and (stake.percent is None or pct > stake.percent):
                stake.percent = pct
        stakes[v] = list(by_owner.values())
        stack += [s.owner for s in stakes[v] if s.owner not in stakes]
    return stakes


def _caught_fixed_point(
    stakes: dict[int, list[Stake]], listed: set[int], threshold: float, optimistic: bool
) -> set[int]:
    """Least fixed point. ``optimistic`` = the *possibly caught* variant (unknown stakes as large
    as the other stated stakes allow)."""
    caught = set(listed)
    changed = True
    while changed:
        changed = False
        for v, owners in stakes.items():
            if v in caught:
                continue
            if _share(owners, caught, optimistic) >= threshold - EPS:
                caught.add(v)
                changed = True
    return caught


def _share(owners: list[Stake], caught: set[int], optimistic: bool) -> float:
    known = sum(s.percent for s in owners if s.owner in caught and s.percent is not None)
    if not optimistic:
        return known
    if any(s.owner in caught and s.percent is None for s in owners):
        others = sum(s.percent for s in owners if s.owner not in caught and s.percent is not None)
        return max(0.0, 100.0 - others)
    return known


# -- results -----------------------------------------------------------------------------------
def _listing_view(graph: Graph, anchors: list[Anchor]) -> list[dict[str, Any]]:
    out = []
    for a in anchors:
        rel = graph.relation(a.row)
        out.append(
            {
                "list": a.counterpart,
                "name": graph.caption(a.counterpart),
                "kind": a.key,
                "label": a.label,
                "program": rel.attrs.get("program"),
                "start": rel.start,
                "end": rel.end,
                "relation": rel.id,
            }
        )
    return out


def _evidence_items(graph: Graph, rows: Sequence[int]) -> list[dict[str, Any]]:
    items = []
    for row in rows:
        rid = graph.relation_id(row)
        for ev in graph.evidence(row):
            items.append({"relation": rid, **ev})
    return items


def _pct_text(pct: float | None) -> str:
    if pct is None:
        return "an unknown stake of"
    return f"{pct:g}% of"


def _chain_to(
    graph: Graph,
    stakes: dict[int, list[Stake]],
    owner: int,
    caught: set[int],
    listed: set[int],
) -> list[tuple[int, Stake | None]]:
    """A representative chain from a listed entity down to ``owner``: at each step up, the caught
    owner with the largest stated stake. Returns [(top, None), (next, top's stake in next), ...]."""
    nodes = [owner]
    seen = {owner}
    current = owner
    while current not in listed:
        ups = [s for s in stakes.get(current, []) if s.owner in caught and s.owner not in seen]
        if not ups:
            break
        ups.sort(key=lambda s: (s.percent is None, -(s.percent or 0.0), graph.ids[s.owner]))
        current = ups[0].owner
        seen.add(current)
        nodes.append(current)
    nodes.reverse()
    pairs: list[tuple[int, Stake | None]] = [(nodes[0], None)]
    for parent, child in zip(nodes, nodes[1:], strict=False):
        pairs.append((child, next(s for s in stakes[child] if s.owner == parent)))
    return pairs


def _owner_view(
    graph: Graph,
    stakes: dict[int, list[Stake]],
    target: int,
    stake: Stake,
    caught: set[int],
    possible: set[int],
    listed: set[int],
    anchors: dict[int, list[Anchor]],
) -> dict[str, Any]:
    owner = stake.owner
    if owner in listed:
        status = "listed"
    elif owner in caught:
        status = "caught by ownership"
    else:
        status = "undetermined"
    pool = caught if owner in caught else possible
    chain = _chain_to(graph, stakes, owner, pool, listed)
    chain.append((target, stake))
    path = []
    words = []
    rows: list[int] = []
    for i, (node, st) in enumerate(chain):
        path.append(
            {
                "id": graph.ids[node],
                "name": graph.caption(graph.ids[node]),
                "percent": st.percent if st else None,
            }
        )
        if i == 0:
            words.append(graph.caption(graph.ids[node]))
        else:
            words.append(f"—owns {_pct_text(st.percent if st else None)}→")
            words.append(graph.caption(graph.ids[node]))
        if st:
            rows += st.rows
    root = chain[0][0]
    listing_rows = [a.row for a in anchors.get(root, [])]
    return {
        "id": graph.ids[owner],
        "name": graph.caption(graph.ids[owner]),
        "percent": stake.percent,
        "status": status,
        "listing": _listing_view(graph, anchors.get(root, [])),
        "path": path,
        "chain": " ".join(words),
        "relations": [graph.relation_id(r) for r in rows],
        "evidence": _evidence_items(graph, rows + listing_rows),
    }


def _base(
    graph: Graph, rule: Rule, entity_id: str, as_of: str, lists: tuple[str, ...]
) -> dict[str, Any]:
    info = rule.to_dict(as_of)
    info["lists"] = list(lists)
    return {
        "entity": {"id": entity_id, "name": graph.caption(entity_id)},
        "rule": info,
        "as_of": as_of,
        "in_force": rule.in_force(as_of),
    }


def ownership(
    store_or_graph: Store | Graph,
    entity_id: str,
    regime: str = "ofac50",
    as_of: str | None = None,
    lists: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Apply one rule to one entity on ``as_of`` (default today). Returns JSON-able data with
    ``caught``, ``aggregate_percent``, ``owners``, ``evidence``, ``rule``, ``as_of``."""
    graph = as_graph(store_or_graph)
    rule = get_rule(regime)
    as_of = as_of or date.today().isoformat()
    chosen = _lists(rule, lists)
    node = graph.node(entity_id)
    out = _base(graph, rule, entity_id, as_of, chosen)
    anchors = find_anchors(graph, chosen, as_of)
    own = anchors.get(node, []) if node is not None else []
    out["listings"] = _listing_view(graph, own)
    if node is None:
        stakes: dict[int, list[Stake]] = {}
    else:
        stakes = _upstream(graph, node, as_of)
    if rule.method == "effective":
        out.update(_effective(graph, rule, node, stakes, anchors))
    else:
        out.update(_aggregate(graph, rule, node, stakes, anchors))
    if own:
        out["listed"] = True
        out["basis"] = "listed"
        out["caught"] = True
        out["undetermined"] = False
        out["status"] = "listed"
        out["evidence"] = _evidence_items(graph, [a.row for a in own]) + out["evidence"]
        return out
    out["listed"] = False
    out["would_be_caught"] = out["caught"]
    if rule.method != "effective" and not rule.in_force(as_of):
        out["caught"] = False
        out["undetermined"] = False
        out["status"] = "rule not in force"
    return out


def _aggregate(
    graph: Graph,
    rule: Rule,
    node: int | None,
    stakes: dict[int, list[Stake]],
    anchors: dict[int, list[Anchor]],
) -> dict[str, Any]:
    if node is None:
        return {
            "caught": False,
            "undetermined": False,
            "status": "not caught",
            "basis": None,
            "aggregate_percent": 0.0,
            "known_percent": 0.0,
            "max_percent": 0.0,
            "owners": [],
            "unknown_owners": [],
            "evidence": [],
        }
    listed = {n for n in stakes if n in anchors}
    caught = _caught_fixed_point(stakes, listed, rule.threshold, optimistic=False)
    possible = _caught_fixed_point(stakes, listed, rule.threshold, optimistic=True)
    owners = stakes.get(node, [])
    known = _share(owners, caught, optimistic=False)
    upper = _share(owners, possible, optimistic=True)
    counted = [s for s in owners if s.owner in possible]
    counted.sort(key=lambda s: (s.owner not in caught, -(s.percent or 0.0), graph.ids[s.owner]))
    views = [
        _owner_view(graph, stakes, node, s, caught, possible, listed, anchors) for s in counted
    ]
    certain = all(s.owner in caught and s.percent is not None for s in counted)
    is_caught = node in caught
    undetermined = not is_caught and node in possible
    evidence = [ev for v in views for ev in v["evidence"]]
    return {
        "caught": is_caught,
        "undetermined": undetermined,
        "status": "caught" if is_caught else ("undetermined" if undetermined else "not caught"),
        "basis": "ownership" if is_caught else None,
        "aggregate_percent": round(known, 6) if certain else None,
        "known_percent": round(known, 6),
        "max_percent": round(min(upper, 100.0), 6),
        "owners": views,
        "unknown_owners": [
            {"id": v["id"], "name": v["name"], "status": v["status"]}
            for v in views
            if v["percent"] is None or v["status"] == "undetermined"
        ],
        "evidence": evidence,
    }


def _effective(
    graph: Graph,
    rule: Rule,
    node: int | None,
    stakes: dict[int, list[Stake]],
    anchors: dict[int, list[Anchor]],
) -> dict[str, Any]:
    """Sum over simple upward chains ending at the first listed entity of the product of stakes."""
    per_owner: dict[int, dict[str, Any]] = {}
    count = 0
    truncated = False

    def walk(v: int, frac: float | None, chain: list[tuple[int, Stake]], seen: set[int]) -> None:
        nonlocal count, truncated
        for st in stakes.get(v, []):
            if st.owner in seen:
                continue
            if count >= MAX_EFFECTIVE_PATHS or len(chain) >= MAX_EFFECTIVE_DEPTH:
                truncated = True
                return
            f = None if frac is None or st.percent is None else frac * st.percent / 100.0
            step = [*chain, (st.owner, st)]
            if st.owner in anchors:
                count += 1
                entry = per_owner.setdefault(
                    st.owner, {"known": 0.0, "unknown_paths": 0, "paths": [], "rows": []}
                )
                if f is None:
                    entry["unknown_paths"] += 1
                else:
                    entry["known"] += f
                entry["paths"].append((f, step))
                continue
            walk(st.owner, f, step, seen | {st.owner})

    if node is None:
        return {"caught": False, "undetermined": False, "status": "not caught", "basis": None,
                "aggregate_percent": 0.0, "known_percent": 0.0, "owners": [],
                "unknown_owners": [], "truncated": False, "evidence": []}  # fmt: skip
    start = node
    walk(node, 1.0, [], {node})
    owners = []
    evidence: list[dict[str, Any]] = []
    total = 0.0
    unknown = False
    for owner, entry in sorted(per_owner.items(), key=lambda kv: -kv[1]["known"]):
        paths = []
        rows: list[int] = []
        for f, step in sorted(entry["paths"], key=lambda p: -(p[0] or 0.0)):
            names = [graph.caption(graph.ids[n]) for n, _ in reversed(step)]
            pcts = [s.percent for _, s in reversed(step)]
            words = [names[0]]
            ids_down = [n for n, _ in reversed(step)] + [start]
            for i, pct in enumerate(pcts):
                words.append(f"—owns {_pct_text(pct)}→")
                words.append(graph.caption(graph.ids[ids_down[i + 1]]))
            paths.append(
                {
                    "percent": None if f is None else round(f * 100.0, 6),
                    "chain": " ".join(words),
                    "path": [graph.ids[n] for n in ids_down],
                }
            )
            for _, s in step:
                rows += s.rows
        rows += [a.row for a in anchors.get(owner, [])]
        eff = entry["known"] * 100.0
        has_unknown = entry["unknown_paths"] > 0
        unknown = unknown or has_unknown
        total += eff
        items = _evidence_items(graph, sorted(set(rows)))
        evidence += items
        owners.append(
            {
                "id": graph.ids[owner],
                "name": graph.caption(graph.ids[owner]),
                "percent": None if has_unknown else round(eff, 6),
                "known_percent": round(eff, 6),
                "status": "listed",
                "listing": _listing_view(graph, anchors.get(owner, [])),
                "paths": paths,
                "path": paths[0]["path"] if paths else [],
                "evidence": items,
            }
        )
    is_caught = total >= rule.threshold - EPS
    undetermined = not is_caught and unknown
    return {
        "caught": is_caught,
        "undetermined": undetermined,
        "status": "caught" if is_caught else ("undetermined" if undetermined else "not caught"),
        "basis": "effective ownership" if is_caught else None,
        "aggregate_percent": None if unknown else round(total, 6),
        "known_percent": round(total, 6),
        "owners": owners,
        "unknown_owners": [
            {"id": o["id"], "name": o["name"], "status": o["status"]}
            for o in owners
            if o["percent"] is None
        ],
        "truncated": truncated,
        "evidence": evidence,
    }


def screen_flags(
    store_or_graph: Store | Graph, entity_id: str, as_of: str | None = None
) -> dict[str, Any]:
    """What a screening row carries: the best exposure path and each rule's flag."""
    from complicity.graph.exposure import best_path

    graph = as_graph(store_or_graph)
    path = best_path(graph, entity_id, as_of=as_of)
    day = as_of or date.today().isoformat()
    rules = {}
    for name in rule_set().rules:
        result = ownership(graph, entity_id, name, as_of=day)
        rules[name] = {
            "caught": result["caught"],
            "undetermined": result["undetermined"],
            "status": result["status"],
            "in_force": result["in_force"],
            "aggregate_percent": result["aggregate_percent"],
            "citation": result["rule"]["citation"],
        }
    return {
        "entity": entity_id,
        "as_of": as_of,
        "rules_as_of": day,
        "exposed": path is not None,
        "score": path.score if path else 0.0,
        "chain": path.chain if path else None,
        "best_path": path.to_dict() if path else None,
        "rules": rules,
    }
