from __future__ import annotations

import pytest

from complicity.model import Judgement
from complicity.names.match import FEATURES, THRESHOLD, AliasTable, score
from complicity.names.normalize import NameInputError

HIKVISION = [
    "杭州海康威视数字技术股份有限公司",
    "海康威视",
    "海康威視",
    "Hikvision",
    "HIKVISION DIGITAL TECHNOLOGY CO LTD",
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
]


def store_like_aliases() -> AliasTable:
    """An alias table built the way NameIndex.from_store builds it: names sharing an entity id."""
    return AliasTable.from_pairs(
        [("hikvision", n) for n in HIKVISION]
        + [("dahua", "浙江大华技术股份有限公司"), ("dahua", "Zhejiang Dahua Technology Co., Ltd.")]
        + [("uob", "大华银行"), ("uob", "United Overseas Bank")]
    )


def test_a_brand_said_of_another_registered_company_is_not_the_entity() -> None:
    # names alone cannot tell Hikvision from its system-technology company; the store can: 海康威视
    # is the brand of the entity registered as 杭州海康威视数字技术股份有限公司
    aliases = store_like_aliases()
    assert score("杭州海康威视系统技术有限公司", "海康威视").same
    for a, b in [("杭州海康威视系统技术有限公司", "海康威视"), ("海康威视", "杭州海康威视系统技术有限公司"),
                 ("Hikvision Europe B.V.", "Hikvision")]:  # fmt: skip
        result = score(a, b, aliases)
        assert not result.same and result.explanation[0].name == "group_company", (a, b)
    detail = score("杭州海康威视系统技术有限公司", "海康威视", aliases).explanation[0].detail
    assert "杭州海康威视数字技术股份有限公司" in detail and "系统" in detail
    # the entity's registered name said otherwise is still it
    assert score("杭州海康威视数字技术有限公司", "海康威视", aliases).same
    # the brand's own words with a place and a legal form: a company registered there, which
    # the alias table does not take for a name of the entity either
    sensetime = AliasTable.from_pairs(
        [("sensetime", "商汤集团股份有限公司"), ("sensetime", "商汤科技")]
    )
    result = score("深圳市商汤科技有限公司", "商汤科技", sensetime)
    assert not result.same and result.explanation[0].name == "group_company"
    assert "深圳" in result.explanation[0].detail
    assert score("商汤科技有限公司", "商汤科技", sensetime).same  # no place: the brand's company


def test_a_homophone_of_an_entitys_chinese_name_is_not_its_romanisation() -> None:
    # 达华 reads dahua, as Dahua does; the store writes Dahua's name 大华 (杭州 lies in 浙江: no
    # conflict of places)
    aliases = store_like_aliases()
    assert score("杭州达华科技有限公司", "Zhejiang Dahua Technology Co., Ltd.").same
    result = score("杭州达华科技有限公司", "Zhejiang Dahua Technology Co., Ltd.", aliases)
    assert not result.same
    assert result.explanation[0].name == "homophone"
    assert "大华" in result.explanation[0].detail and result.explanation[0].contribution == 0.0
    flipped = score("Zhejiang Dahua Technology Co., Ltd.", "杭州达华科技有限公司", aliases)
    assert flipped.score == result.score
    # the entity's own head, and a name the store does not know, are scored as before
    assert score("大华股份", "Zhejiang Dahua Technology Co., Ltd.", aliases).score == 1.0
    assert (
        score("杭州达华科技有限公司", "Dahua Trading", aliases).explanation[0].name != "homophone"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("杭州海康威视数字技术股份有限公司", "海康威视"),
        ("海康威視", "海康威视"),
        ("杭州海康威视数字技术股份有限公司", "海康威視"),
        ("Hikvision", "HIKVISION DIGITAL TECHNOLOGY CO LTD"),
        ("HIKVISION DIGITAL TECHNOLOGY CO LTD", "Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("浙江大华技术股份有限公司", "大华股份"),
        ("新疆立昂技术股份有限公司", "立昂技术"),
        ("浙江大华技术股份有限公司", "Zhejiang Dahua Technology Co., Ltd."),  # pinyin
        ("华为技术有限公司", "Huawei Technologies Co., Ltd."),
        ("ＨＩＫＶＩＳＩＯＮ", "Hikvision"),
        # Baltic and Nordic forms, before or after the name (the MOFCOM list's Ekspla公司)
        ("Ekspla UAB", "Ekspla公司"),
        ("UAB Ekspla", "Ekspla UAB"),
        ("SIA Baltic Optics", "Baltic Optics"),
        ("Nokia Oyj", "Nokia Corporation"),
        # the country a Chinese name of a foreign company opens with weighs little (MOFCOM)
        ("IMSAR, LLC", "美国IMSAR公司"),
        # the company in a country abroad, the country said in each script
        ("大华技术美国有限公司", "Dahua Technology USA Inc."),
        ("大华技术（美国）有限公司", "Dahua Technology USA Inc."),
        ("华为技术日本株式会社", "Huawei Technologies Japan K.K."),
        # a brand split in two and misspelt: its letters, descriptor and all, are compared
        ("Hik Vison Technology", "Hikvision Technology"),
        # a misspelt small word is no word added (nad: and), nor a legal form cut apart (In.c)
        (
            "Central Research nad Development Institute Tsiklon",
            "Central Research and Development Institute Tsiklon",
        ),
        ("Export Dana Davidovich In.c", "Export Dana Davidovich Inc."),
    ],
)
def test_same_company_without_aliases(a: str, b: str) -> None:
    result = score(a, b)
    assert result.same, (result.score, result.explanation)
    assert score(b, a).score == pytest.approx(result.score)


