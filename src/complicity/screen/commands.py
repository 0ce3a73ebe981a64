"""`complicity screen INPUT --column NAME`: a holdings or supplier file against the store."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from complicity.errors import UserError
from complicity.model import check_date

if TYPE_CHECKING:
    from complicity.screen.screen import ScreenResult
    from complicity.screen.table import Rejected


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "screen", parents=[common], help="screen a CSV/XLSX list of names against the store"
    )
    p.add_argument("input", type=Path, help="CSV (any encoding) or XLSX")
    p.add_argument("--column", help="the column holding names (default: the first)")
    p.add_argument("--out", type=Path, help="write results: .csv, .json or .html by extension")
    p.add_argument("--as-of", help="date for time-aware exposure (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    p.add_argument(
        "--translate",
        action="store_true",
        help="when a name matches nothing in its own script, look for it among the names in the "
        "other script through translation and reading (USA Rare Earth finds a store's "
        "美国稀土公司). Finds more, but also a few wrong matches (a Chinese name spelt like an "
        "English word): check every such match (marked matched_by translation)",
    )
    p.add_argument(
        "--nearest",
        action="store_true",
        help="for a row with no match, give the closest name below the threshold, its score and "
        "why it fell short (nearest_* columns; slower: those rows are searched in full)",
    )
    p.set_defaults(func=cmd_screen)


def cmd_screen(args: argparse.Namespace) -> int:
    from complicity.report.console import ProgressLine, print_table
    from complicity.report.html import render_html
    from complicity.screen.screen import (
        ACROSS_SCRIPTS,
        NEAR_MISS,
        Screener,
        lists_names,
        translation_hint,
    )
    from complicity.screen.table import read_table
    from complicity.store import open_store

    try:
        check_date(args.as_of, "--as-of")
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    table = read_table(args.input, args.column)
    store = open_store(args.db, create=False)
    screener = Screener(store, as_of=args.as_of, translate=args.translate, nearest=args.nearest)
    results = screener.screen(table.rows, progress=ProgressLine("screening"))
    if args.json:
        for r in results:
            print(json.dumps(r.to_dict(), ensure_ascii=False))
    else:
        print_table(results)
    for skipped in table.rejected:
        print(f"{skipped.where} not screened: {skipped.reason}")
    if args.out:
        suffix = args.out.suffix.lower()
        if suffix == ".json":
            rows = [r.to_dict() for r in results]
            payload = {
                "results": rows,
                "rejected": [x._asdict() for x in table.rejected],
            }
            args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        elif suffix in (".html", ".htm"):
            html = render_html(results, input_name=str(args.input), counts=store.counts(),
                               rejected=table.rejected, as_of=args.as_of)  # fmt: skip
            args.out.write_text(html, encoding="utf-8")
        else:
            write_csv(args.out, results, table.rejected, table.sheets)
        print(f"wrote {args.out}")
    print(summary_line(results, len(table.rejected)))
    across = [r for r in results if r.matched_by in ACROSS_SCRIPTS]
    if across:
        print(f"{len(across)} matched across scripts by reading or translation, not by a name "
              f"as listed (lines {_lines(across)}): check them")  # fmt: skip
    # a related row's matched name is its group's or its parent's (中国电子科技集团公司, CETC's
    # former name, for its 14th institute): not said of the row
    former = [r for r in results if r.matched_kind == "former" and r.entity_id and not r.related]
    if former:
        print(f"{len(former)} matched a former name of their entity (lines {_lines(former)}): "
              "the company's name before, not the one it goes by now; the matched_name and "
              "entity_names columns say both")  # fmt: skip
    listed = [r for r in results if lists_names(r.explanation)]
    if listed:
        print(f"{len(listed)} list several names in one cell (lines {_lines(listed)}): each "
              "row gives its best match, and its explanation what the other names matched; "
              "screen them one per row to see each")  # fmt: skip
    apart = [r for r in results if r.identifier and not r.identifier["agrees"]]
    if apart:
        print(f"{len(apart)} to review: the name matched one entity, an identifier the row "
              f"gives is another's (lines {_lines(apart)}): the explanation says which; "
              "check which company the row is")  # fmt: skip
    review = [r for r in results if r.status == "review" and r not in apart]
    if review:
        print(f"{len(review)} to review: matched by initials alone (lines {_lines(review)}): "
              "initials tell few companies apart; check that the entity is this company")  # fmt: skip
        would = [r for r in review if r.entity_status == "flagged"]
        if would:
            print(f"{len(would)} of them would be flagged if it is (lines {_lines(would)}): "
                  "the entity_status and path columns")  # fmt: skip
    related = [r for r in results if r.status == "related"]
    if related:
        print(f"{len(related)} related: the name says an entity's brand but the entity is "
              "registered as another company, or names a unit of an entity (an institute, a "
              "division, a branch, a city's body under its prefecture's) "
              f"(lines {_lines(related)}): probably of its group, whose "
              "ownership the store does not know; check who owns them")  # fmt: skip
        of_flagged = [r for r in related if r.group_status == "flagged"]
        if of_flagged:
            print(f"{len(of_flagged)} of them are related to an entity that is itself flagged "
                  f"(lines {_lines(of_flagged)}): the group_status and group_path columns")  # fmt: skip
    near = [r for r in results if r.nearest and r.nearest["score"] >= NEAR_MISS]
    if near:
        print(f"{len(near)} with no match came near one (a name at {NEAR_MISS} or more, below "
              f"the threshold {screener.threshold}) (lines {_lines(near)}): the nearest_* "
              "columns say which and why it fell short; check them")  # fmt: skip
    hint = None if args.translate else translation_hint(results, screener.index, store)
    if hint:
        print(hint)
    return 0


def _lines(rows: list[Any], most: int = 20) -> str:
    """The line numbers of ``rows`` for a summary: the first ``most``, then "..."."""
    return ", ".join(str(r.line) for r in rows[:most]) + (" ..." if len(rows) > most else "")


# entity_status: the matched entity's own screening, flagged or clear; the status says it too
# unless the match is to be reviewed first ("review") or the row is related to it
RESULT_COLUMNS = ["line", "sheet", "input", "status", "entity_status", "entity_id",
                  "entity_names", "matched_name", "matched_kind", "score", "matched_by",
                  "explanation", "linked_to", "path",
                  "path_score", "rules", "group_status", "group_path", "nearest_entity_id",
                  "nearest_name", "nearest_score", "nearest_explanation"]  # fmt: skip


def write_csv(
    path: Path, results: list[Any], rejected: list[Rejected], sheets: Sequence[str] = ()
) -> None:
    """One row per input row, screened or not: nothing is dropped. The rows come out in the
    input's order, the rows not screened among them (an XLSX's sheet by sheet, in ``sheets``'
    order). A row that could not be screened says why in the explanation column. No cell is a
    formula to a spreadsheet (``report.spreadsheet``)."""
    from complicity.report.spreadsheet import Writer

    rank = {sheet: n for n, sheet in enumerate(sheets)}

    def place(sheet: str | None, line: int) -> tuple[int, int]:
        return rank.get(sheet or "", len(rank)), line

    out: list[tuple[tuple[int, int], list[Any]]] = []
    for r in results:
        expl = r.error or "; ".join(_explained(e) for e in r.explanation)
        exp = r.exposure or {}
        rules = "; ".join(
            f"{k}={'caught' if v.get('caught') else 'no'}" for k, v in r.rules.items()
        )
        near = r.nearest or {}
        near_expl = "; ".join(_explained(e) for e in near.get("explanation", []))
        out.append((place(r.sheet, r.line),
                    [r.line, r.sheet or "", r.input, r.status, r.entity_status or "",
                     r.entity_id or "", " | ".join(r.names), r.matched_name or "",
                     r.matched_kind or "", r.score if r.score is not None else "",
                     r.matched_by or "", expl, (exp.get("anchor") or {}).get("name", ""),
                     exp.get("chain", ""), exp.get("score", ""), rules, r.group_status or "",
                     (r.group_exposure or {}).get("chain", ""), near.get("entity_id", ""),
                     near.get("name", ""), near.get("score", ""), near_expl]))  # fmt: skip
    blank = [""] * (len(RESULT_COLUMNS) - 4)  # after line, sheet, input and status
    out += [
        (place(x.sheet, x.line), [x.line, x.sheet or "", "", f"not screened: {x.reason}", *blank])
        for x in rejected
    ]
    ordered = sorted(out, key=lambda pair: pair[0])
    with path.open("w", newline="", encoding="utf-8") as f:
        w = Writer(f)
        w.writerow(RESULT_COLUMNS)
        for _, row in ordered:
            w.writerow(row)


def _explained(feature: dict[str, Any]) -> str:
    """One feature for the explanation column: name=value, or for a note (which adds nothing
    to the score but says how it was reached: the parent a unit was found by) its words."""
    from complicity.names.match import FEATURES

    spec = FEATURES.get(str(feature.get("name")))
    if spec is not None and spec.kind == "note" and feature.get("detail"):
        return f"{feature['name']}: {feature['detail']}"
    return f"{feature.get('name')}={feature.get('value')}"


def summary_line(results: list[ScreenResult], not_screened: int) -> str:
    """The count of each outcome: "7 screened: 5 flagged, 1 no match, 1 could not be compared;
    1 row not screened". A name that could not be compared (punctuation only) was read but not
    screened against anything: said apart from "no match", which is a finding."""
    counts = Counter(r.status for r in results)
    labels = (("flagged", "flagged"), ("clear", "clear"), ("review", "to review"),
              ("related", "related"),
              ("no match", "no match"), ("error", "could not be compared"))  # fmt: skip
    parts = [f"{counts[s]} {label}" for s, label in labels if counts[s] or s == "flagged"]
    rows = "row" if not_screened == 1 else "rows"
    return f"{len(results)} screened: {', '.join(parts)}; {not_screened} {rows} not screened"
