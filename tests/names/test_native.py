"""The C extension (``complicity.names._native``): the blocking step (``top_blocked``) on
postings small enough to work out by hand, the unpacking of names (``unpack_names``) against
``index.unpack``, the string measures of ``reach`` against rapidfuzz, their refusals of bad
arguments, and that the install built it where it could. ``test_index_fast`` checks the
blocking against the numpy code on a real index; ``test_index_reach`` checks ``reach``
against the Python ``Reach`` and the scores."""

from __future__ import annotations

import random
import shutil
import sysconfig
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from complicity.cli import main
from complicity.names import index as index_module
from complicity.names import match as match_module
from complicity.names.match import _token_sim
from complicity.names.normalize import NormalizedName, normalize

native = index_module._native
needs_native = pytest.mark.skipif(native is None, reason="the C extension is not built here")

# three blocks, each sorted: ids 0..9
POSTINGS = np.array([1, 4, 7, 2, 4, 5, 7, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], dtype=np.int32)
RARE, MID, COMMON = (0, 3, 3.0), (3, 5, 2.0), (8, 10, 0.5)


def test_built_where_a_compiler_is() -> None:
    """The install builds the extension when it can; a machine with a C compiler and Python's
    headers that ends up without it has lost half the index's speed unnoticed."""
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if shutil.which("cc") is None or not headers.exists():
        pytest.skip("no C compiler or no Python headers: the numpy fallback is expected")
    assert native is not None, "reinstall (make install) to build src/complicity/names/_native.c"


def test_version_says_which_index_code_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out
    expected = "C extension" if native is not None else "numpy and Python"
    assert out.startswith("complicity ") and f"name index: {expected}" in out


@needs_native
def test_sums_in_order_ties_to_the_lower_id() -> None:
    # rare + mid: 4 and 7 have 5.0; 1 has 3.0; 2, 5, 9 have 2.0
    assert native.top_blocked(POSTINGS, [RARE, MID], 2, 10, 10) == [4, 7, 1, 2, 5, 9]
    assert native.top_blocked(POSTINGS, [RARE, MID], 2, 4, 10) == [4, 7, 1, 2]
    assert native.top_blocked(POSTINGS, [RARE, MID], 2, 0, 10) == []


@needs_native
def test_a_looked_up_block_adds_weight_but_no_names() -> None:
    # the common block only adds 0.5 to the names the first two brought in: 0, 3, 6, 8 stay out
    assert native.top_blocked(POSTINGS, [RARE, MID, COMMON], 2, 10, 10) == [4, 7, 1, 2, 5, 9]
    got = native.top_blocked(POSTINGS, [RARE, COMMON], 1, 10, 10)
    assert got == [1, 4, 7]
    # gathered, the common block brings everyone in
    everyone = native.top_blocked(POSTINGS, [RARE, MID, COMMON], 3, 10, 10)
    assert everyone == [4, 7, 1, 2, 5, 9, 0, 3, 6, 8]


@needs_native
def test_matches_the_numpy_code_on_random_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    names = 500
    index = index_module.NameIndex()
    index.names = index_module.Texts(str(i) for i in range(names))
    for _ in range(200):
        blocks = [
            np.unique(rng.integers(0, names, rng.integers(1, 120))).astype(np.int32)
            for _ in range(rng.integers(1, 6))
        ]
        blocks.sort(key=len)
        index.postings = np.concatenate(blocks)
        starts = np.cumsum([0] + [len(b) for b in blocks[:-1]])
        # few distinct weights, so that ties are common
        spans = [
            (int(s), len(b), float(rng.choice([0.5, 1.0, 2.0])))
            for s, b in zip(starts, blocks, strict=True)
        ]
        gathered = int(rng.integers(1, len(spans) + 1))
        count = sum(size for _, size, _ in spans[:gathered])
        for depth in (1, 5, 30):
            got = native.top_blocked(index.postings, spans, gathered, depth, names)
            assert got == index._top_numpy(spans, gathered, count, depth)


