"""Name normalisation shared by matching, search and extraction.

``normalize(text) -> NormalizedName`` takes a company name apart once, so that scoring and the index
never redo the work:

- Unicode NFKC (full-width letters and brackets become ASCII), case folding, accents and punctuation;
- traditional -> simplified Chinese through opencc (one converter per process, it is not free to
  build);
- legal forms in Chinese and Latin script (股份有限公司, 有限公司, Co., Ltd., GmbH, JSC ...), from
  ``data/legal_forms.yaml``;
- Chinese administrative prefixes (杭州, 北京市, 新疆维吾尔自治区 ...), from ``data/locations.yaml``,
  split off as weak evidence; a foreign place in brackets (海康威视数字技术(香港)) is kept as a
  qualifier: it marks a different company;
- generic descriptors (技术, 科技, 银行; Technology, Holdings ...), from ``data/descriptors.yaml``,
  separated from the distinctive head of the name (海康威视 | 数字 技术);
- a pinyin key for Han names (pypinyin) and acronyms for Latin ones.

Han text is never segmented into words by a statistical model: legal forms, places and descriptors
are peeled off the ends, which is what Chinese company-name conventions put there
(place + brand + business + legal form).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar

import opencc
import yaml
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import RE_HANS as _RE_HANS
from pypinyin.seg.mmseg import seg as _mmseg
from pypinyin.seg.simpleseg import simple_seg as _simple_seg
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from complicity.cache import cached
from complicity.errors import UserError
from complicity.identifiers import valid_uscc
from complicity.names.romanize import romanize

MAX_NAME_LENGTH = 1000  # as complicity.model.MAX_NAME_LENGTH: longer is bad input, not a company


class NameInputError(UserError, ValueError):
    """A name that cannot be compared: empty, only punctuation, or absurdly long."""


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _shinjitai() -> dict[int, str]:
    """Japanese forms of characters to simplified (団 -> 团), from ``data/shinjitai.yaml``."""
    return str.maketrans(_load("shinjitai.yaml"))


@cache
def _japanese_forms() -> re.Pattern[str]:
    """Any character of ``data/shinjitai.yaml``: looked for first, which is cheaper than
    translating every Chinese name through the table (most have none)."""
    return re.compile(f"[{re.escape(''.join(chr(c) for c in _shinjitai()))}]")


def to_simplified(text: str) -> str:
    """Traditional (and Taiwan/HK variant) characters to simplified, and the Japanese forms
    that Chinese names are given in by Japanese fonts (中国電子科技集団公司: 団 is Japanese for
    團, t2s knows only 團); other text unchanged. Japanese names are read by Janome after
    converting back (``translate.japanese_segments``)."""
    simplified = str(_t2s().convert(text))
    if _LOOK_ALIKE.search(simplified):
        simplified = _numerals_as_meant(simplified)
    if _japanese_forms().search(simplified):
        return simplified.translate(_shinjitai())
    return simplified


def is_traditional(text: str) -> bool:
    """True when the text has characters that only traditional script writes that way."""
    return to_simplified(text) != text


# ---------------------------------------------------------------------------------------------
# data files

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# names written without spaces between words: Chinese, Japanese (kana) and Korean (hangul)
_CJK = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3041-\u30ff\u31f0-\u31ff\uac00-\ud7a3]"
)
_LATIN_LETTER = re.compile(r"[a-z]")
_NON_WORD = re.compile(r"[\W_]+")
_INITIALS = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_BRACKETS = re.compile(r"[\(\[【〔〈《]([^\)\]】〕〉》]*)[\)\]】〕〉》]")
_APOSTROPHE_S = re.compile(r"['’`´]s\b")
_APOSTROPHE = re.compile(r"['’`´\"“”«»]")
# HikVision -> hik vision; not after a single small letter (eBay, a typo like vSyatoslavovich)
_DIGITS = re.compile(r"\d+")
# a number in a Chinese name: digits, or an ordinal in Chinese numerals (第十四研究所, 第一师)
_HAN_DIGIT = {
    **{"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5},
    **{"六": 6, "七": 7, "八": 8, "九": 9},
}
_HAN_UNIT = {"十": 10, "百": 100, "千": 1000}
HAN_NUMERAL_CHARS = "".join(_HAN_DIGIT) + "".join(_HAN_UNIT)
HAN_NUMERAL = f"[{HAN_NUMERAL_CHARS}]+"  # a pattern: 十四, 七〇八
HAN_ORDINAL = "第" + HAN_NUMERAL  # 第十四, 第七〇八
_HAN_NUMBER = re.compile(r"\d+|" + HAN_ORDINAL)
# what a Japanese input method or font gives for a Chinese numeral: ○ and ◯ for 〇, and next
# to a numeral the katakana ニ and ー for 二 and 一 (the 1260H list writes CASC's 702nd
# institute 第七○ニ研究所)
_LOOK_ALIKE = re.compile("[○◯ニー]")
_KANA_NUMERAL = re.compile(f"(?<=[第{HAN_NUMERAL_CHARS}])[ニー]|[ニー](?=[{HAN_NUMERAL_CHARS}])")


def _numerals_as_meant(text: str) -> str:
    """``text`` with the look-alikes of Chinese numerals (``_LOOK_ALIKE``) as the numerals."""
    text = text.replace("○", "〇").replace("◯", "〇")
    return _KANA_NUMERAL.sub(lambda m: "二" if m[0] == "ニ" else "一", text)


# English ordinals as a list writes a numbered unit (14th, Second Academy)
_LATIN_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)?")
ORDINAL_WORDS = {
    w: k + 1
    for k, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "  # noqa: SIM905
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split()
    )
}
# the tens as ordinals are written before a unit's ordinal word (Fifty-Fourth), and alone
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = ("twentieth", "thirtieth", "fortieth", "fiftieth")
_CAMEL = re.compile(r"(?<=[a-z][a-z])(?=[A-Z][a-z])")

STOPWORDS = frozenset({"and", "the", "of", "de", "du", "des", "la", "le", "el", "y", "et", "und"})
# the English words that say a body is a group or holding company, not its business
LATIN_GROUP_WORDS = frozenset({"group", "holding", "holdings"})
_PLACE_SUFFIX = re.compile(
    r"^(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|"
    r"蒙古自治州|回族自治州|哈萨克自治州|柯尔克孜自治州|自治州|地区|省|市)"
)
# what follows a place in an English name and says what kind of place it is (Kashgar
# Prefecture, Urumqi Municipality: 喀什地区, 乌鲁木齐市)
_LATIN_PLACE_TAIL = frozenset(
    {
        *("province", "city", "municipality", "autonomous", "region", "sar", "shi", "sheng"),
        *("prc", "prefecture", "district", "county", "municipal", "prefectural", "provincial"),
        *("zizhiqu", "zizhizhou", "diqu"),  # in pinyin: 自治区, 自治州, 地区
    }
)
# the people an autonomous region or prefecture is named for (Changji Hui Autonomous Prefecture;
# in pinyin Xinjiang Weiwuer Zizhiqu), said only before "autonomous"
_LATIN_PLACE_PEOPLE = frozenset(
    {"uighur", "uygur", "uyghur", "mongolian", "hui", "kazakh", "kyrgyz", "kirghiz", "zhuang"}
    | {"tibetan"}
    | {"weiwuer", "huizu", "hasake", "menggu", "keerkezi", "zhuangzu", "zangzu"}
)
_AUTONOMOUS = frozenset({"autonomous", "zizhiqu", "zizhizhou"})


# The levels a place's tail says where one place name is two places: 喀什市 (a county-level
# city) lies within 喀什地区 (the prefecture of that name), as 和田市 within 和田地区, and each
# has bodies of its own (a city's public security bureau is not the prefecture's). Only these
# two: 区 (district) and "District" are also how lists write 地区 (Aksu District), so say neither.
CITY, PREFECTURE = "city", "prefecture"
_ZH_LEVEL = {"市": CITY, "地区": PREFECTURE}
_LATIN_LEVEL = {
    **dict.fromkeys(("city", "municipal", "municipality", "shi"), CITY),
    **dict.fromkeys(("prefecture", "prefectural", "diqu", "zizhizhou"), PREFECTURE),
}
# a name that says a level has one of these (most names have none: told without more); 自治州
# (``_place_level``) and traditional characters (地區) too
_ZH_LEVEL_MARK = re.compile("|".join([*_ZH_LEVEL, "地區", "自治州"]))
_LATIN_LEVEL_MARK = re.compile(rf"(?i)\b(?:{'|'.join(_LATIN_LEVEL)})\b")


def uscc_place(code: str) -> str | None:
    """The province an entity is registered in, by its unified social credit code (its 3rd
    and 4th characters: 91340000711771143J is 安徽's), else None (no valid USCC, or a code no
    province has)."""
    code = code.strip().upper()
    if not valid_uscc(code):
        return None
    return data().division_codes.get(code[2:4])


def named_place(n: NormalizedName) -> str | None:
    """The place a name is of, in Chinese: where a place's body keeps its place as its head,
    that place (喀什 of 喀什市公安局, of 新疆维吾尔自治区喀什地区公安局, of Kashgar Prefecture Public
    Security Bureau: the place is what tells two bureaus apart), else its ``prefix`` (杭州 of
    杭州海康威视)."""
    d = data()
    if n.is_han:
        # a head that is a place with its tail (喀什地区 of 新疆维吾尔自治区喀什地区公安局, after
        # the province) is the body's place, nearer than the prefix
        if (found := _strip_place(n.head)) is not None and not found[1]:
            return found[0]
        return n.prefix
    return n.prefix or d.latin_places.get(tuple(n.head.split()))


def place_level(n: NormalizedName) -> str | None:
    """``CITY`` or ``PREFECTURE`` where the name writes its place (``named_place``) with the
    tail that says so (喀什市, Kashgar City; 喀什地区, 克孜勒苏柯尔克孜自治州, Kashgar Prefecture,
    Kizilsu Kirghiz Autonomous Prefecture), else None (杭州, Hangzhou: no level said)."""
    if not (_ZH_LEVEL_MARK if n.is_han else _LATIN_LEVEL_MARK).search(n.original):
        return None  # most names: told before looking for their place
    place = named_place(n)
    return None if place is None else _place_level(n.original, place, n.is_han)


@lru_cache(maxsize=65536)
def _place_level(original: str, prefix: str, han: bool) -> str | None:
    if han:
        text = to_simplified(original)
        start = text.find(prefix)
        while start >= 0:
            if m := _PLACE_SUFFIX.match(text[start + len(prefix) :]):
                tail = m.group()
                return PREFECTURE if tail.endswith("自治州") else _ZH_LEVEL.get(tail)
            start = text.find(prefix, start + 1)
        return None
    words = _latin_tokens(original)
    places = data().latin_places
    for k, word in enumerate(words):
        level = _LATIN_LEVEL.get(word)
        if level is None:
            continue
        j = k  # the place's words end before the tail (Kizilsu Kirghiz Autonomous Prefecture)
        while j > 0 and (words[j - 1] in _AUTONOMOUS or words[j - 1] in _LATIN_PLACE_PEOPLE):
            j -= 1
        if any(places.get(tuple(words[j - size : j])) == prefix for size in (1, 2, 3)):
            return level
    return None


def _place_tail(tokens: Sequence[str], k: int) -> bool:
    """Whether word ``k`` says what kind of place the words before it name (Municipality,
    Autonomous Region, Hui before Autonomous: ``_LATIN_PLACE_TAIL``)."""
    word = tokens[k]
    return word in _LATIN_PLACE_TAIL or (
        word in _LATIN_PLACE_PEOPLE and k + 1 < len(tokens) and tokens[k + 1] in _AUTONOMOUS
    )


def _load(name: str) -> Any:
    text = resources.files("complicity.names").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


def unaccented(text: str) -> str:
    """Letters without their accents (Nestlé -> Nestle): English names are compared so, and
    the dictionary's senses are read so (translate)."""
    if text.isascii():  # NFKD leaves ASCII as it is, and it has no combining marks
        return text
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _latin_tokens(text: str) -> list[str]:
    """Case, accents, apostrophes, initials (A.B.C. -> abc), '&' -> and, punctuation -> space."""
    text = unaccented(text).casefold().replace("&", " and ").replace("+", " and ")
    if _APOSTROPHE.search(text):  # every character _APOSTROPHE_S needs is one of these
        text = _APOSTROPHE_S.sub("", text)
        text = _APOSTROPHE.sub("", text)
    if "." in text:
        text = _INITIALS.sub(lambda m: m.group().replace(".", "") + " ", text)
    return [t for t in _NON_WORD.split(text) if t]


