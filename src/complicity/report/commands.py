"""`complicity demo`: the starter knowledge base, a sample portfolio, a report with evidence."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path
from typing import Any


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "demo",
        parents=[common],
        help="load the starter knowledge base and screen the sample portfolio",
        description="Loads the shipped knowledge base into the store (idempotently), screens a "
        "sample portfolio of ~30 holdings and writes report/exposure.html and report/exposure.json.",
    )
    p.add_argument("--portfolio", type=Path, help="a CSV/XLSX to screen instead of the sample")
    p.add_argument("--column", default="holding")
    p.add_argument(
        "--out", type=Path, default=Path("report"), help="report folder (default ./report)"
    )
    p.add_argument("--as-of", help="date for time-aware exposure")
    p.set_defaults(func=cmd_demo)


def sample_portfolio() -> Path:
    return Path(str(resources.files("complicity.data").joinpath("demo_portfolio.csv")))


def cmd_demo(args: argparse.Namespace) -> int:
    from complicity.report.console import ProgressLine, print_table
    from complicity.report.html import write_reports
    from complicity.screen.screen import Screener
    from complicity.screen.table import read_table
    from complicity.sources.kb import read_kb
    from complicity.store import open_store

    store = open_store(args.db)
    result = store.write(read_kb(), label="starter knowledge base")
    counts = store.counts()
    print(f"store {store.path}: {counts['entities']} organisations, {counts['relations']} relations, "
          f"{counts['evidence']} pieces of evidence ({result.entities} new)")  # fmt: skip
    portfolio = args.portfolio or sample_portfolio()
    table = read_table(portfolio, args.column)
    screener = Screener(store, as_of=args.as_of)
    results = screener.screen(table.rows, progress=ProgressLine(f"screening {portfolio.name}"))
    print_table(results)
    html, data = write_reports(results, args.out, input_name=portfolio.name, counts=counts,
                               rejected=table.rejected, as_of=args.as_of)  # fmt: skip
    flagged = [r for r in results if r.status == "flagged"]
    print(f"\n{len(flagged)} of {len(results)} holdings linked to the Xinjiang surveillance "
          f"industry; evidence for every link in {html} (and {data})")  # fmt: skip
    review = [r for r in results if r.status == "review"]
    if review:
        print(
            f"{len(review)} matched by initials alone, to review: {', '.join(r.label for r in review)}"
        )
    return 0
