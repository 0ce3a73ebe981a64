"""The index's speed paths give what the plain ones give: packed names unpack to ``normalize``,
and ``stop_at_exact`` keeps the best hit."""

from __future__ import annotations

import pickle
from pathlib import Path

from complicity.names.index import NameIndex, Texts, pack, unpack
from complicity.names.normalize import LegalForm, normalize

NAMES = [
    "杭州海康威视数字技术股份有限公司",
    "海康威视数字技术(香港)有限公司",
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
    "中国电子科技集团公司第十四研究所",
    "I.B.M. Corporation",
    "Wal-Mart Stores, Inc.",
    "北京旷视科技有限公司",
]


def test_packed_names_unpack_to_normalize() -> None:
    forms: list[LegalForm | None] = [None]
    ids: dict[LegalForm | None, int] = {None: 0}
    for name in NAMES:
        n = normalize(name)
        assert unpack(name, n.pinyin, pack(n, ids, forms), forms) == n


def test_stop_at_exact_keeps_the_top_hit() -> None:
    pairs = [(f"e{i}", name) for i, name in enumerate(NAMES)] + [("dup", "海康威视有限公司")]
    index = NameIndex.build(pairs, with_aliases=False)
    queries = ["海康威視", "HIKVISION DIGITAL TECHNOLOGY", "IBM", "旷视科技", "Walmart Stores"]
    full = index.search_many(queries, limit=5)
    fast = index.search_many(queries, limit=5, stop_at_exact=True)
    for a, b in zip(full, fast, strict=True):
        assert a[0].score == b[0].score and b[0].score > 0
        assert {c.entity_id for c in b} <= {c.entity_id for c in a}


def test_equal_scores_rank_the_name_as_written_first() -> None:
    # both cores are "madani" (1.0); the entity whose name is written like the query comes first
    pairs = [
        ("inc", "Madani Inc."),
        ("plain", "Madani"),
        ("jsc", "JSC Elekond"),
        ("ao", "AO Elekond"),
    ]
    index = NameIndex.build(pairs, with_aliases=False)
    for query, expected in (("MADANI", "plain"), ("Madani Inc", "inc"), ("jsc elekond", "jsc")):
        for stop in (False, True):
            hits = index.search_many([query], limit=5, stop_at_exact=stop)[0]
            assert hits[0].entity_id == expected and hits[0].score == 1.0


def test_common_blocks_do_not_crowd_out_the_rare_one() -> None:
    # "Trading" is in every name; the one name sharing the rare word is the top hit
    pairs = [(f"g{i}", f"Trading Alpha{i:04d} Ltd") for i in range(1500)]
    pairs.append(("own", "Trading Zyxwvut Ltd"))
    index = NameIndex.build(pairs, with_aliases=False)
    hits = index.search("Zyxwvut Trading", limit=3)
    assert hits[0].entity_id == "own" and hits[0].score >= 0.85


def test_texts_hold_every_string_as_given() -> None:
    items = [*NAMES, "", "𠀀 (outside the BMP)", "Ünïcödé GmbH", "\u200b"]
    texts = Texts(items)
    assert len(texts) == len(items)
    assert [texts[i] for i in range(len(items))] == items == list(texts)
    assert texts[-1] == items[-1]
    again = pickle.loads(pickle.dumps(texts))
    assert again == texts and again == items and list(again) == items
    assert Texts(items[:-1]) != texts


def test_a_saved_index_answers_as_the_one_built(tmp_path: Path) -> None:
    pairs = [(f"e{i}", name) for i, name in enumerate(NAMES)]
    built = NameIndex.build(pairs, cache=tmp_path)
    loaded = NameIndex.build(pairs, cache=tmp_path)
    assert loaded is not built and list(loaded.names) == [n for _, n in pairs]
    for name in ("海康威視", "HIKVISION", "旷视科技"):
        assert [c.to_dict() for c in loaded.search(name)] == [
            c.to_dict() for c in built.search(name)
        ]
