"""Terminal output shared by `demo` and `screen`: a progress line and a results table; and
what keeps a name from driving the terminal it is printed on (``TerminalSafe``)."""

from __future__ import annotations

import sys
import unicodedata
from typing import Any, TextIO

from complicity.screen.screen import ScreenResult


class _Escapes(dict[int, str]):
    """``str.translate`` table: a character that is invisible or moves the cursor (controls,
    escape sequences' ESC, bidi overrides, zero-width spaces, line separators) is shown as its
    escape (``\\x1b``, ``\\u202e``); ``keep`` lists the ones left as they are. Filled as met."""

    def __init__(self, keep: str) -> None:
        super().__init__()
        self.keep = frozenset(map(ord, keep))

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if code in self.keep or unicodedata.category(ch) not in _HIDDEN:
            out = ch
        else:
            out = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        self[code] = out
        return out


# controls, format characters (bidi, zero-width), line and paragraph separators, and lone
# surrogates (which no terminal encoding can write). Not private-use characters: GB18030 text
# maps rare Chinese characters there
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_IN_A_CELL = _Escapes(keep="")  # a cell is one line: its newlines and tabs shown too
_ON_A_TERMINAL = _Escapes(keep="\n\t\r")  # the layout's own: lines, tabs, the progress line


def shown(text: str) -> str:
    """``text`` as one line of a table: every hidden or cursor-moving character escaped
    (Hik\\nvision), so that a name reads as what it holds."""
    return text.translate(_IN_A_CELL)


class TerminalSafe:
    """A text stream for a terminal: what is written to it shows its hidden characters as
    escapes (``_Escapes``). A name from a hostile file or page may hold an escape sequence that
    clears the screen, recolours or rewrites a line, or a bidi override that reverses how it
    reads; on a terminal it is shown, never obeyed. ``cli.main`` wraps stdout and stderr in it
    when they are terminals only: written to a file or a pipe, the bytes stay as they are (an
    export is data)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text.translate(_ON_A_TERMINAL))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)  # flush, isatty, encoding ...


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
    text = shown(text[: cols + 1])  # no further than fits: an escape is wider than its character
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
        elif r.group_exposure:
            # a related row's entity is its probable group's, or a unit's parent body: what
            # that is linked to, as such
            above = "its parent" if r.matched_by == "unit_of" else "its group"
            link = f"{above}: {r.group_exposure['anchor']['name']} ({r.group_exposure['hops']})"
        elif r.error:
            link = r.error  # why this row could not be screened
        elif caught := [name for name, rule in r.rules.items() if rule.get("caught")]:
            # flagged by an ownership rule, with no path of its own to an anchor: which rule
            link = "caught by " + ", ".join(caught)
        elif r.nearest:
            link = f"nearest: {r.nearest['caption']} {r.nearest['score']:.2f}"
        print(
            f"{fit(r.label, 34)} {fit(r.status, 9)} {fit(r.caption or '', 28)} {score:>5}  "
            + shown(link),
            file=stream,
        )
