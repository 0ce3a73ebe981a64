"""Risk anchors: the entities exposure paths end at, each with the relation that makes it one.

An anchor is an entity with a ``listing`` on a chosen official list (Entity List, NS-CMIC, 1260H,
UFLPA, SDN ...), or with direct evidence of building Xinjiang's security apparatus: a contract with
a Xinjiang public body, a partnership with a Xinjiang public-security unit, taking part in a
Xinjiang security expo. Which lists and which kinds of evidence, the patterns that recognise a list
and the words that place a body in Xinjiang are data: ``graph/anchors.yaml``.

A run picks anchors with keys (``--anchors entity-list,ns-cmic,xinjiang``): a key of ``lists`` or
``evidence`` in the YAML, a group (``lists``, ``xinjiang``), ``all``, or ``default``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from complicity.errors import UserError
from complicity.graph.graph import FloatArray, Graph
from complicity.model import Entity


@dataclass(frozen=True)
class AnchorSpec:
    key: str
    label: str
    family: str  # "list" or "evidence"
    weight: float
    default: bool
    patterns: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    relation: str | None = None
    kinds: tuple[str, ...] = ()
    security: bool = False


@dataclass(frozen=True)
class AnchorConfig:
    specs: dict[str, AnchorSpec]
    groups: dict[str, tuple[str, ...]]
    xinjiang: re.Pattern[str]
    security: re.Pattern[str]


@dataclass(frozen=True)
class Anchor:
    """``entity`` is an anchor of kind ``key`` because of relation row ``row`` (a listing, a
    contract ...) with ``counterpart`` (the list, the public body, the expo)."""

    node: int
    entity: str
    key: str
    label: str
    row: int
    weight: float  # spec weight x the relation's confidence
    counterpart: str


def _keyword_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Han keywords match as substrings (no spaces in Chinese); Latin ones as whole words."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        if re.search(r"[A-Za-z]", word):
            parts.append(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])")
        else:
            parts.append(re.escape(word))
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


@cache
def anchor_config() -> AnchorConfig:
    text = resources.files("complicity.graph").joinpath("anchors.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    specs: dict[str, AnchorSpec] = {}
    for key, item in (data.get("lists") or {}).items():
        specs[key] = AnchorSpec(
            key=key,
            label=item["label"],
            family="list",
            weight=float(item.get("weight", 1.0)),
            default=bool(item.get("default", False)),
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in item.get("patterns", [])),
            exclude=tuple(re.compile(p, re.IGNORECASE) for p in item.get("exclude", [])),
        )
    for key, item in (data.get("evidence") or {}).items():
        specs[key] = AnchorSpec(
            key=key,
            label=item["label"],
            family="evidence",
            weight=float(item.get("weight", 1.0)),
            default=bool(item.get("default", False)),
            relation=item["relation"],
            kinds=tuple(item.get("kinds", [])),
            security=bool(item.get("security", False)),
        )
    groups = {k: tuple(v) for k, v in (data.get("groups") or {}).items()}
    return AnchorConfig(
        specs=specs,
        groups=groups,
        xinjiang=_keyword_regex(data.get("xinjiang_keywords", [])),
        security=_keyword_regex(data.get("security_keywords", [])),
    )


def default_anchor_keys() -> tuple[str, ...]:
    return tuple(k for k, s in anchor_config().specs.items() if s.default)


def parse_anchor_keys(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"entity-list,ns-cmic,xinjiang"`` -> anchor keys, groups expanded, order kept.
    None -> the defaults. Unknown keys raise UserError naming the known ones."""
    if value is None:
        return default_anchor_keys()
    items = value.split(",") if isinstance(value, str) else list(value)
    cfg = anchor_config()
    keys: list[str] = []
    for raw in items:
        item = raw.strip().lower()
        if not item:
            continue
        if item == "all":
            expanded: Sequence[str] = list(cfg.specs)
        elif item == "default":
            expanded = default_anchor_keys()
        elif item in cfg.groups:
            expanded = cfg.groups[item]
        elif item in cfg.specs:
            expanded = [item]
        else:
            known = ", ".join([*cfg.specs, *cfg.groups, "all", "default"])
            raise UserError(f"unknown anchor {raw.strip()!r}; known: {known}")
        keys += [k for k in expanded if k not in keys]
    if not keys:
        raise UserError("no anchors chosen (--anchors is empty)")
    return tuple(keys)


