"""Commands of this package (see complicity.cli): ``complicity match "NAME A" "NAME B" [--json]``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from complicity.errors import UserError
from complicity.names.match import THRESHOLD, AliasTable, MatchResult, score_as_given
from complicity.store.db import citation_line


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "match",
        parents=[common],
        help="score two company names (any script): same company or not, and why",
        description="Score two company names from 0 to 1 and show the features that produced "
        f"the score; 'same' means score >= {THRESHOLD}. With a store (--db, $COMPLICITY_DB or "
        "./complicity.db, when the file exists) names the sources give for one entity count as "
        "known aliases and human judgements override the score.",
    )
    p.add_argument("name_a", metavar="NAME_A")
    p.add_argument("name_b", metavar="NAME_B")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_match)


def _store(db: str | None) -> Any:
    """An existing store, or None (pure name comparison). Never creates one."""
    path = db or os.environ.get("COMPLICITY_DB") or "complicity.db"
    if not Path(path).is_file():
        if db:
            raise UserError(f"--db {db}: no such store file")
        return None
    from complicity.store import open_store

    return open_store(path, create=False)


def alias_sources(store: Any, aliases: AliasTable, a: str, b: str) -> list[dict[str, Any]]:
    """For a known alias: each entity that has both names, and the documents that give the
    names it has (title, URL, date), so the alias can be checked where it was stated."""
    from complicity.names.match import alias_key
    from complicity.names.normalize import normalize

    na, nb = normalize(a), normalize(b)
    keys = {alias_key(na), alias_key(nb)}
    out: list[dict[str, Any]] = []
    for entity_id in sorted(aliases.entities(na) & aliases.entities(nb)):
        entity = store.entity(entity_id)
        if entity is None:
            continue
        cited = store.citations(n for n in entity.names if _alias_key(n.text) in keys)
        out.append(
            {"entity": entity_id, "caption": entity.caption, "sources": list(cited.values())}
        )
    return out


def _alias_key(text: str) -> str | None:
    from complicity.names.match import alias_key
    from complicity.names.normalize import normalize

    try:
        return alias_key(normalize(text))
    except ValueError:
        return None


def run_match(args: argparse.Namespace) -> int:
    store = _store(getattr(args, "db", None))
    aliases = AliasTable.from_store(store) if store is not None else None
    used = str(store.path) if store is not None else None
    try:
        try:
            result = score_as_given(args.name_a, args.name_b, aliases)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        known = any(f.name == "known_alias" for f in result.explanation)
        cited = alias_sources(store, aliases, args.name_a, args.name_b) if known and aliases else []
    finally:
        if store is not None:
            store.close()
    if args.json:
        out = result.to_dict()
        out["store"] = used
        out["aliases"] = cited
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(render(result, used, cited))
    return 0


def render(
    result: MatchResult, store: str | None = None, aliases: list[dict[str, Any]] | None = None
) -> str:
    verdict = "same company" if result.same else "not the same company"
    lines = [
        f"A: {result.a}",
        f"B: {result.b}",
        f"score {result.score:.3f} (threshold {THRESHOLD}): {verdict}",
        "",
    ]
    rows = [("feature", "value", "weight", "contribution", "detail")]
    for f in result.explanation:
        rows.append(
            (f.name, f"{f.value:.3f}", f"{f.weight:.2f}", f"{f.contribution:+.3f}", f.detail)
        )
    if len(rows) == 1:
        rows.append(("(none)", "", "", "", "nothing in common"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    for alias in aliases or []:
        lines.append(
            f"\nknown alias: both are names of {alias['caption']} ({alias['entity']}), as given by"
        )
        for src in alias["sources"] or [{"title": "(no source recorded)", "url": None,
                                         "published": None}]:  # fmt: skip
            lines.append(f"  {citation_line(src)}")
    if store:
        lines.append(f"\naliases and judgements from {store}")
    else:
        # a user who types 海康威视 / Hikvision in a new folder should learn why the score is
        # low: the link between the two is a fact from sources, not something the names say
        lines.append(
            "\nnames only: no store (--db, $COMPLICITY_DB or ./complicity.db), so no aliases "
            "from sources and no judgements; `complicity demo` makes one from the starter "
            "knowledge base"
        )
    return "\n".join(lines)