@pytest.mark.parametrize("latin", ["Hikvision", "HIKVISION DIGITAL TECHNOLOGY CO LTD"])
@pytest.mark.parametrize("han", ["杭州海康威视数字技术股份有限公司", "海康威视", "海康威視"])
def test_han_latin_brand_needs_an_alias(han: str, latin: str) -> None:
    assert not score(han, latin).same  # Hikvision is not pinyin
    result = score(han, latin, store_like_aliases())
    assert result.same and result.score == 1.0
    assert result.explanation[0].name == "known_alias"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("大华银行", "大华股份"),  # United Overseas Bank is not Dahua
        ("科大讯飞", "科大国创"),  # shared prefix
        ("立昂微电子", "立昂技术"),  # different business
        ("海康威视", "海康威视数字技术(香港)有限公司"),  # parent vs Hong Kong subsidiary
        ("北京银行", "上海银行"),
        ("大华银行", "Dahua Technology"),
        ("Deutsche Bank AG", "Deutsche Bank GmbH"),
        ("Volkswagen AG", "Siemens AG"),
        ("Baltic Optics UAB", "Baltic Optics GmbH"),  # a stock company is not a limited one
        # two countries a letter or two apart: subsidiaries in each, not a typo
        ("Hikvision Australia Pty Ltd", "Hikvision Austria GmbH"),
        ("Bank of Armenia Corporation", "Bank of America Corporation"),
        ("Niger Oil Ltd", "Nigeria Oil Ltd"),
        ("CASC", "CASIC"),  # two sets of initials, both on the DoD's 1260H list
        # two descriptors alike in letters are two lines of business (电子, 电气), however
        # little else the names say
        ("China Electronics Corporation", "China Electric Corporation"),
        # the brands differ by a letter; the descriptor both have does not make them alike
        ("Leo Technology", "Leon Technology"),
        # a series' number added is another company, however few its letters (a fund's, II)
        ("Bowne Global Solutions II Denmark A/S", "Bowne Global Solutions Denmark, A/S"),
        # the company abroad is not the brand's entity, in either script
        ("海康威视美国有限公司", "海康威视"),
        ("大华技术美国有限公司", "Dahua Technology Co., Ltd."),
    ],
)
def test_different_companies_fall_below_the_threshold(a: str, b: str) -> None:
    result = score(a, b)
    assert not result.same, (result.score, result.explanation)
    assert not score(a, b, store_like_aliases()).same


def test_uob_is_not_dahua_even_with_aliases() -> None:
    aliases = store_like_aliases()
    assert score("大华银行", "United Overseas Bank", aliases).same
    assert not score("大华银行", "Zhejiang Dahua Technology Co., Ltd.", aliases).same


def test_explanation_is_the_declared_features() -> None:
    result = score("浙江大华技术股份有限公司", "Zhejiang Dahua Technology Co., Ltd.")
    assert 0.0 <= result.score <= 1.0
    assert result.explanation
    for f in result.explanation:
        assert f.name in FEATURES
        assert f.weight == FEATURES[f.name].weight
        assert f.contribution == pytest.approx(
            f.weight * f.value * (-1 if FEATURES[f.name].kind == "penalty" else 1), abs=1e-3
        )
    assert result.same == (result.score >= THRESHOLD)


def test_judgements_override_scores() -> None:
    aliases = store_like_aliases()
    aliases.add_judgement(Judgement("dahua", "大华银行", same=False, who="t", at="2024-01-01"))
    aliases.add_judgement(Judgement("旷视科技", "Megvii", same=True, who="t", at="2024-01-01"))
    result = score("浙江大华技术股份有限公司", "大华银行", aliases)
    assert result.score == 0.0 and result.explanation[0].name == "judgement"
    assert score("北京旷视科技有限公司", "MEGVII", aliases).same
    # a later judgement wins
    aliases.add_judgement(Judgement("旷视科技", "Megvii", same=False, who="t", at="2024-02-01"))
    assert not score("旷视科技", "Megvii", aliases).same


