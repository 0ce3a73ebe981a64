"""A matching copy of a text with the same length as the original.

Rules and the gazetteer run on ``match_text(text)``: traditional characters become simplified,
full-width ASCII becomes ASCII. Every character maps to exactly one character, so an offset into
the matching copy is the same offset into the original, and evidence quotes are cut from the
original text."""

from __future__ import annotations

from functools import cache, lru_cache

from complicity.names.normalize import to_simplified


@cache
def _char_t2s(ch: str) -> str:
    out = to_simplified(ch)
    return out if len(out) == 1 else ch


def _halfwidth(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch == "\u3000":
        return " "
    if ch in "\u2014\u2013\u2015\u2012\u2212":  # dashes: 中国—亚欧 / China–Eurasia
        return "-"
    if ch in "\u201c\u201d\u300c\u300d\u300e\u300f":
        return '"'
    if ch in "\u2018\u2019":
        return "'"
    return ch


_HALF = {
    cp: _halfwidth(chr(cp))
    for cp in [
        *range(0xFF01, 0xFF5F),
        0x3000,
        0x2014,
        0x2013,
        0x2015,
        0x2012,
        0x2212,
        0x201C,
        0x201D,
        0x300C,
        0x300D,
        0x300E,
        0x300F,
        0x2018,
        0x2019,
    ]
}


def match_text(text: str) -> str:
    """Simplified, half-width copy of ``text``; ``len(match_text(t)) == len(t)`` always."""
    simp = to_simplified(text)
    if len(simp) != len(text):
        # A phrase conversion changed the length somewhere: fall back to per-character
        # conversion, which is length-preserving by construction.
        simp = "".join(_char_t2s(ch) for ch in text)
    out = simp.translate(_HALF)
    assert len(out) == len(text)
    return out


def fold(text: str) -> str:
    """Lower-case without changing the length (for Latin gazetteer matching)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=1 << 16)  # the same names recur in every document (lexicon, gazetteer hits)
def name_key(name: str) -> str:
    """A comparison key for a name: simplified, lower case, without spaces and punctuation."""
    simp = fold(match_text(name))
    return "".join(ch for ch in simp if ch.isalnum())
