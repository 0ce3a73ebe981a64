"""The bodies a name says it is a unit of.

中国电子科技集团公司第十四研究所 is the 14th research institute of 中国电子科技集团公司 (CETC); so
are "The 14th Research Institute of China Electronics Technology Group Corporation" and "CETC
14th Research Institute". 新疆生产建设兵团第一师 is a division of the XPCC, 华为技术有限公司北京分公司
a branch of Huawei. A unit is not its parent: it has a name of its own and lists name it on its
own (the US Entity List has CETC's institutes one by one), so matching keeps the two apart
(``number_mismatch``, ``qualifier_mismatch``). But a screen that finds nothing for a unit must
not say "no match" when its parent is in the store: names.index looks up the parents that
``parents`` reads off the name and rows the entity one of them matches as related
(``unit_of``).

Only the name's shape is read, with the words of ``data/units.yaml``: a number and a unit word
(第十四研究所, 二二四团, 14th Research Institute), a research body after the name of a group, an
academy or a university (集团公司信息科学研究院, 中国科学院半导体研究所), a branch after a
company's full name. Whether the parent is anything is for the index to find out: an
unmatched parent says nothing. (A brand with a country after it, Hikvision USA Inc., is read
by ``match.brand_abroad``: a company of the group, not a unit.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from complicity.names.normalize import (
    HAN_NUMERAL,
    HAN_NUMERAL_CHARS,
    _load,
    alternation,
    data,
    iso_countries,
    latin_unit_of,
    latin_unit_words,
    to_simplified,
    unaccented,
)

_HAN = re.compile(r"[\u3400-\u9fff]")
# CETC 38, CETC-38: a body's initials and its unit's number alone, as the press shortens CETC's
# 38th Research Institute (capitals: not read in a name in small letters)
_INITIALS_NUMBERED = re.compile(r"^(?P<parent>[A-Z]{3,6})(?:\s+|-)(?:No\.?\s*)?\d{1,3}$")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")
# a company's legal form after a numbered unit that is a company itself (第八工程局有限公司)
_ZH_FORM_AFTER = "(?:股份有限公司|有限责任公司|有限公司|公司)?"


@dataclass(frozen=True)
class _Patterns:
    zh: tuple[re.Pattern[str], ...]
    en: tuple[re.Pattern[str], ...]  # numbered units: "of" the parent, after it, numbered last
    en_bodies: tuple[re.Pattern[str], ...]  # units of an academy or a university
    en_branch: re.Pattern[str]
    # a county's (or a city district's) bureau named after its prefecture: 和田地区洛浦县公安局
    zh_county: re.Pattern[str]
    # ... and a Xinjiang county's named without it: 洛浦县公安局
    zh_county_alone: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    units = _load("units.yaml")
    zh, en = units["zh"], units["en"]
    one_char = [w for w in zh["numbered"] if len(w) == 1]
    longer = [w for w in zh["numbered"] if len(w) > 1]
    number = rf"(?:{HAN_NUMERAL}|\d+)"
    numbered = (
        rf"(?<![第\d{HAN_NUMERAL_CHARS}])(?:第{number}(?:{alternation(zh['numbered'])})"
        rf"|{number}(?:{alternation(longer)})|[{HAN_NUMERAL_CHARS}]{{2,}}(?:{alternation(one_char)})"
        # digits before a one-character word, as the press shortens an institute: 中电科38所
        rf"|\d{{1,3}}(?:{alternation(one_char)}))"
    )
    zh_numbered = re.compile(
        # the shortest parent before one numbered unit: the nearest parent of a nested unit
        # (中国航天科工集团第三研究院 for ...第三研究院三十三研究所), not ending in a numeral
        # (第十 | 四研究所)
        rf"^(?P<parent>.{{2,}}?){numbered}"
        # the unit's own city, as the XPCC's divisions are named (第一师阿拉尔市)
        rf"(?:(?:{alternation(data().zh_place_kind)})(?:市|县|区)?)?{_ZH_FORM_AFTER}$"
    )
    # a numbered unit's own organ (公安局: descriptors.yaml's organs), as the XPCC's divisions
    # have their bureaus: 新疆生产建设兵团第一师公安局 is a unit of the 1st Division
    zh_unit_organ = re.compile(
        rf"^(?P<parent>.{{2,}}?{numbered})(?:{alternation(data().zh_organs)})$"
    )
    assert one_char  # 第 or two numerals are required before them (第一师): see units.yaml
    groups = alternation(zh["group_words"])
    zh_after_group = re.compile(
        rf"^(?P<parent>.+?(?:{groups})(?:有限责任公司|股份有限公司|有限公司|公司)?)"
        rf".+?(?:{alternation(zh['after_group'])})$"
    )
    # the longest parent that ends as a company's name does: a branch's place and the branch
    # word follow it (中国银行股份有限公司 | 纽约分行)
    zh_branch = re.compile(
        rf"^(?P<parent>.+(?:{alternation(zh['branch_parent_ends'])}))"
        rf".{{0,12}}?(?:{alternation([*zh['branch'], *zh['branch_after_full_name']])})$"
    )
    ordinal, unit = latin_unit_words()
    flags = re.IGNORECASE
    en_patterns = (
        # The 28th Research Institute of China Electronics Technology Group Corporation
        latin_unit_of(),
        # China Electronics Technology Group Corporation 7th Research Institute; No. 28 Institute
        re.compile(rf"^(?P<parent>.+?)[\s,]+(?:the\s+)?{ordinal}\s+{unit}$", flags),
        # CETC Research Institute 32
        re.compile(rf"^(?P<parent>.+?)[\s,]+{unit}\s+(?:no\.?\s*)?\d+$", flags),
    )
    word = r"(?!(?:the|of|at|for|in|and)\s)[\w.'’-]+\s+"
    body = "|".join(f"(?:{b.replace('{word}', word)})" for b in en["bodies"])
    body_unit = rf"\b(?:{alternation(en['body_units'])})\b"
    en_bodies = (
        # Academy of Military Medical Sciences, Institute of Microbiology and Epidemiology
        re.compile(rf"^(?P<parent>{body})\s*[,\u2013\u2014-]\s*.*{body_unit}.*$", flags),
        # Institute of Physics of the Russian Academy of Sciences; ..., Peking University
        re.compile(rf"^.*?{body_unit}.*?(?:\s*,\s*|\s+of\s+)(?:the\s+)?(?P<parent>{body})$", flags),
    )
    en_branch = re.compile(rf"^(?P<parent>.+?)[\s,]+(?:{alternation(en['branch'])})$", flags)
    # the prefecture (地区, 自治州, or a city: 乌鲁木齐市) and a county, county-level city or
    # district in it (洛浦县, 阿图什市, 天山区) before a bureau (公安局: the organs of
    # descriptors.yaml that are bureaus); its province may open the name
    places = alternation(data().zh_place_kind)
    bureaus = alternation(o for o in data().zh_organs if o.endswith("局"))
    zh_county = re.compile(
        rf"^(?:(?:{places})(?:维吾尔自治区|壮族自治区|回族自治区|自治区|省)?)?"
        rf"(?:{places})(?:地区|[^\s]{{0,8}}?自治州|市|盟)"
        rf"(?P<inner>[\u4e00-\u9fff]{{1,8}}?(?:县|市|区|旗))(?:{bureaus})$"
    )
    # the shortest parent before a place in China and a company's branch word: a brand's
    # branch there (海康威视 | 新疆 | 分公司)
    zh_brand_branch = re.compile(
        rf"^(?P<parent>[\u4e00-\u9fff]{{2,}}?)(?:{places})(?:省|市|自治区|维吾尔自治区)?"
        rf"(?:{alternation(zh['branch'])})$"
    )
    zh = (zh_numbered, zh_unit_organ, zh_after_group, zh_branch, zh_brand_branch)
    # a Xinjiang county's bureau named without its prefecture (洛浦县公安局), its province
    # before it or not
    zh_county_alone = re.compile(
        rf"^(?:新疆(?:维吾尔自治区)?)?(?P<county>{alternation(_prefecture_of())})"
        rf"(?P<bureau>{bureaus})$"
    )
    return _Patterns(zh, en_patterns, en_bodies, en_branch, zh_county, zh_county_alone)


@cache
def _prefecture_of() -> dict[str, str]:
    """A Xinjiang county -> its prefecture, as its bureaus are named (units.yaml). Not the
    city a prefecture is named after (喀什市 in 喀什地区): the two are told apart by their
    levels (``match._levels_apart``), and its bureau is related to the prefecture's so."""
    counties = _load("units.yaml")["zh"]["xinjiang_counties"]
    return {
        c: prefecture
        for prefecture, cs in counties.items()
        for c in cs
        if not (c.endswith("市") and prefecture.startswith(c[:-1]))
    }