def test_mixed_script_names_do_not_crash() -> None:
    assert score("LKD航天公司", "LKD Aerospace").same
    result = score("IHI宇航株式会社 Hikvision", "Hikvision 海康威视")
    assert 0.0 <= result.score <= 1.0


@pytest.mark.parametrize("bad", ["", "   ", "!!!...", "x" * 10_000, "海" * 10_000])
def test_bad_input_raises_a_value_error(bad: str) -> None:
    with pytest.raises(NameInputError):
        score(bad, "Hikvision")
    with pytest.raises(ValueError):
        score("Hikvision", bad)


def test_long_but_valid_names_score() -> None:
    long_name = "Hikvision " + "Digital Technology " * 40
    assert 0.0 <= score(long_name.strip(), "Hikvision").score <= 1.0


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Tradign Sayed Ltd", "Trading Sayed Ltd", True),  # two letters swapped in a descriptor
        ("EXTERNAL TECHNOLGOY GENERAL CORPORATION", "External Technology General Corp", True),
        ("China Railway Constructors Corporation", "China Railway Construction Corporation", False),
    ],
)
def test_a_misspelt_descriptor_is_that_descriptor(a: str, b: str, same: bool) -> None:
    assert score(a, b).same is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Brigade Forty-Four", "Brigade 44"),
        ("3 Percenters", "Three Percenters"),
        ("U.S. Department of State", "United States Department of State"),
        ("Seven Eleven Inc", "7-Eleven, Inc."),
    ],
)
def test_numbers_in_words_and_us_abbreviation_match(a: str, b: str) -> None:
    assert score(a, b).score >= THRESHOLD


def test_a_different_number_is_another_company() -> None:
    assert score("Brigade Forty-Four", "Brigade 45").score < THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CRYSTALORD SYSTEMS LIMITED", "CRYSTALORD LTD"),
        ("ABC International", "A.B.C. Company"),
        ("Siemens Holdings", "Siemens AG"),
    ],
)
def test_extra_word_against_a_name_written_with_its_legal_form_is_another_company(
    a: str, b: str
) -> None:
    result = score(a, b)
    assert result.score < THRESHOLD
    assert any(
        f.name == "descriptor_mismatch" and "has a legal form" in f.detail
        for f in result.explanation
    )


def test_a_descriptor_said_otherwise_pairs_off_and_costs_a_little() -> None:
    # 科技 and 技术 both say technology: paired, they cost as one weak word, and what is left
    # (数字) is a word the name written with its legal form lacks: another registration
    same = score("北京立昂科技集团有限公司", "立昂技术集团有限公司")
    assert THRESHOLD <= same.score < 1.0
    assert "said otherwise: 科技 ~ 技术" in same.explanation[-1].detail
    apart = score("杭州海康威视科技有限公司", "杭州海康威视数字技术股份有限公司")
    assert not apart.same and "has a legal form" in apart.explanation[-1].detail
    assert score("海康威视科技", "杭州海康威视数字技术股份有限公司").same  # a short name


@pytest.mark.parametrize(
    ("taiwan", "mainland"),
    [
        ("杭州海康威視數位技術股份有限公司", "杭州海康威视数字技术股份有限公司"),  # digital
        ("旗速網路科技有限公司", "旗速网络科技有限公司"),  # network
        ("宏芯晶片科技有限公司", "宏芯芯片科技有限公司"),  # chip
    ],
)
def test_a_word_as_taiwan_writes_it_is_the_mainland_word(taiwan: str, mainland: str) -> None:
    # t2s converts characters, not words: 數位 becomes 数位, Taiwan's word for 数字
    result = score(taiwan, mainland)
    assert result.same
    assert "said otherwise" in result.explanation[-1].detail


def test_a_taiwan_word_is_still_its_line_of_business() -> None:
    # 数位 is a descriptor as 数字 is: 大华数位 is not 大华银行
    assert not score("大华数位", "大华银行").same


def test_science_and_technology_is_technology_in_a_companys_name() -> None:
    # 科技 written both ways: the Entity List's DJI and its own English name
    same = score("Shenzhen DJI Sciences and Technologies Ltd.", "SZ DJI Technology Co., Ltd.")
    assert THRESHOLD <= same.score < 1.0
    assert (
        "said otherwise: sciences and technology ~ technology (科技)" in same.explanation[-1].detail
    )
    assert score("Beijing Zhongke Science and Technology Co Ltd", "Zhongke Technology Co Ltd").same
    # science without technology stays a word the other lacks
    assert not score("Zhongke Science and Technology Co", "Zhongke Science Co").same


