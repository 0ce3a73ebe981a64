"""The index's fast paths give what its plain paths give.

- ``_block`` adds up in C (``_native``, when built) or, without it, small unions in a dict
  and large ones with numpy: all three give the same names in the same order, of equal
  weights the lower id first;
- in screening (``stop_at_exact``), ``_exact_only`` answers from the exact-core names without
  blocking, and ``may_reach`` (``Reach``) skips names that cannot reach THRESHOLD nor the best
  score so far, or can only tie with the top hit and would rank after it: the top hit and every
  row at or above THRESHOLD stay the same; without
  explanations, ``exact_core_score`` gives an exact-core name its score without the features;
- ``_exact_names`` finds the names with a core through the hash buckets as a search of the whole
  sorted array does;
- a whole search gives the same rows with the C extension as without it (its blocking,
  exact-core look-up and unpacking each have a Python twin);
- the alias table built from the names of entities with several names equals the one built from
  every name and then trimmed, as before.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from complicity.names import index as index_module
from complicity.names.index import NameIndex, block_keys
from complicity.names.match import (
    RELATED_NOTES,
    THRESHOLD,
    AliasTable,
    Reach,
    _align,
    _aligned_words,
    exact_core_score,
    score_normalized,
)
from complicity.names.normalize import NameInputError, NormalizedName, data, normalize

WORDS = (
    "alpha", "beta", "gamma", "delta", "orion", "vega", "lyra", "draco", "sirius", "polaris",
    "apex", "nova", "terra", "aqua", "granit", "kobalt", "zenit", "vostok", "altai", "baikal",
    "ural", "neva", "amur", "volga",
)  # fmt: skip
FORMS = ("Ltd", "LLC", "Inc.", "Co., Ltd.", "Corporation", "Group", "")
DESCRIPTORS = ("Trading", "Technology", "Holdings", "Shipping", "")
HAN_HEADS = ("海康", "大华", "立昂", "科大", "华为", "中兴", "讯飞", "旷视")
HAN_TAILS = ("", "威视", "科技", "微电子", "技术", "银行", "国创")
HAN_FORMS = ("有限公司", "股份有限公司", "集团有限公司", "")
PLACES = ("杭州", "北京", "上海", "")


def _names(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        if rng.random() < 0.7:
            words = [rng.choice(WORDS).title() for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            name = " ".join([*words, rng.choice(DESCRIPTORS), rng.choice(FORMS)])
        else:
            name = (
                rng.choice(PLACES)
                + rng.choice(HAN_HEADS)
                + rng.choice(HAN_TAILS)
                + rng.choice(HAN_FORMS)
            )
        out.append(" ".join(name.split()))
    return out


def _variant(name: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.3:
        return name.upper()
    if choice < 0.5:
        return name.rsplit(" ", 1)[0] if " " in name else name[:-2] or name
    if choice < 0.8 and len(name) > 4:  # two letters swapped
        k = rng.randrange(1, len(name) - 2)
        return name[:k] + name[k + 1] + name[k] + name[k + 2 :]
    return name


@pytest.fixture(scope="module")
def corpus() -> tuple[list[tuple[str, str]], list[str]]:
    rng = random.Random(7)
    names = _names(rng, 4000)
    # many entities share a core (more than the 30 a search keeps), some have two names, and
    # some names come twice for one entity
    pairs = [(f"e{i // 2}" if i % 7 == 0 else f"e{i}", name) for i, name in enumerate(names)]
    pairs += [("dup", "Alpha Ltd"), ("dup", "Alpha Ltd"), ("pin", "Haikang"), ("pin2", "Dahua")]
    queries = [_variant(rng.choice(names), rng) for _ in range(600)]
    queries += ["Alpha", "ALPHA LTD", "海康", "haikang", "Dahua", "", "!!!"]
    return pairs, queries


def _rows(results: list[list[index_module.Candidate]]) -> list[list[tuple[object, ...]]]:
    return [
        [(c.entity_id, c.name, c.score, [f.to_dict() for f in c.explanation]) for c in hits]
        for hits in results
    ]


def test_block_is_the_same_through_c_dict_and_numpy(
    corpus: tuple[list[tuple[str, str]], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    pairs, queries = corpus
    index = NameIndex.build(pairs, with_aliases=False)
    found = []
    for query in queries:
        try:
            found.append(index._blocks(block_keys(normalize(query))))
        except ValueError:
            continue
    native = index_module._native
    in_c = [index._block(f, depth) for f in found for depth in (5, 30)]
    monkeypatch.setattr(index_module, "_native", None)
    monkeypatch.setattr(index_module, "SMALL_UNION", 10**9)
    by_dict = [index._block(f, depth) for f in found for depth in (5, 30)]
    monkeypatch.setattr(index_module, "SMALL_UNION", 0)
    by_numpy = [index._block(f, depth) for f in found for depth in (5, 30)]
    monkeypatch.setattr(index_module, "GATHER_CAP", 10)  # common blocks are only looked up
    with_lookups = [index._block(f, depth) for f in found for depth in (5, 30)]
    monkeypatch.setattr(index_module, "SMALL_UNION", 10**9)
    assert by_dict == by_numpy
    assert with_lookups == [index._block(f, depth) for f in found for depth in (5, 30)]
    assert sum(len(ids) == 30 for ids in by_dict) > 50  # the cut at depth was reached
    if native is not None:
        assert in_c == by_dict
        monkeypatch.setattr(index_module, "_native", native)
        assert [index._block(f, depth) for f in found for depth in (5, 30)] == with_lookups


@pytest.mark.skipif(index_module._native is None, reason="the C extension is not built here")
@pytest.mark.parametrize("stop_at_exact", [True, False])
def test_search_is_the_same_with_and_without_c(
    corpus: tuple[list[tuple[str, str]], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    stop_at_exact: bool,
) -> None:
    pairs, queries = corpus
    index = NameIndex.build(pairs)
    asked = queries + [name for _, name in pairs[:200]]
    in_c = index.search_many(asked, limit=5, explain=True, stop_at_exact=stop_at_exact)
    monkeypatch.setattr(index_module, "_native", None)
    monkeypatch.setattr(index_module, "_NATIVE_UNPACK", False)
    assert index.search_many(asked, limit=5, explain=True, stop_at_exact=stop_at_exact) == in_c
    assert sum(bool(rows) for rows in in_c) > len(asked) // 2


@pytest.mark.parametrize("explain", [True, False])
def test_screening_shortcuts_keep_top_hit_and_matches(
    corpus: tuple[list[tuple[str, str]], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    explain: bool,
) -> None:
    pairs, queries = corpus
    index = NameIndex.build(pairs)
    calls = {"exact_only": 0, "skipped": 0, "exact_score": 0, "ties": 0}
    exact_only = NameIndex._exact_only
    exact_core_score = index_module.exact_core_score

    def counting_exact_only(self: NameIndex, *args: object, **kwargs: object) -> object:
        rows = exact_only(self, *args, **kwargs)  # type: ignore[arg-type]
        calls["exact_only"] += rows is not None
        return rows

    class CountingReach(Reach):
        def __call__(self, c: NormalizedName, bar: float = THRESHOLD) -> bool:
            reach = super().__call__(c, bar)
            calls["skipped"] += not reach
            return reach

        def may_beat(self, c: NormalizedName, score: float) -> bool:
            beats = super().may_beat(c, score)
            calls["ties"] += not beats  # it may tie with the top hit at best
            return beats

    def counting_exact_core_score(a: NormalizedName, b: NormalizedName) -> float | None:
        found = exact_core_score(a, b)
        calls["exact_score"] += found is not None
        return found

    monkeypatch.setattr(NameIndex, "_exact_only", counting_exact_only)
    monkeypatch.setattr(index_module, "Reach", CountingReach)
    monkeypatch.setattr(index_module, "exact_core_score", counting_exact_core_score)
    fast = _rows(index.search_many(queries, limit=5, explain=explain, stop_at_exact=True))
    assert calls["exact_only"] > 50 and calls["skipped"] > 50  # these shortcuts were taken
    assert calls["ties"] > 20
    assert (calls["exact_score"] > 50) == (not explain)  # and without explanations, this one

    class EveryoneReaches(Reach):
        def __call__(self, c: NormalizedName, bar: float = THRESHOLD) -> bool:
            return True

    monkeypatch.setattr(NameIndex, "_exact_only", lambda *args, **kwargs: None)
    monkeypatch.setattr(index_module, "Reach", EveryoneReaches)
    monkeypatch.setattr(index_module, "exact_core_score", lambda a, b: None)
    plain = _rows(index.search_many(queries, limit=5, explain=True, stop_at_exact=True))
    if not explain:
        plain = [[(*r[:3], []) for r in rows] for rows in plain]
    for query, a, b in zip(queries, fast, plain, strict=True):
        assert a[:1] == b[:1], query
        assert [r for r in a if r[2] >= THRESHOLD] == [r for r in b if r[2] >= THRESHOLD], query


@pytest.mark.parametrize("workers", [1, 2])
def test_matches_only_keeps_every_row_at_the_threshold(
    corpus: tuple[list[tuple[str, str]], list[str]], workers: int
) -> None:
    pairs, queries = corpus
    queries = queries * (4 if workers > 1 else 1)  # enough names to fork (2,000)
    for with_aliases in (False, True):
        index = NameIndex.build(pairs, with_aliases=with_aliases)

        def screen(matches_only: bool, index: NameIndex = index) -> list[list[tuple[object, ...]]]:
            found = index.search_many(
                queries, limit=5, explain=True, stop_at_exact=True, matches_only=matches_only,
                workers=workers,
            )  # fmt: skip
            return _rows(found)

        only, every = screen(True), screen(False)
        full = _rows([index.search(q, limit=5) if q.strip(" !") else [] for q in queries])
        for query, a, b, c in zip(queries, only, every, full, strict=True):
            # and the rows of an entity whose brand or group the query says, or whose unit
            # it names (``_groups_apart``, ``_related_by_core``, ``_unit_of``)
            assert a == [r for r in b if r[2] >= THRESHOLD or _group_row(r)], query
            top = [r for r in a[:1] if r[2] >= THRESHOLD]
            assert top == [r for r in c[:1] if r[2] >= THRESHOLD], query  # the top hit
        assert sum(1 for rows in only if rows) > 300  # most queries do match
        assert any(not rows for rows in only[:600])  # and some do not


def _group_row(row: tuple[object, ...]) -> bool:
    feats = row[3]
    return isinstance(feats, list) and bool(feats) and feats[0]["name"] in RELATED_NOTES


def test_alias_table_holds_the_names_of_entities_with_several(
    corpus: tuple[list[tuple[str, str]], list[str]],
) -> None:
    pairs, _ = corpus
    index = NameIndex.build(pairs)
    trimmed = AliasTable()
    counts: dict[str, int] = {}
    for entity_id, name in pairs:
        trimmed.add(entity_id, name)
        counts[entity_id] = counts.get(entity_id, 0) + 1
    trimmed.keep_only({e for e, n in counts.items() if n > 1})
    assert index.aliases is not None and len(index.aliases) > 0
    assert index.aliases._entities == trimmed._entities
    assert index.aliases._by_head == trimmed._by_head
    assert index.aliases._ids == trimmed._ids


def test_loaded_index_answers_as_the_built_one(
    corpus: tuple[list[tuple[str, str]], list[str]], tmp_path: Path
) -> None:
    pairs, queries = corpus
    built = NameIndex.build(pairs, cache=tmp_path)
    loaded = NameIndex.build(pairs, cache=tmp_path)
    assert loaded is not built and (loaded.exact_hash == built.exact_hash).all()
    first = _rows(built.search_many(queries[:200], limit=5, stop_at_exact=True))
    assert _rows(loaded.search_many(queries[:200], limit=5, stop_at_exact=True)) == first


def _exact_names_by_search(index: NameIndex, q: NormalizedName, most: int) -> list[int] | None:
    """``_exact_names`` as a search of the whole sorted hash array (as it was written first)."""
    h = index_module._core_hash(q.is_han, q.compact)
    lo = int(index.exact_hash.searchsorted(np.uint32(h), side="left"))
    hi = int(index.exact_hash.searchsorted(np.uint32(h), side="right"))
    if hi - lo > most:
        return None
    same = index.exact_ids[lo:hi].tolist()
    return [i for i in same if bool(index.han[i]) == q.is_han and index.keys[i] == q.compact]


@pytest.mark.parametrize("shift", [16, 28, 31])
def test_exact_names_through_buckets_as_through_the_whole_array(
    corpus: tuple[list[tuple[str, str]], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    shift: int,
) -> None:
    pairs, queries = corpus
    monkeypatch.setattr(index_module, "_BUCKET_SHIFT", shift)  # few, large buckets too
    index = NameIndex.build(pairs, with_aliases=False)
    found = 0
    for query in queries + [name for _, name in pairs[:300]]:
        try:
            q = normalize(query)
        except NameInputError:
            continue
        for most in (1, 30):
            fast = index._exact_names(q, most)
            assert fast == _exact_names_by_search(index, q, most), query
            found += bool(fast)
    assert found > 300


def test_exact_core_score_is_the_score(corpus: tuple[list[tuple[str, str]], list[str]]) -> None:
    pairs, queries = corpus
    by_core: dict[tuple[str, str], list[NormalizedName]] = {}
    for _, name in pairs:
        n = normalize(name)
        by_core.setdefault((n.script, n.key), []).append(n)
    checked = shortcut = 0
    for query in queries:
        try:
            q = normalize(query)
        except NameInputError:
            continue
        for c in by_core.get((q.script, q.key), [])[:20]:
            quick = exact_core_score(q, c)
            checked += 1
            if quick is not None:
                shortcut += 1
                assert quick == score_normalized(q, c).score, (q.original, c.original)
    assert checked > 1000 and shortcut > checked // 2


def test_aligned_words_are_the_alignment() -> None:
    rng = random.Random(5)
    en = data().en_descriptors
    words = [w for w in WORDS if w not in en]
    for _ in range(3000):
        a = tuple(rng.choice(words) for _ in range(rng.choice((1, 2, 3))))
        b = tuple(_typo(rng.choice(words), rng) for _ in range(rng.choice((1, 2, 3))))
        assert _aligned_words(a, b) == pytest.approx(_align(a, b)[0], abs=1e-12), (a, b)


def _typo(word: str, rng: random.Random) -> str:
    if rng.random() < 0.5 or len(word) < 4:
        return word
    k = rng.randrange(1, len(word) - 2)
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def test_reach_for_one_query_answers_as_may_reach(
    corpus: tuple[list[tuple[str, str]], list[str]],
) -> None:
    pairs, queries = corpus
    names = [normalize(name) for _, name in pairs[:400]]
    for query in queries[:100]:
        try:
            q = normalize(query)
        except NameInputError:
            continue
        reach = Reach(q)
        for c in names:
            for bar in (THRESHOLD, 0.5):
                assert reach(c, bar) == Reach(q)(c, bar)