def _merge_letters(tokens: list[str]) -> list[str]:
    """Runs of single letters are one word: "p g" -> "pg" (P&G), "a b c" -> "abc"."""
    out: list[str] = []
    run = ""
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return out


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# written-out country names as the initials they are usually written with (U.S. -> us)
_PHRASES: dict[tuple[str, ...], str] = {
    ("united", "states", "america"): "us",
    ("united", "states"): "us",
    ("usa",): "us",
    ("united", "kingdom"): "uk",
    # a province's 公安厅 is its Public Security Department, a city's 公安局 its Bureau, and
    # English writes either for both (the Entity List's Xinjiang ... Public Security Bureau)
    ("public", "security", "department"): "psb",
}
_PHRASE_LENS = sorted({len(k) for k in _PHRASES}, reverse=True)
# the words _numbers_and_phrases can start a change at
_NUMBER_OR_PHRASE = frozenset(_UNITS) | frozenset(_TENS) | {k[0] for k in _PHRASES}


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int]:
    """The number written at ``tokens[i]`` below 100 (forty four, forty 4, twelve): (value, words
    used); (0, 0) when there is none."""
    tok = tokens[i] if i < len(tokens) else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tok in _TENS:
        if 1 <= _UNITS.get(nxt, 0) <= 9:
            return _TENS[tok] + _UNITS[nxt], 2
        if len(nxt) == 1 and nxt in "123456789":
            return _TENS[tok] + int(nxt), 2
        return _TENS[tok], 1
    if tok in _UNITS:
        return _UNITS[tok], 1
    return 0, 0


_NUMBER_SIGNS = frozenset({"no", "nr", "number"})


def _numbered(tokens: list[str]) -> list[str]:
    """A numbered unit's number in digits, however written: No. 14, Number 14, 14th and
    Fourteenth Research Institute are all 14 (the lists write the institutes of CETC and of the
    shipbuilders each way). 1st to 3rd and First to Third stay words, which 1st, 2nd and 3rd
    are written as (First International Bank): a bank's First is no unit's number."""
    out: list[str] = []
    for k, tok in enumerate(tokens):
        if tok in _NUMBER_SIGNS and tokens[k + 1 : k + 2] and tokens[k + 1].isdigit():
            continue
        ordinal = _LATIN_ORDINAL.fullmatch(tok)
        if ordinal and not tok.isdigit() and int(ordinal[1]) > 3:
            tok = str(int(ordinal[1]))
        elif ORDINAL_WORDS.get(tok, 0) > 3:
            tok = str(ORDINAL_WORDS[tok])
        out.append(tok)
    return out


def _numbers_and_phrases(tokens: list[str]) -> list[str]:
    """English number words as digits (Forty-Four, Forty 4 -> 44; Three -> 3; one hundred five ->
    105); United States (of America), USA -> us; United Kingdom -> uk."""
    if _NUMBER_OR_PHRASE.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        size = next((n for n in _PHRASE_LENS if tuple(tokens[i : i + n]) in _PHRASES), 0)
        if size:
            out.append(_PHRASES[tuple(tokens[i : i + size])])
            i += size
            continue
        value, used = _below_hundred(tokens, i)
        if used:
            if used == 1 and value < 10 and tokens[i + 1 : i + 2] == ["hundred"]:
                rest, more = _below_hundred(tokens, i + 2)
                value, used = value * 100 + rest, 2 + more
            out.append(str(value))
            i += used
            continue
        out.append(tok)
        i += 1
    return out


@dataclass(frozen=True)
class LegalForm:
    key: str
    family: str
    kind: str = ""


@dataclass(frozen=True)
class _Data:
    zh_forms: tuple[tuple[str, LegalForm], ...]  # longest first
    latin_forms: dict[tuple[str, ...], LegalForm]
    latin_forms_by_len: dict[int, dict[str, LegalForm]]
    leading: frozenset[str]
    conflicts: frozenset[str]
    not_forms: frozenset[str]  # words one typo from a form that are words (corps)
    zh_places: tuple[str, ...]  # longest first: provinces, cities, country, sar
    zh_place_kind: dict[str, str]
    # each place with the places it lies in, itself first (杭州: 杭州, 浙江): ``places_apart``
    zh_place_within: dict[str, tuple[str, ...]]
    # a province's longer official name -> its name (新疆维吾尔: 新疆)
    zh_long_names: dict[str, str]
    latin_places: dict[tuple[str, ...], str]  # token tuple -> Chinese place
    # Chinese place -> the one spelling a Latin name that is only a place and generic words
    # is keyed under (Hetian / Hotan / Khotan Public Security Bureau: hotan ...)
    latin_place_names: dict[str, tuple[str, ...]]
    # countries abroad as company names write them besides ISO 3166's names: Chinese -> its
    # English spellings (韩国: korea, south korea; ``zh_abroad``, ``latin_abroad``)
    abroad: dict[str, tuple[str, ...]]
    regions: frozenset[str]  # China's regions (华南): after a name, as a country abroad is
    division_codes: dict[str, str]  # a province by its two digits of GB/T 2260 (``uscc_place``)
    # the world's regions in English (europe, middle east: ``locations.yaml``), as Latin tokens
    world_regions: frozenset[tuple[str, ...]]
    zh_descriptors: tuple[str, ...]  # longest first
    zh_descriptor_class: dict[str, str]
    zh_descriptor_en: dict[str, tuple[str, ...]]
    zh_organs: frozenset[str]  # a place's government's organs (公安局: ``names_an_organ``)
    en_descriptors: frozenset[str]
    abbreviations: dict[str, str]
    pinyin_words: dict[str, tuple[str, ...]]  # generic words in pinyin: their English words
    pinyin_starts: frozenset[str]  # what a word may start of them (gong of gong'an ju)
    # the same tables for suffix / prefix lookups by length (longest first), which is what the
    # loops over the sorted tuples above find, without trying every entry
    zh_form_by_text: dict[str, LegalForm] = field(default_factory=dict)
    zh_form_lens: tuple[int, ...] = ()
    zh_place_lens: tuple[int, ...] = ()
    zh_descriptor_lens: tuple[int, ...] = ()


def _lens(texts: Iterable[str]) -> tuple[int, ...]:
    return tuple(sorted({len(t) for t in texts}, reverse=True))


@cache
def data() -> _Data:
    """The legal forms, places and descriptors, read once from ``names/data/*.yaml``."""
    lf = _load("legal_forms.yaml")
    zh_forms: list[tuple[str, LegalForm]] = []
    latin_forms: dict[tuple[str, ...], LegalForm] = {}
    for row in lf["forms"]:
        form = LegalForm(key=row["key"], family=row["family"], kind=row.get("kind", ""))
        for variant in row["variants"]:
            variant = str(variant)
            if _CJK.search(variant):
                zh_forms.append((variant, form))
            else:
                toks = tuple(_merge_letters(_latin_tokens(variant)))
                latin_forms.setdefault(toks, form)
    for variant, form in list(zh_forms):  # romanised Chinese forms: you xian gong si
        syllables = tuple(lazy_pinyin(variant))
        latin_forms.setdefault(syllables, form)
        latin_forms.setdefault(("".join(syllables),), form)
        # ... and by words, as pinyin is written (gufen youxian gongsi): the forms' words are
        # of two characters, read from the end (zong gongsi, 总公司)
        words = [syllables[max(0, k - 2) : k] for k in range(len(syllables), 0, -2)][::-1]
        latin_forms.setdefault(tuple("".join(w) for w in words), form)
    by_len: dict[int, dict[str, LegalForm]] = {}
    for toks, form in latin_forms.items():
        by_len.setdefault(len(toks), {})[" ".join(toks)] = form

    loc = _load("locations.yaml")
    kinds: dict[str, str] = {}
    for place in loc["country"]:
        kinds[place] = "country"
    for place in loc["sar"]:
        kinds[place] = "sar"
    for place in loc["provinces"]:
        kinds[place] = "province"
    within: dict[str, tuple[str, ...]] = {p: (p,) for p in kinds}
    for long_name, province in loc["long_names"].items():
        within[long_name] = (long_name, province)
    for province, cities in loc["cities"].items():
        for place in cities:
            kinds.setdefault(place, "city")
            within.setdefault(place, (place, province))
    for city, districts in loc["districts"].items():
        for place in districts:
            kinds.setdefault(place, "city")
            within.setdefault(place, (place, *within[city]))
    latin_places: dict[tuple[str, ...], str] = {}
    spellings: dict[str, list[str]] = dict(loc.get("spellings") or {})
    for section in ("sar", "provinces"):
        for place, extra in loc[section].items():
            spellings.setdefault(place, []).extend(extra or [])
    for place in kinds:
        if kinds[place] != "sar":
            # of two places read alike (苏州 and 宿州 are both suzhou, 福州 and 抚州 fuzhou) the
            # first listed, the better known; a spelling given below still wins (shaanxi: 陕西)
            latin_places.setdefault(("".join(lazy_pinyin(place)),), place)
            latin_places.setdefault(tuple(lazy_pinyin(place)), place)
    for place in kinds:
        for spelling in spellings.get(place, []):
            latin_places[tuple(_latin_tokens(spelling))] = place
    latin_places[("china",)] = "中国"
    latin_places[("prc",)] = "中国"
    # of a place's spellings the one of fewest words, a conventional one (kashgar, china)
    # before the plain pinyin (kashi, zhongguo): xinjiang, not xinjiang uyghur, whose second
    # word the Chinese 新疆 has not; min keeps the first of equals
    spellings.setdefault("中国", []).insert(0, "china")
    latin_place_names = {
        place: min(
            [tuple(_latin_tokens(sp)) for sp in spellings.get(place, [])]
            + ([] if kinds[place] == "sar" else [("".join(lazy_pinyin(place)),)]),
            key=len,
        )
        for place in kinds
    }

    desc = _load("descriptors.yaml")
    pinyin_words = {str(k): tuple(str(v).split()) for k, v in (desc.get("pinyin") or {}).items()}
    zh_desc = desc["zh"]
    zh_forms.sort(key=lambda kv: -len(kv[0]))  # longest first
    zh_form_by_text: dict[str, LegalForm] = {}
    for variant, form in zh_forms:
        zh_form_by_text.setdefault(variant, form)  # the first of equal variants, as the loop did
    for variant, form in zh_forms:
        # ... and a form of four characters or more as a fixed-width field cuts it, three of
        # them at least (杭州海康威视数字技术股份有: 股份有限公司): no name ends so
        for size in range(3, len(variant)):
            zh_form_by_text.setdefault(variant[:size], form)
    return _Data(
        zh_forms=tuple(zh_forms),
        latin_forms=latin_forms,
        latin_forms_by_len=by_len,
        leading=frozenset(lf.get("leading", [])),
        conflicts=frozenset(lf.get("conflicts", [])),
        not_forms=frozenset(lf.get("words", [])),
        zh_places=tuple(sorted(kinds, key=len, reverse=True)),
        zh_place_kind=kinds,
        zh_place_within=within,
        zh_long_names=dict(loc["long_names"]),
        latin_places=latin_places,
        latin_place_names=latin_place_names,
        abroad={str(zh): tuple(map(str, ens or ())) for zh, ens in loc["abroad"].items()},
        regions=frozenset(map(str, loc["regions"])),
        division_codes={str(k): str(v) for k, v in loc["division_codes"].items()},
        world_regions=frozenset(tuple(_latin_tokens(str(r))) for r in loc["world_regions"]),
        zh_descriptors=tuple(sorted(zh_desc, key=len, reverse=True)),
        zh_descriptor_class={k: v["class"] for k, v in zh_desc.items()},
        zh_descriptor_en={k: tuple(v.get("en", [])) for k, v in zh_desc.items()},
        zh_organs=frozenset(k for k, v in zh_desc.items() if v.get("organ")),
        en_descriptors=frozenset(desc["en"]),
        abbreviations={str(k): str(v) for k, v in (desc.get("abbreviations") or {}).items()},
        pinyin_words=pinyin_words,
        pinyin_starts=frozenset(k[:n] for k in pinyin_words for n in range(2, len(k) + 1)),
        zh_form_by_text=zh_form_by_text,
        zh_form_lens=_lens(zh_form_by_text),
        zh_place_lens=_lens(kinds),
        zh_descriptor_lens=_lens(zh_desc),
    )