def test_seats_of_learning_of_other_subjects_are_apart() -> None:
    # 北京科技大学 and 北京工业大学: two universities
    apart = score(
        "University of Science and Technology Beijing", "Beijing University of Technology"
    )
    assert not apart.same
    assert "seats of learning of other subjects: science" in apart.explanation[-1].detail
    assert not score("Harbin Institute of Technology", "Harbin Engineering Institute").same
    assert score("Harbin Institute of Technology", "HARBIN INSTITUTE OF TECHNOLOGY").same


def test_a_city_company_sharing_a_national_brands_word_is_not_the_brand() -> None:
    # 中国联通 (China Unicom) and 中国电科 (CETC) are the nation's; a trading company registered
    # in 东莞 under the word is another company
    for brand, local in (
        ("中国联通", "东莞市联通贸易有限公司"),
        ("中国电科", "东莞市电科贸易有限公司"),
    ):
        result = score(local, brand)
        assert not result.same
        assert any(
            f.name == "prefix_mismatch" and "is a national brand" in f.detail
            for f in result.explanation
        )
    # so is a company registered in a city under a registered national name's words, in
    # either script
    for local, national in (
        ("深圳市海洋石油有限公司", "中国海洋石油集团有限公司"),
        ("Shenzhen Mobile Communications Co., Ltd.", "中国移动通信有限公司"),
    ):
        result = score(local, national)
        assert not result.same
        assert any("is a registered national name" in f.detail for f in result.explanation)
    assert score("China Mobile Communications Co., Ltd.", "中国移动通信有限公司").same
    # a city's branch said short still matches, and a name with no place is weak evidence
    assert score("北京联通", "中国联通").same
    assert score("海洋石油有限公司", "中国海洋石油有限公司").same


def test_technology_development_is_two_descriptors() -> None:
    result = score("北京商汤科技开发有限公司", "商汤科技")
    assert result.same and result.explanation[0].detail == "head 商汤 ~ 商汤"


@pytest.mark.parametrize(
    ("a", "b"),
    [("KPMG International", "KPMG"), ("faberlic", "FABERLIC EUROPE Sp. z o.o.")],
)
def test_extra_word_against_a_short_name_without_legal_form_still_matches(a: str, b: str) -> None:
    assert score(a, b).score >= THRESHOLD


def test_the_abbreviation_a_name_gives_finds_it() -> None:
    result = score("MERICS", "Mercator Institute for China Studies (MERICS)")
    assert result.same and any(f.name == "acronym" for f in result.explanation)
    assert not score("MERICS", "Mercator Institute for China Studies").same


def test_a_place_spelt_in_latin_is_the_chinese_place_read_so() -> None:
    # Suzhou is 苏州 (Jiangsu) and 宿州 (Anhui): against either, the English spelling is that one
    for place in ("苏州", "宿州"):
        result = score("Suzhou Yida Intelligent Technology", f"{place}亿可达智能科技有限公司")
        assert result.same, (place, result.explanation)
        assert not any(f.name == "prefix_mismatch" for f in result.explanation)
    # another place is still another place, and two Chinese places read alike are still two
    other = score("Hangzhou Yida Intelligent Technology", "苏州亿可达智能科技有限公司")
    assert any(f.name == "prefix_mismatch" for f in other.explanation)
    han = score("苏州亿可达智能科技有限公司", "宿州亿可达智能科技有限公司")
    assert any(f.name == "prefix_mismatch" for f in han.explanation)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("广州宏达贸易有限公司", "丹东宏达贸易有限公司"),  # a common name in two cities
        ("北京旷视科技有限公司", "上海旷视科技有限公司"),  # a group's company in another city
        ("香港宏达贸易有限公司", "广州宏达贸易有限公司"),  # Hong Kong is a registration place too
        # a name opening with 中国 is the State Council's to give: a Guangzhou company is another
        ("中国宏达贸易有限公司", "广州宏达贸易有限公司"),
        ("广州宏达贸易有限公司", "Dandong Hongda Trading Co., Ltd."),
        ("Beijing Megvii Technology Co., Ltd.", "Shanghai Megvii Technology Co., Ltd."),
        ("SZ DJI Technology Co., Ltd.", "Suzhou DJI Technology Co., Ltd."),  # SZ is Shenzhen
    ],
)
def test_one_name_registered_in_two_places_is_two_companies(a: str, b: str) -> None:
    result = score(a, b)
    assert not result.same, result.explanation
    assert any(f.name == "prefix_mismatch" for f in result.explanation)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("杭州大华技术有限公司", "浙江大华技术股份有限公司"),  # Hangzhou lies in Zhejiang
        ("新疆立昂技术有限公司", "新疆维吾尔自治区立昂技术有限公司"),  # the province's long name
        ("深圳前海宏达贸易有限公司", "广东宏达贸易有限公司"),  # a zone of Shenzhen, in Guangdong
        ("宏达贸易有限公司", "广州宏达贸易有限公司"),  # a place on one side only: weak evidence
        ("SZ DJI Technology Co., Ltd.", "Shenzhen DJI Technology Co., Ltd."),  # as DJI writes it
        ("SZ DJI Technology Co., Ltd.", "深圳市大疆科技有限公司"),
    ],
)
def test_places_within_one_another_do_not_conflict(a: str, b: str) -> None:
    result = score(a, b)
    assert result.same, result.explanation
    assert not any(f.name == "prefix_mismatch" for f in result.explanation)


