from __future__ import annotations

from pathlib import Path

import pytest

from complicity.model import Judgement
from complicity.names.index import NameIndex, block_keys, sound_keys
from complicity.names.match import THRESHOLD
from complicity.names.normalize import NormalizedName, normalize
from complicity.names.translate import probe_keys

PAIRS = [
    ("hik", "杭州海康威视数字技术股份有限公司"),
    ("hik", "Hikvision"),
    ("hik", "HIKVISION DIGITAL TECHNOLOGY CO LTD"),
    ("dahua", "浙江大华技术股份有限公司"),
    ("dahua", "Zhejiang Dahua Technology Co., Ltd."),
    ("uob", "大华银行"),
    ("uob", "United Overseas Bank Limited"),
    ("iflytek", "科大讯飞股份有限公司"),
    ("ustc-guochuang", "科大国创软件股份有限公司"),
    ("leon", "新疆立昂技术股份有限公司"),
    ("leon", "Leon Technology Co., Ltd."),
    ("lion-micro", "杭州立昂微电子股份有限公司"),
    ("bad", ""),
]


def top(index: NameIndex, query: str) -> str | None:
    hits = index.search(query, limit=5)
    return hits[0].entity_id if hits and hits[0].score >= 0.85 else None


def test_search_finds_variants_across_scripts() -> None:
    index = NameIndex.build(PAIRS)
    assert len(index) == 12 and index.skipped[0][0] == "bad"
    assert top(index, "海康威視") == "hik"
    assert top(index, "海康威视数字技术有限公司") == "hik"
    assert top(index, "Hikvision Digital Technology") == "hik"
    assert top(index, "大华股份") == "dahua"
    assert top(index, "Dahua") == "dahua"
    assert top(index, "立昂技术") == "leon"
    assert top(index, "LEON TECHNOLOGY") == "leon"
    assert top(index, "科大国创") == "ustc-guochuang"
    hits = index.search("海康威视", limit=3)
    assert hits[0].entity_id == "hik" and hits[0].explanation
    assert len({h.entity_id for h in hits}) == len(hits)  # one row per entity


def test_a_name_given_with_another_it_is_known_by_finds_either() -> None:
    # a compliance file copies the list's "a.k.a.": the store knows the company by one name
    index = NameIndex.build([("megvii", "Face++"), ("dahua", "Dahua"), ("uob", "大华银行")])
    for query, entity in [
        ("Beijing Megvii Technology Co., Ltd. (d/b/a Face++)", "megvii"),
        ("Zhejiang Dahua Technology Co., Ltd., a.k.a. Dahua", "dahua"),
    ]:
        found = index.search_many([query], explain=True, stop_at_exact=True, matches_only=True)
        assert [c.entity_id for c in found[0]] == [entity]
        note = found[0][0].explanation[0]
        assert note.name == "name_part" and "one known as the other" in note.detail
    # each name is still only itself: Dahua's is not the bank's
    assert (
        index.search_many(["Dahua Bank a.k.a. Dahua"], matches_only=True)[0][0].entity_id == "dahua"
    )


def test_similar_names_are_not_confused() -> None:
    index = NameIndex.build(PAIRS)
    assert top(index, "大华银行") == "uob"
    assert top(index, "立昂微电子") == "lion-micro"
    assert top(index, "科大讯飞") == "iflytek"
    assert top(index, "Xiamen Something Else Trading") is None


def test_a_name_given_in_two_scripts_finds_each_scripts_list() -> None:
    # a supplier file writes both names in one cell; one list knows the company in English
    # only, the other in Chinese only
    english = NameIndex.build([("hik", "Hikvision"), ("leon", "Leon Technology Co., Ltd.")])
    chinese = NameIndex.build([("hik", "杭州海康威视数字技术股份有限公司"), ("uob", "大华银行")])
    for query in ("海康威視 Hikvision", "Hikvision（海康威視）"):
        for index in (english, chinese):
            hits = index.search(query, limit=3)
            assert hits[0].entity_id == "hik" and hits[0].score >= 0.85
            assert hits[0].explanation[0].name == "name_part"
            assert hits[0].explanation[0].contribution == 0.0
            found = index.search_many([query], stop_at_exact=True, matches_only=True)
            assert [c.entity_id for c in found[0]] == ["hik"]
    # each name alone, or a brand glued to a Chinese name, is searched as before
    assert not any(f.name == "name_part" for f in english.search("Hikvision")[0].explanation)
    assert top(chinese, "大华 Dahua") is None  # 大华 alone is not 大华银行


