"""Quote offsets for the starter knowledge base (src/complicity/data/kb).

Evidence quotes that cite a source with a ``local_copy`` carry ``start``/``end``: Python ``str``
offsets into that file read as UTF-8 text, so that ``text[start:end] == quote``. This script
finds those offsets and checks the ones already written.

    python tools/kb_offsets.py find ../shared/seed/chinai-newsletter-29.txt "Leon invested"
    python tools/kb_offsets.py sha256 ../shared/seed/chinai-newsletter-29.txt
    python tools/kb_offsets.py check            # every offset in the KB against its local copy

A quote must occur exactly once in the text, or after a given ``--after`` anchor (which must
itself be unique): an ambiguous quote would make the offsets a guess.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "src" / "complicity" / "data" / "kb"
SHARED = ROOT.parent / "shared"


class OffsetError(ValueError):
    """A quote that is missing from the text or occurs more than once."""


def read_text(path: Path) -> str:
    """The file as the store sees it: UTF-8, newlines untouched."""
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unique_index(text: str, needle: str, start: int = 0) -> int:
    first = text.find(needle, start)
    if first < 0:
        raise OffsetError(f"not found: {needle[:80]!r}")
    if text.find(needle, first + 1) >= 0:
        raise OffsetError(f"occurs more than once: {needle[:80]!r}")
    return first


def find_offsets(text: str, quote: str, after: str | None = None) -> tuple[int, int]:
    """(start, end) of the only occurrence of ``quote`` (after the unique anchor ``after``)."""
    if not quote:
        raise OffsetError("empty quote")
    if after is None:
        start = _unique_index(text, quote)
    else:
        anchor = _unique_index(text, after)
        start = text.find(quote, anchor)
        if start < 0:
            raise OffsetError(f"not found after anchor: {quote[:80]!r}")
    return start, start + len(quote)


def check_kb(kb: Path = KB, shared: Path = SHARED) -> list[str]:
    """Problems with the offsets and hashes in ``kb``; an empty list when all hold."""
    problems: list[str] = []
    sources: list[dict[str, Any]] = yaml.safe_load((kb / "sources.yaml").read_text("utf-8"))
    relations: list[dict[str, Any]] = yaml.safe_load((kb / "relations.yaml").read_text("utf-8"))
    texts: dict[str, str] = {}
    for src in sources:
        local = src.get("local_copy")
        if not local:
            continue
        path = shared / local
        if not path.exists():
            problems.append(f"source {src['id']}: local copy {path} missing")
            continue
        if sha256_file(path) != src.get("sha256"):
            problems.append(f"source {src['id']}: sha256 differs from {path}")
        texts[src["id"]] = read_text(path)
    for i, rel in enumerate(relations):
        for ev in rel.get("evidence", []):
            where = f"relation {i} ({rel['type']} {rel['source']}->{rel['target']})"
            text = texts.get(ev["source"])
            has_offsets = ev.get("start") is not None
            if text is None:
                if has_offsets:
                    problems.append(f"{where}: offsets into {ev['source']}, which has no copy")
                continue
            if not has_offsets:
                problems.append(f"{where}: quote into {ev['source']} without offsets")
            elif text[ev["start"] : ev["end"]] != ev["quote"]:
                problems.append(f"{where}: text[{ev['start']}:{ev['end']}] != quote")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_find = sub.add_parser("find", help="print start and end of each quote")
    p_find.add_argument("file", type=Path)
    p_find.add_argument("quotes", nargs="+")
    p_find.add_argument("--after", help="a unique anchor the quote follows")
    p_hash = sub.add_parser("sha256", help="sha256 of a file's bytes")
    p_hash.add_argument("file", type=Path)
    sub.add_parser("check", help="check every offset and hash in the KB")
    args = parser.parse_args(argv)

    if args.cmd == "sha256":
        print(sha256_file(args.file))
        return 0
    if args.cmd == "find":
        text = read_text(args.file)
        status = 0
        for quote in args.quotes:
            try:
                start, end = find_offsets(text, quote, args.after)
            except OffsetError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
                continue
            print(f"start: {start}\nend: {end}")
        return status
    problems = check_kb()
    for problem in problems:
        print(problem, file=sys.stderr)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