# ---------------------------------------------------------------------------------------------
# the normalised name


@dataclass(frozen=True)
class NormalizedName:
    """A company name taken apart.

    ``script`` is "Han" (Chinese characters, kana or hangul, possibly with some Latin letters:
    scripts written without spaces between words) or "Latn" (any space-separated script: Latin,
    Cyrillic ...). ``tokens`` is the distinctive core: for Han names
    ``(head, *descriptors)``, for Latin names the words left after legal forms, stop words and a
    Chinese place prefix are removed. ``key`` is the core as one string (what aliases are keyed on).
    """

    original: str
    script: str
    text: str  # NFKC, case-folded, simplified; punctuation removed (Han) or single-spaced (Latin)
    key: str  # core as one string: Han without spaces, Latin words joined by one space
    head: str  # distinctive part: 海康威视; Latin: the non-descriptor words joined by spaces
    tokens: tuple[str, ...]
    descriptors: tuple[str, ...]  # generic words: 数字, 技术 / technology, holdings
    legal_form: LegalForm | None
    prefix: str | None  # Chinese place the name opens with (always in Chinese: 杭州), weak
    qualifiers: tuple[str, ...] = ()  # foreign place in brackets, branch: distinctive
    pinyin: str = ""  # Han: reading of the head, no spaces (pinyin; kana in Hepburn, hangul in
    # Revised Romanisation: complicity.names.romanize); Latin: head words joined
    # Latin: the abbreviation the name gives in closing brackets (MERICS), else the initials of
    # the core words (IBM); "" when fewer than 2 words
    acronym: str = ""
    numbers: tuple[str, ...] = field(default=())

    @property
    def compact(self) -> str:
        return self.key.replace(" ", "")

    @property
    def is_han(self) -> bool:
        return self.script == "Han"


def fills_dict(cls: type, names: tuple[str, ...]) -> bool:
    """Whether an instance of the frozen dataclass ``cls`` may be made by giving it its __dict__
    (``new_name``; ``match``'s features and results; the index's candidates) instead of through
    its __init__: only while ``names`` are all its fields, in order, and __init__ does nothing
    else (no __post_init__, no __slots__)."""
    return (
        tuple(f.name for f in fields(cls)) == names
        and not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
    )


_DIRECT = fills_dict(
    NormalizedName,
    (
        "original",
        "script",
        "text",
        "key",
        "head",
        "tokens",
        "descriptors",
        "legal_form",
        "prefix",
        "qualifiers",
        "pinyin",
        "acronym",
        "numbers",
    ),
)


_T = TypeVar("_T")


def made_directly(cls: type[_T], values: dict[str, Any], direct: bool) -> _T:
    """``cls(**values)`` for a frozen dataclass. Its __init__ sets each field through
    object.__setattr__; when ``direct`` (``fills_dict(cls, ...)``, checked once by the caller)
    the instance is given ``values`` as its __dict__ instead: the same object at a third of the
    cost (``values`` is the new object's own: not to be changed after)."""
    if not direct:
        return cls(**values)
    made: _T = object.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    return made


def new_name(values: dict[str, Any]) -> NormalizedName:
    """``NormalizedName(**values)`` (``made_directly``)."""
    return made_directly(NormalizedName, values, _DIRECT)


# a terminal's codes in a name pasted from its output (\x1b[31mSenseTime\x1b[0m: colours, a
# link): not the name's; left in, their letters ([31m) would be read as words of it. Taken out
# of what is compared, not of the original, which a terminal shows escaped (report.console)
_TERMINAL_CODES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")


def _check(text: str) -> str:
    if not isinstance(text, str):
        raise NameInputError(f"a name must be text, not {type(text).__name__}")
    text = " ".join(text.split())
    if not text:
        raise NameInputError("empty name")
    if len(text) > MAX_NAME_LENGTH:
        raise NameInputError(
            f"name of {len(text)} characters is longer than {MAX_NAME_LENGTH}: not a company name"
        )
    return text


# what may stand between the two names of a row that gives both: 海康威視 (Hikvision),
# 立昂技术 / Leon Technology
_ANY_LATIN = re.compile(r"[A-Za-z]")
_PART_BREAK = re.compile(r"[\s/|;,()（）【】\[\]〔〕《》“”\"]+")


def script_parts(text: str) -> tuple[str, ...]:
    """The names a row gives in two scripts, each apart: ("海康威視", "Hikvision") for
    "海康威視 Hikvision" or "海康威视（Hikvision）"; () when it gives one. A name is
    taken apart only where its words are set apart (a space, a bracket, a slash): TCL科技集团
    and IHI宇航株式会社 are one name each, as is 海康威视数字技术(香港)有限公司. Each part has
    at least two characters of its script, or three Latin letters, and a word that is neither
    a descriptor nor a legal form: 科技集团 or Holdings Ltd names no company by itself."""
    if not _ANY_LATIN.search(text) or not _CJK.search(text):
        return ()
    parts: list[tuple[bool, list[str]]] = []  # (written in CJK, its words)
    for word in _PART_BREAK.split(text):
        if not any(c.isalnum() for c in word):
            continue
        cjk = bool(_CJK.search(word))
        if not cjk and not any(c.isalpha() for c in word):  # a number: with its neighbour
            if parts:
                parts[-1][1].append(word)
            continue
        if parts and parts[-1][0] == cjk:
            parts[-1][1].append(word)
        else:
            parts.append((cjk, [word]))
    if len(parts) < 2:
        return ()
    out = []
    for cjk, words in parts:
        joined = ("" if cjk else " ").join(words)
        letters = len(_CJK.findall(joined)) if cjk else sum(c.isalpha() for c in joined)
        if letters >= (2 if cjk else 3) and _names_something(joined):
            out.append(joined)
    return tuple(out) if len(out) >= 2 else ()


# what joins two names of one body in a row: X a.k.a. Y (the Entity List writes "a.k.a., the
# following two aliases: -Y; -Z"), formerly known as, d/b/a, trading as; in Chinese, in brackets
# or after a comma, 原名 (formerly), 曾用名, 又名 (also), 别名 (alias). Not a letter on either side
# of a Latin mark: Akamai and Formerlyx are names; the Chinese ones only after a break, since a
# name may hold them (中原名城)
_AKA = re.compile(
    r"(?i)(?<![a-z])(?:a\.?\s?k\.?\s?a\.?|a/k/a|f\.?\s?k\.?\s?a\.?|f/k/a|d\.?\s?b\.?\s?a\.?|d/b/a"
    r"|t/a|(?:also|formerly|previously)\s+known\s+as|known\s+as|doing\s+business\s+as"
    r"|trading\s+as|formerly|previously)(?![a-z])"
    r"|(?<=[\s(（,，;；])(?:原名|曾用名|又名|别名)(?:称)?"
)
_AKA_LEAD = re.compile(r"(?i)^[\s,;:：.]*(?:the\s+following\s+\w+\s+alias(?:es)?)?[\s,;:：]*")
_AKA_LIST = re.compile(r"\s*(?:;|；|—|–)\s*")  # between the aliases a list gives after its mark
_OPENERS, _CLOSERS = "(（[【", ")）]】"


def alias_parts(text: str) -> tuple[str, ...]:
    """The names a row gives of one body, joined by a mark of another name (``_AKA``):
    ("Megvii Technology Limited", "Beijing Kuangshi Technology") for "Megvii Technology
    Limited, formerly known as Beijing Kuangshi Technology"; () when it gives one. Each part
    names something as ``script_parts``' do; brackets the mark left open are closed (Beijing
    Megvii Technology Co., Ltd. (d/b/a Face++))."""
    pieces = _AKA.split(text)
    if len(pieces) < 2:
        return ()
    found = [pieces[0]]
    for piece in pieces[1:]:
        found += _AKA_LIST.split(_AKA_LEAD.sub("", piece))
    return _naming_parts(_unbracketed(part.strip(" ,;:：-–—\t").lstrip(".")) for part in found)


def _naming_parts(parts: Iterable[str]) -> tuple[str, ...]:
    """Of a row's parts, those that name something (three letters, a CJK character counting
    two, and ``_names_something``), each once; () when fewer than two are left."""
    out: list[str] = []
    for part in parts:
        letters = len(_CJK.findall(part)) * 2 + sum(c.isascii() and c.isalpha() for c in part)
        if letters >= 3 and part not in out and _names_something(part):
            out.append(part)
    return tuple(out) if len(out) >= 2 else ()


def _unbracketed(part: str) -> str:
    """``part`` without a bracket at either end that it does not close or open."""
    while part and part[-1] in _OPENERS:
        part = part[:-1].rstrip(" ,;:")
    while part and part[0] in _CLOSERS:
        part = part[1:].lstrip(" ,;:")
    for opener, closer in zip(_OPENERS, _CLOSERS, strict=True):
        if part.endswith(closer) and part.count(closer) > part.count(opener):
            part = part[:-1].rstrip()
        if part.startswith(opener) and part.count(opener) > part.count(closer):
            part = part[1:].lstrip()
    return part


# the words a Latin name's tokens keep of ``_AKA``'s marks (a.k.a. is aka, d/b/a dba, t/a ta)
_AKA_TOKENS = frozenset(["aka", "fka", "dba", "ta", "known", "trading", "business", "formerly"])
_AKA_TOKENS |= {"previously"}
_AKA_HAN = ("原名", "曾用名", "又名", "别名")


LISTED = "in a list"  # how ``name_parts`` says a cell lists names (``listed_parts``)
# what a cell that lists names puts between them (Hikvision; Dahua, 大华、海康): no name has one
_LIST_MARK = re.compile(r"\s*(?:;|；|、|\s\|\s|\n)\s*")


def listed_parts(text: str) -> tuple[str, ...]:
    """The names a cell lists (``_LIST_MARK``), each naming something as ``alias_parts``'
    parts do: ("Hikvision", "Dahua") for "Hikvision; Dahua"; () when it lists fewer than two.
    Which body each names is for the matcher to say: a supplier file lists several companies so,
    a sanctions list one body's names."""
    if not _LIST_MARK.search(text):
        return ()  # most names: not normalised again part by part
    return _naming_parts(_unbracketed(p.strip(" ,，:：-–—\t")) for p in _LIST_MARK.split(text))


BRACKETED = "one in brackets after the other"  # how ``name_parts`` says it (``bracket_parts``)
# a Latin row that gives another name of its body in brackets after its own, as supplier files
# write a brand: Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision), Megvii (Face++)
_LAST_BRACKET = re.compile(r"^(?P<name>[^()\[\]]+?)\s*[(\[](?P<other>[^()\[\]]+)[)\]]\s*$")
# words that make a bracket say how the row stands to a body, not another name of it: ABC Ltd
# (a subsidiary of Hikvision), (Hikvision distributor), (formerly ...), (in liquidation)
_RELATION_WORDS = frozenset(
    """
    of subsidiary subsidiaries branch division affiliate affiliated distributor distributors
    agent reseller dealer partner member part unit office representative former formerly
    previously ex liquidation receivership administration deceased dissolved trustee nominee
    nyse nasdaq amex otc lse hkex sehk sse szse tse
    """.split()  # noqa: SIM905 (a word list reads better as text)
)  # ... and the market it is listed on: Acme Inc (NYSE)


