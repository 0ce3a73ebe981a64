"""exposure, ownership: the graph as a user sees it."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from complicity.errors import UserError
from complicity.graph.anchors import parse_anchor_keys
from complicity.graph.exposure import DEFAULT_MAX_HOPS, ExposurePath, exposure
from complicity.graph.graph import Graph
from complicity.graph.ownership import ownership, rule_set
from complicity.screen.resolve import resolve_entity
from complicity.store import open_store


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "exposure",
        parents=[common],
        help="best paths from an entity to risk anchors (listed or Xinjiang-security entities)",
        description="Best paths from ENTITY to risk anchors through typed relations, scored and "
        "explained hop by hop with the evidence for each.",
    )
    p.add_argument("entity", help="entity id, or a name (resolved by search)")
    p.add_argument("--as-of", metavar="DATE", help="only relations in force on DATE (YYYY-MM-DD)")
    p.add_argument("--max-hops", type=int, default=DEFAULT_MAX_HOPS, metavar="N",
                   help=f"longest path, in links between entities (default {DEFAULT_MAX_HOPS})")  # fmt: skip
    p.add_argument("--anchors", metavar="KEYS",
                   help="comma-separated anchors: sdn, entity-list, meu, ns-cmic, 1260h, uflpa, "
                   "xinjiang-contract, xinjiang-partnership, xinjiang-expo; groups lists, xinjiang, "
                   "all, default (default: all of them)")  # fmt: skip
    p.add_argument("--limit", type=int, default=5, help="paths to show, one per anchor (default 5)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_exposure)

    p = sub.add_parser(
        "ownership",
        parents=[common],
        help="is an entity caught by an ownership rule (OFAC 50%%, BIS Affiliates, effective)",
        description="Apply a named ownership rule to ENTITY on a date, with the owners, percentages "
        "and evidence it rests on. Unknown stakes are reported as unknown, never as 0.",
    )
    p.add_argument("entity", help="entity id, or a name (resolved by search)")
    p.add_argument("--regime", required=True, choices=list(rule_set().rules))
    p.add_argument("--as-of", metavar="DATE", help="date to apply the rule on (default: today)")
    p.add_argument("--lists", metavar="KEYS",
                   help="comma-separated lists whose parties count as listed owners "
                   "(default: the rule's own, e.g. sdn for ofac50)")  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ownership)


def check_as_of(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UserError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


def _evidence_lines(items: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for ev in items:
        where = ", ".join(x for x in (ev.get("title"), ev.get("url")) if x) or ev["document"][:12]
        span = f" [chars {ev['start']}-{ev['end']}]" if ev.get("start") is not None else ""
        quote = " ".join(str(ev["quote"]).split())
        if len(quote) > 300:
            quote = quote[:299] + "…"
        lines.append(f"{indent}“{quote}” — {where}{span}")
    return lines


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return ""
    return f"  [{start or '?'} – {end or ''}]"


def _path_lines(n: int, path: ExposurePath) -> list[str]:
    also = f"; also: {', '.join(path.also)}" if path.also else ""
    anchor = path.names.get(path.anchor, path.anchor)
    lines = [
        f"{n}. {path.chain}",
        f"   score {path.score:.3f} · {len(path.hops)} hop(s) · anchor {anchor}: "
        f"{path.anchor_label}{also}",
    ]
    for hop in path.steps:
        ended = " (ended)" if hop.ended else ""
        lines.append(f"   {hop.arrow(path.names)}{_dates(hop.start, hop.end)}{ended}")
        lines += _evidence_lines(hop.evidence, "       ")
    return lines


def cmd_exposure(args: argparse.Namespace) -> int:
    as_of = check_as_of(args.as_of)
    keys = parse_anchor_keys(args.anchors)
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    store = open_store(args.db, create=False)
    entity = resolve_entity(store, args.entity)
    graph = Graph.from_store(store)
    paths = exposure(graph, entity.id, as_of, args.max_hops, keys, args.limit)
    if args.json:
        data = {
            "entity": {"id": entity.id, "name": entity.caption},
            "as_of": as_of,
            "max_hops": args.max_hops,
            "anchors": list(keys),
            "exposed": bool(paths),
            "score": paths[0].score if paths else 0.0,
            "paths": [p.to_dict() for p in paths],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    when = f"as of {as_of}" if as_of else "all dates (links that ended are included and marked)"
    print(f"Exposure of {entity.caption} [{entity.id}] — {when}; at most {args.max_hops} hops")
    print(f"anchors: {', '.join(keys)}")
    if not paths:
        print(f"no path to a risk anchor within {args.max_hops} hops")
        return 0
    for i, path in enumerate(paths, 1):
        print()
        print("\n".join(_path_lines(i, path)))
    return 0


def _pct(value: float | None) -> str:
    return "unknown" if value is None else f"{value:g}%"


def cmd_ownership(args: argparse.Namespace) -> int:
    as_of = check_as_of(args.as_of)
    lists = [k.strip() for k in args.lists.split(",") if k.strip()] if args.lists else None
    store = open_store(args.db, create=False)
    entity = resolve_entity(store, args.entity)
    graph = Graph.from_store(store)
    result = ownership(graph, entity.id, args.regime, as_of=as_of, lists=lists)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    rule = result["rule"]
    print(f"{entity.caption} [{entity.id}] under {rule['title']} ({rule['name']}), "
          f"as of {result['as_of']}")  # fmt: skip
    print(f"source: {rule['citation']}")
    print(f"rule: {rule['note']}; listed owners from: {', '.join(rule['lists'])}")
    status = result["status"]
    if status == "listed":
        lists_text = ", ".join(x["name"] for x in result["listings"])
        print(f"CAUGHT: listed itself ({lists_text})")
    elif status == "rule not in force":
        would = "would be caught" if result["would_be_caught"] else "would not be caught"
        print(f"NOT CAUGHT: the rule is not in force on {result['as_of']} ({would} if it were)")
    elif status == "caught":
        print(f"CAUGHT: listed or caught owners hold {_pct(result['known_percent'])} "
              f"(threshold {rule['threshold']:g}%)")  # fmt: skip
    elif status == "undetermined":
        print(f"UNDETERMINED: {_pct(result['known_percent'])} known, up to "
              f"{_pct(result.get('max_percent'))} with stakes of unknown size "
              f"(threshold {rule['threshold']:g}%)")  # fmt: skip
    else:
        print(f"NOT CAUGHT: listed owners hold {_pct(result['known_percent'])} "
              f"(threshold {rule['threshold']:g}%)")  # fmt: skip
    if result["aggregate_percent"] is None and result["owners"]:
        print("aggregate percent: unknown (stakes of unknown size: "
              + ", ".join(o["name"] for o in result["unknown_owners"]) + ")")  # fmt: skip
    for owner in result["owners"]:
        print(f"- {owner['name']} [{owner['id']}]: {_pct(owner['percent'])}, {owner['status']}")
        chains = [p["chain"] for p in owner.get("paths", [])] or [owner["chain"]]
        for chain in chains:
            print(f"    {chain}")
        for listing in owner["listing"]:
            print(f"    {listing['name']} since {listing['start'] or '?'}")
        print("\n".join(_evidence_lines(owner["evidence"], "      ")))
    if status == "listed":
        print("\n".join(_evidence_lines(result["evidence"], "  ")))
    return 0
