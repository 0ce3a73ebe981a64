"""The terminal table: every cell exactly its width, Chinese characters counted as two columns,
however long the name (a 10,000-character name is cut at once, not character by character)."""

from __future__ import annotations

import io

import pytest

from complicity.report.console import fit, print_table, width
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