def bracket_parts(text: str) -> tuple[str, ...]:
    """The name a Latin row gives and the one it gives in brackets after it, each apart:
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision"); () when the bracket is
    no other name. Not a place, a country or a region (Megvii (Beijing), Acme (USA),
    Hikvision (Europe): normalising reads those; ``country_marks``), a legal form or a kind ((Pty), (Group): ``_naming_parts``), the name's own
    initials ((MERICS): ``_without_abbreviation``), nor a relation (``_RELATION_WORDS``)."""
    if not text.endswith((")", "]")) or _CJK.search(text):
        return ()  # a Chinese name's bracket is a qualifier, or another script (script_parts)
    m = _LAST_BRACKET.match(text)
    if m is None or _own_short_name(m):
        return ()  # none, or one that says no more than the name (normalising drops it)
    tokens = tuple(_latin_tokens(m["other"]))
    words = tuple(t for t in tokens if t not in _LATIN_PLACE_TAIL and t not in STOPWORDS)
    d = data()
    if (
        not words
        or not _RELATION_WORDS.isdisjoint(tokens)
        or words in d.latin_places  # a Chinese place (Hong Kong's spellings among them)
        or tuple(_numbers_and_phrases(list(words))) in country_marks()[0]  # as tokens write it
        or _without_abbreviation(text) is not None
        or any(_all_initials(part) for part in (m["name"], m["other"]))
    ):
        return ()
    return _naming_parts([m["name"].strip(" ,;:-–—"), m["other"].strip()])


CUT = "cut off inside its last word"  # how ``name_parts`` says it (``cut_parts``)
# the shortest name read as cut off by any ending ``_cut_starts`` has: a fixed-width field (20,
# 24, 30, 35 characters ...) cuts long names, and a shorter one whose last word starts a
# descriptor is more likely written so (Acme Tec); shorter names are read as cut only by an
# ending that no name has as written (``_ends_cut``)
_CUT_WIDTH = 20
# the fewest letters of a descriptor's first word that read as cut in a name of any length:
# TECHNOLO, CORPORAT, ELECTRONI are no one's last word (shorter, Tec and Elec may be)
_PLAIN_CUT = 6


def cut_parts(text: str) -> tuple[str, ...]:
    """The name a long Latin row gives when a fixed-width field of a holdings or trade file cut
    it inside its last word (HANGZHOU HIKVISION DIGITAL TEC, ZHEJIANG DAHUA TECHNOLOGY CO L,
    and before a listing's mark, HANGZHOU HIKVISION DIGITAL T-A): the row without that word,
    when the word (``_ends_cut``) starts a descriptor or a legal form and is no word itself;
    () otherwise. As a part, it is one more reading, its note saying so: the row as written is
    searched too."""
    if not text[-1:].isalpha() or _CJK.search(text):
        return ()
    bare = without_listing(unicodedata.normalize("NFKC", text))
    m = _CUT_WORD.search(bare)
    if m is None or not _ends_cut(text, _latin_tokens(bare)):
        return ()
    rest = bare[: m.start()].rstrip(" ,.;:-–—&/")
    letters = sum(c.isalpha() for c in rest)
    return (rest,) if letters >= 3 and _names_something(rest) else ()


# the last word, after a space or a comma: not a letter after a full stop, a misspelt form's
# (Co., Lt.d, In.c), nor one after a bracket
_CUT_WORD = re.compile(r"(?<=[\s,])[^\W\d_]+$")


def _ends_cut(text: str, words: Sequence[str]) -> bool:
    """``text``, ending in a letter (not "Tec."), ends as a name cut inside its last word: the
    last of its ``words``, or the last two, is how a descriptor or a legal form starts
    (``_cut_starts``: tec, co l). Below ``_CUT_WIDTH`` characters only an ending no name has as
    written: a form's first word and the start of its second (IFLYTEK CO LT), or a descriptor's
    first ``_PLAIN_CUT`` letters or more (YITU TECHNOLO)."""
    if not words or not text[-1:].isalpha():
        return False
    cut = _cut_starts()
    last, two = words[-1], " ".join(words[-2:])
    if len(text) >= _CUT_WIDTH:
        return last in cut or two in cut
    return (len(words) > 2 and two in cut) or (len(last) >= _PLAIN_CUT and last in cut)


