"""Commands of this package (see complicity.cli): ``complicity match "NAME A" "NAME B" [--json]``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from complicity.errors import UserError
from complicity.names.match import THRESHOLD, AliasTable, MatchResult, score


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


def _store_aliases(db: str | None) -> tuple[AliasTable | None, str | None]:
    """The alias table of an existing store, or None (pure name comparison). Never creates one."""
    path = db or os.environ.get("COMPLICITY_DB") or "complicity.db"
    if not Path(path).is_file():
        if db:
            raise UserError(f"--db {db}: no such store file")
        return None, None
    try:
        from complicity.store import open_store
    except ImportError:
        return None, None
    store = open_store(path, create=False)
    try:
        return AliasTable.from_store(store), path
    finally:
        close = getattr(store, "close", None)
        if close:
            close()


def run_match(args: argparse.Namespace) -> int:
    aliases, used = _store_aliases(getattr(args, "db", None))
    try:
        result = score(args.name_a, args.name_b, aliases)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if args.json:
        out = result.to_dict()
        out["store"] = used
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(render(result, used))
    return 0


def render(result: MatchResult, store: str | None = None) -> str:
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
    if store:
        lines.append(f"\naliases and judgements from {store}")
    return "\n".join(lines)