def test_a_homophone_is_not_the_entity_that_writes_its_name_otherwise() -> None:
    # 达华 reads dahua, as Dahua and 大华 do; the entity writes 大华, so 达华 is another company
    pairs = [*PAIRS, ("dahua", "Dahua")]
    index = NameIndex.build(pairs)
    hits = index.search("上海达华科技有限公司", limit=3)
    row = next(h for h in hits if h.entity_id == "dahua")
    assert row.score < 0.85 and row.name == "浙江大华技术股份有限公司"
    assert row.explanation[0].name == "homophone" and row.explanation[0].contribution == 0.0
    assert "大华" in row.explanation[0].detail and "达华" in row.explanation[0].detail
    found = index.search_many(["上海达华科技有限公司"], stop_at_exact=True, matches_only=True)
    assert found == [[]]
    # its own head, in any script variant, is still the entity
    assert top(index, "大華科技") == "dahua"
    # an entity known by its romanisation only cannot tell them apart: still a hit, for review
    romanised = NameIndex.build([("dahua", "Dahua")])
    assert top(romanised, "上海达华科技有限公司") == "dahua"


GROUP_QUERIES = [
    # (query, the registered name it is compared with instead of the brand it says)
    ("杭州海康威视系统技术有限公司", "杭州海康威视数字技术股份有限公司"),
    ("科大讯飞(苏州)科技有限公司", "科大讯飞股份有限公司"),
    ("Hikvision Europe B.V.", "HIKVISION DIGITAL TECHNOLOGY CO LTD"),
    # the brand's own words with a place: a company registered there, not the group
    ("深圳市商汤科技有限公司", "商汤集团股份有限公司"),
    # the brand as a stock's short name (大华股份: 股份, shares, is no company's legal form)
    ("浙江大华系统工程有限公司", "浙江大华技术股份有限公司"),
]


@pytest.mark.parametrize(("query", "registered_as"), GROUP_QUERIES)
def test_a_brand_said_of_another_registered_company_is_its_group_not_it(
    query: str, registered_as: str
) -> None:
    # 海康威视 and 科大讯飞 are the entities' brands; each query adds words to one, and the
    # entity is registered as another company: a company of its group, not the entity
    sensetime = [("sensetime", "商汤集团股份有限公司"), ("sensetime", "商汤科技")]
    pairs = [
        *PAIRS,
        ("hik", "海康威视"),
        ("iflytek", "科大讯飞"),
        *sensetime,
        ("dahua", "大华股份"),
    ]
    index = NameIndex.build(pairs)
    brands = NameIndex.build(
        [
            ("dahua", "大华股份"),
            ("hik", "海康威视"),
            ("hik", "Hikvision"),
            ("iflytek", "科大讯飞"),
            ("sensetime", "商汤科技"),
        ]
    )
    assert brands.search(query)[0].score >= 0.85  # names alone: the brand said longer
    row = index.search(query, limit=3)[0]
    assert row.name == registered_as and row.score < 0.85
    note = row.explanation[0]
    assert note.name == "group_company" and note.contribution == 0.0
    assert registered_as in note.detail and "probably a company of its group" in note.detail
    # the screening path keeps the row, with its note, though it is below the threshold
    found = index.search_many([query], explain=True, stop_at_exact=True, matches_only=True)
    assert [(c.entity_id, c.name, c.explanation[0].name) for c in found[0]] == [
        (row.entity_id, registered_as, "group_company")
    ]
    assert index.search_many([query], stop_at_exact=True, matches_only=True) == [[]]


def test_a_brand_with_a_legal_form_or_its_registered_name_is_still_the_entity() -> None:
    index = NameIndex.build([*PAIRS, ("hik", "海康威视"), ("iflytek", "科大讯飞")])
    for query in ["杭州海康威视数字技术有限公司", "Hikvision Digital Technology Co., Ltd.",
                  "海康威视有限公司", "科大讯飞有限公司", "Hikvision Co., Ltd."]:  # fmt: skip
        hit = index.search(query, limit=1)[0]
        assert hit.score >= 0.85 and hit.explanation[0].name != "group_company", query
    # an entity known by its brand alone cannot tell: the brand's score stands, for review
    brand_only = NameIndex.build([("hik", "海康威视")])
    hit = brand_only.search("杭州海康威视系统技术有限公司")[0]
    assert hit.score >= 0.85 and all(f.name != "group_company" for f in hit.explanation)


def test_initials_the_entity_spells_out_otherwise_are_another_company() -> None:
    # PML is a name of Primorye Maritime Logistics; Pacific Maple Logistics has the same initials
    index = NameIndex.build(
        [
            ("pml", "PML CO LTD"),
            ("pml", "PRIMORYE MARITIME LOGISTICS CO LTD"),
            ("vmp", "JSC VMP"),
            ("ibm", "IBM"),
        ]
    )
    row = index.search("Pacific Maple Logistics Ltd", limit=1)[0]
    assert row.entity_id == "pml" and row.score < 0.85
    assert row.name == "PRIMORYE MARITIME LOGISTICS CO LTD"
    assert row.explanation[0].name == "spelt_out" and "PML" in row.explanation[0].detail
    assert index.search_many(["Pacific Maple Logistics Ltd"], matches_only=True) == [[]]
    # the spelt-out name itself, and initials no name of the entity spells out, as before
    assert top(index, "Primorye Maritime Logistics") == "pml"
    assert top(index, "International Business Machines") == "ibm"
    assert top(index, "Vertex Maple Pharma Ltd") == "vmp"