# words that start a descriptor or a form and end names as written (SAIC Auto, Acme Soft,
# Inco, Concern Granit-Electron, Institut, PJS as Iran's companies write PJSC): not read as cut
_NAMES_END_SO = frozenset(
    """
    aero age auto bus close con electro electron engine euro expo fed found hit hold inco
    institut int intel inter invest mat med off organ par pjs plan pre pro sec soft sol sup
    techno uni
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


@cache
def _cut_starts() -> frozenset[str]:
    """How a descriptor or a legal form reads when cut inside a word: a letter or more of its
    first word (t, tec, corporatio: a terminal's HANGZHOU HIKVISION DIGITAL T-A), or its first
    word whole and a letter or more of the second (co l, co lt). None a word itself: a
    descriptor or its singular (material), a form's word, an abbreviation, a pinyin syllable
    (feng, of fengongsi: Hua Feng is a name), a word names end with (``_NAMES_END_SO``)."""
    d = data()
    whole = {w for toks in d.latin_forms for w in toks} | d.en_descriptors | STOPWORDS
    whole |= d.abbreviations.keys() | pinyin_syllables()
    whole |= {w[:-1] for w in d.en_descriptors if w.endswith("s")} | _NAMES_END_SO
    out: set[str] = set()
    for toks in [(w,) for w in d.en_descriptors] + list(d.latin_forms):
        for k, word in enumerate(toks[:2]):
            out.update(
                " ".join((*toks[:k], word[:i]))
                for i in range(1, len(word))
                if word[:i] not in whole
            )
    return frozenset(out)


def _own_short_name(m: re.Match[str]) -> bool:
    """``_LAST_BRACKET``'s bracket is the name's short name, as a filing or a holdings file
    writes it after the full name (HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD (HIKVISION),
    Zhejiang Dahua Technology Co., Ltd. (Dahua)): fewer words than the name, each a word of it,
    in order. It says nothing the name does not; read as more of the name, its words would make
    that name another (as ``_short_for`` says of a Chinese name's)."""
    inner = [t for t in _latin_tokens(m["other"]) if t not in STOPWORDS]
    outer = _latin_tokens(m["name"])
    words = iter(outer)
    return 0 < len(inner) < len(outer) and all(w in words for w in inner)


def _all_initials(part: str) -> bool:
    """Every word of ``part`` but its legal form is written as initials (ADF, BK Co.)."""
    forms = data().latin_forms
    return all(_written_as_initials(w) for w in part.split() if (w.casefold(),) not in forms)


def _written_as_initials(word: str) -> bool:
    """A word written as initials are: no small letter (SEZ, M&S), or two capitals together
    (GosNIIOKhT). Initials in brackets shorten the name before them, however it spells them;
    alone they would meet any body with those letters. A brand in capitals and small letters
    (SenseTime, Face++) is a name. So is none in a row all in capitals: such a row is left whole."""
    return not any(c.islower() for c in word) or _TWO_CAPITALS.search(word) is not None


_TWO_CAPITALS = re.compile(r"[A-Z]{2}")


def may_give_names(n: NormalizedName) -> bool:
    """Whether the text ``n`` was made of may give two names (``name_parts``): a Han name with
    Latin letters or a Chinese mark of another name, a Latin one with a mark's word among its
    tokens, any with a mark between listed names. A quick test that spares most names
    ``name_parts``' regular expressions."""
    if _LIST_MARK.search(n.original):
        return True
    if n.is_han:
        return bool(_ANY_LATIN.search(n.original)) or any(m in n.original for m in _AKA_HAN)
    return (
        not _AKA_TOKENS.isdisjoint(n.tokens)
        or n.original.endswith((")", "]"))
        or _ends_cut(n.original, n.text.rsplit(" ", 2))  # the last three words at most
    )


def name_parts(text: str) -> tuple[tuple[str, ...], str]:
    """The names a row gives, each apart, and how it gives them: ``alias_parts`` ("a.k.a."),
    else ``script_parts`` ("in two scripts"), else ``listed_parts`` ("in a list"), else
    ``bracket_parts`` (``BRACKETED``), else ``cut_parts`` (``CUT``); ((), "") when it gives
    one."""
    if parts := alias_parts(text):
        return parts, "one known as the other"
    if parts := script_parts(text):
        return parts, "in two scripts"
    if parts := listed_parts(text):
        return parts, LISTED
    if parts := bracket_parts(text):
        return parts, BRACKETED
    if parts := cut_parts(text):
        return parts, CUT
    return (), ""


def _names_something(part: str) -> bool:
    try:
        n = normalize(part, remember=False)  # a screen's query's part: seen once
    except NameInputError:
        return False
    d = data()
    if n.is_han:
        return n.head not in d.zh_descriptor_class
    # a legal form alone is kept as the name's word (CORPORATION): it names no company either
    return n.tokens not in d.latin_forms and any(t not in d.en_descriptors for t in n.tokens)


def normalize(text: str, remember: bool = True) -> NormalizedName:
    """Take a company name apart. Raises ``NameInputError`` for empty, punctuation-only or
    over-long input (a ``ValueError`` and a ``UserError``).

    ``remember=False``: not kept in (nor looked up in) the cache of recent names; for a stream
    of names each seen once (a screen's queries), where keeping a quarter of a million of them
    costs memory and makes every garbage collection walk them, for nothing."""
    if not remember:
        return _normalize.__wrapped__(_check(text))
    return _normalize(_check(text))


# How a holdings file writes a listed company: its name with the listing's marks after it, or a
# code before it. None of them names the company: a share class (-A, - A, Class B, CL B, A
# Shares, Class B Shares, (A Shares), 'A', -W, and as European fund reports write it, Registered
# Shs -A-), a depositary receipt (ADR, (Sponsored ADR)), a share's par value (Common Stock
# USD.00001), a stock code or the Stock Connect market in brackets (002415.SZ, 9988.HK, NASDAQ:
# XYZ, (XSEC), and as Bloomberg writes it, 002415 CH), and after or before a Chinese name a bare
# code (海康威视 002415) or *ST. Ordinary shares as terminals shorten them: ORD, ORD SHS, A SHR.
_LISTING_TAIL = re.compile(
    r"""(?ix)(?:
        \s*[(\[]\s*(?:[a-z]{2,8}\s*:\s*[a-z0-9.]{1,10}|\d{4,6}(?:\.[a-z]{1,3})?
                     |[a-z0-9]{1,6}\.(?:sz|ss|sh|hk|bj|t|ks|kq|tw|two|n|o|l|si)
                     |[a-z0-9]{1,6}\s+(?:ch|c1|c2|hk|us|un|uw|uq|jp|jt|ks|kq|ln|gr|fp|tt|sp|au)
                      (?:\s+equity)?
                     |(?:[abh]\s+)?(?:shares?|shs|shrs)|(?:class|cl)\.?\s+[a-z]
                     |(?:(?:un)?(?:sponsored|spons?|sp)\.?\s+)?(?:adr|ads|gdr)s?
                     |xsec|xssc|xshg|xshe|xhkg|stock\s+connect)\s*[)\]]
      | [\s\-–—]+(?:class|cl)\.?\s+[a-z]
      | \s*[-–—]\s*(?:a|b|h|n|r|s|w|sw|sr|u|z)(?:\s*[-–—])?
      | \s+['"‘’“”][abh]['"‘’“”]
      | [\s\-–—]+(?:(?:un)?(?:sponsored|spons?|sp)\.?\s+)?(?:adr|ads|gdr)s?
      | \s+(?:(?:class|cl)\.?\s+)?(?:[abh]\s+)?(?:(?:registered|reg|ordinary|ord|common|bearer)\.?\s+)?
         (?:shares?|shs|shrs|shr|ord|common\s+stock)
      | \s+(?:usd|hkd|cny|rmb|eur|us\$|hk\$)\s*(?:\d+(?:\.\d*)?|\.\d+)
      | \s+[a-z0-9]{1,6}\.(?:sz|ss|sh|hk|bj|t|ks|kq|tw|two)
      | \s+[a-z0-9]{1,6}\s+[a-z]{2}\s+equity
    )\s*$"""
)
# a stock code with its exchange before the name, as a holdings file may write it (002415.SZ
# Hikvision)
_CODE_FIRST = re.compile(r"(?i)^\s*[a-z0-9]{1,6}\.(?:sz|ss|sh|hk|bj|t|ks|kq|tw|two)\s+")
_EXCHANGES = frozenset("sz ss sh hk bj t ks kq tw two".split())  # noqa: SIM905
# after a legal form: a share class, or as US filings (13F) title a class, COM (common stock)
_CLASS_AFTER_FORM = re.compile(
    r"(?i)\b(ltd|limited|inc|corp|corporation|co|plc)\.?\s+(?:[abh]|com(?:\s+(?:new|cl\s+[a-z]))?)\s*$"
)
_HAN_CODE = re.compile(
    r"^\s*\*?(?:st)?\s*\d{6}(?:\.[a-z]{2})?\s+|\s+\d{4,6}(?:\.[a-z]{2})?\s*$|^\*?st(?=[\u4e00-\u9fff])",
    re.I,
)


# the last words a listing's mark can end with: the regular expressions are tried only then,
# since tried on every name they cost a third of normalising it (the gate: 1 µs)
_MARK_WORDS = frozenset(
    {"a", "b", "h", "n", "r", "s", "w", "sw", "sr", "u", "z"}  # share classes
    | {"adr", "adrs", "ads", "gdr", "gdrs", "share", "shares", "shs", "shrs", "shr", "ord", "stock"}
    | {"com", "new"}  # NVIDIA CORP COM, COM NEW (_CLASS_AFTER_FORM)
)
_CURRENCIES = ("usd", "hkd", "cny", "rmb", "eur", "us$", "hk$")  # a par value's (USD.00001)


def _may_be_listed(text: str) -> bool:
    last = text[-1:]
    if last in (")", "]", " ", "'", '"', "’", "”", "-", "–", "—"):
        return True
    if (last.isdigit() or text[:1] in ("*", "S", "s") or text[:1].isdigit()) and _CJK.search(text):
        return True
    if last.isdigit() and any(c in text[-16:].lower() for c in _CURRENCIES):
        return True  # a par value: USD 0.0001
    word = text[text.rfind(" ") + 1 :]
    if "-" in word:
        word = word.rpartition("-")[2]
    word = word.lower()
    if word == "equity" or word.rpartition(".")[2] in _EXCHANGES or word.startswith(_CURRENCIES):
        return True
    first = text[: text.find(" ")]
    return word in _MARK_WORDS or first.rpartition(".")[2].lower() in _EXCHANGES


# The market a listing is on, in brackets after the name as a holdings file writes it: (Shenzhen
# Stock Exchange), (SZSE), (STAR Market), (A Shares, Shenzhen Stock Exchange); and a place alone
# after a share class, Class A (Shenzhen), Class B Shares (Hong Kong), where it is the market,
# not where the company is registered as in Megvii (Beijing).
_VENUE_WORDS = frozenset(
    """
    exchange market listed listing connect northbound southbound chinext
    sse szse hkex sehk nyse nasdaq lse tse sgx krx twse tpex bse neeq
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# words of a market's name that say so only beside one of those (Main Board, STAR Market, and
# the Shanghai exchange's 科创板 as funds write it: Sci-Tech or Science and Technology
# Innovation Board, a market by its last two words alone)
_VENUE_ALSO = frozenset(
    """
    stock stocks board main star gem sci tech science technology and innovation
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_VENUE_PHRASE = "innovation board"
_SHARE_WORDS = frozenset({"a", "b", "h", "n", "class", "cl", "share", "shares", "shs"})


def _without_venue(text: str) -> str:
    """``text`` without a bracket at its end that names the market of a listing (``_VENUE_WORDS``
    with a place or none), or a place alone after a share class; else ``text``."""
    m = _LAST_BRACKET.match(text)
    if m is None:
        return text
    tokens = _latin_tokens(m["other"])
    venue = not _VENUE_WORDS.isdisjoint(tokens) or _VENUE_PHRASE in " ".join(tokens)
    words = _SHARE_WORDS | _VENUE_ALSO if venue else _SHARE_WORDS
    place = tuple(t for t in tokens if t not in _VENUE_WORDS and t not in words)
    if place and place not in data().latin_places and place not in country_marks()[0]:
        return text
    if venue or _LISTING_TAIL.search(m["name"]) or _CLASS_AFTER_FORM.search(m["name"]):
        return m["name"]
    return text


def without_listing(text: str) -> str:
    """``text`` without the marks of a listing (``_LISTING_TAIL``, ``_without_venue``):
    HIKVISION DIGITAL TECHNOLOGY CO LTD-A, SENSETIME GROUP INC-CL B and iFlytek Co., Ltd. Class A
    (Shenzhen) name the companies themselves; the text itself when nothing else would be left."""
    if not _may_be_listed(text):
        return text
    out = text
    while True:
        cut = _without_venue(out) if out.endswith((")", "]")) else out
        cut = _LISTING_TAIL.sub("", cut)
        cut = _CLASS_AFTER_FORM.sub(r"\1", cut)
        cut = _CODE_FIRST.sub("", cut)
        if _CJK.search(cut):
            cut = _HAN_CODE.sub("", cut)
        if cut == out:
            break
        out = cut
    return out if out.strip(" -–—.,") else text


@lru_cache(maxsize=262144)
def _normalize(text: str) -> NormalizedName:
    nfkc = unicodedata.normalize("NFKC", text)
    if "\x1b" in nfkc:
        nfkc = " ".join(_TERMINAL_CODES.sub("", nfkc).split())  # the original keeps them
    nfkc = without_listing(nfkc)
    if _CJK.search(nfkc):
        result = _normalize_han(text, to_simplified(nfkc).casefold())
    else:
        if nfkc[:1] in _UNIT_OPENS and (
            nfkc[:1].isdigit() or nfkc[:_UNIT_FIRST_LEN].casefold().startswith(_UNIT_FIRST)
        ):
            nfkc = _unit_last(nfkc)
        result = _normalize_latin(text, nfkc)
    if not result.key:
        raise NameInputError(f"name {text[:60]!r} has no letters or digits to compare")
    return result


def alternation(words: Iterable[str]) -> str:
    """One regular-expression alternation of ``words``, longest first (so 研究所 is tried
    before 所), spaces in words matching any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def latin_unit_words() -> tuple[str, str]:
    """Patterns of an English ordinal (14th, No. 14, Fourteenth, Fifty-Fourth) and of the words
    of a numbered unit (Research Institute, Academy, Division: ``data/units.yaml``)."""
    tens = "|".join(_TENS_WORDS)
    words = alternation(ORDINAL_WORDS)
    ordinal = (
        rf"(?:\d+(?:st|nd|rd|th)|no\.?\s*\d+|number\s+\d+"
        rf"|(?:(?:{tens})[\s-]?)?(?:{words})|{'|'.join(_TENTHS)})"
    )
    return ordinal, rf"(?:{alternation(_load('units.yaml')['en']['numbered'])})"


# how an English unit named before its parent opens (The 14th, No. 14, Fourteenth, as
# ``latin_unit_words`` reads ordinals): only such names are matched against ``latin_unit_of``,
# which is slower to tell the rest
_UNIT_FIRST = ("the ", "no", *ORDINAL_WORDS, *_TENS_WORDS, *_TENTHS)
_UNIT_FIRST_LEN = max(map(len, _UNIT_FIRST))
_UNIT_OPENS = frozenset("0123456789" + "".join({w[0] + w[0].upper() for w in _UNIT_FIRST}))


def _unit_last(text: str) -> str:
    """The 14th Research Institute of CETC is written CETC 14th Research Institute too: one
    order, so that the parent's words and legal form are read alike in both."""
    m = latin_unit_of().match(text)
    return f"{m['parent']} {m['unit']}" if m else text


@cache
def latin_unit_of() -> re.Pattern[str]:
    """An English numbered unit written before its parent: "The 28th Research Institute of
    China Electronics Technology Group Corporation" (groups ``unit``, ``parent``)."""
    ordinal, unit = latin_unit_words()
    return re.compile(
        rf"^(?:the\s+)?(?P<unit>{ordinal}\s+{unit})\s+of\s+(?:the\s+)?(?P<parent>.+)$",
        re.IGNORECASE,
    )


def _han_int(numeral: str) -> int:
    """三十八 -> 38, 十四 -> 14, 一百零五 -> 105; digits alone are read by place, as institutes
    are numbered (七〇八 -> 708)."""
    if not any(ch in _HAN_UNIT for ch in numeral):
        return int("".join(str(_HAN_DIGIT[ch]) for ch in numeral))
    total = digit = 0
    for ch in numeral:
        if ch in _HAN_UNIT:
            total += (digit or 1) * _HAN_UNIT[ch]
            digit = 0
        else:
            digit = _HAN_DIGIT[ch]
    return total + digit


def han_numbers(text: str) -> tuple[str, ...]:
    """The numbers of a Chinese name, in digits, in their order: 第十四研究所 and 第14研究所 are
    both ('14',): the institutes of one group differ by nothing else."""
    return tuple(
        str(_han_int(m[1:])) if m.startswith("第") else m for m in _HAN_NUMBER.findall(text)
    )


def han_numeral(text: str) -> int | None:
    """The value of a word written in Chinese numerals only, with or without 第 (十四, 第十四:
    14), else None."""
    body = text[1:] if text.startswith("第") else text
    if not body or any(ch not in _HAN_DIGIT and ch not in _HAN_UNIT for ch in body):
        return None
    return _han_int(body)


def latin_ordinals(tokens: Sequence[str]) -> tuple[str, ...]:
    """The numbers an English name writes, digits or ordinals (14th, Second): what a Chinese
    name's numbers are compared with."""
    out = []
    for t in tokens:
        if m := _LATIN_ORDINAL.fullmatch(t):
            out.append(str(int(m[1])))
        elif t in ORDINAL_WORDS:
            out.append(str(ORDINAL_WORDS[t]))
    return tuple(out)


@cache
def _iso_abroad() -> tuple[tuple[str, str], ...]:
    """(English name, Chinese name) of each country and territory of ISO 3166 but China
    (``iso_countries``), where the Chinese name is one word of Chinese characters."""
    kinds = data().zh_place_kind
    return tuple(
        (en, zh)
        for names, zh in iso_countries()
        if kinds.get(zh) != "country" and _CJK.search(zh) and not _NON_WORD.search(zh)
        for en in names
    )


@cache
def zh_abroad() -> tuple[frozenset[str], tuple[int, ...], frozenset[str], tuple[str, ...]]:
    """The countries and territories abroad as a Chinese name writes them (美国, 德国, 大韩民国,
    香港), their lengths, longest first, their last characters, and the Chinese places whose
    names end with one (内蒙古: 蒙古): ISO 3166's (``_iso_abroad``) and the short forms of
    ``locations.yaml`` (``abroad``: 韩国, 台湾); and China's regions (``regions``: 华南), which a
    name ends with as it does with a country, for the group's company there."""
    names = {zh for _, zh in _iso_abroad()} | set(data().abroad) | data().regions
    home = tuple(p for p in data().zh_place_kind if p not in names and p.endswith(tuple(names)))
    return frozenset(names), _lens(names), frozenset(n[-1] for n in names), home


@cache
def latin_abroad() -> dict[tuple[str, ...], str]:
    """The Chinese name of a country abroad by its English name's words, as a Latin name's
    tokens write them (("us",): 美国, ("germany",): 德国, ("korea",): 韩国): ISO 3166's names
    but those with a comma (Korea, Republic of: no company name writes it so), then the
    short forms of ``locations.yaml`` (``abroad``), which company names use."""
    short = [(en, zh) for zh, ens in data().abroad.items() for en in ens]
    out: dict[tuple[str, ...], str] = {}
    for en, zh in [*_iso_abroad(), *short]:
        if "," not in en:
            words = _numbers_and_phrases([t for t in _latin_tokens(en) if t not in STOPWORDS])
            out[tuple(words)] = zh
    return out


def _abroad_at_end(text: str) -> str | None:
    """The country abroad ``text`` ends with, after at least two characters of a name
    (海康威视美国: 美国), else None."""
    names, lens, last, home = zh_abroad()
    if text[-1:] not in last:  # most names end in a word no country ends with (科技, 贸易)
        return None
    if text.endswith(home):  # 中国移动通信集团内蒙古: Inner Mongolia, not Mongolia
        return None
    return next((text[-n:] for n in lens if len(text) - n >= 2 and text[-n:] in names), None)


def _strip_place(text: str) -> tuple[str, str] | None:
    """Leading Chinese place (with its optional 省/市/自治区 suffix): (place, rest) or None."""
    d = data()
    kinds = d.zh_place_kind
    length = len(text)
    for size in d.zh_place_lens:
        # the longest place the text starts with
        if size <= length and (place := text[:size]) in kinds:
            rest = text[size:]
            m = _PLACE_SUFFIX.match(rest)
            if m:
                rest = rest[m.end() :]
            return place, rest
    return None


@cache
def iso_countries() -> tuple[tuple[tuple[str, ...], str], ...]:
    """ISO 3166's countries, from ``pycountry``: each one's English names (its name, and its
    common name where it has one) and its Chinese name, from the translations pycountry ships
    (zh_CN; the English name where there is none)."""
    import gettext

    import pycountry

    chinese = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )
    return tuple(
        (
            tuple(n for n in (c.name, getattr(c, "common_name", "")) if n),
            chinese.gettext(c.name),
        )
        for c in pycountry.countries
    )


# countries as company names write them besides their English one-word names (country_words):
# codes, and names in their own languages (Hikvision Deutschland GmbH)
_COUNTRY_MARKS = frozenset(
    {"us", "usa", "uk", "uae", "deutschland", "italia", "espana", "nederland", "polska"}
    | {"brasil", "nippon", "schweiz", "suisse", "osterreich", "turkiye", "rus"}
)


@cache
def country_marks() -> tuple[frozenset[tuple[str, ...]], int]:
    """The countries and territories abroad as a Latin name's words write them (us; hong kong,
    hk; south korea; united arab emirates), and the most words one has: the one-word names
    (``country_words``, ``_COUNTRY_MARKS``), ISO 3166's names of more words and the short forms
    (``latin_abroad``), and the spellings of Hong Kong, Macau and Taiwan (``locations.yaml``);
    and the world's regions (europe, middle east: ``world_regions``), which mark a group's
    company there as a country does."""
    d = data()
    marks = {(w,) for w in country_words() | _COUNTRY_MARKS} | set(latin_abroad())
    marks |= d.world_regions
    marks |= {t for t, place in d.latin_places.items() if d.zh_place_kind.get(place) == "sar"}
    return frozenset(marks), max(map(len, marks))


@cache
def country_words() -> frozenset[str]:
    """The countries whose English name is one word (Australia, Austria, Armenia, Niger,
    Nigeria), as a Latin name's tokens write them: ISO 3166's names and common names
    (``iso_countries``). Two such words alike in letters are two countries, not a typo
    (``match``'s ``country_mismatch``)."""
    words: set[str] = set()
    for names, _ in iso_countries():
        for name in names:
            tokens = _latin_tokens(unaccented(name)) if "," not in name else []
            if len(tokens) == 1 and len(tokens[0]) >= 4:
                words.add(tokens[0])
    # names in common use that ISO writes otherwise (Russian Federation, Korea, Republic of)
    words.update(["america", "russia", "korea", "turkey", "britain", "burma"])
    return frozenset(words)


_HAN_GROUP_WORDS = ("集团", "グループ", "그룹", "控股")


def grouped(n: NormalizedName) -> bool:
    """The name says its body is a group or holding company (集团, Group, Holdings), in its
    legal form or in a word the legal form took away (浪潮集团有限公司: 有限公司)."""
    if n.legal_form is not None and n.legal_form.family == "group":
        return True
    if n.is_han:
        return any(w in n.text and w not in n.key for w in _HAN_GROUP_WORDS)
    return not LATIN_GROUP_WORDS.isdisjoint(n.text.split())


def places_apart(a: str, b: str) -> bool:
    """Two registration places, neither of which lies in the other: 杭州 and 北京 are, 杭州 and
    浙江 (its province) are not, nor 新疆 and 新疆维吾尔. A place not in the data is apart from
    every other."""
    within = data().zh_place_within
    return a not in within.get(b, (b,)) and b not in within.get(a, (a,))


def _zh_place(text: str) -> str | None:
    """The Chinese place a whole string names (北京, 北京市, 香港特别行政区), else None."""
    hit = _strip_place(text)
    if hit and hit[1] == "":
        return hit[0]
    return None


def _peel_descriptors(text: str) -> tuple[str, list[str]]:
    d = data()
    classes, lens = d.zh_descriptor_class, d.zh_descriptor_lens
    descriptors: list[str] = []
    while True:
        if text.endswith("集团") and len(text) > 4:  # 阿里巴巴集团控股: a group word mid-name
            text = text[:-2]
            continue
        length = len(text)
        for size in lens:  # the longest descriptor the text ends with
            if length - size >= 2 and (term := text[-size:]) in classes:
                descriptors.insert(0, term)
                text = text[:-size]
                break
        else:
            return text, descriptors


# 的 opening a word, not ending a description: 的士 taxi, 的确 indeed, 的卢 (a horse's name)
_DE_WORDS = ("士", "确", "卢")


def _without_description(text: str) -> str:
    """The name without the description a list puts before it, ending in 的: MOFCOM's
    参与对台湾地区军售的洛克希德·马丁公司 ("Lockheed Martin, which took part in arms sales to
    Taiwan") is 洛克希德马丁公司. Only a description of three characters or more before a name of
    two or more."""
    at = text.rfind("的")
    if at < 3 or len(text) - at - 1 < 2 or text.startswith(_DE_WORDS, at + 1):
        return text
    return text[at + 1 :]


# an address after a Chinese company's legal form, set apart (，地址：杭州市滨江区阡陌路555号):
# not part of the name. The form must end the name before it, a break or 地址 follow, and the
# address name a street, a number or a building; a branch (北京市分公司) is no address
_HAN_ADDRESS = re.compile(
    r"^(.+?(?:有限责任公司|股份有限公司|有限公司|株式会社|公司))"
    r"(?:[\s，,;；:：]+(?:地址[:：]?)?|地址[:：]?)\s*(.+)$"
)
_HAN_ADDRESS_MARK = re.compile(r"[路街号道楼室层巷弄]|大厦|\d")
_HAN_BREAKS = frozenset(" ，,;；:：址")


def _without_han_address(text: str) -> str:
    """``text`` without the address after its legal form (``_HAN_ADDRESS``), if it gives one."""
    if _HAN_BREAKS.isdisjoint(text):
        return text
    m = _HAN_ADDRESS.match(text)
    if m is None or not _HAN_ADDRESS_MARK.search(m.group(2)):
        return text
    if any(m.group(2).endswith(form) for form, _ in data().zh_forms):
        return text  # a branch, a company of its own (北京市朝阳区分公司)
    return m.group(1)


def _short_for(inner: str, name: str) -> bool:
    """``inner`` (what a bracket holds) is the name's own short form, as a filing writes it
    after the full name (杭州海康威视数字技术股份有限公司（海康威视）, 中国电子科技集团有限公司（中国电科）):
    two characters or more, each found in the name in order. It says nothing the name does not."""
    if len(inner) < 2:
        return False
    at = 0
    for ch in inner:
        at = name.find(ch, at) + 1
        if not at:
            return False
    return True


def _normalize_han(original: str, text: str) -> NormalizedName:
    d = data()
    text = _without_han_address(text)
    qualifiers: list[str] = []
    bracket_place: str | None = None

    def bracket(m: re.Match[str]) -> str:
        nonlocal bracket_place
        inner = _NON_WORD.sub("", m.group(1))
        form = d.zh_form_by_text.get(inner)
        if form is not None and form.family == "group":
            # a group's registered name brackets its word: 新疆天业（集团）有限公司 is
            # 新疆天业集团有限公司, as the rules on enterprise groups' names have it written
            return inner
        place = _zh_place(inner)
        if place and d.zh_place_kind.get(place) != "sar":
            bracket_place = bracket_place or place  # mainland registration place: weak
        elif inner and not (place is None and _short_for(inner, outside)):
            qualifiers.append(place or inner)  # Hong Kong, a foreign country, anything else
        return ""

    if _BRACKETS.search(text):
        outside = _BRACKETS.sub("", text)
        if _NON_WORD.sub("", outside):
            text = _BRACKETS.sub(bracket, text)
        else:
            # the whole name in brackets (《海康威视》, as the press may quote it): they hold
            # the name, not a qualifier of it
            text = _BRACKETS.sub(lambda m: m.group(1), text)
    text = _NON_WORD.sub("", text)
    text = _without_description(text)
    full = text
    legal: LegalForm | None = None
    stripped = True
    form_by_text, form_lens = d.zh_form_by_text, d.zh_form_lens
    while stripped and text:
        stripped = False
        for size in form_lens:  # the longest legal form the text ends with
            form_or_none = form_by_text.get(text[-size:]) if len(text) > size else None
            if form_or_none is not None:
                form = form_or_none
                text = text[:-size]
                if form.kind == "branch":
                    qualifiers.append(form.key)
                    for cut in range(min(len(text) - 2, 9), 1, -1):
                        if _zh_place(text[-cut:]):
                            qualifiers.append(_zh_place(text[-cut:]) or "")
                            text = text[:-cut]
                            break
                elif legal is None or legal.family == "group":
                    legal = form if legal is None or form.family != "group" else legal
                stripped = True
                break
    if (abroad := _abroad_at_end(text)) and not (
        abroad in d.regions and text[: -len(abroad)] in d.zh_place_kind
    ):
        # a country after the name, without brackets (海康威视美国有限公司, 华为技术日本株式会社,
        # 埃比特系统美国分公司): the company there, as 海康威视（美国）有限公司 writes it; so a
        # region of China after a brand (科大讯飞华南), not after a place (陕西西北)
        qualifiers.append(abroad)
        text = text[: -len(abroad)]
    prefix: str | None = None
    peeled: tuple[str, list[str]] | None = None  # _peel_descriptors(text), once known
    while True:
        hit = _strip_place(text)
        if not hit:
            break
        place, rest = hit
        after = _peel_descriptors(rest)
        head = after[0]
        if len(rest) >= 2 and head in d.zh_descriptor_class:
            # nothing but a generic word after it: the place is the name, as it is called
            # without its suffix (乌鲁木齐市公安局 is 乌鲁木齐公安局, 新疆维吾尔自治区公安厅 新疆公安厅)
            text = d.zh_long_names.get(place, place) + rest
            # peeled again: a province before it (新疆维吾尔自治区和田地区公安局) left its own
            peeled = None
            break
        if len(rest) < 2 or len(head) < 2:
            break
        # in its one spelling: 新疆维吾尔自治区 is 新疆, as 新疆 and Xinjiang write it
        place = d.zh_long_names.get(place, place)
        prefix = prefix or place
        if d.zh_place_kind.get(place) != "country":
            prefix = place if prefix == "中国" else prefix
        text, peeled = rest, after
    if prefix is None and bracket_place:
        prefix = bracket_place
    head, descriptors = peeled or _peel_descriptors(text)
    if not text:
        text = head = full
    return new_name(
        {
            "original": original,
            "script": "Han",
            "text": full,
            "key": text,
            "head": head,
            "tokens": (head, *descriptors),
            "descriptors": tuple(descriptors),
            "legal_form": legal,
            "prefix": prefix,
            "qualifiers": tuple([q for q in qualifiers if q]),
            "pinyin": pinyin_key(romanize(head)),
            "acronym": "",
            "numbers": han_numbers(text),
        }
    )


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> str:
    """Pinyin of Han text without tones or spaces (海康威视 -> haikangweishi); Latin letters and
    digits pass through."""
    if _per_character(text):
        return "".join(map(_char_pinyin, text))
    # pypinyin splits the text into runs of Han and of other characters (kept as they are),
    # cuts each Han run into words of its phrase table and single characters, and reads each
    # word on its own: the same, with each word read once per process
    parts: list[str] = []
    for run in _simple_seg(text):
        if _RE_HANS.match(run):
            parts.extend(map(_word_reading, _mmseg.cut(run)))
        else:
            parts.append(run)
    return "".join(parts).replace(" ", "").casefold()


@lru_cache(maxsize=65536)
def han_readings(text: str) -> tuple[str, ...]:
    """``lazy_pinyin(text)``: the toneless reading of each character of Han text, in context.
    As ``pinyin_key``, from the per-character cache when no word of pypinyin's phrase table is
    in it (pypinyin then reads character by character too)."""
    if _per_character(text):
        return tuple(map(_char_pinyin, text))
    return tuple(lazy_pinyin(text, style=Style.NORMAL))


def _per_character(text: str) -> bool:
    """Han text with no word of pypinyin's phrase table in it: pypinyin reads it character by
    character, and so can we, from a per-character cache (equal results, checked on 1M
    names)."""
    return len(text) <= _FAST_MAX and bool(_ONLY_HAN.fullmatch(text)) and not _has_phrase(text)


def _pinyin_key(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.NORMAL)).replace(" ", "").casefold()


_ONLY_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=32768)
def _char_pinyin(char: str) -> str:
    return _pinyin_key(char)


# -- how a name's pinyin opens: its first two syllables --------------------------------------
#
# A Chinese company's English name spells its head in pinyin and often adds translated words
# (浙江震环数控机床 / Zhejiang Zhenhuan CNC Machine Tool): the whole pinyin of either side
# never equals the other's, but both open with the same two syllables (zhen-huan). The index
# keys both by them (``index.block_keys``, "o:").

OPENING_READINGS = 2  # readings of a character (长: zhang, chang) that open a key


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    return _all_readings(char)[:OPENING_READINGS]


def _all_readings(char: str) -> tuple[str, ...]:
    """Every toneless reading pypinyin knows for ``char``, its usual one first."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True)
    return tuple(dict.fromkeys(r for r in found[0] if r.isalpha()))


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (with a vowel: not the interjection n), from pypinyin's
    readings of the CJK Unified Ideographs: read once per machine (0.4 s), then from the user
    cache."""
    import pypinyin

    return cached("pinyin-syllables", str(pypinyin.__version__), _all_syllables)


def _all_syllables() -> frozenset[str]:
    return frozenset(
        r
        for code in range(0x4E00, 0xA000)
        for r in _all_readings(chr(code))
        if any(v in r for v in "aeiouv")
    )


def han_openings(head: str) -> list[str]:
    """The first two syllables of a Chinese head, for each reading of its two first characters
    (长光卫星: changguang, zhangguang)."""
    if len(head) < 2 or not _ONLY_HAN.fullmatch(head[:2]):
        return []
    return [a + b for a in _readings(head[0]) for b in _readings(head[1])]


def latin_openings(words: Sequence[str]) -> list[str]:
    """The first two syllables of a Latin name that spells pinyin: its first word (Zhenhuan),
    or its first two (Chang Guang), when the whole of it cuts into pinyin syllables; each way of
    cutting gives its own (xian: xi-an). English words rarely cut so (Machine does: ma-chi-ne;
    Global does not)."""
    runs = [words[0]] if words else []
    if len(words) > 1:
        runs.append(words[0] + words[1])
    out: list[str] = []
    for run in runs:
        if run.isascii() and run.isalpha() and len(run) <= 24:
            out += _openings(run)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=65536)
