"""Identifiers' own rules, read by the list loaders (which find them in remarks) and by the
matcher (which reads where a company is registered from its unified social credit code)."""

from __future__ import annotations

import re

from complicity.model import Identifier

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_uscc(code: str) -> bool:
    """A unified social credit code with its GB 32100-2015 check character right."""
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


USCC_RE = re.compile(
    r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10})(?![0-9A-Z])"
)
ISIN_RE = re.compile(r"(?<![0-9A-Z])([A-Z]{2}[A-Z0-9]{9}\d)(?![0-9A-Z])")
LEI_RE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{18}\d{2})(?![0-9A-Z])")


def valid_isin(code: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{9}\d", code):
        return False
    digits = "".join(str(int(c, 36)) for c in code[:-1])
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10 == int(code[-1])


def valid_lei(code: str) -> bool:
    if not re.fullmatch(r"[0-9A-Z]{18}\d{2}", code):
        return False
    return int("".join(str(int(c, 36)) for c in code)) % 97 == 1


def find_identifiers(text: str) -> list[Identifier]:
    """Checksum-valid USCC, ISIN and LEI codes anywhere in a text (remarks, notes, columns)."""
    found: list[Identifier] = []
    upper = text.upper()
    for m in USCC_RE.finditer(upper):
        if valid_uscc(m.group(1)):
            found.append(Identifier("uscc", m.group(1)))
    for m in ISIN_RE.finditer(upper):
        if valid_isin(m.group(1)):
            found.append(Identifier("isin", m.group(1)))
    for m in LEI_RE.finditer(upper):
        if valid_lei(m.group(1)) and not valid_uscc(m.group(1)):
            found.append(Identifier("lei", m.group(1)))
    return found


# a listed share's code as a holdings file writes it: 002415.SZ, 600000.SH, 0020.HK, and as
# Bloomberg does, 002415 CH, 300188 C2 Equity (CH, C1, C2: a mainland exchange, which the code
# says)
_TICKER = re.compile(
    r"(\d{1,6})\s*(?:\.(SZ|SH|SS|HK|BJ)|\s+(CH|C1|C2|HK)(?:\s+EQUITY)?)", re.IGNORECASE
)


def tickers_of(cell: str) -> tuple[str, ...]:
    """The ways a store may write the listed share's code a cell is, as 002415.SZ does: () for
    a cell that is no code. Shanghai's is written .SH or .SS; Hong Kong's has four digits."""
    m = _TICKER.fullmatch(cell.strip())
    if m is None:
        return ()
    code, exchange = m[1], (m[2] or m[3]).upper()
    if exchange in ("CH", "C1", "C2"):
        exchange = {"6": "SH", "0": "SZ", "3": "SZ"}.get(code[0], "BJ")
    if exchange == "HK":
        return (f"{code.lstrip('0').zfill(4)}.HK",) if len(code) <= 5 else ()
    if len(code) != 6:
        return ()  # a mainland share's code has six digits
    if exchange in ("SH", "SS"):
        return (f"{code}.SH", f"{code}.SS")
    return (f"{code}.{exchange}",)


def identifiers_in(cell: str) -> list[Identifier]:
    """The identifiers a cell of a holdings or supplier file gives: checksum-valid USCC, ISIN
    and LEI codes in it (``find_identifiers``), or the listed share's code it is
    (``tickers_of``). Every one of them has a digit: a cell without one (most of a file's
    names, sectors, notes) is passed over without the regular expressions."""
    if not _DIGIT.search(cell):
        return []
    return find_identifiers(cell) + [Identifier("ticker", t) for t in tickers_of(cell)]


_DIGIT = re.compile(r"\d")
