"""Kana and hangul readings (complicity.names.romanize)."""

from __future__ import annotations

import pytest

from complicity.names.normalize import normalize
from complicity.names.romanize import hangul_variants, romanize, wade_giles


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("トヨタ", "toyota"),
        ("アディダスジャパン", "adidasujapan"),  # small ャ joins: ja, not jiya
        ("ファーウェイ", "fawei"),  # loanword sounds, long mark dropped
        ("ほっかいどう", "hokkaidou"),  # small っ doubles the next consonant
        ("マッチ", "matchi"),
        ("ｿﾆｰ", "soni"),  # half-width kana are read once NFKC has widened them
        ("삼성", "samseong"),
        ("현대", "hyeondae"),
        ("전자", "jeonja"),
        ("中文", "中文"),  # Han is left to pinyin
    ],
)
def test_romanize(text: str, reading: str) -> None:
    import unicodedata

    assert romanize(unicodedata.normalize("NFKC", text)) == reading


def test_hangul_variants_give_the_spelling_companies_kept() -> None:
    assert "samsung" in hangul_variants("samseong")
    assert hangul_variants("toyota") == ("toyota",)


def test_japanese_and_korean_names_take_the_east_asian_path() -> None:
    toyota = normalize("トヨタ自動車株式会社")
    assert toyota.is_han and toyota.legal_form is not None and toyota.legal_form.key == "株式会社"
    samsung = normalize("삼성전자주식회사")
    assert samsung.is_han and samsung.legal_form is not None
    assert samsung.pinyin.startswith("samseong")


@pytest.mark.parametrize(
    ("text", "spelling"),
    [
        ("中山", "chungshan"),
        ("新竹", "hsinchu"),
        ("徐", "hsu"),  # hsü, the umlaut dropped
        ("清华", "chinghua"),  # ch'ing, the apostrophe dropped
        ("鸿海", "hunghai"),  # pypinyin's table says hei for -ai here
        ("火", "huo"),  # ... and ho for huo
        ("铁", "tieh"),  # ... and t'oeh for tie
        ("中山A", ""),  # only all-Han text is read
    ],
)
def test_wade_giles(text: str, spelling: str) -> None:
    assert wade_giles(text) == spelling