def _entity_text(entity: Entity | None, entity_id: str) -> str:
    parts = [entity_id]
    if entity is not None:
        parts += [n.text for n in entity.names]
        parts += [str(v) for k, v in entity.attrs.items() if isinstance(v, str)]
    return " | ".join(parts)


def is_xinjiang(entity: Entity | None, entity_id: str, security: bool = False) -> bool:
    """Names (or location attributes) place it in Xinjiang; with ``security``, they also name a
    security purpose (public security, police, a security expo ...)."""
    cfg = anchor_config()
    text = _entity_text(entity, entity_id)
    if not cfg.xinjiang.search(text):
        return False
    return not security or bool(cfg.security.search(text))


def list_keys(graph: Graph, row: int) -> list[str]:
    """The list specs a listing relation's target matches."""
    rel = graph.relation(row)
    target = graph.entity(rel.target)
    text = _entity_text(target, rel.target)
    extra = [str(rel.attrs.get(k, "")) for k in ("program", "authority", "list", "list_id")]
    return list(_list_keys_of(" | ".join([text, *extra])))


@lru_cache(maxsize=4096)
def _list_keys_of(text: str) -> tuple[str, ...]:
    """The list specs whose patterns match a listing's text. Thousands of listings share a
    handful of texts (the same list, the same program): each is matched once."""
    found = []
    for spec in anchor_config().specs.values():
        if spec.family != "list":
            continue
        if any(p.search(text) for p in spec.patterns) and not any(
            p.search(text) for p in spec.exclude
        ):
            found.append(spec.key)
    return tuple(found)


def find_anchors(
    graph: Graph, keys: Sequence[str] | None = None, as_of: str | None = None
) -> dict[int, list[Anchor]]:
    """node -> its anchors (best first), for the chosen keys and relations in force on ``as_of``.
    Cached on the graph."""
    chosen = tuple(keys) if keys is not None else default_anchor_keys()
    cache_key = ("anchors", chosen, as_of)
    if cache_key in graph.cache:
        found: dict[int, list[Anchor]] = graph.cache[cache_key]
        return found
    cfg = anchor_config()
    specs = [cfg.specs[k] for k in chosen]
    want_lists = any(s.family == "list" for s in specs)
    by_relation: dict[str, list[AnchorSpec]] = {}
    for spec in specs:
        if spec.family == "evidence" and spec.relation:
            by_relation.setdefault(spec.relation, []).append(spec)
    types = (["listing"] if want_lists else []) + list(by_relation)
    live = graph.in_force(as_of)
    result: dict[int, list[Anchor]] = {}
    # which lists a listing row names does not depend on the keys or the date: kept per row
    keys_of: dict[int, set[str]] = graph.cache.setdefault("list_keys", {})

    def add(node: int, spec: AnchorSpec, row: int, counterpart: int) -> None:
        anchor = Anchor(
            node=node,
            entity=graph.ids[node],
            key=spec.key,
            label=spec.label,
            row=row,
            weight=spec.weight * float(graph.confidence[row]),
            counterpart=graph.ids[counterpart],
        )
        result.setdefault(node, []).append(anchor)

    for row in graph.rows_of_types(types):
        row = int(row)
        if not live[row]:
            continue
        kind = graph.type_of(row)
        s, t = int(graph.src[row]), int(graph.dst[row])
        if kind == "listing":
            matched = keys_of.get(row)
            if matched is None:
                matched = keys_of[row] = set(list_keys(graph, row))
            for spec in specs:
                if spec.key in matched:
                    add(s, spec, row, t)
            continue
        for spec in by_relation.get(kind, []):
            # the anchor is the organisation; the counterpart is the Xinjiang body or event
            ends = [(s, t), (t, s)] if kind == "partnership" else [(s, t)]
            for anchor_node, other in ends:
                other_id = graph.ids[other]
                entity = graph.entity(other_id)
                if entity is None or entity.kind not in spec.kinds:
                    continue
                if is_xinjiang(entity, other_id, spec.security):
                    add(anchor_node, spec, row, other)
    for anchors in result.values():
        anchors.sort(key=lambda a: (-a.weight, a.key, a.row))
    graph.cache[cache_key] = result
    return result


def anchor_scores(
    graph: Graph, keys: Sequence[str] | None = None, as_of: str | None = None
) -> FloatArray:
    """Per node, the weight of its best anchor (0 for non-anchors)."""
    found = find_anchors(graph, keys, as_of)
    scores = np.zeros(len(graph), dtype=np.float64)
    for node, anchors in found.items():
        scores[node] = anchors[0].weight
    return scores
