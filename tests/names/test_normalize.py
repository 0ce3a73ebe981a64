from __future__ import annotations

import random

import pytest

from complicity.names.match import score
from complicity.names.normalize import (
    NameInputError,
    alias_parts,
    bracket_parts,
    cut_parts,
    is_traditional,
    latin_openings,
    listed_parts,
    may_give_names,
    names_an_organ,
    normalize,
    pinyin_syllables,
    place_level,
    script_parts,
    split_names,
    split_packed,
    to_simplified,
    uscc_place,
)


def test_legal_form_prefix_and_descriptors_are_split_off() -> None:
    n = normalize("杭州海康威视数字技术股份有限公司")
    assert n.script == "Han"
    assert n.head == "海康威视"
    assert n.descriptors == ("数字", "技术")
    assert n.legal_form is not None and n.legal_form.key == "股份有限公司"
    assert n.prefix == "杭州"
    assert n.pinyin == "haikangweishi"


def test_a_description_before_the_name_is_set_aside() -> None:
    # MOFCOM: "Lockheed Martin, which took part in arms sales to Taiwan"
    listed = normalize("参与对台湾地区军售的洛克希德·马丁公司")
    assert listed.key == normalize("洛克希德·马丁公司").key == "洛克希德马丁"
    assert score("洛克希德·马丁公司", "参与对台湾地区军售的洛克希德·马丁公司").same
    # ... and its subsidiary is still another company
    assert not score("参与对台湾地区军售的洛克希德·马丁导弹与火控公司", "洛克希德·马丁公司").same
    # 的 that opens a word (的士, taxi) or a short one before it are part of the name
    assert normalize("新世纪快捷的士有限公司").key == "新世纪快捷的士"
    assert normalize("我的家居有限公司").key == "我的家居"


def test_traditional_and_full_width_input() -> None:
    assert normalize("海康威視").key == normalize("海康威视").key
    assert to_simplified("海康威視") == "海康威视"
    assert is_traditional("海康威視") and not is_traditional("海康威视")
    assert normalize("ＨＩＫＶＩＳＩＯＮ　ＣＯ．，ＬＴＤ．").key == "hikvision"
    assert normalize("海康威视（香港）有限公司").qualifiers == ("香港",)


def test_a_short_name_in_brackets_is_no_qualifier() -> None:
    # a filing writes the full name, then the short one in brackets: the same company
    full = normalize("杭州海康威视数字技术股份有限公司")
    for written in (
        "杭州海康威视数字技术股份有限公司（海康威视）",
        "杭州海康威视数字技术股份有限公司(海康)",
    ):
        n = normalize(written)
        assert (n.key, n.prefix, n.qualifiers) == (full.key, full.prefix, ())
    assert normalize("中国电子科技集团有限公司（中国电科）").qualifiers == ()  # 中国电[子]科[技]
    # what the name does not already say still qualifies it: a place, a branch
    assert normalize("海康威视数字技术股份有限公司（杭州分公司）").qualifiers == ("杭州分公司",)
    # a group's word in brackets is as a group's registered name writes it, not a qualifier
    # (新疆天业（集团）有限公司): the name without the brackets
    bracketed, plain = normalize("新疆天业（集团）有限公司"), normalize("新疆天业集团有限公司")
    assert (bracketed.key, bracketed.qualifiers, bracketed.prefix) == (plain.key, (), "新疆")
    assert score("新疆天业(集团)有限公司", "新疆天业集团有限公司").same
    assert score("Xinjiang Tianye (Group) Co Ltd", "新疆天业(集团)有限公司").same
    assert normalize("美欣電子(香港)有限公司").qualifiers == ("香港",)
    assert (
        score(
            "杭州海康威视数字技术股份有限公司（海康威视）", "杭州海康威视数字技术股份有限公司"
        ).score
        == 1.0
    )


def test_japanese_forms_of_characters_in_a_chinese_name_are_simplified() -> None:
    # the US lists give CETC's and CASIC's Chinese names in Japanese forms (団, 済, 総)
    assert to_simplified("中国電子科技集団公司") == "中国电子科技集团公司"
    assert normalize("中国広核集団").key == normalize("中国广核集团有限公司").key
    assert score("中国航天科工集団第二研究院", "中国航天科工集团第二研究院").score == 1.0
    # characters Chinese writes too are left as they are: 芸 is not 艺, 沪 not 滤
    assert to_simplified("上海芸沪") == "上海芸沪"


def test_look_alikes_of_chinese_numerals_are_the_numerals() -> None:
    # the 1260H list writes CASC's 702nd institute with a white circle and a katakana ni
    listed = "中国航天科技集団公司第一研究院第七○ニ研究所"
    assert normalize(listed).numbers == ("1", "702")
    assert score(listed, "中国航天科技集团公司第一研究院第七〇二研究所").score == 1.0
    assert not score(listed, "中国航天科技集团公司第一研究院第七〇三研究所").same
    # katakana not next to a numeral is left as it is (ユニクロ, センター)
    assert to_simplified("ユニクロ センター") == "ユニクロ センター"


def test_the_japanese_forms_table_is_what_its_tool_writes() -> None:
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parents[2] / "tools" / "shinjitai.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_mainland_place_in_brackets_is_a_prefix_not_a_qualifier() -> None:
    n = normalize("百度在线网络技术（北京）有限公司")
    assert n.prefix == "北京" and n.qualifiers == () and n.head == "百度"