def test_search_many_handles_bad_names() -> None:
    index = NameIndex.build(PAIRS)
    results = index.search_many(["海康威视", "", "!!!", "x" * 10_000, "Leon Technology"])
    assert [r[0].entity_id if r else None for r in results] == ["hik", None, None, None, "leon"]


def test_a_screens_queries_are_not_kept_normalised() -> None:
    # a screen's names are each searched once: kept, 100,000 of them would hold memory for ever
    from complicity.names import normalize as module

    index = NameIndex.build(PAIRS)
    # with parts (a.k.a., two scripts, a list): each part is seen once too
    queries = [f"Unkept Query {k} Trading Co" for k in range(50)] + ["海康威視（未存）"]
    queries += ["Unkept One; Unkept Two", "Unkept Three a.k.a. Unkept Four"]
    module._normalize.cache_clear()  # a full cache could not grow: the test could not fail
    index.search_many(["海康威视"])  # what the index itself keeps (its aliases' names)
    kept = module._normalize.cache_info().currsize
    results = index.search_many(queries)
    assert len(results) == len(queries)
    assert module._normalize.cache_info().currsize == kept


def test_saved_index_is_reused(tmp_path: Path) -> None:
    first = NameIndex.build(PAIRS, cache=tmp_path)
    files = list(tmp_path.glob("names-*.pkl"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    again = NameIndex.build(PAIRS, cache=tmp_path)
    assert files[0].stat().st_mtime_ns == mtime
    assert again.names == first.names
    assert again.search("海康威视")[0].entity_id == "hik"
    NameIndex.build([*PAIRS, ("new", "旷视科技")], cache=tmp_path)
    assert len(list(tmp_path.glob("names-*.pkl"))) == 2


def test_built_index_keeps_the_matchers_tables_out_of_the_collectors_walks() -> None:
    """pypinyin's phrase lists (190,000 of them) and CC-CEDICT's senses live as long as the
    process: once an index exists, a full collection no longer walks them."""
    import gc

    from pypinyin.phrases_dict import phrases_dict

    from complicity.names.translate import _cedict

    NameIndex.build(PAIRS)
    walked = {id(o) for o in gc.get_objects()}
    assert id(next(iter(phrases_dict.values()))) not in walked
    senses = list(_cedict()[1].values())
    assert senses, "CC-CEDICT was loaded"
    assert gc.is_tracked(senses[0]) and id(senses[0]) not in walked
    gc.collect()  # and the index still answers after a full collection
    assert NameIndex.build(PAIRS).search("海康威視")[0].entity_id == "hik"


class FakeStore:
    def __init__(self) -> None:
        from complicity.model import Name

        self.names = [(e, Name(n)) for e, n in PAIRS if n]

    def all_names(self) -> list[tuple[str, object]]:
        return list(self.names)

    def judgements(self) -> list[Judgement]:
        return [Judgement("hik", "dahua", same=False, who="t", at="2024-01-01")]


def test_from_store_aliases_and_judgements() -> None:
    index = NameIndex.from_store(FakeStore())
    assert index.aliases is not None
    hits = index.search("海康威视", limit=5)
    assert hits[0].entity_id == "hik"
    # known alias: the Chinese query scores 1.0 against the entity's English names too
    from complicity.names.match import score_normalized
    from complicity.names.normalize import normalize

    r = score_normalized(normalize("海康威视"), normalize("Hikvision"), index.aliases)
    assert r.same and r.explanation[0].name == "known_alias"


class JudgedStore(FakeStore):
    """One review decision: the name 大华银行 is not Dahua (and, say, not UOB either)."""

    def judgements(self) -> list[Judgement]:
        return [Judgement("uob", "大华银行", same=False, who="t", at="2024-01-01")]


def test_a_judgement_applies_to_its_names_only() -> None:
    from complicity.names.normalize import normalize

    plain, judged = NameIndex.from_store(FakeStore()), NameIndex.from_store(JudgedStore())
    assert judged.aliases is not None
    # the judged name: scored through the judgement, in screening as in a search
    for hits in (
        judged.search("大华银行"),
        judged.search_many(["大华银行"], stop_at_exact=True)[0],
    ):
        assert "uob" not in [h.entity_id for h in hits]  # judged not the same: 0, dropped
    assert top(plain, "大华银行") == "uob"
    # any other name: the judgement cannot change its scores, so screening keeps its shortcuts
    # (may_lift) and finds what it finds without the judgement
    assert judged.aliases.may_lift(normalize("大华银行"))
    assert not judged.aliases.may_lift(normalize("科大国创"))
    others = ["科大国创", "Zhejiang Dahua Technology", "海康威視", "Leon Technology", "立昂微电子"]
    assert [
        [(h.entity_id, h.score) for h in hits]
        for hits in judged.search_many(others, stop_at_exact=True)
    ] == [
        [(h.entity_id, h.score) for h in hits]
        for hits in plain.search_many(others, stop_at_exact=True)
    ]


def test_search_iter_gives_the_first_names_before_it_searches_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from complicity.names import index as index_module

    index = NameIndex.build(PAIRS)
    searched: list[int] = []
    search = NameIndex._rows_many

    def counted(self: NameIndex, names: list[str], ask: object) -> object:
        searched.append(len(names))
        return search(self, names, ask)  # type: ignore[arg-type]

    monkeypatch.setattr(NameIndex, "_rows_many", counted)
    part = index_module._BATCH
    found = index.search_iter(["海康威視", "大华银行"] * part)
    first = next(found)
    assert first[0].entity_id == "hik" and searched == [part]  # the first part only, so far
    rest = list(found)
    assert len(rest) == 2 * part - 1 and searched == [part, part]
    assert rest[0][0].entity_id == "uob"
    assert [[(c.entity_id, c.score) for c in hits] for hits in [first, *rest]] == [
        [(c.entity_id, c.score) for c in hits]
        for hits in index.search_many(["海康威視", "大华银行"] * part)
    ]


# names a translation links and a spelling does not (facts of the README's examples)
ONE_SCRIPT = [
    ("usar", "美国稀土公司"),
    ("freedom", "Freedom House"),
    ("lockheed", "Lockheed Martin Corporation"),
    ("magnets", "稀土永磁材料有限公司"),
    ("uob", "大华银行"),
]


def test_second_look_through_translation_finds_the_other_script() -> None:
    index = NameIndex.build(ONE_SCRIPT)
    for query, entity in (
        ("USA Rare Earth, Inc.", "usar"),
        ("自由之家", "freedom"),
        ("洛克希德·马丁公司", "lockheed"),
    ):
        assert not [c for c in index.search(query) if c.score >= 0.85], query
        hits = index.search(query, translate=True)
        assert hits[0].entity_id == entity and hits[0].score >= 0.85, query
        assert "translation" in [f.name for f in hits[0].explanation], query
    # a shared word is not a translation of the whole name
    assert [c.entity_id for c in index.search("USA Rare Earth", translate=True)][:1] == ["usar"]
    assert not [c for c in index.search("United Overseas Bank", translate=True) if c.score >= 0.85]
    many = index.search_many(["USA Rare Earth, Inc.", "自由之家", "!!!"], translate=True)
    assert [rows[0].entity_id if rows else None for rows in many] == ["usar", "freedom", None]


def test_second_look_only_when_nothing_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    from complicity.names import index as index_module

    looked: list[str] = []

    def probe(n: NormalizedName) -> list[str]:
        looked.append(n.original)
        return probe_keys(n)

    monkeypatch.setattr(index_module, "probe_keys", probe)
    index = NameIndex.build(PAIRS + ONE_SCRIPT)
    assert index.search("Hikvision", translate=True)[0].entity_id == "hik"
    assert looked == []  # found in its own script: no second look
    assert index.search("USA Rare Earth", translate=True)[0].entity_id == "usar"
    assert looked == ["USA Rare Earth"]


def test_second_look_hears_transliterations() -> None:
    # 斯凯迪奥 si-kai-di-ao / Skydio, 哈德逊 ha-de-xun / Hudson: no dictionary sense links them,
    # the consonant skeletons do (SKT, TSN); the first look finds neither
    zh = NameIndex.build([("sky", "斯凯迪奥公司"), ("hud", "哈德逊研究所"), ("uob", "大华银行")])
    en = NameIndex.build([("sky", "Skydio Inc."), ("hud", "Hudson Institute"), ("x", "Dahua Bank")])
    for index, query, entity in (
        (zh, "Skydio", "sky"),
        (zh, "Hudson Institute", "hud"),
        (en, "斯凯迪奥公司", "sky"),
        (en, "哈德逊研究所", "hud"),
    ):
        assert not [c for c in index.search(query) if c.score >= 0.85], query
        hits = index.search(query, translate=True)
        assert hits[0].entity_id == entity and hits[0].score >= 0.85, query
    # a name is in its sound blocks, a query's own blocks never include them
    n = normalize("Hudson Institute")
    assert "s:TSN" in sound_keys(n) and not [k for k in block_keys(n) if k.startswith("s:")]


def test_pinyin_that_opens_a_name_meets_across_scripts() -> None:
    # the English name spells the head and translates the rest: the whole pinyin of neither
    # equals the other's, the first two syllables (zhen-huan, chang-guang) are one block
    zh = NameIndex.build(
        [("zh", "浙江震环数控机床股份有限公司"), ("cg", "长光卫星技术股份有限公司")]
    )
    assert "o:zhenhuan" in block_keys(normalize("浙江震环数控机床股份有限公司"))
    assert "o:changguang" in block_keys(normalize("长光卫星技术股份有限公司"))  # 长: zhang, chang
    for query, entity in (
        ("Zhejiang Zhenhuan CNC Machine Tool Co., Ltd", "zh"),
        ("Chang Guang Satellite Technology Co. Ltd", "cg"),
    ):
        hits = zh.search(query)
        assert hits[0].entity_id == entity and hits[0].score >= 0.85, query
    # an English word rarely cuts into pinyin syllables, and gives no such block
    assert not [k for k in block_keys(normalize("Global Pacific Logistics")) if k[:2] == "o:"]


def test_a_japanese_name_is_blocked_by_its_japanese_reading() -> None:
    # 日野 is riye in pinyin and hino in Japanese: a Japanese company's name (株式会社, kana) is
    # in the blocks of its words as Japanese reads them, so the first look finds it
    n = normalize("日野汽车株式会社")
    assert "w:hino" in block_keys(n)
    assert not [k for k in block_keys(normalize("日野汽车有限公司")) if k.startswith("w:")]
    zh = NameIndex.build([("hino", "日野汽车株式会社"), ("x", "日立制作所株式会社")])
    hits = zh.search("Hino Motors, Ltd.")
    assert hits[0].entity_id == "hino" and hits[0].score >= 0.85
    # the same head with and without 株式会社: blocked otherwise, found all the same
    for query in ("日野汽车", "日野汽车株式会社"):
        found = zh.search_many([query], stop_at_exact=True)[0]
        assert found[0].entity_id == "hino", query


def test_second_look_meets_a_long_transliteration_by_its_opening() -> None:
    # 亨廷顿英格尔斯 heng-ting-dun-ying-ge-er-si is NTNTNKLS, Huntington Ingalls NTNTNLS: the
    # skeletons differ at the end, their openings (NTNT) are one block
    zh = NameIndex.build([("hii", "亨廷顿·英格尔斯工业公司"), ("x", "亨通光电股份有限公司")])
    query = "Huntington Ingalls Industries, Inc."
    assert "s:NTNT~" in sound_keys(normalize("亨廷顿·英格尔斯工业公司"))
    assert "s:NTNT~" in probe_keys(normalize(query))
    hits = zh.search(query, translate=True)
    assert hits[0].entity_id == "hii" and hits[0].score >= 0.85


def test_initials_for_the_part_a_name_opens_with_are_looked_up() -> None:
    index = NameIndex.build(
        [
            ("xpcc-psb", "Xinjiang Production and Construction Corps Public Security Bureau"),
            ("cetc-14", "China Electronics Technology Group Corporation 14th Research Institute"),
            ("cetc-38", "China Electronics Technology Group Corporation 38th Research Institute"),
            ("atlantic", "Atlantic Resources Corporation Trading Ltd"),
        ]
    )
    for query, entity in [("XPCC Public Security Bureau", "xpcc-psb"),
                          ("CETC 14th Research Institute", "cetc-14"),
                          ("CETC No. 38 Research Institute", "cetc-38"),
                          # as the lists write names, all in capitals
                          ("XPCC PUBLIC SECURITY BUREAU", "xpcc-psb"),
                          ("CETC 14TH RESEARCH INSTITUTE", "cetc-14")]:  # fmt: skip
        found = index.search_many([query], explain=True, stop_at_exact=True, matches_only=True)
        assert [c.entity_id for c in found[0]] == [entity], query
        assert found[0][0].explanation[0].name == "acronym"
    # a word that is not written in capitals is looked up as a word only; so is every word of a
    # name written all in small letters
    assert index.search("Arc Trading Ltd", limit=3) == []
    assert index.search("xpcc public security bureau", limit=3) == []


def test_initials_without_the_group_word_are_found() -> None:
    index = NameIndex.build(
        [
            (n, n)
            for n in (
                "China Electronics Technology Group Corporation",
                "China Electronics Trading Corp",
            )
        ]
    )
    for screened in (False, True):
        found = index.search_many(["CETC"], explain=True, matches_only=screened)
        hits = [c for c in found[0] if c.score >= 0.85]
        assert [c.entity_id for c in hits] == ["China Electronics Technology Group Corporation"]
        assert hits[0].explanation[-1].name == "acronym"


def test_a_full_name_finds_the_entity_named_by_its_initials_alone() -> None:
    # its own blocks hold the initials of its core (noo, cet), not those with its place and
    # Corporation, nor those without its group word
    index = NameIndex.build([("cnooc", "CNOOC"), ("cetc", "CETC"), ("pic", "PIC Corporation")])
    for query, entity in [("China National Offshore Oil Corporation", "cnooc"),
                          ("CHINA NATIONAL OFFSHORE OIL CORP.", "cnooc"),
                          ("China Electronics Technology Group Corporation", "cetc"),
                          ("Power Irkut Corporation", None)]:  # fmt: skip
        for screened in (False, True):
            found = index.search_many([query], explain=True, matches_only=screened)
            hits = [c.entity_id for c in found[0] if c.score >= 0.85]
            # three letters are the initials of too many names to be looked up so
            assert hits == ([entity] if entity else []), (query, screened, found[0])


def test_the_screening_path_reads_initials_as_search_does() -> None:
    # the screening path prunes candidates that cannot reach the threshold; one whose initials
    # read as the query's words can (0.9), however little its words share with the query's
    names = [("anozit", "FEDERAL STATE ENTERPRISE ANOZIT"), ("elvis", "JSC SPC ELVIS"),
             ("other", "ANOZIT TRADING LLC")]  # fmt: skip
    index = NameIndex.build(names)
    for query, entity in [
        ("ANOZIT FSE", "anozit"),
        ("Scientific Production Center Elvis", "elvis"),
    ]:
        full = [(c.entity_id, c.score) for c in index.search(query, limit=3) if c.score >= 0.85]
        screened = index.search_many([query], limit=3, stop_at_exact=True, matches_only=True)
        assert full[:1] == [(entity, 0.9)]
        assert [(c.entity_id, c.score) for c in screened[0]][:1] == full[:1], query


UNIT_PAIRS = [
    ("cetc", "中国电子科技集团有限公司"),
    ("cetc", "中国电子科技集团公司"),
    ("cetc", "China Electronics Technology Group Corporation"),
    ("cetc", "CETC"),
    ("cetc-14", "中国电子科技集团公司第十四研究所"),
    ("cetc-14", "The 14th Research Institute of China Electronics Technology Group Corporation"),
    ("xpcc", "新疆生产建设兵团"),
    ("xpcc", "Xinjiang Production and Construction Corps"),
    ("xpcc", "XPCC"),
    ("casic", "中国航天科工集团有限公司"),
    ("huawei", "华为技术有限公司"),
    ("huawei", "Huawei Technologies Co., Ltd."),
]


@pytest.mark.parametrize(
    ("query", "entity", "parent"),
    [
        ("中国电子科技集团公司第三十八研究所", "cetc", "中国电子科技集团公司"),
        ("38th Research Institute of CETC", "cetc", "CETC"),
        ("新疆生产建设兵团第一师", "xpcc", "新疆生产建设兵团"),
        ("XPCC 1st Division", "xpcc", "XPCC"),
        ("中国航天科工集团第三研究院三十三研究所", "casic", "中国航天科工集团"),
        ("Huawei Technologies Co., Ltd. Beijing Branch", "huawei", "Huawei Technologies Co., Ltd."),
    ],
)
def test_a_unit_of_an_entity_is_related_to_it_not_matched(
    query: str, entity: str, parent: str
) -> None:
    # the store knows the parent, not the unit: the unit is not the parent (its score stays
    # below the threshold), but the screening path keeps the parent's row with the note
    index = NameIndex.build(UNIT_PAIRS)
    assert top(index, query) is None
    found = index.search_many([query], explain=True, stop_at_exact=True, matches_only=True)[0]
    assert [c.entity_id for c in found] == [entity]
    row = found[0]
    note = row.explanation[0]
    assert row.score < 0.85 and note.name == "unit_of" and note.contribution == 0.0
    assert f"names a unit of {parent}, which matches" in note.detail
    # without explanations there is no note to tell it by: the row is not kept as a match
    assert index.search_many([query], stop_at_exact=True, matches_only=True) == [[]]


def test_a_unit_the_store_knows_is_itself_and_its_siblings_are_not_it() -> None:
    index = NameIndex.build(UNIT_PAIRS)
    for query in ["中国电子科技集团公司第十四研究所", "14th Research Institute of CETC",
                  "China Electronics Technology Group Corporation 14th Research Institute"]:  # fmt: skip
        hit = index.search(query, limit=1)[0]
        assert (hit.entity_id, hit.explanation[0].name != "unit_of") == ("cetc-14", True), query
    # the 38th institute is not the 14th: the parent's row is the one given, as related
    found = index.search_many(
        ["中国电子科技集团公司第三十八研究所"], explain=True, matches_only=True
    )[0]
    assert [(c.entity_id, c.explanation[0].name) for c in found] == [("cetc", "unit_of")]
    # the related row is kept however many rows score above it (the 14th institute: 0.57)
    (hit,) = index.search("中国电子科技集团公司第三十八研究所", limit=1)
    assert (hit.entity_id, hit.explanation[0].name) == ("cetc", "unit_of")
    # a unit whose parent the store does not know is no match, and no place is a parent
    assert index.search_many(["北京第二制药厂", "中国兵器工业集团第二〇二研究所"],
                             explain=True, matches_only=True) == [[], []]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "group"),
    [
        ("浪潮电子信息产业股份有限公司", "浪潮集团有限公司"),
        ("浪潮软件股份有限公司", "浪潮集团有限公司"),
        ("Inspur Electronic Information Industry Co., Ltd.", "Inspur Group Co., Ltd."),
    ],
)
def test_a_company_named_by_a_groups_brand_is_of_its_group(query: str, group: str) -> None:
    # the entity gives only its group's names, no brand alone: a company that adds words to
    # the brand is not the group (its score stays below the threshold) but probably of it
    index = NameIndex.build(
        [*PAIRS, ("inspur", "浪潮集团有限公司"), ("inspur", "Inspur Group Co., Ltd.")]
    )
    assert top(index, query) is None
    found = index.search_many([query], explain=True, stop_at_exact=True, matches_only=True)[0]
    assert [(c.entity_id, c.name) for c in found] == [("inspur", group)]
    note = found[0].explanation[0]
    assert (
        note.name == "group_company"
        and "a group's name: probably a company of its group" in note.detail
    )
    # the group's own names, with or without the group word, are the group
    for name in ["浪潮集团有限公司", "浪潮有限公司", "Inspur Group"]:
        assert top(index, name) == "inspur", name


