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


def _cols(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    """Display width: Chinese characters take two columns."""
    return sum(map(_cols, text))


def fit(text: str, cols: int) -> str:
    """``text`` in exactly ``cols`` columns: padded, or cut with an ellipsis. Reads no further
    into the text than fits (a 10,000-character name costs what a short one does)."""
    used = 0
    for i, ch in enumerate(text):
        w = _cols(ch)
        if used + w > cols:
            # cut: room for the ellipsis, taking back characters as needed
            out = text[:i]
            while used > cols - 1:
                used -= _cols(out[-1])
                out = out[:-1]
            return out + "…" + " " * (cols - 1 - used)
        used += w
    return text + " " * (cols - used)


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
        elif r.error:
            link = r.error  # why this row could not be screened
        elif caught := [name for name, rule in r.rules.items() if rule.get("caught")]:
            # flagged by an ownership rule, with no path of its own to an anchor: which rule
            link = "caught by " + ", ".join(caught)
        elif r.nearest:
            link = f"nearest: {r.nearest['caption']} {r.nearest['score']:.2f}"
        print(
            f"{fit(r.input, 34)} {fit(r.status, 9)} {fit(r.caption or '', 28)} {score:>5}  {link}",
            file=stream,
        )
