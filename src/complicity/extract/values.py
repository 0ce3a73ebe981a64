"""Amounts, percentages and dates found in text and normalised.

``735万元`` -> 7350000 CNY, ``2.35亿元`` -> 235000000 CNY, ``$53m`` -> 53000000 USD,
``7.35 million RMB`` -> 7350000 CNY, ``49%`` -> 49.0, ``2017年11月`` -> "2017-11",
``今年4月`` -> the document's year, ``last month`` -> relative to the document date."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_UNIT = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万亿": 1e12, "千": 1e3}
_EN_UNIT = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_CUR_WORDS = {
    "元": "CNY",
    "人民币": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "美元": "USD",
    "美金": "USD",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "dollars": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "hk$": "HKD",
    "hkd": "HKD",
    "欧元": "EUR",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "英镑": "GBP",
    "gbp": "GBP",
    "日元": "JPY",
}

# Matching runs on textnorm.match_text (simplified, half-width), so only simplified forms here.
_ZH_MONEY = re.compile(
    rf"(?P<pre>人民币|美元|港币|港元)?\s*(?P<num>{_NUM})\s*(?P<unit>万亿|千万|百万|十万|万|亿|千)?"
    r"\s*(?P<cur>元人民币|美元|港元|港币|欧元|英镑|日元|元)"
    r"|(?P<pre2>人民币|美元|港币|港元)\s*(?P<num2>" + _NUM + r")\s*(?P<unit2>万亿|千万|百万|万|亿)"
)
_EN_MONEY = re.compile(
    rf"(?P<sym>US\$|HK\$|\$|€|£)\s?(?P<num>{_NUM})\s*(?P<unit>million|billion|thousand|mn|bn|m|b|k)?\b"
    rf"|(?P<num2>{_NUM})\s*(?P<unit2>million|billion|thousand|mn|bn|m|k)?\s*"
    r"(?P<cur2>RMB|CNY|yuan|USD|dollars|HKD|EUR|euros|GBP)\b"
    rf"|(?P<cur3>RMB|CNY|USD|HKD|EUR)\s?(?P<num3>{_NUM})\s*(?P<unit3>million|billion|mn|bn|m|k)?\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?P<num>{_NUM})\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_ZH_PERCENT = re.compile(r"百分之(?P<num>[零一二三四五六七八九十百点]+)")

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

_ZH_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*年|(?P<rel>今年|去年|前年|明年|本年|当年))"
    r"(?:\s*(?P<m>1[0-2]|0?[1-9])\s*月(?:\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号])?)?"
    r"|(?P<relm>上个?月|本月|当月)"
)
_ISO_DATE = re.compile(
    r"\b(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])(?:[-/.](?P<d>3[01]|[12]\d|0?[1-9]))?\b"
)
_EN_DATE = re.compile(
    rf"\b(?:(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+{_MON}\s*,?\s*(?P<y1>(?:19|20)\d{{2}})"
    rf"|{_MON.replace('mon>', 'mon2>')}\s+(?:(?P<d2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,?\s+)?(?P<y2>(?:19|20)\d{{2}})"
    r"|(?P<rel>last|this|next) (?P<relu>year|month)"
    r"|(?:in|since|by|during|early|late|mid-?|end of|until|from)\s+(?P<y3>(?:19|20)\d{2})\b(?!\s*%)"
    r")",
    re.IGNORECASE,
)


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _has_any(text: str, chars: str) -> bool:
    return any(ch in text for ch in chars)


@dataclass(frozen=True)
class Value:
    kind: str  # "money", "percent", "date"
    start: int
    end: int
    value: float | str
    currency: str | None = None


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _clean(amount: float) -> float | int:
    rounded = round(amount)
    return int(rounded) if abs(amount - rounded) < 1e-6 else amount


def parse_amount(text: str) -> tuple[float | int, str] | None:
    """Normalise one money expression: ``735万元`` -> (7350000, "CNY")."""
    found = find_values(text, None)
    for v in found:
        if v.kind == "money":
            return float(v.value), v.currency or ""
    return None


def _doc_year_month(doc_date: str | None) -> tuple[int | None, int | None]:
    if not doc_date or not re.match(r"^\d{4}", doc_date):
        return None, None
    year = int(doc_date[:4])
    month = int(doc_date[5:7]) if len(doc_date) >= 7 else None
    return year, month


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    out = f"{y:04d}"
    if m:
        out += f"-{m:02d}"
        if d:
            out += f"-{d:02d}"
    return out


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def find_values(text: str, doc_date: str | None) -> list[Value]:
    """Money, percentages and dates in ``text`` (a match_text copy), non-overlapping."""
    out: list[Value] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(v: Value) -> None:
        if free(v.start, v.end):
            out.append(v)
            taken.append((v.start, v.end))

    # Each scan below is skipped when the text lacks a character or word that every match of its
    # pattern contains: these patterns have no literal prefix, so the regex engine would otherwise
    # try them at every position of every document (most documents have no money, no English).
    # ASCII letters stand for every English unit, currency, month and preposition: no such word is
    # spelt only with the letters that re.IGNORECASE also matches outside ASCII (ſ, ı, K).
    latin = _ASCII_LETTER.search(text) is not None
    zh_money = "元" in text or "币" in text or "镑" in text  # every currency word ends in one
    for m in _ZH_MONEY.finditer(text) if zh_money else ():
        if m.group("num"):
            amount = _num(m.group("num")) * _CN_UNIT.get(m.group("unit") or "", 1)
            cur = m.group("cur")
            currency = _CUR_WORDS.get(m.group("pre") or "") or (
                "CNY" if cur in ("元", "元人民币") else _CUR_WORDS.get(cur, "CNY")
            )
        else:
            amount = _num(m.group("num2")) * _CN_UNIT.get(m.group("unit2"), 1)
            currency = _CUR_WORDS[m.group("pre2")]
        add(Value("money", m.start(), m.end(), _clean(amount), currency))
    for m in _EN_MONEY.finditer(text) if latin or _has_any(text, "$€£") else ():
        if m.group("sym"):
            num, unit, cur = m.group("num"), m.group("unit"), m.group("sym")
        elif m.group("num2"):
            num, unit, cur = m.group("num2"), m.group("unit2"), m.group("cur2")
        else:
            num, unit, cur = m.group("num3"), m.group("unit3"), m.group("cur3")
        amount = _num(num) * _EN_UNIT.get((unit or "").lower(), 1)
        add(Value("money", m.start(), m.end(), _clean(amount), _CUR_WORDS.get(cur.lower(), "USD")))
    for m in _PERCENT.finditer(text) if latin or "%" in text else ():
        pct = _num(m.group("num"))
        if 0 <= pct <= 100:
            add(Value("percent", m.start(), m.end(), pct))
    for m in _ZH_PERCENT.finditer(text) if "百分之" in text else ():
        pct_zh = _zh_number(m.group("num"))
        if pct_zh is not None and 0 <= pct_zh <= 100:
            add(Value("percent", m.start(), m.end(), pct_zh))
    year, month = _doc_year_month(doc_date)
    for m in _ZH_DATE.finditer(text) if "年" in text or "月" in text else ():
        if m.group("relm"):
            if year is None or month is None:
                continue
            delta = -1 if m.group("relm").startswith("上") else 0
            add(Value("date", m.start(), m.end(), _iso(*_shift_month(year, month, delta))))
            continue
        if m.group("y"):
            y = int(m.group("y"))
        else:
            if year is None:
                continue
            y = (
                year
                + {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "前年": -2, "明年": 1}[
                    m.group("rel")
                ]
            )
        mo = int(m.group("m")) if m.group("m") else None
        d = int(m.group("d")) if m.group("d") else None
        add(Value("date", m.start(), m.end(), _iso(y, mo, d)))
    for m in _ISO_DATE.finditer(text):
        add(
            Value(
                "date",
                m.start(),
                m.end(),
                _iso(int(m.group("y")), int(m.group("m")), int(m.group("d") or 0)),
            )
        )
    for m in _EN_DATE.finditer(text) if latin else ():
        if m.group("y1"):
            value = _iso(int(m.group("y1")), MONTHS[_month_key(m.group("mon"))], int(m.group("d1")))
        elif m.group("y2"):
            d2 = int(m.group("d2")) if m.group("d2") else None
            value = _iso(int(m.group("y2")), MONTHS[_month_key(m.group("mon2"))], d2)
        elif m.group("y3"):
            value = _iso(int(m.group("y3")))
            start = m.start("y3")
            add(Value("date", start, m.end("y3"), value))
            continue
        else:
            if year is None:
                continue
            delta = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
            if m.group("relu").lower() == "year":
                value = _iso(year + delta)
            else:
                if month is None:
                    continue
                value = _iso(*_shift_month(year, month, delta))
        add(Value("date", m.start(), m.end(), value))
    out.sort(key=lambda v: v.start)
    return out


def _month_key(word: str) -> str:
    w = word.lower().rstrip(".")
    return w if w in MONTHS else w[:3]


_ZH_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _zh_number(text: str) -> float | None:
    """Small Chinese numerals (up to 100, with 点 decimals): 四十九 -> 49, 五十一点五 -> 51.5."""
    whole, _, frac = text.partition("点")
    total = 0
    current = 0
    for ch in whole:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    total += current
    if frac:
        digits = "".join(str(_ZH_DIGITS.get(ch, "")) for ch in frac)
        return float(f"{total}.{digits}") if digits else float(total)
    return float(total)