def test_a_groups_name_that_is_a_place_or_says_a_business_is_no_brand() -> None:
    # 中国电子科技集团有限公司 has the head 中国, a place; 海康威视数字技术 says its business
    index = NameIndex.build(
        [
            ("cetc", "中国电子科技集团有限公司"),
            ("cn", "中国集团有限公司"),
            ("hikgroup", "海康威视科技集团有限公司"),
        ]
    )
    queries = ["中国电子信息产业有限公司", "中国软件股份有限公司", "海康威视系统技术有限公司"]
    assert index.search_many(queries, explain=True, matches_only=True) == [[], [], []]


def test_the_place_a_chinese_name_is_registered_in_narrows_its_translation() -> None:
    # 生产建设兵团 translates into common words (military, unit, corps, production): the names
    # that share most of them crowd out the one name that also says the query's place, Xinjiang
    words = [f"{a}{b}" for a in ("ALPHA", "BRAVO", "CHARLIE", "DELTA") for b in "XYZQRT"]
    pairs = [("xpcc", "XINJIANG PRODUCTION AND CONSTRUCTION CORPS")]
    pairs += [(f"m-{w}", f"MILITARY UNIT {w}") for w in words]
    pairs += [(f"g-{w}", f"REVOLUTIONARY GUARD CORPS {w} BASE") for w in words]
    pairs += [(f"c-{w}", f"{w} MACHINE BUILDING CORPORATION") for w in words]
    index = NameIndex.build(pairs)
    hit = index.search("新疆生产建设兵团", limit=1, translate=True)[0]
    assert (hit.entity_id, hit.score >= 0.85) == ("xpcc", True)


