"""Organisation, event and list mentions, with offsets into the original text.

Three sources, merged longest-first:
- a gazetteer (pyahocorasick) over known names in both scripts plus the built-in lexicon, run on
  the simplified, half-width, lower-cased matching copy (same length as the text, see textnorm);
- name patterns: a Chinese name body extended leftwards from a legal or sector suffix
  (…科技有限公司, …公安局, …集团, …资本), English capitalised sequences with or without a legal
  form (…Co., Ltd., …Technology), and event names (第五届…博览会, … Security Expo);
- aliases and references: ``X（以下简称"Y"）``, ``X (Y)``, then later ``Y``, 该公司/本公司/公司 and
  "the company" resolve to the organisation they stand for within the document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from complicity.extract.textnorm import fold, is_han, match_text, name_key
from complicity.extract.values import MONTHS
from complicity.model import short_hash


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str  # as written in the document
    kind: str  # org, event, list
    entity_id: str | None = None  # a known entity (store / caller's names)
    key: str = ""  # identity within the document: same key, same entity
    name: str = ""  # the name to report (the antecedent's name for a reference)
    via: str = "pattern"  # gazetteer, pattern, alias, reference


# --- the built-in lexicon -------------------------------------------------------------------


@cache
def lexicon() -> dict[str, dict[str, Any]]:
    text = resources.files("complicity.extract").joinpath("lexicon.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


# --- name shape ------------------------------------------------------------------------------

ZH_LEGAL = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "控股有限公司",
    "集团股份有限公司",
    "有限公司",
    "集团公司",
    "公司",
)
ZH_SUFFIXES = sorted(
    set(ZH_LEGAL)
    | {
        "集团",
        "科技",
        "技术",
        "信息",
        "智能",
        "电子",
        "控股",
        "资本",
        "基金",
        "创投",
        "投资",
        "银行",
        "金服",
        "公安局",
        "公安厅",
        "公安处",
        "公安分局",
        "派出所",
        "人民政府",
        "政府",
        "委员会",
        "研究所",
        "研究院",
        "实验室",
        "大学",
        "学院",
        "股份",
        "商务部",
        "监狱",
        "看守所",
        "警察学院",
        "指挥部",
        "管理局",
        "兵团",  # 新疆生产建设兵团, the Corps (XPCC)
        "安防",
        "视讯",
        "通信",
    },
    key=len,
    reverse=True,
)
ZH_EVENT_SUFFIXES = (
    "博览会",
    "安博会",
    "展览会",
    "交易会",
    "峰会",
    "论坛",
    "大会",
    "展会",
    "亚博会",
)
ZH_PUBLIC = (
    "公安局",
    "公安厅",
    "公安处",
    "公安分局",
    "派出所",
    "政府",
    "委员会",
    "商务部",
    "监狱",
    "看守所",
    "指挥部",
    "管理局",
    "兵团",
    "实验室",
    "法院",
    "检察院",
)
# characters that never sit inside an organisation name written in running text (left boundary)
ZH_STOP = set(
    "的与和及由向为将对在被是了获从同跟给把于其该并且也都已就而等或以到至让使个这那此各每"
    "，。、；：！？,.;:!?()（）《》<>\"'“”‘’「」 \t\r\n年月"
)
ZH_BLOCK_WORDS = (
    "中标",
    "承建",
    "签订",
    "签署",
    "收购",
    "持有",
    "出资",
    "提供",
    "采购",
    "参展",
    "参投",
    "领投",
    "跟投",
    "宣布",
    "成立",
    "设立",
    "授予",
    "成为",
    "表示",
    "出售",
    "转让",
    "获得",
    "完成",
    "认购",
    "联合",
    "携手",
    "包括",
    "其中",
    "旗下",
    "子公司",
    "以及",
    "还有",
    "入股",
    "吸引",
    "来自",
    "据悉",
    "报道",
    "公告",
    "显示",
    "称",
    "指出",
    "介绍",
    "作为",
    "共同",
    "此前",
    "曾",
    "拟",
    "已",
    "向",
    "合资公司",
    "控股子公司",
    "本届",
    "本轮",
    "本次",
    "本公司",
    "本项目",
    "注册",
    "某",
    "全资子公司",
    "参股公司",
    "供应",
    "销售",
    "支持",
    "否认",
    "从未",
    "并未",
    "列入",
    "纳入",
    "认定",
    "举办",
    "举行",
    "开幕",
    "展示",
    "合作",
    "今年",
    "去年",
)
_ZH_GENERIC = {
    "公司",
    "本公司",
    "该公司",
    "集团",
    "科技",
    "技术",
    "信息",
    "智能",
    "电子",
    "网络",
    "控股",
    "资本",
    "基金",
    "投资",
    "股份",
    "安防",
    "合资公司",
    "子公司",
    "母公司",
    "全资子公司",
    "控股子公司",
    "参股公司",
    "政府",
    "监狱",
    "通信",
    "视讯",
    "大学",
}
REGION_PREFIXES = sorted(
    [
        "北京",
        "上海",
        "天津",
        "重庆",
        "深圳",
        "杭州",
        "广州",
        "厦门",
        "苏州",
        "南京",
        "武汉",
        "成都",
        "西安",
        "合肥",
        "乌鲁木齐",
        "新疆",
        "浙江",
        "江苏",
        "广东",
        "福建",
        "安徽",
        "湖北",
        "四川",
        "陕西",
        "中国",
        "喀什",
        "和田",
        "阿克苏",
        "伊犁",
        "香港",
        "北京市",
        "上海市",
        "天津市",
        "深圳市",
        "杭州市",
        "广州市",
        "厦门市",
        "乌鲁木齐市",
        "新疆维吾尔自治区",
        "美国",
    ],
    key=len,
    reverse=True,
)
EN_LEGAL = re.compile(
    r",?\s*(?:co\.?,?\s*ltd\.?|company limited|co\.|ltd\.?|inc\.?|llc|corp\.?|corporation|limited|plc|gmbh|s\.a\.)$",
    re.IGNORECASE,
)
EN_REGIONS = {
    "xinjiang",
    "beijing",
    "shanghai",
    "hangzhou",
    "zhejiang",
    "shenzhen",
    "xiamen",
    "guangzhou",
    "tianjin",
    "urumqi",
    "china",
    "hong kong",
}
EN_EVENT_WORDS = {"expo", "exhibition", "fair", "summit", "conference", "forum", "congress"}
EN_PUBLIC_WORDS = {
    "bureau",
    "department",
    "government",
    "ministry",
    "police",
    "laboratory",
    "committee",
    "commission",
    "prison",
    "court",
    "office",
}
EN_NOT_NAME = set(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "from",
        "to",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "after",
        "before",
        "during",
        "since",
        "until",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "their",
        "he",
        "she",
        "we",
        "our",
        "his",
        "her",
        "according",
        "however",
        "meanwhile",
        "also",
        "while",
        "when",
        "where",
        "which",
        "who",
        "what",
        "why",
        "how",
        "last",
        "next",
        "earlier",
        "later",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "series",
        "round",
        "rmb",
        "cny",
        "usd",
        "yuan",
        "hkd",
        "eur",
        "exhibitors",
        "exhibitor",
        "investors",
        "investor",
        "chinese",
        "china",
        "xinjiang",
        "uyghur",
        "uyghurs",
        "uighur",
        "uighurs",
        "muslim",
        "muslims",
        "kashgar",
        "urumqi",
        "u.s.",
        "us",
        "american",
        "western",
        "read",
        "full",
        "translation",
        "gpu",
        "gpus",
        "cpu",
        "ai",
        "dear",
        "let",
        "here",
        "there",
        "thank",
        "welcome",
        "i",
        "we",
        "you",
        "one",
        "two",
        "three",
        "both",
        "several",
        "some",
        "many",
        "most",
        "other",
        "others",
        "procurement",
        "records",
        "reviewed",
        "researchers",
        "spokesperson",
        "company",
        "firm",
        "group",
        *MONTHS,  # month names and abbreviations, one list with the date parser
    ]
)


@lru_cache(maxsize=1 << 14)  # asked again for every mention before each reference
def public_name(name: str) -> bool:
    low = fold(match_text(name)).rstrip(". ")
    if any(low.endswith(s) for s in ZH_PUBLIC):
        return True
    words = low.replace("'s", "").split()
    return bool(words) and (words[-1] in EN_PUBLIC_WORDS or "public security" in low)


@cache
def core_name(name: str) -> str:
    """The name without region prefix and legal form: 北京旷视科技有限公司 -> 旷视科技."""
    text = match_text(name).strip()
    if any(is_han(ch) for ch in text):
        for suf in ZH_LEGAL:
            if text.endswith(suf) and len(text) > len(suf) + 1:
                text = text[: -len(suf)]
                break
        for pre in REGION_PREFIXES:
            if text.startswith(pre) and len(text) > len(pre) + 1:
                text = text[len(pre) :]
                break
        return text
    text = EN_LEGAL.sub("", text).strip(" ,.")
    words = text.split()
    if len(words) > 1 and words[0].lower() in EN_REGIONS:
        text = " ".join(words[1:])
    return text


# --- gazetteer -------------------------------------------------------------------------------


@dataclass
class _Entry:
    entity_id: str | None
    key: str
    kind: str
    name: str


@dataclass
class Gazetteer:
    """Aho-Corasick over known names (and the built-in lexicon), matched on the folded,
    simplified matching copy of a text."""

    automaton: Any = None
    by_core: dict[str, _Entry] = field(default_factory=dict)
    size: int = 0

    @classmethod
    def build(cls, known: Iterable[tuple[str, str]] = (), use_lexicon: bool = True) -> Gazetteer:
        auto = ahocorasick.Automaton()
        by_core: dict[str, _Entry] = {}
        entries: dict[str, list[_Entry]] = {}

        def add(entry: _Entry, name: str) -> None:
            form = fold(match_text(" ".join(name.split())))
            if len(form) < 2 or (len(form) < 3 and not any(is_han(c) for c in form)):
                return
            entries.setdefault(form, []).append(entry)
            by_core.setdefault(name_key(core_name(name)), entry)

        for entity_id, name in known:
            if name and name.strip():
                add(_Entry(entity_id, "id:" + entity_id, "org", name), name)
        if use_lexicon:
            for key, item in lexicon().items():
                kind = "list" if item.get("kind") == "list" else "org"
                for name in item["names"]:
                    add(_Entry(None, "lex:" + key, kind, name), name)
        for form, items in entries.items():
            auto.add_word(form, (len(form), items[0]))
        if entries:
            auto.make_automaton()
        return cls(automaton=auto if entries else None, by_core=by_core, size=len(entries))

    def find(self, folded: str) -> list[Mention]:
        out: list[Mention] = []
        if self.automaton is None:
            return out
        for end_index, (length, entry) in self.automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            first, last = folded[start], folded[end - 1]
            if (
                first.isascii()
                and first.isalnum()
                and start > 0
                and folded[start - 1].isascii()
                and folded[start - 1].isalnum()
            ):
                continue
            if (
                last.isascii()
                and last.isalnum()
                and end < len(folded)
                and folded[end].isascii()
                and folded[end].isalnum()
            ):
                continue
            out.append(
                Mention(
                    start, end, "", entry.kind, entry.entity_id, entry.key, entry.name, "gazetteer"
                )
            )
        return out

    def lookup(self, name: str) -> _Entry | None:
        return self.by_core.get(name_key(core_name(name)))


# --- patterns --------------------------------------------------------------------------------

_SUFFIX_RE = re.compile("|".join(map(re.escape, ZH_SUFFIXES)))
_EVENT_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*(?:年)?)?(?:第[一二三四五六七八九十\d]+届)?[^\s，。、；：,;:！？!?（）()《》\"]{2,20}?(?:"
    + "|".join(ZH_EVENT_SUFFIXES)
    + ")"
)
_EN_TOKEN = r"(?:[A-Z][A-Za-z0-9&'+\-.]*|i[A-Z][A-Za-z0-9]*|\d+(?:st|nd|rd|th))"
_EN_SEQ = re.compile(
    rf"{_EN_TOKEN}(?:[^\S\n]+(?:(?:of|for|de)[^\S\n]+)?{_EN_TOKEN})*"  # never across lines
    r"(?:,?[^\S\n]+(?:Co\.,?[^\S\n]*Ltd\.?|Ltd\.|Inc\.|LLC|Corp\.|Limited))?"
)
_EN_KEEP_DOT = re.compile(r"(?:Co|Ltd|Inc|Corp|U\.S|S\.A)\.$")


_NOT_AFTER_SUFFIX = (
    "支撑",
    "支持",
    "服务",
    "人员",
    "产品",
    "方案",
    "设备",
    "平台",
    "手段",
    "能力",
    "研发",
    "领域",
    "企业",
    "行业",
    "水平",
)


_BLOCK_RE = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(ZH_BLOCK_WORDS, key=len, reverse=True))) + ")$"
)
_BLOCK_MAX = max(map(len, ZH_BLOCK_WORDS))


def _block_before(text: str, pos: int) -> bool:
    return _BLOCK_RE.search(text, max(0, pos - _BLOCK_MAX), pos) is not None


def _zh_orgs(text: str, gaz_ends: set[int]) -> list[Mention]:
    out: list[Mention] = []
    for m in _SUFFIX_RE.finditer(text):
        s_start, s_end = m.start(), m.end()
        if text.startswith(_NOT_AFTER_SUFFIX, s_end) or text.startswith("轮", s_end):
            continue
        pos = s_start
        while pos > 0 and s_start - pos < 16:
            ch = text[pos - 1]
            if ch in ZH_STOP or ch.isdigit() or _block_before(text, pos):
                break
            if not (is_han(ch) or ch.isascii() and ch.isalpha()):
                break
            pos -= 1
        name = text[pos:s_end]
        # a bare suffix (公司, 技术) is no name, unless a known name ends right before it
        # (华为|技术有限公司: the gazetteer mention is joined in find_mentions)
        if (name in _ZH_GENERIC or len(name) < 3) and pos not in gaz_ends:
            continue
        kind = "org"
        out.append(Mention(pos, s_end, "", kind, via="pattern"))
    return out


_ZH_LIST_RE = re.compile(
    r"\"?(?P<name>[^\s,，。、;；:：!?！？()（）《》\"]{2,24}?(?:清单|名单))\"?"
)


def _zh_lists(text: str) -> list[Mention]:
    out: list[Mention] = []
    if "清单" not in text and "名单" not in text:
        return out  # every match ends so; the pattern is slow to try at every position
    for m in _ZH_LIST_RE.finditer(text):
        start = m.start("name")
        body = m.group("name")
        # the name starts after a listing verb (列入/纳入 …) inside the match
        for word in ("列入", "纳入", "加入", "移出", "添加至", "添加到", "了"):
            idx = body.rfind(word)
            if idx >= 0:
                start = m.start("name") + idx + len(word)
                body = text[start : m.end("name")]
        if len(body) >= 4:
            out.append(Mention(start, m.end("name"), "", "list", via="pattern"))
    return out


# No event name crosses these characters (the name body excludes them, the year and 第…届 before
# it cannot hold them), so _EVENT_RE only needs trying in the stretches between them that hold an
# event suffix: trying it at every position of every document was the slowest name pattern.
_EVENT_BREAK = re.compile(r"[，。、；：,;:！？!?（）()《》\"]")
_EVENT_SUFFIX_RE = re.compile("|".join(ZH_EVENT_SUFFIXES))


def _event_matches(text: str) -> Iterator[re.Match[str]]:
    """``_EVENT_RE.finditer(text)``, trying only the stretches that hold an event suffix."""
    suffixes = [m.start() for m in _EVENT_SUFFIX_RE.finditer(text)]
    if not suffixes:
        return
    breaks = [m.start() for m in _EVENT_BREAK.finditer(text)]
    done = 0
    for pos in suffixes:
        if pos < done:
            continue  # in the stretch just tried
        i = bisect_right(breaks, pos)
        start = breaks[i - 1] + 1 if i else 0
        done = breaks[i] if i < len(breaks) else len(text)
        yield from _EVENT_RE.finditer(text, start, done)


def _zh_events(text: str) -> list[Mention]:
    out = []
    for m in _event_matches(text):
        start = m.start()
        body = m.group(0)
        # the event name starts after the last stop word inside the match
        cut = 0
        for i, ch in enumerate(body):
            if ch in ZH_STOP and ch not in "年":
                cut = i + 1
        for word in ("在", "于", "参加", "出席", "举办", "本届", "此次", "今年", "上"):
            idx = body.rfind(word, cut)
            if idx >= 0 and body.startswith("第", idx + len(word)) is not False:
                pass
        if "第" in body[cut:]:
            cut = body.index("第", cut) if body.index("第", cut) >= cut else cut
            # keep a year written just before 第 (2018第…) out: names start at 第
        name = body[cut:]
        if len(name) >= 4 and not name.startswith(("本届", "此次", "该", "这", "届", "次", "各")):
            out.append(Mention(start + cut, m.end(), "", "event", via="pattern"))
    return out


EN_LEAD_KEEP = {
    "china",
    "chinese",
    "xinjiang",
    "urumqi",
    "kashgar",
    "u.s.",
    "us",
    "american",
    "state",
}
_GOV_TAIL = re.compile(r"\s+(?:government|police|authorities|public security bureau)\b")


def _en_names(text: str) -> list[Mention]:
    out = []
    for m in _EN_SEQ.finditer(text):
        s, e = m.start(), m.end()
        span = text[s:e]
        # a word ending a sentence ("Technology. Leon", "Bureau.\nHangzhou") ends the name
        words_all = list(re.finditer(r"\S+", span))
        for w in words_all[:-1]:
            word = w.group(0)
            if word.endswith(".") and not _EN_KEEP_DOT.search(word) and len(word) > 2:
                span = span[: w.end()]
                break
        # trailing sentence period (keep abbreviations) and possessive
        while span.endswith((".", "'", "-")) and not _EN_KEEP_DOT.search(span):
            span = span[:-1]
        if span.endswith("'s"):
            span = span[:-2]
        words = span.split()
        # drop leading non-name words (sentence-initial capitals: "In April", "The")
        lead = 0
        while (
            lead < len(words)
            and words[lead].lower().rstrip(",") in EN_NOT_NAME
            and not (words[lead].lower() in EN_LEAD_KEEP and lead + 1 < len(words))
        ):
            lead += 1
        if lead == len(words):
            continue
        start = s + len(" ".join(words[:lead])) + (1 if lead else 0)
        start = s + span.index(words[lead], start - s) if lead else s
        end = s + len(span)
        name = text[start:end]
        low = name.lower()
        last = low.split()[-1] if low.split() else ""
        if last in EN_NOT_NAME or re.fullmatch(r"\d+(st|nd|rd|th)?", last):
            continue
        if len(name) <= 2 or text.startswith("轮", end):
            continue
        kind = (
            "event"
            if last in EN_EVENT_WORDS
            else "list"
            if last == "list" and len(low.split()) > 1
            else "org"
        )
        if kind == "event" and len(low.split()) == 1:
            continue  # "the Expo": a reference to an event, not a name
        gov = _GOV_TAIL.match(text, end)
        if kind == "org" and gov and "county" in low.split() + ["county"][:0] + low.split()[-1:]:
            end = gov.end()
        if kind == "event":
            # include an ordinal or a year written just before ("the 5th ...", "2018 ...")
            before = re.search(
                r"(?:\b(?:19|20)\d{2}|\b\d+(?:st|nd|rd|th))\s+$", text[max(0, start - 12) : start]
            )
            if before:
                start -= len(before.group(0))
        out.append(Mention(start, end, "", kind, via="pattern"))
    return out


# --- aliases and references ------------------------------------------------------------------

_ALIAS_RE = re.compile(
    r"\s*[（(]\s*(?:以下简称|下称|简称|以下称|hereinafter|hereafter|formerly|also known as|aka|brand)?\s*[:：]?\s*\"?"
    r"(?P<alias>[^()（）\"，,；;。]{2,30}?)\"?\s*[)）]",
    re.IGNORECASE,
)
_REF_RE = re.compile(
    r"该公司|本公司|(?<![\u4e00-\u9fff])公司(?=[\u4e00-\u9fff])|\b[Tt]he (?:company|firm)\b"
)


def find_mentions(text: str, gazetteer: Gazetteer, mtext: str | None = None) -> list[Mention]:
    """All org/event/list mentions in ``text``, non-overlapping, sorted, with ``text`` and
    ``name`` filled from the original text and ``key`` grouping mentions of one entity."""
    mtext = mtext if mtext is not None else match_text(text)
    folded = fold(mtext)
    gaz = gazetteer.find(folded)
    gaz_ends = {m.end for m in gaz}
    gaz_starts = {m.start: m for m in gaz}
    cands: list[Mention] = []
    cands += _zh_events(mtext)
    cands += _zh_lists(mtext)
    cands += _zh_orgs(mtext, gaz_ends)
    cands += _en_names(mtext)
    # join a pattern suffix to the gazetteer name right before it (华为 + 技术有限公司)
    by_end: dict[int, Mention] = {}
    for g in gaz:
        if g.end not in by_end or by_end[g.end].start > g.start:
            by_end[g.end] = g
    joined = []
    for c in cands:
        if (
            c.kind == "org"
            and c.start in by_end
            and by_end[c.start].kind == "org"
            and any(is_han(ch) for ch in mtext[c.start : c.end])
        ):
            joined.append(replace(c, start=by_end[c.start].start))
        else:
            joined.append(c)
    del gaz_starts
    # longest first; on ties events, then gazetteer
    pool = sorted(
        joined + gaz,
        key=lambda m: (
            -(m.end - m.start),
            0 if m.kind == "event" else 1 if m.via == "gazetteer" else 2,
            m.start,
        ),
    )
    taken = [False] * (len(text) + 1)
    chosen: list[Mention] = []
    for m in pool:
        if any(taken[m.start : m.end]):
            continue
        for i in range(m.start, m.end):
            taken[i] = True
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    # fill text, ids and keys
    filled: list[Mention] = []
    for m in chosen:
        surface = text[m.start : m.end]
        entity_id, key, kind = m.entity_id, m.key, m.kind
        if m.via != "gazetteer":
            entry = gazetteer.lookup(surface)
            if entry is not None and kind not in ("event", "list"):
                entity_id, key, kind = entry.entity_id, entry.key, entry.kind
            else:
                key = "name:" + name_key(core_name(surface))
        filled.append(
            replace(m, text=surface, name=surface, entity_id=entity_id, key=key, kind=kind)
        )
    return _resolve_aliases_and_refs(text, mtext, filled)


def alias_after(mtext: str, m: Mention) -> re.Match[str] | None:
    """The name given in brackets right after an organisation's mention (X（以下简称"Y"）,
    X (Y)), if any: group "alias" is its span."""
    if m.kind != "org":
        return None
    am = _ALIAS_RE.match(mtext, m.end)
    if am is None or re.fullmatch(r"[\d\W]+", am.group("alias").strip()):
        return None
    return am


def _resolve_aliases_and_refs(text: str, mtext: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    aliases: dict[str, Mention] = {}
    skip_until = -1
    for m in mentions:
        if m.start < skip_until:
            continue
        out.append(m)
        am = alias_after(mtext, m)
        if am:
            aliases.setdefault(am.group("alias").strip(), m)
            skip_until = am.end()
    # later occurrences of aliases that the other stages did not find
    if aliases:
        covered = [False] * (len(text) + 1)
        for m in out:
            for i in range(m.start, m.end):
                covered[i] = True
        extra = []
        for alias, target in aliases.items():
            pos = mtext.find(match_text(alias), skip_until if False else 0)
            while pos >= 0:
                end = pos + len(alias)
                if not any(covered[pos:end]) and pos > target.start:
                    extra.append(
                        Mention(
                            pos,
                            end,
                            text[pos:end],
                            "org",
                            target.entity_id,
                            target.key,
                            target.name,
                            "alias",
                        )
                    )
                    for i in range(pos, end):
                        covered[i] = True
                pos = mtext.find(match_text(alias), end)
        # mentions whose text is an alias take the full name's identity
        out = [
            replace(
                m,
                entity_id=aliases[m.text].entity_id,
                key=aliases[m.text].key,
                name=aliases[m.text].name,
            )
            if m.text in aliases and m.start > aliases[m.text].start and m.via != "gazetteer"
            else m
            for m in out
        ] + extra
        out.sort(key=lambda m: m.start)
    # references: 该公司 / 本公司 / 公司 / the company -> the last company mentioned before
    covered_refs = [False] * (len(text) + 1)
    for m in out:
        for i in range(m.start, m.end):
            covered_refs[i] = True
    refs = []
    for r in _REF_RE.finditer(mtext):
        if any(covered_refs[r.start() : r.end()]):
            continue
        antecedent = None
        for m in out:
            if m.end > r.start():
                break
            if m.kind == "org" and not public_name(m.name):
                antecedent = m
        if antecedent is not None:
            refs.append(_reference(text, r.start(), r.end(), antecedent))
    if refs:
        out = sorted(out + refs, key=lambda m: m.start)
    return _resolve_pronoun_subjects(text, mtext, out)


# a sentence-initial pronoun subject followed by a verb ("They also participated", "It signed",
# 其还参加): expletive "It is …" and 其中/其他 (not a subject) never match
_PRONOUN_RE = re.compile(
    r"(?:(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=\n)|^)(?:They|It)(?=\s+(?:also\s+|later\s+|then\s+|"
    r"subsequently\s+|too\s+)?(?:[a-z]+ed|won|sold|bought|signed|supplied|held|took|set up)\b)"
    r"|(?:(?<=[。！？；\n])|^)其(?=[还也又曾并随后再亦])"
)
_SENTENCE_END = re.compile(r"[.!?。！？；\n]")


def _reference(text: str, start: int, end: int, antecedent: Mention) -> Mention:
    """A word that stands for an organisation named earlier (该公司, "the company", "They")."""
    return Mention(start, end, text[start:end], "org", antecedent.entity_id, antecedent.key,
                   antecedent.name, "reference")  # fmt: skip


def _resolve_pronoun_subjects(text: str, mtext: str, mentions: list[Mention]) -> list[Mention]:
    """A sentence-initial pronoun subject stands for the organisation of the previous sentence
    when that sentence names exactly one (non-public) organisation; otherwise it is left alone."""
    refs = []
    for r in _PRONOUN_RE.finditer(mtext):
        # the previous sentence: from the sentence end before the one that ends right before r
        stop = r.start() - 1
        while stop > 0 and mtext[stop].isspace():
            stop -= 1
        begin = stop
        while begin > 0 and not _SENTENCE_END.match(mtext, begin - 1):
            begin -= 1
        orgs = [
            m
            for m in mentions
            if begin <= m.start
            and m.end <= stop + 1
            and m.kind == "org"
            and not public_name(m.name)
        ]
        if len({m.key for m in orgs}) != 1 or any(m.start < r.end() <= m.end for m in mentions):
            continue
        refs.append(_reference(text, r.start(), r.end(), orgs[-1]))
    if refs:
        mentions = sorted(mentions + refs, key=lambda m: m.start)
    return mentions


def entity_kind(mention: Mention) -> str:
    if mention.kind == "event":
        return "event"
    if mention.kind == "list":
        return "list"
    return "public_body" if public_name(mention.name) else "company"


def new_entity_id(mention: Mention) -> str:
    """A deterministic id for an entity first seen in text: same name, same id."""
    if mention.entity_id:
        return mention.entity_id
    if mention.key.startswith("lex:"):
        return "x-" + mention.key[4:]
    return "x-" + short_hash(mention.kind, mention.key)
