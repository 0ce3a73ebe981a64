"""Name normalisation shared by matching, search and extraction.

Traditional/simplified conversion goes through opencc (one converter per process, it is not free
to build)."""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional (and Taiwan/HK variant) characters to simplified; other text unchanged."""
    return str(_t2s().convert(text))


def is_traditional(text: str) -> bool:
    """True when the text has characters that only traditional script writes that way."""
    return to_simplified(text) != text