def test_initials_that_spell_a_names_place_too_find_it() -> None:
    # the SDN list writes XINJIANG PRODUCTION AND CONSTRUCTION CORPS: its acronym is PCC, its
    # place taken off; XPCC, as everyone writes it, spells the place too
    index = NameIndex.build(
        [("xpcc", "XINJIANG PRODUCTION AND CONSTRUCTION CORPS"), ("pcc", "PCC Rokita SA")]
    )
    hit = index.search("XPCC", limit=1)[0]
    assert (hit.entity_id, hit.score >= 0.85) == ("xpcc", True)
    assert "acronym" in {f.name for f in hit.explanation}


def test_a_unit_judged_apart_from_its_parent_is_not_related() -> None:
    # a reviewer decided the 38th institute's name is not CETC's: no related row for it
    class Store:
        def all_names(self) -> list[tuple[str, object]]:
            from complicity.model import Name

            return [(e, Name(n)) for e, n in UNIT_PAIRS]

        def judgements(self) -> list[Judgement]:
            return [
                Judgement("cetc", "中国电子科技集团公司第三十八研究所", False, "t", "2026-12-07")
            ]

    index = NameIndex.from_store(Store())
    query = ["中国电子科技集团公司第三十八研究所"]
    assert index.search_many(query, explain=True, matches_only=True) == [[]]
    # the 38th's English name, not judged, is still told as CETC's unit
    found = index.search_many(["38th Research Institute of CETC"], explain=True, matches_only=True)
    assert [(c.entity_id, c.explanation[0].name) for c in found[0]] == [("cetc", "unit_of")]


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("Hikvision USA Inc.", "hik"),
        ("Hikvision (UK) Ltd", "hik"),
        ("Hikvision Deutschland GmbH", "hik"),
        # a territory, in letters or words, and a country of more than one word
        ("Hikvision (HK) Limited", "hik"),
        ("Hikvision Hong Kong Limited", "hik"),
        ("Hikvision South Korea Co., Ltd.", "hik"),
        ("Dahua Technology USA Inc.", "dahua"),  # the brand's registered name with a country
        ("SenseTime Japan Ltd", "sensetime"),
        # a region of the world, as a country (a UAE free-zone company: FZE)
        ("Dahua Technology Middle East FZE", "dahua"),
        ("Hikvision Latin America", "hik"),
        # in Chinese, the place abroad in brackets
        ("海康威视数字技术（香港）有限公司", "hik"),
        ("大华技术（香港）有限公司", "dahua"),
        # ... or after the name without brackets, the country as ISO 3166 writes it in Chinese
        ("海康威视美国有限公司", "hik"),
        ("大华技术德国有限公司", "dahua"),
        ("海康威视数字技术大韩民国有限公司", "hik"),
        # ... or a region of China (西南: the South West)
        ("海康威视西南有限公司", "hik"),
    ],
)
def test_a_brand_with_a_country_is_its_groups_company_there(query: str, entity: str) -> None:
    pairs = [*PAIRS, ("sensetime", "SenseTime"), ("hik", "海康威视"), ("dahua", "大华技术")]
    index = NameIndex.build(pairs)
    assert top(index, query) is None  # not the entity itself
    found = index.search_many([query], explain=True, stop_at_exact=True, matches_only=True)[0]
    assert [c.entity_id for c in found] == [entity]
    note = found[0].explanation[0]
    assert note.name == "group_company" and "with a country" in note.detail


