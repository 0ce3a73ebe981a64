"""``match``'s quick ways of making features and results give what the plain ones give.

``_feature`` takes the contribution of a value of 1.0 from a table made once, and fills the
``Feature``'s __dict__ instead of calling its frozen dataclass __init__; ``score_normalized``
makes its ``MatchResult`` the same way and sorts features into evidence and penalties by name
sets. Checked against the plain formula and constructors on generated pairs (both scripts,
variants, typos), with and without an alias table, and on some real-looking names.
"""

from __future__ import annotations

import random

import pytest

from complicity.names import match as match_module
from complicity.names.match import (
    FEATURES,
    AliasTable,
    Feature,
    MatchResult,
    score_normalized,
)
from complicity.names.normalize import NameInputError, data, normalize
from tests.names.test_index_reach import _pairs

REAL = (
    "杭州海康威视数字技术股份有限公司",
    "海康威視",
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
    "HikVision",
    "大华银行",
    "浙江大华技术股份有限公司",
    "Zhejiang Dahua Technology",
    "Bank of China (Hong Kong) Limited",
    "中国银行(香港)有限公司",
    "CRYSTALORD SYSTEMS LIMITED",
    "CRYSTALORD LTD",
    "International Business Machines",
    "IBM",
    "Siemens AG",
    "Siemens GmbH",
    "Forty-Four Trading LLC",
    "44 Trading Ltd",
)


def _plain_feature(name: str, value: float, detail: str) -> Feature:
    """``_feature`` as it was written before its table: the formula, through ``Feature()``."""
    spec = FEATURES[name]
    value = max(0.0, min(1.0, value))
    sign = -1.0 if spec.kind == "penalty" else 1.0
    return Feature(name, round(value, 4), spec.weight, round(sign * spec.weight * value, 4), detail)


def _seen(result: MatchResult) -> tuple[object, ...]:
    """Everything a result holds, with types (a float and an int compare equal)."""
    fields = [(k, type(v), v) for k, v in vars(result).items() if k != "explanation"]
    feats = [[(k, type(v), v) for k, v in vars(f).items()] for f in result.explanation]
    return type(result), fields, feats


def _scores(aliases: AliasTable | None) -> list[tuple[object, ...]]:
    pairs = _pairs(3000)
    real = []
    for a in REAL:
        for b in REAL:
            try:
                real.append((normalize(a), normalize(b)))
            except NameInputError:
                continue
    return [_seen(score_normalized(a, b, aliases)) for a, b in [*pairs, *real]]


@pytest.mark.parametrize("with_aliases", [False, True])
def test_features_and_results_are_the_plain_ones(
    monkeypatch: pytest.MonkeyPatch, with_aliases: bool
) -> None:
    aliases = None
    if with_aliases:
        aliases = AliasTable.from_pairs(
            [("hik", REAL[0]), ("hik", REAL[2]), ("dahua", REAL[5]), ("dahua", REAL[6])]
        )
    quick = _scores(aliases)
    monkeypatch.setattr(match_module, "_feature", _plain_feature)
    monkeypatch.setattr(match_module, "_DIRECT_RESULT", False)
    plain = _scores(aliases)
    assert quick == plain
    values = {f.value for a, b in _pairs(300) for f in score_normalized(a, b).explanation}
    assert 1.0 in values and any(0.0 < v < 1.0 for v in values)  # both ways are taken


def test_a_feature_is_a_frozen_dataclass_as_before() -> None:
    quick = match_module._feature("descriptor_mismatch", 1.0, "x")
    assert quick == _plain_feature("descriptor_mismatch", 1.0, "x")
    assert quick.contribution == -FEATURES["descriptor_mismatch"].weight
    assert quick.to_dict() == _plain_feature("descriptor_mismatch", 1.0, "x").to_dict()
    with pytest.raises(AttributeError):
        quick.value = 0.5  # type: ignore[misc]
    assert hash(quick) == hash(_plain_feature("descriptor_mismatch", 1.0, "x"))


@pytest.mark.skipif(match_module._NATIVE is None, reason="the C extension is not built here")
def test_the_alignment_in_c_is_the_python_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_align`` runs in the C extension when it was built; every score and explanation is
    the one the Python alignment gives, to the bit, and so is every alignment of random words
    (descriptors, typos, repeats, none)."""
    rng = random.Random(9)
    en = sorted(data().en_descriptors)[:40]
    words = ["alpha", "beta", "stellaris", "stellantis", "vostok", "1999", "ab", "абвгд", *en]

    def typo(word: str) -> str:
        if len(word) < 4 or rng.random() < 0.4:
            return word
        k = rng.randrange(1, len(word) - 2)
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]

    for _ in range(20000):
        ta = tuple(rng.choice(words) for _ in range(rng.randint(0, 5)))
        tb = tuple(typo(rng.choice(ta or words)) for _ in range(rng.randint(0, 5)))
        assert match_module._align(ta, tb) == match_module._align_in_python(ta, tb), (ta, tb)
    quick = _scores(None)
    monkeypatch.setattr(match_module, "_NATIVE", None)
    assert _scores(None) == quick
