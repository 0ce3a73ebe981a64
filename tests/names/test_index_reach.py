"""``match.may_reach`` (which candidates screening may skip) never says no to a pair that
``match.score_normalized`` scores at or above the bar. It mirrors the evidence of
``match._han_han`` and ``match._latin_latin``: when those change, these tests say whether it
still holds."""

from __future__ import annotations

import random

import pytest

from complicity.names import match as match_module
from complicity.names.match import FEATURES, THRESHOLD, Reach, may_reach, score_normalized
from complicity.names.normalize import NameInputError, NormalizedName, normalize

WORDS = (
    "alpha", "beta", "gamma", "delta", "orion", "vega", "lyra", "draco", "sirius", "polaris",
    "apex", "nova", "terra", "aqua", "granit", "kobalt", "zenit", "vostok", "altai", "baikal",
    "stellaris", "stellantis", "volkswagen", "volkswerk",
)  # fmt: skip
DESCRIPTORS = ("Trading", "Technology", "Holdings", "Shipping", "Bank", "Systems", "")
FORMS = ("Ltd", "LLC", "Inc.", "Co., Ltd.", "AG", "GmbH", "JSC", "")
HAN = ("海康威视", "大华", "立昂", "科大讯飞", "科大国创", "华为", "中兴通讯", "旷视", "大华银行")
HAN_TAILS = ("", "数字技术", "科技", "微电子", "技术", "银行", "软件")
HAN_FORMS = ("有限公司", "股份有限公司", "集团有限公司", "(香港)有限公司", "")
PLACES = ("杭州", "北京", "浙江", "")
LATIN_PLACES = ("Beijing", "Hangzhou", "Hong Kong", "China")


def _latin(rng: random.Random) -> str:
    words = [rng.choice(WORDS).title() for _ in range(rng.choice((1, 2, 2, 3)))]
    if rng.random() < 0.2:  # registered in a place the name opens with
        words.insert(0, rng.choice(LATIN_PLACES))
    return " ".join([*words, rng.choice(DESCRIPTORS), rng.choice(FORMS)]).strip()