def test_a_name_that_opens_with_its_country_or_has_two_is_no_brand_abroad() -> None:
    index = NameIndex.build([("airlines", "Airlines"), ("hik", "Hikvision")])
    # Japan Airlines is not the company in Japan of something called Airlines; a name with two
    # countries says no one country
    queries = ["Japan Airlines Co., Ltd.", "Hikvision Japan Korea Ltd", "Hikvision HK USA Ltd"]
    assert index.search_many(queries, explain=True, matches_only=True) == [[], [], []]
    assert index.search_many(["Hikvision Korea Ltd"], explain=True, matches_only=True) != [[]]


def test_a_query_whose_initials_are_another_entitys_name_still_finds_its_own() -> None:
    # XPCC Public Security Bureau has the initials XPSB, the region's bureau's: spelt out that is
    # Xinjiang Public Security Bureau, not the query; the Corps' bureau spells out its XPCC
    index = NameIndex.build(
        [
            ("xpsb", "XPSB"),
            ("xpsb", "Xinjiang Public Security Bureau"),
            ("bureau", "Xinjiang Production and Construction Corps Public Security Bureau"),
        ]
    )
    found = index.search_many(["XPCC Public Security Bureau"], explain=True, matches_only=True)
    assert [(c.entity_id, c.explanation[0].name) for c in found[0]] == [("bureau", "acronym")]