def parents(text: str) -> tuple[str, ...]:
    """The bodies ``text`` names itself a unit of, nearest first, as written (Chinese in
    simplified characters): 中国航天科工集团第三研究院三十三研究所 gives 中国航天科工集团第三研究院
    and 中国航天科工集团; "14th Research Institute of CETC" gives CETC; a name that is no unit's
    gives (). Names written in both scripts are read part by part by the index, not here."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    if not _may_name_a_unit(text):
        return ()  # most names
    han, latin = bool(_HAN.search(text)), bool(_LATIN_LETTERS.search(text))
    if han and not latin:
        text = to_simplified(text).replace(" ", "")
    elif han:
        return ()
    found: list[str] = []
    while (parent := _parent(text, han)) is not None and parent not in found:
        found.append(parent)
        text = parent
    return tuple(found)


@cache
def _unit_words() -> tuple[re.Pattern[str], frozenset[str]]:
    """The words a unit is named with (``data/units.yaml``): the Chinese ones, in traditional
    characters too, as one pattern (a screen asks it of every name that matched nothing), and
    the English ones' words (with academy, university: the bodies')."""
    import opencc

    units = _load("units.yaml")
    zh, en = units["zh"], units["en"]
    han = {*zh["numbered"], *zh["after_group"], *zh["branch"], *zh["branch_after_full_name"]}
    s2t = opencc.OpenCC("s2t")  # one converter: each costs some 20 ms to make
    han |= {s2t.convert(w) for w in han}
    phrases = [*en["numbered"], *en["body_units"], *en["branch"], "academy", "university"]
    return re.compile(alternation(sorted(han))), frozenset(w for p in phrases for w in p.split())


def _may_name_a_unit(text: str) -> bool:
    """``text`` has a word a unit is named with: a name without one names no parent, and is
    told so without the patterns, which are slow to fail on a long English name."""
    han, latin = _unit_words()
    if han.search(text) or _INITIALS_NUMBERED.match(text):
        return True
    return not latin.isdisjoint(re.findall(r"[a-z]+", text.casefold()))


def _parent(text: str, han: bool) -> str | None:
    """The nearest parent ``text`` names, if it names one that may be a body's name."""
    p = _patterns()
    if han:
        for pattern in p.zh:
            if (m := pattern.match(text)) and _may_be_named(m["parent"], han):
                return m["parent"]
        if m := p.zh_county.match(text):
            # the prefecture's bureau: the name without the county (和田地区公安局)
            return text[: m.start("inner")] + text[m.end("inner") :]
        if m := p.zh_county_alone.match(text):
            # ... which a county's bureau says nothing of: the prefecture it lies in
            return text[: m.start("county")] + _prefecture_of()[m["county"]] + m["bureau"]
        return None
    text = text.strip(" .,;")
    if m := _INITIALS_NUMBERED.match(text):
        return m["parent"]
    of, before, numbered = p.en
    if (m := of.match(text)) and _an_organisation(m["parent"], m[0]):
        return _tidy(m["parent"])
    for pattern in (before, numbered):
        if (m := pattern.match(text)) and _may_be_named(m["parent"], han):
            parent = _tidy(m["parent"])
            return parent if len(parent.split()) > 1 or _initials(parent) else None
    for pattern in p.en_bodies:
        if (m := pattern.match(text)) and _may_be_named(m["parent"], han):
            return _tidy(m["parent"])
    if m := p.en_branch.match(text):
        return _branch_parent(_tidy(m["parent"]))
    return None