# Public security bureaus of Xinjiang that the US Entity List added in October 2019, by the
# names it gives them, and their Chinese names. Each is its place's bureau: a place that lies in
# another (Urumqi in Xinjiang) is still another bureau.
BUREAUS = [
    (
        "Xinjiang Uighur Autonomous Region People's Government Public Security Bureau",
        "新疆维吾尔自治区公安厅",
    ),
    ("Aksu District Public Security Bureau", "阿克苏地区公安局"),
    ("Bortala Mongolian Autonomous Prefecture Public Security Bureau", "博尔塔拉蒙古自治州公安局"),
    (
        "Bayingolin Mongolian Autonomous Prefecture Public Security Bureau",
        "巴音郭楞蒙古自治州公安局",
    ),
    ("Changji Hui Autonomous Prefecture Public Security Bureau", "昌吉回族自治州公安局"),
    ("Hotan Prefecture Public Security Bureau", "和田地区公安局"),
    ("Ili Kazakh Autonomous Prefecture Public Security Bureau", "伊犁哈萨克自治州公安局"),
    ("Karamay Municipality Public Security Bureau", "克拉玛依市公安局"),
    ("Kashgar Prefecture Public Security Bureau", "喀什地区公安局"),
    ("Kizilsu Kyrgyz Autonomous Prefecture Public Security Bureau", "克孜勒苏柯尔克孜自治州公安局"),
    ("Turfan Municipality Public Security Bureau", "吐鲁番市公安局"),
    ("Urumqi Municipality Public Security Bureau", "乌鲁木齐市公安局"),
]


def test_a_country_after_the_brand_is_another_registration_across_scripts() -> None:
    # USA is normalised "us"; it must not vanish from the words the pinyin is compared with
    result = score("Dahua Technology USA Inc.", "浙江大华技术股份有限公司")
    assert not result.same, result.explanation
    assert score("Dahua Technology Co., Ltd.", "浙江大华技术股份有限公司").same


def test_each_bureau_is_its_own_in_both_scripts_and_no_other() -> None:
    wrong = []
    for i, (en, zh) in enumerate(BUREAUS):
        for j, (other_en, other_zh) in enumerate(BUREAUS):
            pairs = [(en, other_zh)] + ([(en, other_en), (zh, other_zh)] if i < j else [])
            # as lists also write it: Public Security Bureau of Hotan Prefecture
            after_of = "Public Security Bureau of " + en.removesuffix(" Public Security Bureau")
            pairs += [(after_of, other_zh), (after_of, other_en)]
            for a, b in pairs:
                result = score(a, b)
                if result.same != (i == j):
                    wrong.append((a, b, round(result.score, 2)))
    assert wrong == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Xinjiang Public Security Bureau", "新疆维吾尔自治区公安厅"),
        ("新疆公安厅", "新疆维吾尔自治区公安厅"),
        ("Urumqi Public Security Bureau", "Urumqi Municipality Public Security Bureau"),
        ("乌鲁木齐公安局", "乌鲁木齐市公安局"),
        # the place spelt otherwise: the Uyghur name's spelling, the pinyin, another romanisation
        ("新疆维吾尔自治区公安厅", "Xinjiang Uyghur Autonomous Region Public Security Department"),
        ("Hotan Prefecture Public Security Bureau", "Hetian Prefecture Public Security Bureau"),
        ("Kashi Public Security Bureau", "Kashgar Prefecture Public Security Bureau"),
        # PSB, as the press writes it
        ("Hotan PSB", "Hotan Prefecture Public Security Bureau"),
        ("Urumqi PSB", "乌鲁木齐市公安局"),
        # the place after "of", as lists also write it
        (
            "Public Security Department of Xinjiang Uyghur Autonomous Region",
            "新疆维吾尔自治区公安厅",
        ),
        ("Public Security Bureau of Hotan Prefecture", "Hetian Prefecture Public Security Bureau"),
        ("Public Security Bureau of Urumqi Municipality", "乌鲁木齐市公安局"),
    ],
)
def test_a_bureau_named_short_is_still_that_bureau(a: str, b: str) -> None:
    assert score(a, b).same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Xinjiang Public Security Bureau", "Urumqi Public Security Bureau"),
        ("Xinjiang Public Security Bureau", "乌鲁木齐市公安局"),
        ("新疆维吾尔自治区公安厅", "喀什地区公安局"),
        ("Xinjiang Police College", "新疆维吾尔自治区公安厅"),
        ("Aksu District Public Security Bureau", "喀什地区公安局"),  # Aksu is 阿克苏, not k-s
        ("Urumqi PSB", "Kashgar PSB"),
        # Turpan is 吐鲁番; CC-CEDICT's entry for 伊犁 mentions it, which is no translation
        ("Turpan Public Security Bureau", "伊犁哈萨克自治州公安局"),
    ],
)
def test_the_regions_department_is_not_a_citys_bureau(a: str, b: str) -> None:
    result = score(a, b)
    assert not result.same, result.explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [("大华", "Dahua Bank"), ("大华股份", "Dahua Securities"), ("海康威视", "Haikang Weishi Bank")],
)
def test_a_sector_word_the_chinese_name_lacks_is_another_business(a: str, b: str) -> None:
    # 大华银行 (United Overseas Bank) is not 大华股份 (Dahua), in either script
    result = score(a, b)
    assert not result.same
    assert any(
        f.name == "descriptor_mismatch" and "business" in f.detail for f in result.explanation
    )