def test_a_screen_finds_a_name_that_writes_its_place_after_it() -> None:
    # Megvii (Beijing) is Beijing Megvii Technology Co., Ltd. (0.97): the quick bound that
    # spares a screen most candidates must read the place as the score does
    index = NameIndex.build(
        [("megvii", "Beijing Megvii Technology Co., Ltd."), ("x", "Megvii Bank")]
    )
    for query in ("Megvii (Beijing)", "Megvii Beijing Technology"):
        found = index.search_many([query], stop_at_exact=True, matches_only=True)[0]
        assert [c.entity_id for c in found] == ["megvii"], query


def test_a_place_in_brackets_still_blocks_with_the_place_written_as_a_word() -> None:
    # Karinka (Tianjin) has Tianjin as its prefix; the misspelt brand shares no block with
    # Kalinka, and the place is the word both names have
    index = NameIndex.build([("k", "Kalinka Tianjin International Trade Co., Ltd.")])
    found = index.search("Karinka (Tianjin) International Trade Co., Ltd.")
    assert [c.entity_id for c in found if c.score >= THRESHOLD] == ["k"]


def test_a_screen_reads_china_after_a_name_as_where_it_is() -> None:
    index = NameIndex.build([("hik", "Hikvision"), ("hik", "杭州海康威视数字技术股份有限公司")])
    for query in ("Hikvision (China)", "Hikvision, China", "海康威视（中国）"):
        found = index.search_many([query], stop_at_exact=True, matches_only=True)[0]
        assert [c.entity_id for c in found] == ["hik"], query