def _openings(run: str) -> tuple[str, ...]:
    syllables, n = pinyin_syllables(), len(run)
    # the first two syllables' ends, before asking whether the rest cuts: most English words
    # open with no two syllables, and then nothing more is asked
    pairs = [
        second
        for first in range(1, min(7, n))
        if run[:first] in syllables
        for second in range(first + 1, min(first + 7, n + 1))
        if run[first:second] in syllables
    ]
    if not pairs:
        return ()
    # cuts[at]: whether run[at:] cuts into syllables, worked out from the end (a syllable has
    # at most 6 letters: zhuang)
    cuts = [False] * n + [True]
    for at in range(n - 1, min(pairs) - 1, -1):
        cuts[at] = any(
            cuts[end] and run[at:end] in syllables for end in range(at + 1, min(at + 7, n + 1))
        )
    return tuple(run[:second] for second in pairs if cuts[second])


@lru_cache(maxsize=65536)
def _word_reading(word: str) -> str:
    """``lazy_pinyin`` of one word of pypinyin's cut, joined."""
    return "".join(lazy_pinyin(word, style=Style.NORMAL))


def _has_phrase(text: str) -> bool:
    """Whether any piece of two or more characters is in pypinyin's phrase table. Only where
    two characters open a phrase are the longer pieces from there looked up: the table is large
    and its look-ups miss the CPU caches, so fewer of them is most of the time saved."""
    phrases, starts, n = _phrases(), _phrase_starts(), len(text)
    return any(
        text[i : i + 2] in starts
        and any(text[i : i + size] in phrases for size in range(2, n - i + 1))
        for i in range(n - 1)
    )