def test_the_corps_in_both_scripts() -> None:
    result = score("Xinjiang Production and Construction Corps", "新疆生产建设兵团")
    assert result.same, result.explanation
    assert score("XPCC", "Xinjiang Production and Construction Corps").same
    assert not score("新疆生产建设兵团公安局", "新疆生产建设兵团").same  # its bureau is not it


def test_initials_may_leave_a_group_word_out() -> None:
    # CETC: China Electronics Technology Group Corporation; the initials of all its words
    # (CETGC) are no one's abbreviation
    for a, b in [("CETC", "China Electronics Technology Group Corporation"),
                 ("China Electronics Technology Group Corporation", "CETC"),
                 ("CETGC", "China Electronics Technology Group Corporation")]:  # fmt: skip
        result = score(a, b)
        assert result.same and result.explanation[-1].name == "acronym", (a, b)
    # its research institutes are other units, and other initials other companies
    assert not score(
        "CETC", "China Electronics Technology Group Corporation 14th Research Institute"
    ).same
    assert not score("CETG", "China Electronics Technology Group Corporation").same


def test_initials_spell_corporation_but_no_legal_form_written_short() -> None:
    assert score("CNOOC", "China National Offshore Oil Corporation Ltd").same
    assert score("CNOOC", "China National Offshore Oil Corp.").same
    # no one writes the I of Inc. or the L of LLC in initials
    for a, b in [("STI", "Sohleh Trading Inc."), ("SEI", "Skm Electric Inc."),
                 ("ATL", "Alpha Trading LLC")]:  # fmt: skip
        assert score(a, b).score < 0.5, (a, b)


def test_a_typo_that_makes_a_word_distinctive_keeps_the_place_aligned() -> None:
    # all descriptors, China stays a word of the name; with Aeropsace (not a descriptor) it is
    # taken off as the place prefix: compared, it is the same place either way
    typo = "China Aeropsace Science and Industry Corporation Limited (CASIC)"
    result = score(typo, "China Aerospace Science and Industry Corporation Limited (CASIC)")
    assert result.same, result.explanation
    assert not score(typo, "China Aerospace Science and Technology Corporation").same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("中国电子科技集团公司第十四研究所", "中国电子科技集团公司第三十八研究所"),
        (
            "中国电子科技集团公司第十四研究所",
            "China Electronics Technology Group Corporation 38th Research Institute",
        ),
        ("新疆生产建设兵团第一师", "新疆生产建设兵团第二师"),
        ("新疆生产建设兵团第一师", "Xinjiang Production and Construction Corps 2nd Division"),
        (
            "中国航天科工集团第二研究院",
            "China Aerospace Science and Industry Corporation Third Academy",
        ),
    ],
)
def test_numbered_units_of_one_body_are_apart(a: str, b: str) -> None:
    # CETC's 14th and 38th institutes are listed apart; so are the Corps' divisions
    result = score(a, b)
    assert not result.same
    (feature,) = [f for f in result.explanation if f.name == "number_mismatch"]
    assert (
        " vs " in feature.detail and "(" not in feature.detail
    )  # "14 vs 38", as a reader reads it


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "中国电子科技集团公司第十四研究所",
            "China Electronics Technology Group Corporation 14th Research Institute",
        ),
        ("新疆生产建设兵团第一师", "Xinjiang Production and Construction Corps 1st Division"),
        (
            "中国航天科工集团第二研究院",
            "China Aerospace Science and Industry Corporation Second Academy",
        ),
        # the number written as the lists also write it: No. 14, Fourteenth; 〇 read by place
        (
            "中国电子科技集团公司第十四研究所",
            "China Electronics Technology Group Corporation No. 14 Research Institute",
        ),
        (
            "中国电子科技集团公司第十四研究所",
            "China Electronics Technology Group Corporation Fourteenth Research Institute",
        ),
        (
            "中国船舶重工集团公司第七一一研究所",
            "China Shipbuilding Industry Corporation No. 711 Research Institute",
        ),
        ("CETC No. 14 Research Institute", "CETC 14th Research Institute"),
        # the unit before its parent, as the Entity List writes it, or after, as the 1260H list
        (
            "The 14th Research Institute of China Electronics Technology Group Corporation",
            "China Electronics Technology Group Corporation 14th Research Institute",
        ),
        ("14th Research Institute of CETC", "CETC 14th Research Institute"),
        (
            "The Fourteenth Research Institute of China Electronics Technology Group Corporation",
            "中国电子科技集团公司第十四研究所",
        ),
    ],
)
def test_a_numbered_unit_is_itself_across_scripts(a: str, b: str) -> None:
    assert score(a, b).same, score(a, b).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "中国船舶重工集团公司第七〇八研究所",
            "China Shipbuilding Industry Corporation No. 711 Research Institute",
        ),
        ("CETC No. 14 Research Institute", "CETC 38th Research Institute"),
        (
            "The 38th Research Institute of China Electronics Technology Group Corporation",
            "China Electronics Technology Group Corporation 14th Research Institute",
        ),
    ],
)
def test_another_number_however_written_is_another_unit(a: str, b: str) -> None:
    assert not score(a, b).same