def test_a_place_is_kept_when_nothing_distinctive_would_remain() -> None:
    assert normalize("北京银行").head == "北京"
    assert normalize("中国银行").key == "中国银行"
    # kept, the place is written as it is called, without its suffix: one key for each bureau
    for name in ("乌鲁木齐市公安局", "乌鲁木齐公安局"):
        assert (normalize(name).key, normalize(name).prefix) == ("乌鲁木齐公安局", None)
    assert normalize("新疆维吾尔自治区公安厅").key == normalize("新疆公安厅").key == "新疆公安厅"
    for name in ("Urumqi Municipality Public Security Bureau", "Urumqi Public Security Bureau"):
        assert normalize(name).key == "urumqi public security bureau"
    assert normalize("Changji Hui Autonomous Prefecture Public Security Bureau").head == "changji"
    # in one spelling whichever the name is written in (the US lists write Uyghur, Uighur, Hotan,
    # the pinyin is Hetian); the initials are those of the words as written
    spelt = [
        "Xinjiang Uyghur Autonomous Region Public Security Department",
        "Xinjiang Uighur Autonomous Region Public Security Department",
        "Xinjiang Public Security Department",
    ]
    # ... and a province's Public Security Department as the Bureau English writes for both;
    # XUAR is the region's initials
    spelt += ["Xinjiang Public Security Bureau", "XUAR Public Security Department"]
    assert {normalize(name).key for name in spelt} == {"xinjiang public security bureau"}
    assert normalize(spelt[0]).acronym == "xupsb"
    for name in ("Hotan Public Security Bureau", "Hetian Public Security Bureau",
                 "Khotan Prefecture Public Security Bureau"):  # fmt: skip
        assert normalize(name).key == "hotan public security bureau"
    assert normalize("Kashi Public Security Bureau").key == "kashgar public security bureau"
    # pinyin that pypinyin gets wrong (勒 read lei) is given as a spelling
    assert normalize("Kezilesu Public Security Bureau").key == "kizilsu public security bureau"
    assert normalize("China Electronics Technology").key == "china electronics technology"
    # SZ is Shenzhen as its companies write it (SZ DJI Technology, as the US lists give DJI);
    # a name of the place alone and generic words keeps the full spelling
    sz = normalize("SZ DJI Technology Co., Ltd.")
    assert (sz.key, sz.prefix) == (normalize("Shenzhen DJI Technology Co., Ltd.").key, "深圳")
    assert normalize("SZ Public Security Bureau").key == "shenzhen public security bureau"


def test_a_place_after_of_is_written_in_one_spelling_where_it_stands() -> None:
    # the lists write a bureau both ways; its kind of place goes, the words keep their order
    n = normalize("Public Security Department of Xinjiang Uyghur Autonomous Region")
    assert n.key == "public security bureau xinjiang"
    assert n.acronym == "psbxuar"  # the initials of the words as written
    assert normalize("Public Security Bureau of Hetian Prefecture").key == (
        "public security bureau hotan"
    )
    # a name of its own before the place keeps the place as written
    assert normalize("Bank of China").key == "bank china"
    assert normalize("Hikvision of Hong Kong").key == "hikvision hong kong"


def test_latin_legal_forms_initials_and_prefix() -> None:
    n = normalize("Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert n.prefix == "杭州"
    assert n.tokens == ("hikvision", "digital", "technology")
    assert n.legal_form is not None and n.legal_form.key == "co ltd"
    assert normalize("A.B.C. Company").key == "abc"
    assert normalize("OAO Gazprom").key == "gazprom"
    assert normalize("International Business Machines Corp.").acronym == "ibm"


@pytest.mark.parametrize(
    ("pasted", "name"),
    [
        ("\x1b[31mSenseTime\x1b[0m", "SenseTime"),  # a colour
        ("\x1b[1;32m海康威视\x1b[m", "海康威视"),
        ("\x1b]8;;https://example.org\x07Hikvision\x1b]8;;\x07", "Hikvision"),  # a link
    ],
)
def test_a_terminals_codes_are_no_part_of_a_name(pasted: str, name: str) -> None:
    # pasted from a terminal's output: the letters of the codes ([31m) are no words of it
    n = normalize(pasted)
    assert (n.original, n.key, n.tokens) == (pasted, normalize(name).key, normalize(name).tokens)
    with pytest.raises(NameInputError):
        normalize("\x1b[31m\x1b[0m")


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "（）", "—·—", "x" * 10_000])
def test_bad_input_is_a_clear_error(bad: str) -> None:
    with pytest.raises(NameInputError) as exc:
        normalize(bad)
    assert isinstance(exc.value, ValueError)
    assert str(exc.value)


def test_pinyin_character_path_equals_pypinyin() -> None:
    from complicity.names.normalize import _pinyin_key, pinyin_key

    # no phrase of pypinyin's table (read per character) and with phrases (银行: yinhang)
    for text in ("海康威视", "大华银行", "重庆长安", "立昂微电子", "科大讯飞", "长江存储", "旷视"):
        assert pinyin_key(text) == _pinyin_key(text)


def test_readings_are_pypinyins() -> None:
    """``han_readings`` (what Wade-Giles spells) is ``lazy_pinyin``: read per character when no
    phrase of pypinyin's table is in the text, by pypinyin itself when one is (银行 yin-hang,
    重庆 chong-qing) or the text is long."""
    from pypinyin import lazy_pinyin

    from complicity.names.normalize import han_readings

    rng = random.Random(4)
    chars = [chr(code) for code in range(0x4E00, 0x9FA6)]
    texts = [
        "海康威视",
        "大华银行",
        "重庆长安",
        "长江存储",
        "行长",
        "旷视",
        "中国银行股份有限公司" * 2,
    ]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for text in texts:
        assert han_readings(text) == tuple(lazy_pinyin(text)), text


def test_camel_case_splits_words_not_single_letters() -> None:
    assert normalize("HikVision").tokens == ("hik", "vision")
    assert normalize("eBay").tokens == ("ebay",)


def test_one_typo_in_a_one_word_legal_form() -> None:
    assert normalize("Saratovski Gropu").tokens == ("saratovski",)
    assert (
        normalize("Aerocaribbean Cmopany").legal_form
        == normalize("Aerocaribbean Company").legal_form
    )
    assert normalize("Ningbo Gongshi").tokens == ("gongshi",)  # romanised Chinese: not fuzzy