@needs_native
@pytest.mark.parametrize(
    ("spans", "error"),
    [
        ([(16, 5, 1.0)], IndexError),  # reaches past the postings
        ([(-1, 2, 1.0)], IndexError),
        ([(0, 3, 0.0)], ValueError),  # a weight of 0 would hide a name brought in
        ([(0, 3)], TypeError),
        ("not spans", TypeError),
    ],
)
def test_bad_spans_are_refused(spans: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        native.top_blocked(POSTINGS, spans, 1, 5, 10)


@needs_native
def test_a_posting_that_is_no_name_is_refused() -> None:
    with pytest.raises(IndexError):  # ids 7 and 9 are not names of a 5-name index
        native.top_blocked(POSTINGS, [MID], 1, 5, 5)
    with pytest.raises(ValueError):  # not a buffer of int32
        native.top_blocked(np.zeros(3, dtype=np.int8), [(0, 0, 1.0)], 1, 5, 10)


# names that fill every field of a NormalizedName somewhere: a place prefix, qualifiers in
# brackets, descriptors, a legal form, numbers, an abbreviation, kana, hangul, Cyrillic
UNPACKED = [
    "杭州海康威视数字技术股份有限公司",
    "海康威視(香港)有限公司",
    "新疆维吾尔自治区公安厅",
    "Hikvision Digital Technology Co., Ltd.",
    "Mercator Institute for China Studies (MERICS)",
    "Plant No. 2 of the 3rd Bureau LLC",
    "トヨタ自動車株式会社",
    "삼성전자 주식회사",
    "ООО Ромашка",
    "Leon 立昂技术",
    "X",
]


def _index() -> index_module.NameIndex:
    return index_module.NameIndex.build(
        [(f"e{i}", n) for i, n in enumerate(UNPACKED)], with_aliases=False
    )


@needs_native
def test_unpacks_each_name_as_normalize_took_it_apart() -> None:
    index = _index()
    ids = [3, 0, 0, *range(len(UNPACKED))]  # any order, repeats kept
    got = native.unpack_names(
        ids, index.names, index.pys, index.packed, index.forms, NormalizedName
    )
    assert [n.original for n in got] == [UNPACKED[i] for i in ids]
    for name, nid in zip(got, ids, strict=True):
        assert type(name) is NormalizedName
        assert name == normalize(UNPACKED[nid])
        # field by field, in the order ``unpack`` fills them (a __dict__ compares either way)
        assert list(name.__dict__.items()) == list(index._unpacked(nid).__dict__.items())
    assert (
        native.unpack_names([], index.names, index.pys, index.packed, index.forms, NormalizedName)
        == []
    )


def test_the_index_unpacks_the_same_with_and_without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    index = _index()
    ids = list(range(len(UNPACKED)))
    fast = index._unpacked_many(ids)
    monkeypatch.setattr(index_module, "_NATIVE_UNPACK", False)
    assert index._unpacked_many(ids) == fast == [normalize(n) for n in UNPACKED]


def _packed_with(index: index_module.NameIndex, piece: str) -> index_module.Texts:
    return index_module.Texts([piece, *list(index.packed)[1:]])


@needs_native
@pytest.mark.parametrize(
    ("ids", "error"),
    [([len(UNPACKED)], IndexError), ([-1], IndexError), (["0"], TypeError), (5, TypeError)],
)
def test_bad_ids_are_refused(ids: object, error: type[Exception]) -> None:
    index = _index()
    with pytest.raises(error):
        native.unpack_names(ids, index.names, index.pys, index.packed, index.forms, NormalizedName)


@needs_native
@pytest.mark.parametrize(
    ("mangle", "error"),
    [
        (lambda p: p.rsplit("\x1f", 1)[0], ValueError),  # a field short
        (lambda p: p + "\x1fmore", ValueError),  # a field too many
        (
            lambda p: "\x1f".join(f if k != 6 else "99" for k, f in enumerate(p.split("\x1f"))),
            IndexError,
        ),
        (
            lambda p: "\x1f".join(f if k != 6 else "x" for k, f in enumerate(p.split("\x1f"))),
            ValueError,
        ),
    ],
)
def test_a_bad_packed_name_is_refused(mangle: Callable[[str], str], error: type[Exception]) -> None:
    index = _index()
    packed = _packed_with(index, mangle(index.packed[0]))
    with pytest.raises(error):
        native.unpack_names([0], index.names, index.pys, packed, index.forms, NormalizedName)
    # the Python twin refuses it too
    with pytest.raises((ValueError, IndexError)):
        index_module.unpack(index.names[0], index.pys[0], packed[0], index.forms)


@needs_native
def test_other_containers_are_refused() -> None:
    index = _index()
    names, pys, packed, forms = index.names, index.pys, index.packed, index.forms
    with pytest.raises(AttributeError):
        native.unpack_names([0], list(names), pys, packed, forms, NormalizedName)
    with pytest.raises(TypeError):
        native.unpack_names([0], names, list(pys), packed, forms, NormalizedName)
    with pytest.raises(TypeError):
        native.unpack_names([0], names, pys, packed, tuple(forms), NormalizedName)
    short = index_module.Texts(list(names)[:-1])
    with pytest.raises(ValueError, match="as long"):
        native.unpack_names([0], short, pys, packed, forms, NormalizedName)


def _exact_index() -> tuple[index_module.NameIndex, list[str]]:
    """Names sharing cores: within a script (legal forms and places aside) and across scripts
    (a Latin name whose core is a Han name's pinyin is not that name's exact core)."""
    names = [
        "Hikvision",
        "Hikvision Ltd",
        "HIKVISION DIGITAL TECHNOLOGY CO., LTD.",
        "杭州海康威视数字技术股份有限公司",
        "海康威视数字技术有限公司",
        "海康威視數字技術",
        "Dahua",
        "dahua technology",
        "大华",
        *[f"Trading Company {k}" for k in range(40)],
        *["Trading Company"] * 5,
    ]
    index = index_module.NameIndex.build(
        [(f"e{i}", n) for i, n in enumerate(names)], with_aliases=False
    )
    return index, names


@needs_native
def test_exact_names_agrees_with_the_python_code(monkeypatch: pytest.MonkeyPatch) -> None:
    index, names = _exact_index()
    queries = [normalize(n) for n in [*names, "Hikvision Group", "大华股份", "Nobody Ltd"]]
    got = {
        (q.original, most): index._exact_names(q, most) for q in queries for most in (0, 1, 3, 30)
    }
    monkeypatch.setattr(index_module, "_native", None)
    want = {
        (q.original, most): index._exact_names(q, most) for q in queries for most in (0, 1, 3, 30)
    }
    assert got == want
    # the cases are there: several names of one core, one only, none, too many for ``most``
    assert got[("Trading Company", 30)] == [49, 50, 51, 52, 53]
    assert got[("Trading Company", 3)] is None
    assert got[("Hikvision", 30)] == [0, 1]  # the Han names' core is another script's
    assert got[("海康威視數字技術", 30)] == [3, 4, 5]  # place, legal form, traditional aside
    assert got[("Nobody Ltd", 30)] == []


@needs_native
def test_exact_names_refuses_mismatched_arrays() -> None:
    index, _ = _exact_index()
    starts, hashes, ids = index._exact_lookup()
    han, keys = index._han_list(), index.keys
    with pytest.raises(ValueError):  # int64 ids where int32 are expected
        native.exact_names(
            1, starts, hashes, np.zeros(len(keys), np.int64), 16, han, False, keys, "x", 5
        )
    with pytest.raises(ValueError):  # a han byte missing
        native.exact_names(1, starts, hashes, ids, 16, han[:-1], False, keys, "x", 5)
    with pytest.raises(ValueError):  # the shift leaves the bucket outside starts
        native.exact_names(1 << 31, starts, hashes, ids, 4, han, False, keys, "x", 5)
    with pytest.raises(TypeError):
        native.exact_names(1, starts, hashes, ids, 16, han, False, list(keys), "x", 5)


# -- reach: match.Reach's bound in C ---------------------------------------------------------


def _random_text(rng: random.Random) -> str:
    alphabet = rng.choice(("abcde", "abcdefghijklmnopqrstuvwxyz", "aéè", "海康威视大华", "ab海😀"))
    size = (
        rng.choice((0, 1, 2, 4, 8, 15, 63, 64, 65, 130))
        if rng.random() < 0.1
        else rng.randint(0, 14)
    )
    return "".join(rng.choice(alphabet) for _ in range(size))


def _edited(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        pick = rng.random()
        if pick < 0.3 and chars:
            chars.pop(rng.randrange(len(chars)))
        elif pick < 0.6:
            chars.insert(rng.randint(0, len(chars)), rng.choice(text or "x"))
        elif pick < 0.8 and chars:
            chars[rng.randrange(len(chars))] = rng.choice("xyz海")
        elif len(chars) > 1:
            k = rng.randrange(len(chars) - 1)
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
    return "".join(chars)


@needs_native
def test_string_measures_are_rapidfuzzs_to_the_bit() -> None:
    """The C bound is sound only if its measures are the matcher's: the same doubles as
    rapidfuzz's ratio and Jaro-Winkler, the same ``_token_sim``, the same one-typo test. Short
    and long texts (the bit-parallel and the table paths), one and more bytes per character."""
    rng = random.Random(3)
    checked = near = 0
    for _ in range(30000):
        a = _random_text(rng)
        b = _edited(a, rng) if rng.random() < 0.6 else _random_text(rng)
        got = native.measures(a, b)
        want = (
            fuzz.ratio(a, b) / 100.0,
            JaroWinkler.normalized_similarity(a, b),
            _token_sim(a, b),
            OSA.distance(a, b, score_cutoff=1) <= 1,
        )
        assert got == want, (a, b)
        checked += 1
        near += bool(got[3]) and a != b
    assert checked == 30000 and near > 1000  # typos were among them, not only strangers


@needs_native
def test_reach_refuses_what_match_reach_did_not_make() -> None:
    prep = match_module.Reach(normalize("Alpha Trading Ltd"))._prep()
    candidate = normalize("Alpha Ltd")
    assert native.reach(prep, candidate, 0.85) is True
    with pytest.raises(TypeError):
        native.reach(prep[:-1], candidate, 0.85)
    with pytest.raises(TypeError):  # a token that is no text
        native.reach((*prep[:6], (1,), *prep[7:]), candidate, 0.85)
    with pytest.raises(TypeError):
        native.reach(prep, candidate)  # type: ignore[call-arg]
    with pytest.raises(AttributeError):  # a candidate without the fields
        native.reach(prep, object(), 0.85)


# -- prescored: NameIndex._prescored in C ----------------------------------------------------


def _prescore_index() -> tuple[index_module.NameIndex, list[str]]:
    names = [
        "Hikvision Digital Technology",
        "Hikvision",
        "Hik Vision Trading",
        "海康威视数字技术股份有限公司",
        "海康威視",
        "杭州海康机器人",
        "Haikang Weishi",
        "Dahua Technology",
        "浙江大华技术股份有限公司",
        "大华银行",
        *[f"Hikvision Trading {k}" for k in range(12)],
        *["Hikvision Trading"] * 3,  # equal ratios: block order decides
    ]
    index = index_module.NameIndex.build(
        [(f"e{i}", n) for i, n in enumerate(names)], with_aliases=False
    )
    return index, names


@needs_native
def test_prescored_agrees_with_the_python_code(monkeypatch: pytest.MonkeyPatch) -> None:
    index, names = _prescore_index()
    rng = random.Random(8)
    every = list(range(len(names)))
    orders = [every, every[::-1], *[rng.sample(every, len(every)) for _ in range(20)]]
    queries = [normalize(n) for n in ("Hikvision Tradng", "海康威视", "Haikang", "大华")]
    got = [index._prescored(q, ids) for q in queries for ids in orders]
    monkeypatch.setattr(index_module, "_native", None)
    want = [index._prescored(q, ids) for q in queries for ids in orders]
    assert got == want
    assert all(len(ids) == index_module.PRESCORE_KEEP for ids in got)
    # across scripts the pinyin counts: for Haikang, 海康威视 (haikangweishi) is among the best
    assert {3, 4} & set(got[len(orders) * 2][:3])


@needs_native
def test_prescored_refuses_what_is_no_index() -> None:
    index, _ = _prescore_index()
    han, keys, pys = index._han_list(), index.keys, index.pys
    with pytest.raises(IndexError):
        native.prescored([len(keys)], han, False, keys, "x", pys, "x", 8)
    with pytest.raises(ValueError):  # a han byte missing
        native.prescored([0], han[:-1], False, keys, "x", pys, "x", 8)
    with pytest.raises(TypeError):
        native.prescored([0], han, False, list(keys), "x", pys, "x", 8)
    with pytest.raises(TypeError):
        native.prescored(["0"], han, False, keys, "x", pys, "x", 8)
    assert native.prescored([], han, False, keys, "x", pys, "x", 8) == []
    assert native.prescored([2, 1], han, False, keys, "hikvision", pys, "x", 0) == []
