"""Throughput of the default extraction pipeline on Chinese news snippets.

Input: ../shared/data/text/**/chinese_news_double/*.csv (``title,source,time,summary``); each row
becomes one document (title + summary). Prints a markdown table: documents, MB (UTF-8), seconds,
MB/s on one core (the pipeline is single-threaded), relations found. Goal: >= 1 MB/s.
When the optional Chinese NER model (Baidu LAC) is installed, a second row measures the pipeline
with ``--ner lac`` on the first ``--lac-limit`` snippets (LAC is far slower than the rules).

    python -m benchmarks.extract_speed [--limit N] [--lac-limit N]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from pathlib import Path

from complicity.extract.ner import add_ner, lac_available
from complicity.extract.pipeline import Pipeline
from complicity.model import Document

SHARED = Path(
    os.environ.get("COMPLICITY_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


def load_snippets(limit: int | None = None) -> list[str]:
    texts: list[str] = []
    for path in sorted((SHARED / "data" / "text").rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.append(f"{row.get('title') or ''}\n{row.get('summary') or ''}")
                if limit and len(texts) >= limit:
                    return texts
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N snippets")
    parser.add_argument(
        "--lac-limit", type=int, default=2000, help="snippets for the LAC row (default 2000)"
    )
    args = parser.parse_args(argv)
    texts = load_snippets(args.limit)
    if not texts:
        print(f"no snippets under {SHARED / 'data' / 'text'}: nothing to measure", file=sys.stderr)
        return 0
    docs = [Document.from_text(t, title="snippet", published="2019-01-01") for t in texts]
    floor = floor_rate(docs)
    print(
        "| pipeline | documents | MB (UTF-8) | CPU s | MB/s per core | relations | x floor time |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| baseline floor: opencc t2s + sentence split | {len(docs)} | | | {floor:.2f} | | 1.0 |"
    )
    print(row("extract rules-v1", Pipeline.default(), docs, floor))
    if lac_available():
        pipe = Pipeline.default()
        add_ner(pipe, "lac")
        print(row("extract rules-v1 + LAC (--ner lac)", pipe, docs[: args.lac_limit], floor))
    print()
    print(
        "The floor is what any Chinese pipeline pays first (simplified conversion, sentence split),"
    )
    print(
        "measured in the same run: 'x floor time' compares machines fairly. Goal: >= 1 MB/s per core."
    )
    return 0


def floor_rate(docs: list[Document]) -> float:
    """MB/s of the cheapest honest baseline: opencc conversion and a sentence split."""
    from complicity.names.normalize import to_simplified

    size = sum(len((d.text or "").encode("utf-8")) for d in docs)
    start = time.process_time()
    for doc in docs:
        re.split(r"(?<=[。！？!?；;\n])", to_simplified(doc.text or ""))
    return size / 1e6 / max(time.process_time() - start, 1e-9)


def row(label: str, pipe: Pipeline, docs: list[Document], floor: float) -> str:
    size = sum(len((d.text or "").encode("utf-8")) for d in docs)
    pipe.run(docs[0])  # warm caches (opencc, automaton, LAC's predictor)
    start = time.process_time()
    relations = 0
    for doc in docs:
        relations += len(pipe.run(doc).extracted)
    seconds = time.process_time() - start
    mb = size / 1e6
    rate = mb / seconds
    return (
        f"| {label} | {len(docs)} | {mb:.2f} | {seconds:.2f} | {rate:.2f} | {relations} "
        f"| {floor / rate:.1f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
