"""The index's speed paths give what the plain ones give: packed names unpack to ``normalize``,
and ``stop_at_exact`` keeps the best hit."""

from __future__ import annotations

from complicity.names.index import NameIndex, pack, unpack
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