def _han(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(HAN) + rng.choice(HAN_TAILS) + rng.choice(HAN_FORMS)


def _variant(name: str, rng: random.Random) -> str:
    choice = rng.random()
    words = name.split()
    if choice < 0.2 and len(name) > 4:  # two letters swapped
        k = rng.randrange(1, len(name) - 2)
        return name[:k] + name[k + 1] + name[k] + name[k + 2 :]
    if choice < 0.35 and len(words) > 1:
        rng.shuffle(words)
        return " ".join(words)
    if choice < 0.5 and len(words) > 1:
        return "".join(words)  # glued
    if choice < 0.6 and len(words) > 1:
        return "".join(w[0] for w in words)  # initials
    if choice < 0.75:
        return name + " " + rng.choice(DESCRIPTORS)
    if choice < 0.85:
        return name.replace("Trading", "Tradign").replace("Technology", "Technolgoy")
    if choice < 0.9 and words[0] in LATIN_PLACES:  # the place in brackets after the name
        return f"{' '.join(words[1:2])} ({words[0]})"
    return name[2:] if len(name) > 4 else name


def _pairs(n: int) -> list[tuple[NormalizedName, NormalizedName]]:
    rng = random.Random(11)
    out = []
    while len(out) < n:
        make = _han if rng.random() < 0.35 else _latin
        a = make(rng)
        b = _variant(a, rng) if rng.random() < 0.7 else make(rng)
        try:
            out.append((normalize(a), normalize(b)))
        except NameInputError:
            continue
    return out


@pytest.mark.parametrize("in_c", [True, False])
def testmay_reach_never_drops_a_pair_that_reaches_the_bar(in_c: bool) -> None:
    said_no = 0
    for a, b in _pairs(6000):
        for x, y in ((a, b), (b, a)):
            score = score_normalized(x, y).score
            for bar in (THRESHOLD, 0.7, 0.5, 0.3):
                reach = may_reach(x, y, bar, in_c)
                said_no += not reach
                assert reach or score < bar, (x.original, y.original, score, bar)
    assert said_no > 5000  # it does rule pairs out


@pytest.mark.parametrize("in_c", [True, False])
def test_may_beat_says_no_only_to_a_pair_that_scores_no_more(in_c: bool) -> None:
    """``Reach.may_beat(c, s)`` is False only when ``c`` scores ``s`` at most: asked of the
    pair's own score (a tie, which it may say no to), the grid step below it (which it must say
    yes to) and of scores around it, the Latin pairs (one weight per word aligned) and the
    Chinese ones (penalties charged first) alike."""
    said_no = 0
    rng = random.Random(7)
    han = [(normalize(x), normalize(y)) for x, y in (_han_pair(rng) for _ in range(1500))]
    for a, b in _pairs(3000) + han:
        for x, y in ((a, b), (b, a)):
            score = score_normalized(x, y).score
            reach = Reach(x, in_c)
            for s in (score, round(score - 1e-4, 4), round(score + 1e-4, 4), 0.3, 0.65, 0.8):
                if s <= 0.0 or s >= THRESHOLD:
                    continue
                beats = reach.may_beat(y, s)
                said_no += not beats
                assert beats or score <= s, (x.original, y.original, score, s)
    assert said_no > 3000  # it does rule pairs out, ties among them


# Chinese heads sharing characters, with businesses apart or alike (科技 / 技术), weak words on
# one side, numbered units: what ``Reach._han_penalty`` charges before the full score
HAN_HEADS = (
    "邓莎",
    "磊邓莎贺",
    "邓莎贺",
    "睿车瑟",
    "考睿车瑟",
    "伦瑟",
    "山伦瑟洲",
    "霍渡",
    "霍渡冯",
)
HAN_BUSINESS = ("", "科技", "技术", "晶片", "安防", "医院", "大学", "数字技术", "信息科技", "银行")
HAN_UNITS = ("", "", "第十四研究所", "第三十八研究所")


def _han_pair(rng: random.Random) -> tuple[str, str]:
    def one() -> str:
        head = rng.choice(HAN_HEADS) + rng.choice(HAN_BUSINESS) + rng.choice(HAN_UNITS)
        return rng.choice(PLACES) + head + rng.choice(HAN_FORMS)

    return one(), one()


@pytest.mark.parametrize("in_c", [True, False])
def test_the_penalties_reach_charges_chinese_names_are_never_more_than_the_score_pays(
    in_c: bool,
) -> None:
    rng = random.Random(5)
    said_no = 0
    for _ in range(3000):
        x, y = (normalize(n) for n in _han_pair(rng))
        score = score_normalized(x, y).score
        for bar in (THRESHOLD, 0.65, 0.5, 0.3, 0.1):
            reach = may_reach(x, y, bar, in_c)
            said_no += not reach
            assert reach or score < bar, (x.original, y.original, score, bar)
    assert said_no > 3000


def test_a_business_apart_rules_a_chinese_name_out_however_alike_the_heads() -> None:
    # heads 0.67 alike (the evidence alone would reach 0.65), a business apart (0.35 off)
    q, c = normalize("磊邓莎贺晶片有限公司"), normalize("长春邓莎科技股份有限公司")
    assert score_normalized(q, c).score < 0.65
    assert not may_reach(q, c, 0.65) and not may_reach(q, c, 0.65, in_c=False)
    assert may_reach(q, c, 0.3)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alpha Beta Trading Ltd", "Gamma Delta Ltd"),
        ("Alpha Beta", "Alpha Gamma Delta"),
        ("海康威视", "大华银行"),
    ],
)
def testmay_reach_rules_out_different_names(a: str, b: str) -> None:
    assert score_normalized(normalize(a), normalize(b)).score < THRESHOLD
    assert not may_reach(normalize(a), normalize(b))


def testmay_reach_knows_every_evidence_feature() -> None:
    """A new evidence feature in ``match.FEATURES`` turns the skipping off (every candidate is
    scored, so nothing breaks, but screening is slower) until ``may_reach`` learns it and
    ``_KNOWN_EVIDENCE`` lists it."""
    evidence = {name for name, spec in FEATURES.items() if spec.kind == "evidence"}
    assert evidence == match_module._KNOWN_EVIDENCE
    assert match_module._REACH_CHECKED


@pytest.mark.skipif(match_module._NATIVE is None, reason="the C extension is not built here")
def test_reach_in_c_answers_as_in_python() -> None:
    """``Reach`` answers with the C extension when it was built; the Python code is its twin,
    and the two say the same for every pair and bar (the bound above holds for both)."""
    differ = checked = 0
    for a, b in _pairs(4000):
        for x, y in ((a, b), (b, a)):
            in_c, in_python = Reach(x), Reach(x, in_c=False)
            assert getattr(in_c.check, "func", None) is match_module._NATIVE.reach
            for bar in (THRESHOLD, 0.7, 0.5, 0.3, 0.0):
                checked += 1
                differ += in_c(y, bar) != in_python(y, bar)
    assert checked == 40000 and differ == 0