@cache
def _phrase_starts() -> frozenset[str]:
    """The first two characters of every phrase in pypinyin's table (35,000 of them)."""
    return frozenset(phrase[:2] for phrase in _phrases())


_FAST_MAX = 12  # longer text goes to pypinyin (its longest phrase has 10 characters)


@cache
def _phrases() -> Any:
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


@cache
def _word_forms() -> list[str]:
    """One-word Latin legal forms of 5 letters or more, not romanised Chinese (gongsi)."""
    forms = data().latin_forms_by_len.get(1, {})
    return [v for v, f in forms.items() if len(v) >= 5 and v.isalpha() and not _HAN.search(f.key)]


@cache
def _long_forms(n: int) -> list[str]:
    return [v for v in data().latin_forms_by_len.get(n, {}) if len(v) >= 7]


@cache
def _forms_by_len() -> tuple[dict[str, LegalForm], ...]:
    """``latin_forms_by_len`` as a tuple indexed by the number of words (empty where none)."""
    by_len = data().latin_forms_by_len
    return tuple(by_len.get(n, {}) for n in range(max(by_len) + 1))


_NEAR_RATIO = 88  # how close (fuzz.ratio) a misspelt or truncated form is to the form


@cache
def _long_forms_near(n: int, length: int) -> list[str]:
    """``_long_forms(n)`` that a text of ``length`` characters may be ``_NEAR_RATIO`` close to,
    in their order: ratio is at most 200 * shorter / (both lengths), reached when the shorter
    is all in the longer. Asking only these gives ``extractOne`` the same best (and the same
    first of equals), at a fraction of the cost of asking all."""
    return [
        v
        for v in _long_forms(n)
        if 200 * min(length, len(v)) >= _NEAR_RATIO * (length + len(v)) - 1  # float margin
    ]


@cache
def _word_forms_near(length: int) -> list[str]:
    """``_word_forms()`` one edit from a word of ``length`` letters may reach, in their order:
    an edit changes the length by one at most."""
    return [v for v in _word_forms() if abs(len(v) - length) <= 1]


@lru_cache(maxsize=65536)
def _near_form(n: int, joined: str) -> LegalForm | None:
    """The legal form ``joined`` (``n`` words, none a form as written) is a misspelling of, if
    any. Cached: the same last words (Trading, Holding Ltd) end many names."""
    d = data()
    if joined in d.not_forms:
        return None
    if n == 1 and 3 <= len(joined) <= 4:
        # two letters swapped in a short form (Ldt, Icn, LCL, LDTA): only a swap, which a short
        # word takes by chance far less often than a change of letter
        one_word = d.latin_forms_by_len[1]
        for i in range(len(joined) - 1):
            swapped = joined[:i] + joined[i + 1] + joined[i] + joined[i + 2 :]
            if swapped != joined and (form := one_word.get(swapped)) is not None:
                return form
    if len(joined) >= 7 and (forms := _long_forms_near(n, len(joined))):
        # a misspelt or truncated form: COMPAN, Aktiengeselschaft
        hit = process.extractOne(joined, forms, scorer=fuzz.ratio, score_cutoff=_NEAR_RATIO)
        if hit is not None:
            return d.latin_forms_by_len[n][hit[0]]
    if n == 1 and joined.isalpha() and (words := _word_forms_near(len(joined))):
        # one typo in a one-word form (Gropu, Cmopany, Lmiited): letters swapped, one left
        # out, added or changed
        near = process.extractOne(joined, words, scorer=OSA.distance, score_cutoff=1)
        if near is not None:
            return d.latin_forms_by_len[1][near[0]]
    return None


def _strip_latin_forms(tokens: list[str]) -> tuple[list[str], LegalForm | None]:
    d = data()
    legal: LegalForm | None = None
    by_len = _forms_by_len()
    maxlen = len(by_len) - 1
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for n in range(min(maxlen, len(tokens) - 1), 0, -1):
            # the n last words as one string: a form of n words written so (its words have
            # no spaces, so the string stands for the words), else maybe a misspelt one
            joined = " ".join(tokens[-n:])
            form = by_len[n].get(joined)
            if form is None and len(joined) >= 3:
                form = _near_form(n, joined)
            if form is not None:
                tokens = tokens[:-n]
                if legal is None or legal.family == "group":
                    legal = form if legal is None or form.family != "group" else legal
                changed = True
                break
        if not changed:
            for n in range(min(maxlen, len(tokens) - 1), 0, -1):
                form = d.latin_forms.get(tuple(tokens[:n]))
                if form is not None and form.key in d.leading:
                    tokens = tokens[n:]
                    legal = legal or form
                    changed = True
                    break
    return tokens, legal


@cache
def _place_starts() -> frozenset[str]:
    """The first words of the Latin spellings of Chinese places ("" for an empty one)."""
    return frozenset(k[0] if k else "" for k in data().latin_places)


_LAST_PAREN = re.compile(r"\(\s*([A-Za-z][A-Za-z.&-]{1,14})\s*\)[\s.,]*$")


def _without_abbreviation(text: str) -> str | None:
    """``text`` without the abbreviation it gives of itself in closing brackets, if it gives
    one (Mercator Institute for China Studies (MERICS), National Democratic Institute (NDI)):
    its letters are the name's, in order, from the first word's first, and two or more of them
    start a word. A place or a kind in brackets, (HK), (Group), is not one: None."""
    m = _LAST_PAREN.search(text)
    if m is None or "(" in text[: m.start()]:
        return None
    letters = "".join(c for c in m.group(1).casefold() if c.isalpha())
    words = [w for w in _latin_tokens(text[: m.start()]) if w not in STOPWORDS]
    if len(letters) < 2 or len(words) < 2 or words[0][0] != letters[0]:
        return None

    @cache
    def initials(k: int, w: int, at: int) -> int:
        """The most letters of letters[k:] that can start a word, placed in order from word
        ``w``'s character ``at`` on; -1 if they cannot all be placed."""
        if k == len(letters):
            return 0
        most = -1
        for v in range(w, len(words)):
            pos = words[v].find(letters[k], at if v == w else 0)
            while pos >= 0:
                rest = initials(k + 1, v, pos + 1)
                if rest >= 0:
                    most = max(most, rest + (pos == 0))
                pos = words[v].find(letters[k], pos + 1)
        return most

    return text[: m.start()] if initials(1, 0, 1) + 1 >= 2 else None


# China written after a name, in brackets or after a comma, as a list or a supplier file notes
# where a company is (Hikvision (China), Hangzhou Hikvision Digital Technology Co., Ltd., PRC):
# the name's place, as 海康威视（中国）has it, not a word of its name. Only at the end: Qualcomm
# (China) Holding Co., Ltd. is a company of its own, whose registered name says so
_HOME_AT_END = re.compile(
    r"(?i)\s*(?:,|\()\s*(?:the\s+)?(?:people'?s\s+republic\s+of\s+china|p\.?\s?r\.?\s?c\.?"
    r"|p\.?\s?r\.?\s*china|mainland\s+china|china)\s*\)?[\s.]*$"
)


def _without_home(text: str) -> str | None:
    """``text`` without China written after it (``_HOME_AT_END``), when it has a bracket or a
    comma and some name before; else None."""
    tail = text[-30:].casefold()
    if "china" not in tail and "p" not in tail:
        return None
    m = _HOME_AT_END.search(text)
    if m is None or (m.group().count("(") != m.group().count(")")):
        return None
    bare = text[: m.start()]
    return bare if any(c.isalpha() for c in bare) else None


_BRACKETED = re.compile(r"\s*\(([^()]{2,40})\)")


