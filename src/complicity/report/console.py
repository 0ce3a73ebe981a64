"""Terminal output shared by `demo` and `screen`: a progress line and a results table."""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

from complicity.screen.screen import ScreenResult


class ProgressLine:
    """`screening 12/30` on stderr: rewritten in place on a terminal, every 10% otherwise."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_decile = -1

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            end = "\n" if done == total else ""
            print(f"\r{self.label} {done}/{total}", end=end, file=self.stream, flush=True)
            return
        decile = done * 10 // max(total, 1)
        if decile != self.last_decile or done == total:
            self.last_decile = decile
            print(f"{self.label} {done}/{total}", file=self.stream, flush=True)


def width(text: str) -> int:
    """Display width: Chinese characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, cols: int) -> str:
    out = ""
    for ch in text:
        if width(out + ch) > cols - (1 if width(text) > cols else 0):
            return out + "…"
        out += ch
    return out + " " * (cols - width(out))


def print_table(results: list[ScreenResult], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    head = f"{fit('holding', 34)} {fit('status', 9)} {fit('matched entity', 28)} {'score':>5}  linked to (hops)"
    print(head, file=stream)
    print("-" * width(head), file=stream)
    for r in results:
        score = f"{r.score:.2f}" if r.score is not None else ""
        link = ""
        if r.exposure:
            link = f"{r.exposure['anchor']['name']} ({r.exposure['hops']})"
        print(
            f"{fit(r.input, 34)} {fit(r.status, 9)} {fit(r.caption or '', 28)} {score:>5}  {link}",
            file=stream,
        )
