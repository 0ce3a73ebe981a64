from __future__ import annotations

import pytest

from complicity.names.units import parents

UNITS = [
    # a county's, a county-level city's or a district's bureau, named after its prefecture
    # (or city) and perhaps its province: the prefecture's bureau, which leads it
    ("和田地区洛浦县公安局", ("和田地区公安局",)),
    ("阿克苏地区阿克苏市公安局", ("阿克苏地区公安局",)),
    ("克孜勒苏柯尔克孜自治州阿图什市公安局", ("克孜勒苏柯尔克孜自治州公安局",)),
    ("乌鲁木齐市天山区公安局", ("乌鲁木齐市公安局",)),
    ("新疆维吾尔自治区和田地区洛浦县公安局", ("新疆维吾尔自治区和田地区公安局",)),
    # ... and named without its prefecture, which units.yaml's table of Xinjiang's counties
    # gives: Hotan's, Kashgar's, a district of Urumqi
    ("洛浦县公安局", ("和田地区公安局",)),
    ("塔什库尔干塔吉克自治县公安局", ("喀什地区公安局",)),
    ("天山区公安局", ("乌鲁木齐市公安局",)),
    # numbered institutes and divisions, in Chinese: the parent before the number
    ("中国电子科技集团公司第十四研究所", ("中国电子科技集团公司",)),
    ("中国电子科技集团公司第九 研究所", ("中国电子科技集团公司",)),  # as a list spaces it
    ("中电科第十四研究所", ("中电科",)),
    ("新疆生产建设兵团第一师", ("新疆生产建设兵团",)),
    ("新疆生产建设兵团第一师阿拉尔市", ("新疆生产建设兵团",)),  # a division and its city
    ("中國電子科技集團公司第十四研究所", ("中国电子科技集团公司",)),  # traditional
    ("中国水利水电第八工程局有限公司", ("中国水利水电",)),  # a unit that is a company itself
    # nested: the nearest parent first, then its own
    ("中国航天科工集团第三研究院三十三研究所", ("中国航天科工集团第三研究院", "中国航天科工集团")),
    # unnumbered research bodies after the name of a group, an academy or a university
    ("中国电子科技集团公司信息科学研究院", ("中国电子科技集团公司",)),
    ("中国科学院半导体研究所", ("中国科学院",)),
    ("浙江大学计算机学院", ("浙江大学",)),
    # XPCC's regiments are numbered without 第
    ("新疆生产建设兵团第十四师二二四团", ("新疆生产建设兵团第十四师", "新疆生产建设兵团")),
    # ... and a division's own bureau
    ("新疆生产建设兵团第一师公安局", ("新疆生产建设兵团第一师", "新疆生产建设兵团")),
    # branches, after the company's full name
    ("华为技术有限公司北京分公司", ("华为技术有限公司",)),
    ("中国银行股份有限公司纽约分行", ("中国银行股份有限公司",)),
    # ... and after its brand and the branch's place, as the press and tender notices write it
    ("海康威视新疆分公司", ("海康威视",)),
    ("华为乌鲁木齐市办事处", ("华为",)),
    ("大华银行上海分行", ("大华银行",)),
    # ... and a government bureau's: a district's sub-bureau, a corps of the department
    ("乌鲁木齐市公安局天山区分局", ("乌鲁木齐市公安局",)),
    ("新疆维吾尔自治区公安厅网络安全保卫总队", ("新疆维吾尔自治区公安厅",)),
    # English, as the Entity List and the 1260H list write CETC's and CASIC's units
    (
        "The 28th Research Institute of China Electronics Technology Group Corporation",
        ("China Electronics Technology Group Corporation",),
    ),
    (
        "The Tenth Research Institute of China Electronics Technology Group Corporation",
        ("China Electronics Technology Group Corporation",),
    ),
    (
        "China Electronics Technology Group Corporation No. 28 Institute",
        ("China Electronics Technology Group Corporation",),
    ),
    (
        "China Electronics Technology Group Corporation 7th Research Institute",
        ("China Electronics Technology Group Corporation",),
    ),
    ("14th Research Institute of CETC", ("CETC",)),
    # as the press shortens them: the possessive, the initials and the number alone, digits
    # before 所
    ("CETC's 38th Research Institute", ("CETC",)),
    ("CETC 38", ("CETC",)),
    ("CETC-38", ("CETC",)),
    ("中电科38所", ("中电科",)),
    ("新疆生产建设兵团224团", ("新疆生产建设兵团",)),
    ("Fifty-Fourth Research Institute of CETC", ("CETC",)),
    ("CETC Research Institute 32", ("CETC",)),
    ("XPCC 1st Division", ("XPCC",)),
    (
        "No. 35 Research Institute of the Third Academy of China Aerospace Science and "
        "Industry Corporation (CASIC)",
        (
            "Third Academy of China Aerospace Science and Industry Corporation (CASIC)",
            "China Aerospace Science and Industry Corporation (CASIC)",
        ),
    ),
    # research units of an academy or a university, named either side of a comma or "of"
    (
        "Academy of Military Medical Sciences, Institute of Microbiology and Epidemiology",
        ("Academy of Military Medical Sciences",),
    ),
    (
        "Chinese Academy of Sciences – Shenyang Institute of Automation",
        ("Chinese Academy of Sciences",),
    ),
    (
        "Scientific Research Institute for System Analysis of the Russian Academy of Sciences",
        ("Russian Academy of Sciences",),
    ),
    ("School of Computer Science, Peking University", ("Peking University",)),
    # a branch's place is the branch's, not the parent's
    ("Huawei Technologies Co., Ltd. Beijing Branch", ("Huawei Technologies Co., Ltd.",)),
    ("Bank of China New York Branch", ("Bank of China",)),
    ("Bank of China (Hong Kong) London Branch", ("Bank of China (Hong Kong)",)),
    # a branch of a government body, named by its district (乌鲁木齐市公安局天山区分局)
    ("Urumqi Public Security Bureau Tianshan Branch", ("Urumqi Public Security Bureau",)),
    ("Urumqi Public Security Bureau, Tianshan District Branch", ("Urumqi Public Security Bureau",)),
    ("AL-HARAMAIN : ALBANIA BRANCH", ("AL-HARAMAIN",)),  # as the SDN list writes them
    ("AL-HARAMAIN : THE NETHERLANDS BRANCH", ("AL-HARAMAIN",)),
    (
        "NATIONAL IRANIAN TANKER COMPANY LLC SHARJAH BRANCH",
        ("NATIONAL IRANIAN TANKER COMPANY LLC",),
    ),
    # after "of", a body: after "the", or initials, or with a legal form
    ("3RD BUREAU OF THE RGB", ("RGB",)),
    ("FIRST DIVISION OF THE SYRIAN ARAB ARMY", ("SYRIAN ARAB ARMY",)),
]