@pytest.mark.parametrize(
    ("a", "b", "elsewhere"),
    [
        ("香港宏达贸易有限公司", "宏达贸易(香港)有限公司", "广州宏达贸易有限公司"),
        ("海康威视(香港)", "香港海康威视", "杭州海康威视"),
        (
            "Hikvision (Hong Kong) Limited",
            "Hong Kong Hikvision Limited",
            "Hangzhou Hikvision Limited",
        ),
    ],
)
def test_a_place_in_brackets_is_the_place_the_other_opens_with(
    a: str, b: str, elsewhere: str
) -> None:
    assert score(a, b).same
    assert not score(a, elsewhere).same  # still not the company registered elsewhere


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("XPCC Public Security Bureau",
         "Xinjiang Production and Construction Corps Public Security Bureau"),
        ("CETC 14th Research Institute",
         "China Electronics Technology Group Corporation 14th Research Institute"),
        ("CSSC No. 711 Research Institute",
         "China State Shipbuilding Corporation 711th Research Institute"),
        ("XPCC Public Security Bureau", "新疆生产建设兵团公安局"),
        ("XPCC", "新疆生产建设兵团"),
        ("XPCC PUBLIC SECURITY BUREAU",  # as the lists write names: all in capitals
         "Xinjiang Production and Construction Corps Public Security Bureau"),
    ],
)  # fmt: skip
def test_initials_for_part_of_a_name_read_as_its_words(short: str, full: str) -> None:
    # how the press and the lists write state groups' units: the group in initials
    result = score(short, full)
    assert result.same, result.explanation
    assert score(full, short).score == result.score


def test_initials_are_not_read_into_what_they_do_not_stand_for() -> None:
    # a word not written in capitals is a word (Arc), not initials
    assert not score("Arc Trading Ltd", "Atlantic Resources Corporation Trading Ltd").same
    # initials that stand for words of the other leave a word of their own unmatched: the
    # long words spelt out do not make it small (glued, the two names are near alike)
    assert not score("AST GZO LLC", "Association Sprava Telecommunications Co., Ltd.").same
    # HK is Hong Kong, not the initials of a transliteration's characters (哈德 ha-de)
    assert not score("Dason HK Technology Co., Ltd.", "哈德森技术公司").same
    # another unit of the same group
    other = score(
        "CETC 38th Research Institute",
        "China Electronics Technology Group Corporation 14th Research Institute",
    )
    assert not other.same and any(f.name == "number_mismatch" for f in other.explanation)


def test_numbered_units_written_in_english_are_told_apart() -> None:
    a = "China Electronics Technology Group Corporation 38th Research Institute"
    b = "China Electronics Technology Group Corporation No. 14 Research Institute"
    result = score(a, b)
    assert not result.same
    assert any(f.name == "number_mismatch" and "38 vs 14" in f.detail for f in result.explanation)
    assert score(a, a.replace("38th", "No. 38")).same  # one unit, its number written otherwise