def test_misspelt_forms_are_found_among_the_forms_of_a_near_length() -> None:
    """``_near_form`` asks only the forms whose length lets them reach its cutoff: the same
    forms are found as when every form is asked, on thousands of misspellings of each."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    from complicity.names import normalize as module

    by_len = module.data().latin_forms_by_len

    def asking_all(n: int, joined: str) -> object:
        if n == 1 and 3 <= len(joined) <= 4:  # two letters swapped in a short form (Ldt)
            for i in range(len(joined) - 1):
                swapped = joined[:i] + joined[i + 1] + joined[i] + joined[i + 2 :]
                if swapped != joined and swapped in by_len[1]:
                    return by_len[1][swapped]
        if len(joined) >= 7:
            hit = process.extractOne(joined, module._long_forms(n), scorer=fuzz.ratio,
                                     score_cutoff=module._NEAR_RATIO)  # fmt: skip
            if hit is not None:
                return by_len[n][hit[0]]
        if n == 1 and joined.isalpha():
            near = process.extractOne(joined, module._word_forms(), scorer=OSA.distance,
                                      score_cutoff=1)  # fmt: skip
            if near is not None:
                return by_len[1][near[0]]
        return None

    rng = random.Random(5)
    forms = [f for n in range(1, 5) for f in module._long_forms(n)] + module._word_forms()
    found = 0
    for _ in range(6000):
        word = list(rng.choice(forms))
        for _ in range(rng.randint(0, 3)):  # a letter dropped, added, changed or swapped
            i = rng.randrange(len(word))
            edit = rng.randrange(4)
            if edit == 0 and len(word) > 1:
                del word[i]
            elif edit == 1:
                word.insert(i, rng.choice("abcdeilmnorstu "))
            elif edit == 2:
                word[i] = rng.choice("abcdeilmnorstu")
            elif i + 1 < len(word):
                word[i], word[i + 1] = word[i + 1], word[i]
        joined = " ".join("".join(word).split())
        if not joined:
            continue
        n = len(joined.split())
        want = asking_all(n, joined)
        module._near_form.cache_clear()
        assert module._near_form(n, joined) == want, joined
        found += want is not None
    assert found > 2000  # most misspellings are still found: the cases are there


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Brigade Forty-Four", "brigade 44"),
        ("Brigade Forty 4", "brigade 44"),
        ("Brigade Fourty-four", "brigade 44"),
        ("Three Percenters", "3 percenters"),
        ("One Hundred Five Partners", "105 partners"),
        ("7-Eleven, Inc.", "7 11"),
        ("U.S. Department of State", "us department state"),
        ("United States Department of State", "us department state"),
        ("Bank of the United States of America", "bank us"),
        ("USA Steel Corp", "us steel"),
        ("United Kingdom Export Finance", "uk export finance"),
    ],
)
def test_number_words_and_country_initials(written: str, key: str) -> None:
    assert normalize(written).key == key


def test_pinyin_and_words_that_are_no_number_stay() -> None:
    assert normalize("Tian Yi San Ltd").key == "tian yi san"  # pinyin yi, san: no number words
    assert normalize("Toys R Us").key == "toys r us"


@pytest.mark.parametrize(
    ("field", "names"),
    [
        (
            "Yantai Example Optics Co., Ltd, Yantai Sample Photonics Co. Ltd",
            ["Yantai Example Optics Co., Ltd", "Yantai Sample Photonics Co. Ltd"],
        ),
        # a comma inside one name: the legal form's, a division's, a place's
        ("HUAWEI TECHNOLOGIES CO., LTD.", ["HUAWEI TECHNOLOGIES CO., LTD."]),
        ("Boeing Defense, Space & Security", ["Boeing Defense, Space & Security"]),
        ("CSBC Corporation, Taiwan", ["CSBC Corporation, Taiwan"]),
        ("Example Corporation, St. Louis, MO", ["Example Corporation, St. Louis, MO"]),
        ("", []),
    ],
)
def test_names_packed_with_commas(field: str, names: list[str]) -> None:
    assert split_packed(field) == names


def test_a_field_of_names() -> None:
    field = "A Example Co., Ltd / 示例有限公司; Пример / Приклад; ОО/ЗЗ"
    assert split_names(field) == [
        "A Example Co., Ltd",
        "示例有限公司",
        "Пример",
        "Приклад",
        "ОО/ЗЗ",
    ]


@pytest.mark.parametrize(
    ("name", "acronym", "tokens"),
    [
        # the abbreviation a name gives of itself is its acronym, not one of its words
        ("Mercator Institute for China Studies (MERICS)", "merics", 5),
        ("National Democratic Institute (N.D.I.)", "ndi", 3),
        # a place or a kind in brackets is not an abbreviation of the name
        ("Foo Bar Trading (HK)", "fbth", 4),
        ("Alpha Optics (Group)", "ao", 2),  # its legal form
    ],
)
def test_an_abbreviation_in_brackets(name: str, acronym: str, tokens: int) -> None:
    n = normalize(name)
    assert n.acronym == acronym and len(n.tokens) == tokens, (n.acronym, n.tokens)


def test_a_place_said_twice_is_one_prefix() -> None:
    # HK (Hong Kong): the place in two spellings opens the name; neither is a word of it
    n = normalize("HK (Hong Kong) Example Asia Electronics Limited")
    assert n.prefix == "香港" and n.tokens == ("example", "asia", "electronics")
    assert score(
        "Hong Kong Example Asia Electronics", "HK (Hong Kong) Example Asia Electronics Ltd"
    ).same


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("海康威視 Hikvision", ("海康威視", "Hikvision")),
        ("海康威视（Hikvision）", ("海康威视", "Hikvision")),
        ("Hikvision / 海康威视", ("Hikvision", "海康威视")),
        ("立昂技术 Leon Technology Co., Ltd.", ("立昂技术", "Leon Technology Co. Ltd.")),
        # one name: a brand glued to the Chinese, a place in brackets, one script only
        ("TCL科技集团", ()),
        ("IHI宇航株式会社", ()),
        ("海康威视数字技术(香港)有限公司", ()),
        ("Hikvision Digital Technology", ()),
        # a part that names nothing by itself (a descriptor, a legal form, two letters)
        ("TCL 科技集团", ()),
        ("海康威视 Holdings Ltd", ()),
        ("海康威视 HK", ()),
    ],
)
def test_a_name_given_in_two_scripts(text: str, parts: tuple[str, ...]) -> None:
    assert script_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Zhejiang Dahua Technology Co., Ltd., a.k.a. Dahua",
            ("Zhejiang Dahua Technology Co., Ltd.", "Dahua"),
        ),
        ("SenseTime aka Shangtang", ("SenseTime", "Shangtang")),
        (
            "Beijing Megvii Technology Co., Ltd. (d/b/a Face++)",
            ("Beijing Megvii Technology Co., Ltd.", "Face++"),
        ),
        (
            "Megvii Technology Limited, formerly known as Beijing Kuangshi Technology",
            ("Megvii Technology Limited", "Beijing Kuangshi Technology"),
        ),
        ("Megvii Ltd (formerly Kuangshi Ltd)", ("Megvii Ltd", "Kuangshi Ltd")),
        # the Entity List's way: the mark, then each alias after a dash
        (
            "Megvii Co., Ltd., a.k.a., the following two aliases: —Kuangshi Co., Ltd.; —Face++.",
            ("Megvii Co., Ltd.", "Kuangshi Co., Ltd.", "Face++."),
        ),
        (
            "科大讯飞股份有限公司（原名：安徽科大讯飞信息科技股份有限公司）",
            ("科大讯飞股份有限公司", "安徽科大讯飞信息科技股份有限公司"),
        ),
        # a mark inside a word, or a name that holds one, or nothing after it
        ("Akamai Technologies", ()),
        ("AKA Brands Holding Corp", ()),
        ("中原名城置业有限公司", ()),
        ("Hikvision Ltd a.k.a.", ()),
        ("Hikvision a.k.a. Holdings Ltd", ()),  # no name after it
        ("Petrovich Operation AKA Corporation", ()),  # a legal form alone names none
    ],
)
def test_a_name_given_with_another_it_is_known_by(text: str, parts: tuple[str, ...]) -> None:
    assert alias_parts(text) == parts
    if parts:  # the quick test before it lets each such name through
        assert may_give_names(normalize(text))


def test_most_names_are_spared_the_search_for_another_name() -> None:
    assert not may_give_names(normalize("Shenzhen Yilufa Electronics Co Ltd"))
    assert not may_give_names(normalize("深圳市亿路发科技有限公司"))


def _openings_by_every_cut(run: str) -> set[str]:
    """The first two syllables of every way ``run`` cuts wholly into pinyin syllables, found by
    listing the cuts (the slow way, to check ``latin_openings`` against)."""
    syllables = pinyin_syllables()

    def cuts(rest: str) -> list[list[str]]:
        if not rest:
            return [[]]
        return [
            [rest[:end], *more]
            for end in range(1, min(6, len(rest)) + 1)
            if rest[:end] in syllables
            for more in cuts(rest[end:])
        ]

    return {"".join(cut[:2]) for cut in cuts(run) if len(cut) >= 2}


@pytest.mark.parametrize(
    "words",
    [["zhenhuan", "cnc"], ["xian"], ["chang", "guang"], ["machine"], ["global"], ["hikvision"]],
)
def test_latin_openings_are_the_first_two_syllables_of_every_cut(words: list[str]) -> None:
    expected = _openings_by_every_cut(words[0])
    if len(words) > 1:
        expected |= _openings_by_every_cut(words[0] + words[1])
    assert set(latin_openings(words)) == expected


def test_latin_openings_of_pinyin_and_of_english() -> None:
    assert "zhenhuan" in latin_openings(["zhenhuan", "cnc"])
    assert "changguang" in latin_openings(["chang", "guang"])
    assert latin_openings(["global", "logistics"]) == []


def test_a_name_normalised_without_remembering_is_the_same_and_not_kept() -> None:
    from complicity.names import normalize as module

    names = ["杭州海康威视数字技术股份有限公司 (remember-test)", "Remember Test Holdings Co., Ltd."]
    kept = module._normalize.cache_info().currsize
    once = [normalize(n, remember=False) for n in names]
    assert module._normalize.cache_info().currsize == kept
    assert once == [normalize(n) for n in names]
    with pytest.raises(NameInputError):
        normalize("  ,, ", remember=False)


def test_corps_is_a_word_not_a_misspelt_form() -> None:
    # one letter from corpn, a spelling of Corporation; the IRGC and the XPCC are corps
    for name in ("Islamic Revolutionary Guard Corps", "Xinjiang Production and Construction Corps"):
        n = normalize(name)
        assert n.legal_form is None and n.tokens[-1] == "corps"
    assert normalize("Beta Comapny").legal_form is not None  # a typo in a form still is one


def test_chinese_ordinals_are_numbers() -> None:
    from complicity.names.normalize import han_numbers, latin_ordinals

    assert normalize("中国电子科技集团公司第三十八研究所").numbers == ("38",)
    assert normalize("中国电子科技集团公司第38研究所").numbers == ("38",)
    assert han_numbers("第十四研究所") == ("14",) and han_numbers("第一百零五厂") == ("105",)
    assert latin_ordinals(normalize("CETC 14th Research Institute").tokens) == ("14",)
    assert latin_ordinals(normalize("Second Academy of CASIC").tokens) == ("2",)
    # numerals alone are read by place, as institutes are numbered
    assert han_numbers("中国船舶重工集团公司第七〇八研究所") == ("708",)
    assert han_numbers("第七一一研究所") == ("711",)


def test_a_listings_marks_are_no_part_of_the_name() -> None:
    from complicity.names.normalize import without_listing

    listed = {
        "HIKVISION DIGITAL TECHNOLOGY CO LTD-A": "HIKVISION DIGITAL TECHNOLOGY CO LTD",
        "SenseTime Group Inc. - Class B": "SenseTime Group Inc.",
        "SENSETIME GROUP INC-CL B": "SENSETIME GROUP INC",
        "Leon Technology Co Ltd A": "Leon Technology Co Ltd",
        "China Mobile Ltd-H Shares": "China Mobile Ltd",
        "Alibaba Group Holding Ltd Sponsored ADR": "Alibaba Group Holding Ltd",
        # as terminals abbreviate them
        "ALIBABA GROUP HOLDING LTD-SP ADR": "ALIBABA GROUP HOLDING LTD",
        "BAIDU INC - SPON ADR": "BAIDU INC",
        "JD.COM INC-ADR": "JD.COM INC",
        "Tencent Holdings Ltd (HK:0700)": "Tencent Holdings Ltd",
        "Hikvision (002415.SZ)": "Hikvision",
        "海康威视(002415.SZ)": "海康威视",
        "002415.SZ 海康威视": "海康威视",
        # the code with its exchange, without brackets, in Latin names too
        "002415.SZ Hikvision": "Hikvision",
        "SenseTime Group Inc. 0020.HK": "SenseTime Group Inc.",
        "HIKVISION DIGITAL TECHNOLOGY 002415 CH Equity": "HIKVISION DIGITAL TECHNOLOGY",
        "Hikvision (002415 CH)": "Hikvision",  # Bloomberg's code, in brackets
        "Alibaba Group Holding (BABA US Equity)": "Alibaba Group Holding",
        "*ST大华": "大华",
        "美团-W": "美团",
        # the class in brackets or quotes, or before Shares, as fund reports write it
        "Zhejiang Dahua Technology Co., Ltd. (A Shares)": "Zhejiang Dahua Technology Co., Ltd.",
        "ZTE Corp (H Shares)": "ZTE Corp",
        "SenseTime Group (Class B)": "SenseTime Group",
        "Baidu Inc (Sponsored ADR)": "Baidu Inc",
        "iFlytek Co Ltd 'A'": "iFlytek Co Ltd",
        "SenseTime Group Inc. Class B Shares": "SenseTime Group Inc.",
        "Hikvision Class A Common Stock": "Hikvision",
        # ... as European fund reports, custodians and Stock Connect holdings write them
        "Zhejiang Dahua Technology Co Ltd Registered Shs -A-": "Zhejiang Dahua Technology Co Ltd",
        "Hangzhou Hikvision Digital Tech Co Ltd -A- Shs": "Hangzhou Hikvision Digital Tech Co Ltd",
        "IFLYTEK CO LTD A SHRS": "IFLYTEK CO LTD",
        "HIKVISION DIGITAL TECHNOLOGY CO LTD A SHR": "HIKVISION DIGITAL TECHNOLOGY CO LTD",
        "SENSETIME GROUP INC CLASS B ORD SHS": "SENSETIME GROUP INC",
        "VODAFONE GROUP PLC ORD": "VODAFONE GROUP PLC",
        "IFLYTEK CO LTD-A (XSEC)": "IFLYTEK CO LTD",
        "Hikvision Digital Technology Co Ltd A (Stock Connect)": "Hikvision Digital Technology Co Ltd",
        "SENSETIME GROUP INC CLASS B COMMON STOCK USD.00001": "SENSETIME GROUP INC",
        "SenseTime Group Inc Class B Ordinary Shares USD 0.00001": "SenseTime Group Inc",
        # the market after the class, or named as a market, in brackets
        "iFlytek Co., Ltd. Class A (Shenzhen)": "iFlytek Co., Ltd.",
        "Sensetime Group Inc. Class B Shares (Hong Kong)": "Sensetime Group Inc.",
        "iFlytek Co Ltd (Shenzhen Stock Exchange)": "iFlytek Co Ltd",
        "Iflytek Co Ltd A Shares (SZSE)": "Iflytek Co Ltd",
        "CloudWalk Technology Co Ltd Class A (STAR Market)": "CloudWalk Technology Co Ltd",
        "Hikvision Co., Ltd. (A Shares, Shenzhen Stock Exchange)": "Hikvision Co., Ltd.",
        "Tencent Holdings Ltd (HKEX Main Board)": "Tencent Holdings Ltd",
        # the Shanghai exchange's 科创板 as funds write it
        "Montage Technology Co Ltd Class A (Sci-Tech Innovation Board)": "Montage Technology Co Ltd",
        "CloudWalk Technology Co Ltd (Science and Technology Innovation Board)": (
            "CloudWalk Technology Co Ltd"
        ),
        # a US filing's (13F) title of the class after the name
        "NVIDIA CORPORATION COM": "NVIDIA CORPORATION",
        "NVIDIA CORP COM NEW": "NVIDIA CORP",
        "ALIBABA GROUP HOLDING LTD COM CL A": "ALIBABA GROUP HOLDING LTD",
    }
    assert {k: without_listing(k) for k in listed} == listed
    # what names a company stays: a place in brackets, a number in the name, a hyphenated word
    kept = ["Hikvision (Hong Kong) Ltd", "ABC (UK) Ltd", "Vision 2030 Fund", "Co-Op Bank",
            "Hewlett-Packard", "Class A", "A", "A.B. Trading", "Equity", "0020.HK",
            "ADR Corp", "Spadr Trading", "Dahua (Asia)", "Megvii (Beijing)", "Hikvision (HK)",
            "Toys 'R' Us", 'Rock "N" Roll', "Something (Class)", "Shares Ltd", "Fund USD",
            "Dollar Tree USD", "Ord Minnett", "Sword Ltd", "iFlytek Co., Ltd. (Shenzhen)",
            "Acme (Star)", "Acme (Main Board)", "Shenzhen Stock Exchange", "JD COM INC",
            "Acme Co New", "Acme (Science and Technology)", "Acme (Innovation)"]  # fmt: skip
    assert [without_listing(k) for k in kept] == kept
    assert normalize("DAHUA TECHNOLOGY CO LTD-A").key == normalize("Dahua Technology Co Ltd").key


def test_a_units_number_is_digits_however_written() -> None:
    keys = {
        normalize(f"CETC {n} Research Institute").key
        for n in ("No. 14", "No.14", "Number 14", "14th", "Fourteenth", "14")
    }
    assert keys == {"cetc 14 research institute"}
    # first to third stay words, as 1st to 3rd are written (First International Bank)
    assert normalize("1st International Bank").key == normalize("First International Bank").key
    assert normalize("First International Bank").numbers == ()


def test_a_name_wholly_in_brackets_is_the_name() -> None:
    # the press quotes names so; a bracket after a name still qualifies it
    for quoted in ("《海康威视》", "(海康威视)", "【海康威视】", "〔海康威视〕"):
        assert normalize(quoted).key == "海康威视" and normalize(quoted).qualifiers == ()
    assert normalize("海康威视(香港)").qualifiers == ("香港",)


def test_two_letters_swapped_in_a_short_form_are_that_form() -> None:
    for name, form in (
        ("Hamzah LCL", "llc"),
        ("Furuya Icn.", "inc"),
        ("Prominent Shipping Ldt", "ltd"),
    ):
        n = normalize(name)
        assert n.legal_form is not None and n.legal_form.key == form, name
    # words that are swaps of a form by chance stay words (Pte, Corp)
    for name in ("Happy Pet", "Alpha Crop"):
        assert normalize(name).legal_form is None


@pytest.mark.parametrize(
    ("name", "key", "qualifiers"),
    [
        # a country abroad after the name is its qualifier, as in brackets
        ("海康威视美国有限公司", "海康威视", ("美国",)),
        ("海康威视（美国）有限公司", "海康威视", ("美国",)),
        ("华为技术日本株式会社", "华为技术", ("日本",)),
        ("三星电子韩国有限公司", "三星电子", ("韩国",)),  # the short form (locations.yaml)
        ("埃比特系统美国分公司", "埃比特系统", ("分公司", "美国")),  # a branch there
        # a country that opens the name is no qualifier (USA Rare Earth), nor one with fewer
        # than two characters before it, nor China
        ("美国稀土公司", "美国稀土", ()),
        ("新美国有限公司", "新美国", ()),
        ("可口可乐中国有限公司", "可口可乐中国", ()),
        # a Chinese place whose name ends with a country's: Inner Mongolia, not Mongolia
        ("中国移动通信集团内蒙古有限公司", "移动通信集团内蒙古", ()),
    ],
)
def test_a_country_after_a_chinese_name_qualifies_it(
    name: str, key: str, qualifiers: tuple[str, ...]
) -> None:
    n = normalize(name)
    assert (n.key, n.qualifiers) == (key, qualifiers)


@pytest.mark.parametrize(
    ("text", "tokens", "prefix"),
    [
        ("Hikvision (China)", ("hikvision",), "中国"),
        ("Hikvision, China", ("hikvision",), "中国"),
        ("Hikvision, P.R. China", ("hikvision",), "中国"),
        ("Hikvision (PRC)", ("hikvision",), "中国"),
        # a place the name opens with says more
        (
            "Hangzhou Hikvision Digital Technology Co., Ltd. (China)",
            ("hikvision", "digital", "technology"),
            "杭州",
        ),
        # part of a registered name, or of the name's words, or all there is: a word
        # a mainland place in brackets is where it is registered, as 旷视（北京）科技 has it
        ("Megvii (Beijing) Technology Co., Ltd.", ("megvii", "technology"), "北京"),
        ("Karinka (Tianjin) International Trade", ("karinka", "international", "trade"), "天津"),
        # ... not Hong Kong, which says the company there (related, not the same)
        ("Hikvision (Hong Kong) Limited", ("hikvision", "hong", "kong"), None),
        ("Qualcomm (China) Holding Co., Ltd.", ("qualcomm", "china", "holding"), None),
        ("Bank of China", ("bank", "china"), None),
        ("Hikvision China", ("hikvision", "china"), None),
        ("(China)", ("china",), None),
    ],
)
def test_a_place_after_a_name_is_where_the_company_is(
    text: str, tokens: tuple[str, ...], prefix: str | None
) -> None:
    n = normalize(text)
    assert (n.tokens, n.prefix) == (tokens, prefix)
    # as the Chinese name writes it: 海康威视（中国）
    assert normalize("海康威视（中国）有限公司").prefix == "中国"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD., No.555 Qianmo Road, Binjiang "
            "District, Hangzhou",
            "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.",
        ),
        (
            "Hikvision Digital Technology Co. Ltd. - Hangzhou",
            "Hikvision Digital Technology Co. Ltd.",
        ),
        ("Dahua Technology Co., Ltd., Hangzhou, Zhejiang 310053", "Dahua Technology Co., Ltd."),
        # not an address: a unit, a branch, a place without a legal form before it
        (
            "China Electronics Technology Group Corporation, 14th Research Institute",
            "China Electronics Technology Group Corporation 14th Research Institute",
        ),
        (
            "Huawei Technologies Co., Ltd., Beijing Branch",
            "Huawei Technologies Co., Ltd. Beijing Branch",
        ),
        ("Hikvision, Hangzhou", "Hikvision Hangzhou"),
        # in Chinese: after the legal form and a break, or 地址 (address)
        (
            "杭州海康威视数字技术股份有限公司，杭州市滨江区阡陌路555号",
            "杭州海康威视数字技术股份有限公司",
        ),
        (
            "杭州海康威视数字技术股份有限公司地址：杭州市滨江区阡陌路555号",
            "杭州海康威视数字技术股份有限公司",
        ),
        ("华为技术有限公司北京市分公司", "华为技术有限公司北京市分公司"),  # a branch
    ],
)
def test_an_address_after_a_name_is_not_part_of_it(text: str, name: str) -> None:
    n, written = normalize(text), normalize(name)
    assert (n.key, n.qualifiers) == (written.key, written.qualifiers)


@pytest.mark.parametrize(
    ("text", "head", "qualifiers", "prefix"),
    [
        ("科大讯飞华南有限公司", "科大讯飞", ("华南",), None),  # iFlytek's South China company
        ("华东医药股份有限公司", "华东", (), None),  # a name that opens with a region
        ("陕西西北", "西北", (), "陕西"),  # after a place, part of the name
    ],
)
def test_a_region_of_china_after_a_brand_is_its_company_there(
    text: str, head: str, qualifiers: tuple[str, ...], prefix: str | None
) -> None:
    n = normalize(text)
    assert (n.head, n.qualifiers, n.prefix) == (head, qualifiers, prefix)


def test_of_two_places_read_alike_the_better_known_is_meant() -> None:
    # 苏州 and 宿州 are both Suzhou; 福州 and 抚州 Fuzhou: the list writes the first
    assert normalize("Suzhou Keda Technology Co., Ltd.").prefix == "苏州"
    assert normalize("Fuzhou Rockchip Electronics Co., Ltd.").prefix == "福州"
    # Shaanxi is how 陕西 is told from 山西 in English
    assert (normalize("Shanxi Coal Co.").prefix, normalize("Shaanxi Coal Co.").prefix) == (
        "山西",
        "陕西",
    )


def test_a_name_written_in_pinyin_reads_its_generic_words_in_english() -> None:
    # as some lists romanise a whole Chinese name: its generic words and legal form are read
    # as the English ones they stand for, however the words are split
    for name in ("Wulumuqi Shi Gongan Ju", "Wulumuqi Shi Gong'an Ju", "Wulumuqi Gonganju"):
        assert normalize(name).key == normalize("Urumqi Public Security Bureau").key, name
    assert (
        normalize("Xinjiang Weiwuer Zizhiqu Gongan Ting").key == "xinjiang public security bureau"
    )
    n = normalize("Hangzhou Haikang Weishi Shuzi Jishu Gufen Youxian Gongsi")
    assert (n.key, n.prefix) == ("haikang weishi digital technology", "杭州")
    assert n.legal_form is not None and n.legal_form.key == "股份有限公司"
    assert normalize("Ruiyuan Keji Youxian Gongsi").key == normalize("Ruiyuan Technology Co").key
    # the words that say which body it is stay as written: they are its pinyin
    assert normalize("Xinjiang Shengchan Jianshe Bingtuan").pinyin == "shengchanjianshebingtuan"
    # and a word that is not one of them is no legal form by a letter (公式 is not 公司)
    assert normalize("Ningbo Gongshi").tokens == ("gongshi",)


@pytest.mark.parametrize(
    ("name", "level"),
    [
        # a city, and the prefecture of that name: 喀什市 lies within 喀什地区
        ("喀什市公安局", "city"),
        ("喀什地區公安局", "prefecture"),  # traditional characters
        ("新疆维吾尔自治区喀什地区公安局", "prefecture"),  # after its province
        ("克孜勒苏柯尔克孜自治州公安局", "prefecture"),
        ("Kashgar City Public Security Bureau", "city"),
        ("Kashi Shi Gonganju", "city"),  # in pinyin
        ("Hotan Prefecture Public Security Bureau", "prefecture"),
        ("Kizilsu Kirghiz Autonomous Prefecture Public Security Bureau", "prefecture"),
        ("Urumqi Municipal Public Security Bureau", "city"),
        # no level said, or one that lists write for both (District: 区 and 地区)
        ("杭州海康威视数字技术股份有限公司", None),
        ("Aksu District Public Security Bureau", None),
        ("Hikvision", None),
    ],
)
def test_the_level_a_name_says_its_place_is_at(name: str, level: str | None) -> None:
    assert place_level(normalize(name)) == level


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Hikvision; Dahua", ("Hikvision", "Dahua")),
        ("大华、海康威视", ("大华", "海康威视")),
        ("Hikvision | Dahua Technology；立昂技术", ("Hikvision", "Dahua Technology", "立昂技术")),
        # one name, or a list whose other parts name nothing
        ("Hikvision", ()),
        ("Hikvision;", ()),
        ("Hikvision; Ltd", ()),
        ("a; b", ()),
    ],
)
def test_the_names_a_cell_lists(text: str, parts: tuple[str, ...]) -> None:
    assert listed_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # a supplier file's brand in brackets after the registered name
        (
            "Beijing Kuangshi Technology Co., Ltd. (Megvii)",
            ("Beijing Kuangshi Technology Co., Ltd.", "Megvii"),
        ),
        ("Megvii (Face++)", ("Megvii", "Face++")),
        ("Acme Ltd (SenseTime)", ("Acme Ltd", "SenseTime")),  # capitals inside a brand
        # no other name: a place, a country or a region, a kind, the name's initials, initials
        # alone on either side, a relation to a body, a market, a row all in capitals
        ("Megvii (Beijing)", ()),
        ("Hikvision (HK)", ()),
        ("Acme Ltd (USA)", ()),
        ("Acme GmbH (Deutschland)", ()),  # a country in its own language (country_marks)
        ("Hikvision (Europe)", ()),
        ("Acme Holdings (Group)", ()),
        ("Mercator Institute for China Studies (MERICS)", ()),
        ("Alabuga Special Economic Zone (SEZ)", ()),
        ("ADF (Allied Democratic Forces)", ()),
        ("ABC Trading Ltd (a subsidiary of Hikvision)", ()),
        ("ABC Trading Ltd (Hikvision distributor)", ()),
        ("Acme Inc (NYSE)", ()),
        ("BEIJING KUANGSHI TECHNOLOGY CO LTD (MEGVII)", ()),
        ("海康威视数字技术(香港)有限公司", ()),
        # the name's own short name: normalising drops it (below)
        ("Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision)", ()),
    ],
)
def test_a_name_given_with_another_in_brackets(text: str, parts: tuple[str, ...]) -> None:
    assert bracket_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # fewer words than the name, each a word of it, in order: the name's short name
        (
            "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD (HIKVISION)",
            "hikvision digital technology",
        ),
        ("Zhejiang Dahua Technology Co., Ltd. (Dahua Technology)", "dahua technology"),
        # a word the name has not, or as many words as it: more of the name
        (
            "China Electronics Technology Group Corporation [CETC Group]",
            "electronics technology group corporation cetc",
        ),
        ("Dahua (Dahua Technology)", "dahua dahua technology"),
        ("Acme Ltd (Technology)", "acme ltd technology"),
    ],
)
def test_a_latin_names_own_short_name_in_brackets_says_nothing_more(text: str, key: str) -> None:
    n = normalize(text)
    assert n.key == key
    if text.startswith(("HANGZHOU", "Zhejiang")):  # its legal form is read, not hidden by it
        assert n.legal_form is not None and n.legal_form.key == "co ltd"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # a fixed-width field (30 characters here) cut inside a descriptor or a legal form
        ("HANGZHOU HIKVISION DIGITAL TEC", ("HANGZHOU HIKVISION DIGITAL",)),
        ("ZHEJIANG DAHUA TECHNOLOGY CO L", ("ZHEJIANG DAHUA TECHNOLOGY CO",)),
        ("ZHEJIANG DAHUA TECHNOLOGY CO.,L", ("ZHEJIANG DAHUA TECHNOLOGY CO",)),
        ("CHINA ELECTRONICS TECHNOLOGY GRO", ("CHINA ELECTRONICS TECHNOLOGY",)),
        ("Acme International Trading Limite", ("Acme International Trading",)),
        # as a terminal cuts a name before the share class
        ("HANGZHOU HIKVISION DIGITAL T-A", ("HANGZHOU HIKVISION DIGITAL",)),
        # a shorter field, by an ending no name has as written: a form's first word and the
        # start of its second, or a descriptor's first six letters or more
        ("IFLYTEK CO LT", ("IFLYTEK CO",)),
        ("YITU TECHNOLO", ("YITU",)),
        ("SENSETIME INTERNATI", ("SENSETIME",)),
        # not cut: too short for a field that cuts, a whole word (a descriptor, a form, an
        # abbreviation, a pinyin syllable, a word names end with), no letter last, nothing
        # left that names a body
        ("DAHUA DIGITAL TEC", ()),
        ("Acme Elect", ()),  # five letters: a short name may end so
        ("CO LT", ()),  # nothing before the form
        ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY", ()),
        ("ZHEJIANG DAHUA TECHNOLOGY CO LTD", ()),
        ("HANGZHOU HIKVISION DIGITAL TECH", ()),
        ("Shenzhen Hua Xin Zhong Feng", ()),
        ("Shanghai Automotive SAIC Auto", ()),
        ("HANGZHOU HIKVISION DIGITAL TEC.", ()),
        ("Krastsvetmet Trading Co., Lt.d", ()),  # a form misspelt, not cut
        ("Concern Granit-Electron", ()),
        ("International Technology Grou", ()),
        ("海康威视数字技术股份有限公司 HIKVISION DIGITAL TEC", ()),
    ],
)
def test_a_name_cut_off_inside_its_last_word(text: str, parts: tuple[str, ...]) -> None:
    assert cut_parts(text) == parts
    # the quick test lets every cut one through to ``name_parts``
    assert may_give_names(normalize(text)) or not parts


@pytest.mark.parametrize(
    "full",
    [
        "杭州海康威视数字技术股份有限公司",
        "浙江大华技术股份有限公司",
        "北京旷视科技有限责任公司",
        "中国电子科技集团有限公司",
        "三菱重工業株式会社",
    ],
)
def test_a_chinese_legal_form_cut_off_is_still_read(full: str) -> None:
    # a field that counts bytes or characters cuts the form (three characters of it left at
    # least), which no name ends with otherwise: the name is the full one
    whole = normalize(full)
    assert whole.legal_form is not None
    for size in range(3, len(whole.legal_form.key)):
        n = normalize(full[: len(full) - len(whole.legal_form.key) + size])
        assert (n.key, n.legal_form) == (whole.key, whole.legal_form)


def test_a_bureau_after_its_province_is_the_bureau_of_its_place() -> None:
    # the province is a prefix in its one spelling; the place is the name, as without it
    n = normalize("新疆维吾尔自治区和田地区公安局")
    assert (n.prefix, n.head, n.key) == ("新疆", "和田", "和田公安局")
    assert names_an_organ(n) and names_an_organ(normalize("和田地区公安局"))
    assert not names_an_organ(normalize("浙江省和田地区公安局"))  # a province apart


@pytest.mark.parametrize(
    ("code", "place"),
    [
        ("916501002999341738", "新疆"),  # Leon Technology, Urumqi
        ("91330000733796106P", "浙江"),  # Hikvision, Hangzhou
        ("914403007954257495", "广东"),  # DJI, Shenzhen
        (" 91110000710929498g ", "北京"),  # as typed: spaces, small letters
        ("91990000733796106Q", None),  # valid, but no province has 99
        ("9133000073379610", None),  # too short
        ("91330000733796106O", None),  # O is no USCC character
        ("91330000733796106Q", None),  # a wrong check character
    ],
)
def test_a_unified_social_credit_code_says_the_province(code: str, place: str | None) -> None:
    assert uscc_place(code) == place
