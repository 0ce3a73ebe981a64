"""The terminal table: every cell exactly its width, Chinese characters counted as two columns,
however long the name (a 10,000-character name is cut at once, not character by character).
And what a terminal is shown of a hostile name: its escapes, never the sequences themselves."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from complicity.report.console import fit, print_table, shown, width
from complicity.screen.screen import ScreenResult


@pytest.mark.parametrize(
    ("text", "cols", "shown"),
    [
        ("Hikvision", 12, "Hikvision   "),
        ("海康威视", 12, "海康威视    "),
        ("杭州海康威视数字技术股份有限公司", 12, "杭州海康威… "),  # 10 + ellipsis, 1 to pad
        ("Hangzhou Hikvision Digital", 12, "Hangzhou Hi…"),
        ("ab海", 3, "ab…"),
        ("", 4, "    "),
    ],
)
def test_a_cell_is_exactly_its_width(text: str, cols: int, shown: str) -> None:
    assert fit(text, cols) == shown
    assert width(fit(text, cols)) == cols


def test_a_huge_name_prints_one_line_of_the_table() -> None:
    out = io.StringIO()
    rows = [ScreenResult(line=2, input="海" * 10_000, error="too long"), ScreenResult(3, "Acme")]
    print_table(rows, stream=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4  # head, rule, two rows
    assert lines[2].startswith("海" * 16 + "…  error")  # 32 columns, the ellipsis, 1 to pad
    assert width(lines[2].split(" error")[0]) == 34


def test_a_row_an_ownership_rule_caught_says_which() -> None:
    # flagged with no path of its own to an anchor (Tang Li Technology, 51% SenseTime's): the
    # last column names the rules that caught it, not nothing
    caught = {"ofac50": {"caught": False}, "bis-affiliates": {"caught": True}}
    rows = [ScreenResult(2, "Tang Li Technology", entity_id="tangli", rules=caught)]
    out = io.StringIO()
    print_table(rows, stream=out)
    row = out.getvalue().splitlines()[2]
    assert "flagged" in row and row.endswith("caught by bis-affiliates")


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("Hik\nvision", "Hik\\x0avision"),  # a quoted CSV field may hold a line break
        ("\x1b[2JHikvision", "\\x1b[2JHikvision"),  # an escape sequence: clear the screen
        ("Leon\u202eygolonhceT", "Leon\\u202eygolonhceT"),  # a bidi override reverses the rest
        ("海康\u200b威视", "海康\\u200b威视"),  # a zero-width space hides in a name
        ("海康威视 Hikvision", "海康威视 Hikvision"),
    ],
)
def test_a_cell_shows_what_a_name_hides(text: str, seen: str) -> None:
    assert shown(text) == seen
    assert fit(text, 40).rstrip() == seen


def test_a_hostile_name_stays_on_its_row() -> None:
    out = io.StringIO()
    print_table([ScreenResult(2, "Hik\r\nvision\x1b[2J", error="bad\x1b[31m row")], stream=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # head, rule, the one row
    assert lines[2].startswith("Hik\\x0d\\x0avision\\x1b[2J ") and lines[2].endswith(
        "bad\\x1b[31m row"
    )
    assert "\x1b" not in out.getvalue()


def _on_a_terminal(*argv: str) -> bytes:
    """What ``complicity ARGV`` writes to a pseudo-terminal: stdout and stderr both."""
    main, other = pty.openpty()
    cmd = [sys.executable, "-m", "complicity.cli", *argv]
    proc = subprocess.Popen(cmd, stdout=other, stderr=other, stdin=subprocess.DEVNULL)
    os.close(other)
    got = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal is gone: the command has exited
            break
        if not chunk:
            break
        got += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0, got
    return got


def test_a_terminal_is_shown_escape_sequences_never_driven_by_them() -> None:
    name = "Hik\x1b[2Jvision\u202e"
    seen = _on_a_terminal("match", name, "Hikvision")
    assert b"A: Hik\\x1b[2Jvision\\u202e" in seen
    assert b"\x1b" not in seen and "\u202e".encode() not in seen
    # written to a pipe (a file, another program) the name is data: kept byte for byte
    piped = subprocess.run(
        [sys.executable, "-m", "complicity.cli", "match", name, "Hikvision"],
        capture_output=True,
        check=True,
    )
    assert f"A: {name}\n".encode() in piped.stdout