def _tidy(parent: str) -> str:
    """A parent as read, without the separators a list puts before the unit (AL-HARAMAIN :) or
    the possessive the press puts after it (CETC's 38th Research Institute)."""
    parent = parent.strip(" ,:;-–—")
    return re.sub(r"(?<=\w)['’]s$", "", parent)


def _an_organisation(parent: str, whole: str) -> bool:
    """After "of", ``parent`` is a body, not what the unit studies ("First Institute of
    Oceanography", "Second Academy of Natural Sciences"): it follows "the", has a legal form
    (Corporation, Co., Ltd.), or is initials (CETC), or gives them in brackets (CASIC)."""
    if not _may_be_named(parent, False):
        return False
    if re.search(r"(?i)\bof\s+the\s+", whole) or re.search(r"\([A-Z]{2,8}\)", parent):
        return True
    return _initials(parent) or _form_ends_at(_words(parent)) is not None


def _initials(parent: str) -> bool:
    """One word of 2-6 capitals: CETC, CEC, XPCC."""
    return re.fullmatch(r"[A-Z]{2,6}", parent.strip()) is not None


def _words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[A-Za-z0-9]+", unaccented(text))]


# the last word of a government body's name, after which a branch's place follows as a
# company's does after its legal form: Urumqi Public Security Bureau Tianshan (District) Branch
_ORGAN_ENDS = frozenset({"bureau", "department", "administration", "commission", "office"})