@pytest.mark.parametrize(("name", "expected"), UNITS)
def test_a_units_name_gives_its_parents(name: str, expected: tuple[str, ...]) -> None:
    assert parents(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "北京第二制药厂",  # 北京 is the factory's place, not a body it is a unit of
        "Beijing 1st Factory",
        "杭州海康威视数字技术股份有限公司",
        "中国电子科技集团有限公司",
        "Bank of China",
        "Research Institute of Applied Physics",  # no number, no parent
        "Hikvision 海康威视第一研究所",  # two scripts: the index reads each part apart
        "",
        "第十四研究所",  # a unit with no parent named
        "中国科学院",
        "哈尔滨工业大学",
        "中国一师",  # one numeral before a one-character unit word: not read as a number
        "Harbin Institute of Technology",  # a university, not a unit of one
        "University of California, Berkeley",
        "Dean of the Faculty of Arts at the University of Jordan",
        "Institute of Computing Technology Chinese Academy of Sciences",  # where would it cut?
        # after "of", what the body studies, not whose it is
        "Second Academy of Natural Sciences",
        "First Institute of Oceanography",
        "Scientific Research Institute No 6",  # one word before the unit, no initials
        "北京市公安局",  # a bureau, and a sub-bureau with no parent named
        "喀什市公安局",  # a city's bureau, and a prefecture's: no county in them
        "和田地区公安局",
        "新疆维吾尔自治区公安厅",
        "海淀分局",
        "中铁十八局集团有限公司",
        "第一师公安局",  # a unit's bureau with no parent named
        "Channel 4",  # a number after a word, not after initials
        "Cetc 38",
        "38所",
        "新疆分公司",  # a branch with no brand before its place
        "温泉酒店有限公司",  # a county's name (温泉县) as a word, no bureau after it
    ],
)
def test_a_name_that_is_no_units_gives_none(name: str) -> None:
    assert parents(name) == ()
