"""CSV files people open in a spreadsheet.

A cell that begins with =, +, - or @ is a formula to Excel and LibreOffice, and these files
carry text from outside: supplier names, list entries, quotes from documents. A supplier file
with ``=HYPERLINK("http://...")`` for a name would otherwise come back as a live link in the
results. Such a cell is written with a leading apostrophe, which a spreadsheet shows as text
and does not display (the usual defence; the value is otherwise as read).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: object) -> object:
    """``cell``, with an apostrophe in front when a spreadsheet would read it as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


class Writer:
    """``csv.writer`` whose text cells are never formulas (``as_text``)."""

    def __init__(self, f: TextIO) -> None:
        self._w = csv.writer(f)

    def writerow(self, row: Iterable[Any]) -> None:
        self._w.writerow([as_text(c) for c in row])