def _form_ends_at(words: list[str]) -> int | None:
    """The position after the last legal form among ``words`` (co ltd, llc, corporation), or
    after the last word that ends a government body's name (``_ORGAN_ENDS``), if there is
    one."""
    forms = data().latin_forms
    for end in range(len(words), 0, -1):
        if words[end - 1] in _ORGAN_ENDS:
            return end
        if any(tuple(words[end - k : end]) in forms for k in (1, 2, 3) if end - k >= 0):
            return end
    return None


def _branch_parent(parent: str) -> str | None:
    """A branch's parent without the place that ends it (Huawei Technologies Co., Ltd. Beijing:
    Beijing is the branch's): the words before the last one to three that are a place, or
    else before the one to three that follow the last legal form or the word that ends a
    government body's name (... Tanker Company LLC Sharjah; ... Public Security Bureau,
    Tianshan District)."""
    words = parent.split()
    places = _places()
    for k in (3, 2, 1):
        tail = tuple(w for w in _words(" ".join(words[-k:])) if w != "the")
        if len(words) > k and tail in places:
            cut = _tidy(" ".join(words[:-k]))
            return cut if _may_be_named(cut, False) else None
    plain = _words(parent)
    end = _form_ends_at(plain)
    if end is not None and 0 < len(plain) - end <= 3 and len(plain) == len(words):
        parent = _tidy(" ".join(words[:end]))  # without the comma a list may put before it
    return parent if _may_be_named(parent, False) else None


@cache
def _places() -> frozenset[tuple[str, ...]]:
    """Places as a branch's name writes them, as lower-case words: China's (normalize's
    data), and the countries and their subdivisions of ISO 3166 (New York, Bayern, London)."""
    import pycountry

    names = [n for country, _ in iso_countries() for n in country]
    names += [s.name for s in pycountry.subdivisions]
    # the name before a comma: Palestine, State of; London, City of
    out = {tuple(_words(n.split(",")[0])) for n in names}
    return frozenset({*data().latin_places, *out} - {()})


def _may_be_named(parent: str, han: bool) -> bool:
    """``parent`` may be a body's name: not a place alone (北京 in 北京第二制药厂 is the
    factory's place, not its parent) nor a word too short to name anything."""
    d = data()
    if han:
        bare = re.sub(r"(?:省|市|自治区|地区)$", "", parent)
        return len(parent) >= 2 and bare not in d.zh_place_kind
    words = tuple(_words(parent))
    return sum(len(w) for w in words) >= 2 and words not in d.latin_places and words != ("the",)
