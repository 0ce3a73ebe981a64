"""Readings of East Asian names in Latin letters, for comparing them with romanised names.

Chinese characters are read in pinyin (``normalize.pinyin_key``); this module adds Japanese kana
(modified Hepburn, the way Japanese companies spell themselves: トヨタ -> toyota) and Korean
hangul (Revised Romanisation: 삼성 -> samseong). Both are derived from the characters' structure
(Unicode names for kana, syllable arithmetic for hangul) rather than a table typed by hand, so
every character of the two scripts is covered.

Readings are for matching, not for display: long vowels are dropped (ソニー -> soni), and a
reading never decides a match alone; ``match`` weighs it like pinyin.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KANA = re.compile(r"[\u3041-\u30ff\u31f0-\u31ff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Kunrei-style syllables in Unicode names, spelt the Hepburn way companies use
_HEPBURN = {
    "si": "shi",
    "ti": "chi",
    "tu": "tsu",
    "hu": "fu",
    "zi": "ji",
    "di": "ji",
    "du": "zu",
    "wi": "i",
    "we": "e",
    "wo": "o",
}
_PROLONGED = "\u30fc"  # ー: the vowel before it is long; dropped
_SMALL_TSU = ("\u3063", "\u30c3")  # っ ッ: the next consonant is doubled


@lru_cache(maxsize=512)
def _kana(char: str) -> tuple[str, bool]:
    """(romaji, small) of one kana, from its Unicode name ('KATAKANA LETTER SMALL YA')."""
    name = unicodedata.name(char, "")
    for prefix in ("KATAKANA LETTER ", "HIRAGANA LETTER "):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            small = rest.startswith("SMALL ")
            syllable = rest.removeprefix("SMALL ").lower()
            if not syllable.isalpha() or len(syllable) > 3:
                return "", False  # archaic or composite letters: no reading
            return _HEPBURN.get(syllable, syllable), small
    return "", False


def romanize_kana(text: str) -> str:
    """Modified Hepburn for kana, other characters unchanged: アディダスジャパン -> adidasujapan."""
    out: list[str] = []
    double_next = False
    for char in text:
        if char == _PROLONGED:
            continue
        if char in _SMALL_TSU:
            double_next = True
            continue
        if not KANA.match(char):
            out.append(char)
            double_next = False
            continue
        syllable, small = _kana(char)
        if not syllable:
            continue
        if small and out and out[-1].isalpha():
            out[-1] = _combine(out[-1], syllable)
            continue
        if double_next and syllable[0] not in "aeiou":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double_next = False
        out.append(syllable)
    return "".join(out)


def _combine(previous: str, small: str) -> str:
    """A small kana after a syllable: ジ+ャ -> ja, キ+ョ -> kyo, デ+ィ -> di, フ+ァ -> fa."""
    if small.startswith("y"):  # yōon
        if previous.endswith(("shi", "chi", "ji")):
            return previous[:-1] + small[1:]
        if previous.endswith("i") and len(previous) > 1:
            return previous[:-1] + small
        return previous + small
    if small in ("a", "i", "u", "e", "o"):  # loanword sounds: ディ, ファ, ウィ, ティ
        if previous == "u":
            return "w" + small
        return previous[:-1] + small
    return previous + small


# Revised Romanisation of hangul jamo, without the sound-change rules across syllables
_INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "-",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_MEDIALS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = [
    "-",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]


def romanize_hangul(text: str) -> str:
    """Revised Romanisation for hangul syllables, other characters unchanged: 삼성 -> samseong."""
    out: list[str] = []
    for char in text:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            out.append(char)
            continue
        initial, rest = divmod(code, 588)
        medial, final = divmod(rest, 28)
        out.append(
            _INITIALS[initial].strip("-")
            + _MEDIALS[medial]
            + ("" if final == 0 else _FINALS[final])
        )
    return "".join(out)


def romanize(text: str) -> str:
    """Kana and hangul in Latin letters (Han characters and everything else unchanged)."""
    if KANA.search(text):
        text = romanize_kana(text)
    if HANGUL.search(text):
        text = romanize_hangul(text)
    return text


def hangul_variants(reading: str) -> tuple[str, ...]:
    """Older spellings Korean companies keep (McCune-Reischauer-like): samseong -> samsung,
    hyeondae -> hyundae. Only for comparing, never shown."""
    variant = reading.replace("eo", "u").replace("eu", "u")
    return (reading, variant) if variant != reading else (reading,)


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=65536)
def wade_giles(text: str) -> str:
    """Chinese characters in Wade-Giles, as Taiwanese names and older English renderings spell
    them (中山 -> chungshan, 新竹 -> hsinchu, 郭 -> kuo), without tone marks, apostrophes or the
    umlaut (徐 -> hsu); "" unless ``text`` is all Han. From pypinyin's table, corrected where it
    departs from the standard spelling (``_wg_syllable``): each reading pypinyin gives the text
    (``lazy_pinyin``), spelt as its Wade-Giles style spells that reading."""
    if not _HAN_ONLY.fullmatch(text):
        return ""
    # imported here: normalize imports this module (romanize)
    from complicity.names.normalize import han_readings

    return "".join(map(_wg_reading, han_readings(text)))


@lru_cache(maxsize=4096)
def _wg_reading(said: str) -> str:
    """One toneless pinyin reading in Wade-Giles, as ``wade_giles`` writes it."""
    from pypinyin import Style
    from pypinyin.style import convert

    written = convert(said, Style.WADEGILES, strict=True)
    return _wg_syllable(said, written).replace("'", "").replace("`", "").replace("v", "u")


# pypinyin 0.55 writes pinyin -ai as -ei after h, l, m, n, s, sh, w and none (海 hei, 来 lei,
# 爱 ei), and a few finals wrongly; the standard spellings
_WG_WHOLE = {"huo": "huo", "shuo": "shuo", "tie": "t'ieh"}


def _wg_syllable(said: str, written: str) -> str:
    if said in _WG_WHOLE:
        return _WG_WHOLE[said]
    if said.endswith("ai") and written.endswith("ei"):
        return written[:-2] + "ai"
    return written