def _without_bracket_place(text: str) -> tuple[str, str] | None:
    """A mainland place in brackets (Megvii (Beijing) Technology Co., Ltd., iFlytek (Suzhou)
    Co., Ltd.) and ``text`` without it: the place the company is registered in, weak evidence,
    as 旷视（北京）科技 has it and as Beijing Megvii Technology writes it first. Not Hong Kong
    nor a country abroad, which say the company there (Hikvision (HK) Limited), nor China
    (``_without_home``); None when there is no such place or nothing is left."""
    d = data()
    for m in _BRACKETED.finditer(text):
        words = [t for t in _latin_tokens(m.group(1)) if t not in _LATIN_PLACE_TAIL]
        place = d.latin_places.get(tuple(words)) if 1 <= len(words) <= 3 else None
        if place is None or d.zh_place_kind.get(place) in (None, "country", "sar"):
            continue
        bare = (text[: m.start()] + " " + text[m.end() :]).strip()
        if any(c.isalpha() for c in bare):
            return place, bare
    return None


# an address a row gives after the name, as supplier files do (..., Co., Ltd., No. 555 Qianmo
# Road, Binjiang District, Hangzhou; ... Ltd. - Hangzhou): pieces after a break, each with one
# of these words or only places and numbers
_ADDRESS_WORDS = frozenset(
    """
    road rd street str avenue ave boulevard blvd lane highway district building bldg floor fl
    room rm suite tower plaza park zone province city county town township village no box
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_TAIL_BREAK = re.compile(r"\s*[,;，；]\s*|\s+[-–—]\s+")


def _without_address(text: str) -> str | None:
    """``text`` without the address after its legal form, if it gives one; else None. Only
    after a legal form: 14th Research Institute after a comma is a unit of the body before it,
    and Beijing Branch a branch (neither is an address)."""
    last = max(text.rfind(","), text.rfind(";"), text.rfind(" - "))
    if (text[last + 1 :].strip(" .").casefold().replace(".", ""),) in data().latin_forms:
        return None  # most names with a comma end so (Co., Ltd.): nothing after the form
    breaks = list(_TAIL_BREAK.finditer(text))
    k = len(breaks)
    while k and _address_like(
        text[breaks[k - 1].end() : breaks[k].start() if k < len(breaks) else None]
    ):
        k -= 1
    if k == len(breaks):
        return None
    head = text[: breaks[k].start()]
    tokens = _latin_tokens(head)
    kept, form = _strip_latin_forms(tokens)
    if form is None or kept != tokens[: len(kept)] or not kept:
        return None
    return head


def _address_like(piece: str) -> bool:
    words = _latin_tokens(piece)
    if not _ADDRESS_WORDS.isdisjoint(words):
        return True
    named = [w for w in words if not w.isdigit()]
    return bool(named) and tuple(named) in data().latin_places


def _place_after_of(tokens: list[str]) -> list[str] | None:
    """A body named by generic words and then its place, written after "of" (Public Security
    Department of Xinjiang Uyghur Autonomous Region [People's Government]): the place in one
    spelling, its kind of place dropped, as when it opens the name (Xinjiang Uyghur Autonomous
    Region Public Security Bureau is xinjiang public security bureau). The words keep their
    order: a translation reads them in order (Bank of China, 中银), and token similarity does
    not need them moved."""
    d = data()
    generic = [t in d.en_descriptors and not t.isdigit() for t in tokens]
    for start in range(1, len(tokens)):
        if not generic[start - 1]:
            return None  # a name of its own before the place (Hikvision of Hong Kong)
        if (hit := _place_at(tokens, start)) is None:
            continue
        place, n = hit
        end = _past_tail(tokens, start + n)
        if not all(generic[end:]):
            return None
        bare = [*tokens[:start], *d.latin_place_names[place], *tokens[end:]]
        return bare if bare != tokens else None
    return None


def _place_at(tokens: Sequence[str], start: int) -> tuple[str, int] | None:
    """The place the words from ``start`` spell, its longest spelling first, and how many
    words that spelling has; None if they spell none."""
    places = data().latin_places
    for n in (3, 2, 1):
        if (place := places.get(tuple(tokens[start : start + n]))) is not None:
            return place, n
    return None


def _past_tail(tokens: Sequence[str], k: int) -> int:
    """Where the words from ``k`` that say what kind of place precedes them end
    (``_place_tail``: Uyghur Autonomous Region after Xinjiang)."""
    while k < len(tokens) and _place_tail(tokens, k):
        k += 1
    return k


def _pinyin_words(tokens: list[str]) -> list[str]:
    """Generic words written in pinyin as the English words they stand for (gong'an ju: public
    security bureau; descriptors.yaml ``pinyin``), however the name splits them into words."""
    d = data()
    words, starts = d.pinyin_words, d.pinyin_starts
    out: list[str] = []
    i = 0
    while i < len(tokens):
        glued, end = "", 0
        for j in range(i, min(i + 4, len(tokens))):
            glued += tokens[j]
            if glued in words:
                end = j + 1
            if glued not in starts:
                break
        if end:
            out.extend(words["".join(tokens[i:end])])
            i = end
        else:
            out.append(tokens[i])
            i += 1
    return out


def _normalize_latin(original: str, nfkc: str) -> NormalizedName:
    d = data()
    home = None  # China, where the name says the company is, after it (``_HOME_AT_END``)
    if ("," in nfkc or ")" in nfkc) and (bare := _without_home(nfkc)) is not None:
        home, nfkc = "中国", bare
    if ("," in nfkc or " - " in nfkc) and (bare := _without_address(nfkc)) is not None:
        nfkc = bare
    if "(" in nfkc and (placed := _without_bracket_place(nfkc)) is not None:
        home, nfkc = placed  # a mainland place in brackets: where it is registered, as in Chinese
    given = ""  # the abbreviation the name gives of itself, in brackets at the end
    if ")" in nfkc and (bare := _without_abbreviation(nfkc)) is not None:
        given = "".join(_latin_tokens(nfkc[len(bare) :]))
        nfkc = bare
    elif nfkc.endswith((")", "]")) and (m := _LAST_BRACKET.match(nfkc)) and _own_short_name(m):
        nfkc = m["name"]
    raw = _latin_tokens(_CAMEL.sub(" ", nfkc))
    text = " ".join(raw)
    tokens = _merge_letters([t for t in raw if t not in STOPWORDS] or raw)
    tokens = _numbered(_numbers_and_phrases(tokens))
    abbreviations = d.abbreviations
    if not abbreviations.keys().isdisjoint(tokens):
        # an abbreviation may stand for several words (PSB: public security bureau)
        tokens = [word for t in tokens for word in abbreviations.get(t, t).split()]
    if not d.pinyin_starts.isdisjoint(tokens):
        tokens = _pinyin_words(tokens)
    tokens, legal = _strip_latin_forms(tokens)
    prefix: str | None = None
    written: list[str] = []  # a place's words as written, where one spelling replaced them
    # a place is looked for only where the first word can start one
    if (tokens[0] if tokens else "") in _place_starts() and (hit := _place_at(tokens, 0)):
        place, n = hit
        rest = tokens[_past_tail(tokens, n) :]
        # the place said twice, as HK (Hong Kong) Link Asia: both are the prefix
        rest = next(
            (rest[m:] for m in (3, 2, 1) if d.latin_places.get(tuple(rest[:m])) == place),
            rest,
        )
        if any(t not in d.en_descriptors and not t.isdigit() for t in rest):
            prefix, tokens = place, rest
        elif rest:
            # nothing but generic words after it: the place is the name (Urumqi Municipality
            # Public Security Bureau is urumqi public security bureau), in one spelling, so
            # that Hetian and Hotan Public Security Bureau are one name; the initials stay
            # those of the words written (Hong Kong: hk)
            written, tokens = tokens[:n] + rest, [*d.latin_place_names[place], *rest]
    if not written and prefix is None and (moved := _place_after_of(tokens)) is not None:
        written, tokens = tokens, moved
    prefix = prefix or home
    descriptors = tuple([t for t in tokens if t in d.en_descriptors])
    head_tokens = [t for t in tokens if t not in d.en_descriptors] or tokens
    words = [t for t in written or tokens if not t.isdigit()]
    acronym = given or ("".join([t[0] for t in words]) if len(words) >= 2 else "")
    return new_name(
        {
            "original": original,
            "script": "Latn",
            "text": text,
            "key": " ".join(tokens),
            "head": " ".join(head_tokens),
            "tokens": tuple(tokens),
            "descriptors": descriptors,
            "legal_form": legal,
            "prefix": prefix,
            "qualifiers": (),
            "pinyin": "".join(head_tokens),
            "acronym": acronym,
            "numbers": tuple([t for t in tokens if t.isdigit()]),
        }
    )


def names_an_organ(n: NormalizedName) -> bool:
    """``n`` is a Chinese name of a place and an organ of its government alone (乌鲁木齐市公安局,
    新疆维吾尔自治区公安厅: ``descriptors.yaml``'s organs), perhaps after the province that holds
    the place (新疆维吾尔自治区和田地区公安局): a name that translates word for word, as lists
    write such bodies in English."""
    d = data()
    return (
        n.is_han
        and bool(n.descriptors)
        and n.head in d.zh_place_kind
        and (n.prefix is None or not places_apart(n.prefix, n.head))
        and all(w in d.zh_organs for w in n.descriptors)
    )


def descriptor_translations(term: str) -> tuple[str, ...]:
    """English words (stems ending in "*") that translate a Chinese descriptor."""
    return data().zh_descriptor_en.get(term, ())


def descriptor_class(term: str) -> str:
    """ "weak" or "sector" for a Chinese descriptor; "weak" for an English one."""
    return data().zh_descriptor_class.get(term, "weak")


def is_descriptor(token: str) -> bool:
    d = data()
    return token in d.en_descriptors or token in d.zh_descriptor_class


def conflicting_forms(a: LegalForm | None, b: LegalForm | None) -> bool:
    """True when two legal forms cannot name one company (AG vs GmbH, JSC vs LLC)."""
    if a is None or b is None or a.family == b.family:
        return False
    conflicts = data().conflicts
    return a.family in conflicts and b.family in conflicts


@cache
def _sector_words() -> tuple[frozenset[str], tuple[str, ...]]:
    words: set[str] = set()
    stems: list[str] = []
    d = data()
    for term, cls in d.zh_descriptor_class.items():
        if cls != "sector":
            continue
        for word in d.zh_descriptor_en[term]:
            if " " in word:
                continue
            if word.endswith("*"):
                stems.append(word[:-1])
            else:
                words.add(word)
    return frozenset(words), tuple(stems)


@lru_cache(maxsize=65536)
def is_sector_word(token: str) -> bool:
    """An English word naming a line of business (bank, securities, aviation ...), taken from the
    translations of the Chinese sector descriptors. Cached: a screen asks it of the same few
    hundred descriptors for every candidate, and the stems are a long list to try."""
    words, stems = _sector_words()
    return token in words or any(token.startswith(stem) for stem in stems)


_COMMA = re.compile(r",\s*")


def split_packed(value: str) -> list[str]:
    """Names a list packed into one field with commas, each as written: "Beijing Powerever
    Electronic Technology Co., Beijing Weiwangda Electric Technology Co. LTD" is two. A comma
    starts a new name only where the text before it is a whole name with its legal form and the
    text after it is another (two words or more besides its legal form), so "Huawei
    Technologies Co., Ltd." and "Boeing Defense, Space & Security" stay one."""
    pieces = _COMMA.split(value)
    if len(pieces) < 2:
        return [value.strip()] if value.strip() else []
    seps = _COMMA.findall(value)
    names = [pieces[0]]
    for sep, piece in zip(seps, pieces[1:], strict=True):
        if _with_form(names[-1], 1) and _with_form(piece, 2):
            names.append(piece)
        else:
            names[-1] += sep + piece
    return [n.strip() for n in names if n.strip()]


def _with_form(text: str, words: int) -> bool:
    """Whether ``text`` is a Latin company name with a legal form and ``words`` or more other
    words."""
    try:
        n = normalize(text)
    except NameInputError:
        return False
    return not n.is_han and n.legal_form is not None and len(n.tokens) >= words


def split_names(value: str | None, sep: str = ";") -> list[str]:
    """A list's field of names: split at ``sep``, then at " / ", between which the EU lists
    give a name's spellings in other scripts or languages ("... Co. LTD / 北京威旺达电子科技有限
    责任公司", Russian / Ukrainian), then where names are packed with commas (``split_packed``).
    A slash with no spaces is part of a name (م.م.ح/ذ.م.م)."""
    return [
        name
        for part in (value or "").split(sep)
        for piece in part.split(" / ")
        for name in split_packed(piece)
    ]