def test_of_equal_scores_across_scripts_a_registered_name_finds_a_registered_one() -> None:
    # both read and translate as 0.95: the registered Chinese name is the company registered
    # under that English name (on the DoD's list), not the brand's entity
    pairs = [("yitu", "Yitu Technologies")]
    pairs += [("shanghai-yitu", "Shanghai Yitu Network Technology Co., Ltd.")]
    for order in (pairs, pairs[::-1]):
        index = NameIndex.build(order)
        found = index.search_many(["上海依图网络科技有限公司"], limit=2)[0]
        assert [c.score for c in found] == [0.95, 0.95]
        assert found[0].entity_id == "shanghai-yitu"
        assert top(index, "依图") == "yitu"  # the brand alone: the brand's entity


def test_a_registration_in_another_province_is_related_unless_judged_the_same() -> None:
    # the entity's names say no place; its USCC says Xinjiang: a name registered in Hangzhou
    # is a company of its group, unless a person judged it the entity's own
    judged: list[Judgement] = []

    class Store:
        def all_names(self) -> list[tuple[str, object]]:
            from complicity.model import Name

            return [("leon", Name("立昂技术股份有限公司")), ("leon", Name("Leon Technology"))]

        def identifiers_of(self, scheme: str) -> list[tuple[str, str]]:
            return [("leon", "916501002999341738")] if scheme == "uscc" else []

        def judgements(self) -> list[Judgement]:
            return judged

    queries = ["杭州立昂技术有限公司", "乌鲁木齐立昂技术有限公司", "立昂技术"]
    found = NameIndex.from_store(Store()).search_many(queries, explain=True, matches_only=True)
    assert [[(c.entity_id, c.score, c.explanation[0].name) for c in r] for r in found] == [
        [("leon", 0.8, "group_company")],
        [("leon", 1.0, "known_alias")],  # its place is within Xinjiang: the entity's name
        [("leon", 1.0, "known_alias")],
    ]
    judged.append(Judgement("leon", "杭州立昂技术有限公司", True, "t", "2026-12-07"))
    found = NameIndex.from_store(Store()).search_many(queries[:1], explain=True)
    assert (found[0][0].entity_id, found[0][0].score) == ("leon", 1.0)