def test_two_countries_alike_in_letters_say_why() -> None:
    result = score("Hikvision Australia Pty Ltd", "Hikvision Austria GmbH")
    said = {f.name: f.detail for f in result.explanation}
    assert said["country_mismatch"] == "australia vs austria"
    # one country on one side only is a word the other lacks, scored as such, not a mismatch
    assert "country_mismatch" not in {f.name for f in score("Huawei Canada", "Huawei").explanation}
    assert score("Hikvision Australia", "Hikvision Australia Pty Ltd").same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Electric Co", "Acme Electrical Co"),  # one word, another ending
        ("Acme Technologies", "Acme Technological"),
        ("Acme Industries Ltd", "Acme Industrial Ltd"),
        ("Acme Technolgoy Ltd", "Acme Technology Ltd"),  # a typo
        ("Acme Bank", "Acme Bnak"),  # in a word of four letters too
    ],
)
def test_one_descriptor_written_two_ways_is_one(a: str, b: str) -> None:
    assert score(a, b).score == 1.0


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Sailing Info Tech", "Sailing Information Technology"),
        ("Cloud Walk Techs Group Ltd", "CloudWalk Technologies Group"),
        ("China Satellite Comms", "China Satellite Communications"),
        ("Intl Pharma Chem Equip", "International Pharmaceutical Chemical Equipment"),
    ],
)
def test_words_shortened_as_lists_and_registers_shorten_them(short: str, long: str) -> None:
    # descriptors.yaml's abbreviations: a shortened word is the word
    assert score(short, long).score == 1.0


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a mainland place in brackets is weak evidence, as a prefix is
        ("Iflytek (Beijing) Co., Ltd.", "Beijing iFlytek Co., Ltd.", True),
        ("Megvii (Beijing) Technology Co., Ltd.", "Megvii Technology Limited", True),
        (
            "Karinka (Tianjin) International Trade Co., Ltd.",
            "Kalinka Tianjin International Trade",
            True,
        ),
        # two places: two registrations
        ("Megvii (Beijing) Technology Co., Ltd.", "Megvii (Shanghai) Technology Co., Ltd.", False),
        # China after a name, unbracketed, is a word of it: not China Spacesat's prefix
        ("Spacety China", "CHINA SPACESAT CO., LTD.", False),
        # a name in pinyin meets its English and its Chinese names
        ("Ruiyuan Keji Youxian Gongsi", "Ruiyuan Technology Co., Ltd.", True),
        ("Ruiyuan Keji Youxian Gongsi", "瑞源科技有限公司", True),
        # ... and a line of business it lacks still tells them apart (服装: apparel)
        ("Ruiyuan Keji Youxian Gongsi", "义乌市瑞源科服装有限公司", False),
        ("Wulumuqi Shi Gongan Ju", "Urumqi Municipality Public Security Bureau", True),
        ("Wulumuqi Shi Gongan Ju", "Kashgar Prefecture Public Security Bureau", False),
        # made-up: a foreign company rendered short in Chinese (X公司) drops the words that say
        # how it is held or grouped, not those that say what it does
        ("Kalorin Industries", "卡洛林公司", True),
        ("Kalorin Holdings Inc.", "卡洛林公司", True),
        ("Kalorin Systems", "卡洛林公司", False),
        # a registered Chinese name (有限公司) is written in full: it lacks the word
        ("Kalorin Industries", "卡洛林有限公司", False),
    ],
)
def test_names_as_lists_and_files_write_them(a: str, b: str, same: bool) -> None:
    assert score(a, b).same is same, score(a, b).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("喀什市公安局", "Kashgar Prefecture Public Security Bureau"),
        ("Kashgar City Public Security Bureau", "Kashgar Prefecture Public Security Bureau"),
        ("和田市公安局", "和田地区公安局"),
        ("喀什市公安局", "新疆维吾尔自治区喀什地区公安局"),  # the prefecture after its province
    ],
)
def test_a_city_is_not_the_prefecture_of_its_name(a: str, b: str) -> None:
    # 喀什市, a county-level city, lies within 喀什地区: two bureaus, though the names are one
    # once the places' tails are set aside
    result = score(a, b)
    assert not result.same
    level = [f for f in result.explanation if f.name == "place_level_mismatch"]
    assert len(level) == 1 and "city vs prefecture" in level[0].detail


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("乌鲁木齐市公安局", "Urumqi Municipal Public Security Bureau"),  # one level, both city
        ("喀什地区公安局", "Kashgar Prefecture Public Security Bureau"),
        ("喀什公安局", "Kashgar Prefecture Public Security Bureau"),  # no level said on one side
    ],
)
def test_a_place_at_one_level_or_said_once_is_one_place(a: str, b: str) -> None:
    # (also: 新疆维吾尔自治区 as a prefix is 新疆, which holds Urumqi, below)
    result = score(a, b)
    assert result.same
    assert "place_level_mismatch" not in [f.name for f in result.explanation]


def test_a_province_written_in_full_holds_its_cities() -> None:
    # 新疆维吾尔自治区 was a prefix of its own, apart from 乌鲁木齐 (0.80, prefix_mismatch)
    result = score("新疆维吾尔自治区乌鲁木齐市立昂技术有限公司", "乌鲁木齐立昂技术有限公司")
    assert result.same and "prefix_mismatch" not in [f.name for f in result.explanation]
