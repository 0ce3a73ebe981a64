"""Rules that turn mention-tagged sentences into relations of the eight types.

A sentence's matching copy (simplified, half-width: see textnorm) is rewritten with one marker per
mention or value (``\\ue000O3\\ue001`` is mention 3, an organisation; V event, L list, M money,
P percent, D date). Rules are regular expressions over that string with named slots, written with
macros: ``{O:s}`` one organisation in slot s, ``{OS:s}`` a coordinated list (A、B和C / A, B and
C), ``{V:t}`` an event, ``{L:t}`` a list, ``{M:m}``/``{P:p}``/``{D:d}`` values, ``{g}``/``{gg}``
a short/long gap that crosses no other name. Rules are language-neutral in form and written per
language; traditional Chinese is covered by the simplified matching copy.

Each rule declares ``when``: trigger words (its verb, or ``{P}`` etc. for a marker of that kind)
one of which every match contains. A sentence is looked up once for all triggers and only the
rules it triggers are tried: most sentences trigger none or a few of the ~70 patterns, and trying
each pattern at every name marker was most of the extraction time. tests/extract checks that each
rule's triggers are implied by its pattern.

Negation and denial (从未, 否认, 并未, never, denied, did not ...) in a sentence yield no relation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from complicity.extract.mentions import Mention, public_name
from complicity.extract.values import Value

EXTRACTOR = "rules-v1"

_MARK = "\ue000{}{}\ue001"
_ITEM = re.compile("\ue000([OVLMPD])(\\d+)\ue001")
_SEP = r"(?:\s*(?:、|,\s*and|,|和|与|及|以及|并|\band\b|&|\bas well as\b)\s*(?:both\s+)?)"


def _expand(pattern: str) -> re.Pattern[str]:
    def one(kind: str) -> str:
        return f"\ue000{kind}\\d+\ue001"

    def repl(m: re.Match[str]) -> str:
        macro, name = m.group(1), m.group(2)
        if macro == "g":
            return r"(?:[^\ue000]|\ue000[DMP]\d+\ue001){0,14}?"
        if macro == "gg":
            return r"(?:[^\ue000]|\ue000[DMPL]\d+\ue001){0,45}?"
        if macro == "OS":
            return f"(?P<{name}>{one('O')}(?:{_SEP}{one('O')})*)"
        return f"(?P<{name}>{one(macro)})"

    return re.compile(re.sub(r"\{(OS|O|V|L|M|P|D|gg|g)(?::(\w+))?\}", repl, pattern), re.IGNORECASE)


@dataclass
class Rule:
    name: str
    type: str
    pattern: re.Pattern[str]
    source: str = "s"
    target: str = "t"  # or "@venture" / "@event": the document's current joint venture / event
    attrs: dict[str, Any] = field(default_factory=dict)
    sentence_money: bool = False  # take the sentence's single amount when the rule has no {M}
    sets_venture: bool = False  # the target becomes the document's current venture
    confidence: float = 0.85
    when: frozenset[str] = frozenset()  # trigger words as looked up (see _trigger)


def _trigger(word: str) -> str:
    """A trigger as looked up in a sentence: lower case (rules ignore case). ``{P}`` (or O, V, L,
    M, D) stands for the start of a marker of that kind: a rule with ``{P:p}`` needs a percentage."""
    m = re.fullmatch(r"\{([OVLMPD])\}", word)
    return ("\ue000" + m.group(1) if m else word).lower()


def R(name: str, type_: str, pattern: str, *, when: tuple[str, ...], **kw: Any) -> Rule:
    return Rule(name, type_, _expand(pattern), when=frozenset(map(_trigger, when)), **kw)


_TSU = "技术支撑单位"
RULES: list[Rule] = [
    # ---- share transfer (before ownership: 持有的…股权 also looks like a stake) ----
    R(
        "zh-transfer",
        "share_transfer",
        r"{O:s}{g}将其?(?:所)?持有的?{O:a}(?:公司)?{g}{P:p}(?:的)?(?:股权|股份|权益){g}(?:全部|悉数)?(?:出售|转让|出让|卖)(?:给|予|于)?{O:t}",
        when=("出售", "转让", "出让", "卖"),
        sentence_money=True,
    ),
    R(
        "zh-transfer-buy",
        "share_transfer",
        r"{O:t}{g}(?:收购|受让|购买)(?:了)?{O:s}(?:所)?持有的?{O:a}{g}{P:p}(?:的)?(?:股权|股份)",
        when=("收购", "受让", "购买"),
        sentence_money=True,
    ),
    R(
        "en-transfer",
        "share_transfer",
        r"{O:s}\s+(?:has\s+|had\s+)?(?:sold|transferred|divested|sells|offloaded)\s+(?:its|their|a|the|all of its)\s+(?:entire\s+)?{P:p}\s+(?:stake|shareholding|interest|share|holding)s?\s+in\s+{O:a}\s+to\s+{O:t}",
        when=("sold", "transferred", "divested", "sells", "offloaded"),
        sentence_money=True,
    ),
    R(
        "en-transfer-buy",
        "share_transfer",
        r"{O:t}\s+(?:bought|acquired|purchased|took over)\s+{O:s}'s\s+{P:p}\s+(?:stake|shareholding|interest|share|holding)s?\s+in\s+{O:a}",
        when=("bought", "acquired", "purchased", "took over"),
        sentence_money=True,
    ),
    # ---- joint ventures: set the venture, and each partner owns it ----
    R(
        "zh-jv",
        "ownership",
        r"{OS:s}{g}(?:共同)?(?:出资)?(?:设立|成立|组建|注册|合资成立)(?:了)?(?:一家)?{g}(?:合资公司|合资企业){g}{O:t}",
        when=("合资公司", "合资企业"),
    ),
    R(
        "en-jv",
        "ownership",
        r"{OS:s}\s+(?:\w+\s+){0,2}(?:launched|formed|set up|established|created|founded|registered)\s+(?:a\s+|the\s+)?joint venture(?:\s+company)?,?\s+(?:called|named|known as)?\s*{O:t}",
        when=("joint venture",),
    ),
    R(
        "en-jv-of",
        "ownership",
        r"{O:t},?\s+(?:is\s+|was\s+)?(?:a|the)\s+(?:\w+\s+)?joint venture (?:between|of|formed by)\s+{OS:s}",
        when=("joint venture",),
    ),
    # ---- ownership with stakes ----
    R(
        "zh-stake-capital",
        "ownership",
        r"{O:s}(?:以)?(?:出资|认缴|投资|现金出资|认购){g}{M:m}{g}(?:占股|持股|占|持有其?|占比|占注册资本的?|股权比例为?|获得){g}{P:p}",
        when=("出资", "认缴", "投资", "认购"),
        target="@venture",
    ),
    R(
        "zh-owns-of",
        "ownership",
        r"{O:s}{g}(?:持有|拥有|控制|间接持有|直接持有|合计持有)(?:了)?{O:t}(?:公司)?{g}{P:p}(?:的)?(?:股权|股份|权益|股)?",
        when=("持有", "拥有", "控制"),
    ),
    R(
        "zh-acquire",
        "ownership",
        r"{O:s}{g}(?:收购|并购|购入)(?:了)?{O:t}{g}{P:p}(?:的)?(?:股权|股份)",
        when=("收购", "并购", "购入"),
        sentence_money=True,
    ),
    R(
        "zh-held-by",
        "ownership",
        r"{O:t}{g}由{O:s}(?:持股|持有|控股|占股|出资){g}{P:p}",
        when=("持股", "持有", "控股", "占股", "出资"),
        sets_venture=True,
    ),
    R(
        "zh-stake-venture",
        "ownership",
        r"{O:s}{g}(?:占股|持股|占|持有|占比|股权比例为?)(?:其)?{g}{P:p}",
        when=("占", "持有", "持股", "股权比例"),
        target="@venture",
    ),
    R(
        "zh-wholly-owned-of",
        "ownership",
        r"{O:t}{g}(?:是|为|系|成为|作为)(?:了)?{O:s}(?:的|旗下的?)?(?:全资子公司|全资附属公司)",
        when=("全资",),
        attrs={"percent": 100.0},
    ),
    R(
        "zh-wholly-owned",
        "ownership",
        r"{O:s}(?:的|旗下的?)?(?:全资子公司|全资附属公司){O:t}",
        when=("全资",),
        attrs={"percent": 100.0},
    ),
    R(
        "zh-subsidiary",
        "ownership",
        r"{O:s}(?:的|旗下的?)?(?:控股子公司|子公司){O:t}",
        when=("子公司",),
    ),
    R(
        "en-owns",
        "ownership",
        r"{O:s}\s+(?:now\s+|also\s+)?(?:holds?|owns?|held|owned|controls?|has|had|acquired|bought)\s+(?:a\s+|an\s+)?(?:stake of\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+)?{P:p}\s+(?:stake\s+|share\s+|interest\s+|holding\s+)?(?:in|of)\s+{O:t}",
        when=("hold", "own", "held", "control", "has", "had", "acquired", "bought"),
        sentence_money=True,
    ),
    R(
        "en-wholly-owned-of",
        "ownership",
        r"{O:t},?\s+(?:is\s+|was\s+|became\s+)?(?:now\s+)?(?:a\s+)?wholly[- ]owned subsidiary of\s+{O:s}",
        when=("wholly",),
        attrs={"percent": 100.0},
    ),
    R(
        "en-wholly-owned",
        "ownership",
        r"{O:s}'s\s+wholly[- ]owned subsidiary,?\s+{O:t}",
        when=("wholly",),
        attrs={"percent": 100.0},
    ),
    R(
        "en-subsidiary-of",
        "ownership",
        r"{O:t},?\s+(?:is\s+|was\s+)?(?:a\s+)?(?:majority[- ]owned\s+|controlled\s+)?subsidiary of\s+{O:s}",
        when=("subsidiary of",),
    ),
    R(
        "en-stake-capital",
        "ownership",
        r"{O:s}\s+(?:invested|put in|contributed|paid)\s+{g}{M:m}{g}\s+(?:for|to get|to obtain|in exchange for|to take|to acquire)\s+(?:a\s+)?{P:p}",
        when=("invested", "put in", "contributed", "paid"),
        target="@venture",
    ),
    R(
        "en-stake-venture",
        "ownership",
        r"{O:s}\s+(?:got|gets|holds?|took|takes|has|owns?|obtained|received|held|owned|with)\s+(?:a\s+|the\s+remaining\s+|the\s+other\s+)?{P:p}",
        when=("{P}",),
        target="@venture",
    ),
    R(
        "en-stake-elliptic",
        "ownership",
        r"(?:and|while)\s+{O:s}\s+{P:p}",
        when=("{P}",),
        target="@venture",
    ),
    # ---- investment ----
    R(
        "zh-lead",
        "investment",
        r"(?:由)?{OS:s}(?:联合)?领投",
        when=("领投",),
        target="@investee",
        sentence_money=True,
    ),
    R(
        "zh-follow",
        "investment",
        r"{OS:s}(?:等)?(?:机构)?(?:跟投|参投|参与投资|参与了?本轮|共同投资)",
        when=("跟投", "参投", "参与", "共同投资"),
        target="@investee",
        sentence_money=True,
    ),
    R(
        "zh-follow-of",
        "investment",
        r"{OS:s}(?:等)?(?:机构)?(?:跟投|参投)(?:了)?{O:t}",
        when=("跟投", "参投"),
        sentence_money=True,
    ),
    R(
        "zh-invest",
        "investment",
        r"{OS:s}{g}(?:投资了|投资|入股|注资|战略投资)(?:了)?{O:t}",
        when=("投资", "入股", "注资"),
        sentence_money=True,
    ),
    R(
        "zh-invested-by",
        "investment",
        r"{O:t}{g}(?:获得|获)(?:了)?{OS:s}(?:的)?(?:投资|注资|战略投资)",
        when=("投资", "注资"),
        sentence_money=True,
    ),
    R(
        "en-led",
        "investment",
        r"led by\s+{OS:s}",
        when=("led by",),
        target="@investee",
        sentence_money=True,
    ),
    R(
        "en-participation",
        "investment",
        r"(?:with participation from|with the participation of|joined by|alongside|with|participation from)\s+{OS:s}",
        when=("with", "joined by", "alongside", "participation from"),
        target="@investee",
        sentence_money=True,
    ),
    R(
        "en-took-part",
        "investment",
        r"{OS:s}\s+(?:also\s+)?(?:took part|participated|joined|co-invested)",
        when=("took part", "participated", "joined", "co-invested"),
        target="@investee",
        sentence_money=True,
    ),
    R(
        "en-invested",
        "investment",
        r"{OS:s}\s+(?:has\s+|have\s+|had\s+|also\s+)?(?:invested|invests|invest)\s+(?:\S+\s+){0,3}?in\s+{O:t}",
        when=("invest",),
        sentence_money=True,
    ),
    R(
        "en-investor",
        "investment",
        r"{O:s}\s+(?:is|was|became)\s+(?:also\s+)?an?\s+(?:early\s+|major\s+|strategic\s+|key\s+)?(?:investor|backer|shareholder)\s+in\s+{O:t}",
        when=("investor", "backer", "shareholder"),
    ),
    R(
        "en-backed",
        "investment",
        r"{O:t},?\s+(?:which is\s+)?backed by\s+{OS:s}",
        when=("backed by",),
    ),
    # ---- supply ----
    R(
        "zh-supply",
        "supply",
        r"{O:s}{g}(?:为|向|给)(?:了)?{OS:t}{g}(?:提供|供应|供货|交付|销售|出售)(?!.{0,3}股)",
        when=("提供", "供应", "供货", "交付", "销售", "出售"),
    ),
    R(
        "zh-buy-from",
        "supply",
        r"{O:t}{g}(?:采购|购买|购入)(?:了)?{O:s}(?:的|生产的|公司的)",
        when=("采购", "购买", "购入"),
    ),
    R("zh-supplier-of", "supply", r"{O:s}{g}(?:是|为|成为){O:t}的?{g}供应商", when=("供应商",)),
    R(
        "en-supply-to",
        "supply",
        r"{OS:s}\s+(?:both\s+|all\s+)?(?:has\s+|had\s+|have\s+)?(?:also\s+)?(?:supplied|supplies|supply|provided|provides|sold|sells|delivered|delivers|shipped|ships)\s+(?:[\w\-]+\s+){0,5}?(?:directly\s+)?to\s+(?:both\s+)?{OS:t}",
        when=("suppl", "provide", "sold", "sell", "deliver", "ship"),
    ),
    R(
        "en-supply-with",
        "supply",
        r"{O:s}\s+(?:has\s+|had\s+)?(?:supplied|supplies|provided|provides|equipped|equips)\s+{OS:t}\s+with",
        when=("suppl", "provide", "equip"),
    ),
    R(
        "en-buy-from",
        "supply",
        r"{O:t}\s+(?:uses|used|bought|buys|purchased|purchases|sourced|sources|relies on)\s+(?:[\w\-]+\s+){0,5}?(?:from|made by|supplied by)\s+{O:s}",
        when=("use", "bought", "buys", "purchase", "source", "relies on"),
    ),
    R(
        "en-supplier-of",
        "supply",
        r"{O:s},?\s+(?:is\s+|was\s+)?(?:a|the|an)\s+(?:\w+\s+)?supplier (?:of|to)\s+(?:[\w\-]+\s+){0,3}?{OS:t}",
        when=("supplier",),
    ),
    # ---- contract ----
    R(
        "zh-win",
        "contract",
        r"{O:s}{g}(?:中标|承建|承接|中选|成交)(?:了)?{O:t}",
        when=("中标", "承建", "承接", "中选", "成交"),
        sentence_money=True,
    ),
    R(
        "zh-built-by",
        "contract",
        r"{O:t}{gg}(?:项目|工程){gg}由{O:s}(?:承建|中标|负责建设|建设|实施)",
        when=("承建", "中标", "建设", "实施"),
        sentence_money=True,
    ),
    R(
        "zh-sign",
        "contract",
        r"{O:s}{g}与{O:t}{g}(?:签订|签署|签约)(?:了)?{g}(?:合同|订单|采购协议|建设协议)",
        when=("签订", "签署", "签约"),
        sentence_money=True,
    ),
    R(
        "zh-sign2",
        "contract",
        r"{O:s}{g}与{O:t}{g}(?:签订|签署)(?:了)?{gg}合同",
        when=("签订", "签署"),
        sentence_money=True,
    ),
    R(
        "en-won",
        "contract",
        r"{O:s}\s+(?:has\s+)?(?:won|was awarded|secured|signed|landed|received|clinched)\s+{gg}(?:contract|deal|tender|order|project)s?{gg}\s+(?:from|with|by|for)\s+(?:the\s+)?{O:t}",
        when=("contract", "deal", "tender", "order", "project"),
        sentence_money=True,
    ),
    R(
        "en-awarded",
        "contract",
        r"{O:t}\s+(?:awarded|gave|granted)\s+{O:s}\s+{gg}(?:contract|deal|tender|order)",
        when=("awarded", "gave", "granted"),
        sentence_money=True,
    ),
    R(
        "en-contract-with",
        "contract",
        r"{O:s}\s+(?:has\s+|had\s+)?(?:a\s+)?{gg}contract with\s+(?:the\s+)?{O:t}",
        when=("contract with",),
        sentence_money=True,
    ),
    # ---- participation ----
    R(
        "zh-exhibit-at",
        "participation",
        r"{OS:s}{gg}(?:参展|参加|亮相|出席|展示|参与)(?:了)?(?:本届|此次|该届)?{V:t}",
        when=("参展", "参加", "亮相", "出席", "展示", "参与"),
        attrs={"role": "exhibitor"},
    ),
    R(
        "zh-exhibit",
        "participation",
        r"{OS:s}(?:等)?{gg}(?:参展|亮相|展出|展示|参加展会|参加了展会|携\S{0,10}参展)",
        when=("参展", "亮相", "展出", "展示", "展会"),
        target="@event",
        attrs={"role": "exhibitor"},
    ),
    R(
        "zh-organiser",
        "participation",
        r"{OS:s}{g}(?:主办|承办|举办)(?:了)?(?:本届|此次)?{V:t}",
        when=("主办", "承办", "举办"),
        attrs={"role": "organiser"},
    ),
    R(
        "zh-sponsor",
        "participation",
        r"{OS:s}{g}(?:赞助)(?:了)?(?:本届|此次)?{V:t}",
        when=("赞助",),
        attrs={"role": "sponsor"},
    ),
    R(
        "en-exhibit-at",
        "participation",
        r"{OS:s}\s+(?:\w+\s+){0,2}?(?:exhibited|participated|took part|showcased|attended|displayed|were among the exhibitors|was among the exhibitors|exhibit)\s+(?:[\w\-]+\s+){0,4}?(?:at|in)\s+(?:the\s+)?{V:t}",
        when=("exhibit", "participated", "took part", "showcased", "attended", "displayed"),
        attrs={"role": "exhibitor"},
    ),
    R(
        "en-exhibitors-included",
        "participation",
        r"(?:exhibitors|participants|companies)\s+(?:at|in)\s+(?:the\s+)?{V:t}\s+(?:included|include|were|are|such as)\s+{OS:s}",
        when=("exhibitors", "participants", "companies"),
        attrs={"role": "exhibitor"},
    ),
    R(
        "en-one-of",
        "participation",
        r"{OS:s}\s+(?:was|were)\s+(?:one of|among)\s+the\s+(?:\w+\s+)?(?:exhibitors|participants|sponsors)\s+(?:at|in|of)\s+(?:the\s+)?{V:t}",
        when=("exhibitors", "participants", "sponsors"),
        attrs={"role": "exhibitor"},
    ),
    R(
        "en-alongside",
        "participation",
        r"(?:exhibitors|exhibited|participants|participated)\s+(?:at|in)\s+(?:the\s+)?{V:t},?\s+(?:alongside|along with|together with)\s+{OS:s}",
        when=("alongside", "along with", "together with"),
        attrs={"role": "exhibitor"},
    ),
    R(
        "en-as-did",
        "participation",
        r"(?:participated|exhibited|took part)\s+in\s+the\s+(?:expo|exhibition|fair|show|event){g}\s+as did\s+{OS:s}",
        when=("as did",),
        target="@event",
        attrs={"role": "exhibitor"},
    ),
    R(
        "en-organised",
        "participation",
        r"{V:t},?\s+(?:was\s+)?(?:organi[sz]ed|hosted)\s+by\s+{OS:s}",
        when=("organised", "organized", "hosted"),
        attrs={"role": "organiser"},
    ),
    # ---- partnership ----
    R(
        "zh-tsu",
        "partnership",
        rf"{{O:s}}{{g}}(?:成为|被(?:正式)?(?:授予|认定为|评为|确定为|列为)|是|为|作为|担任)(?:了)?{{O:t}}的?(?:{_TSU}|技术支持单位)",
        when=("技术支撑单位", "技术支持单位"),
        attrs={"role": "technical support unit"},
    ),
    R(
        "zh-tsu2",
        "partnership",
        rf"{{O:s}}{{g}}(?:授予|认定为|确定为){{O:t}}的?(?:{_TSU}|技术支持单位)",
        when=("技术支撑单位", "技术支持单位"),
        attrs={"role": "technical support unit"},
    ),
    R(
        "zh-agent",
        "partnership",
        r"{O:s}{g}(?:是|为|成为|作为|担任)(?:了)?{O:t}(?:在\S{1,10}?)?的?(?:总代理|代理商|独家代理|区域代理|代理)",
        when=("代理",),
        attrs={"role": "agent"},
    ),
    R(
        "zh-distributor",
        "partnership",
        r"{O:s}{g}(?:是|为|成为|作为|担任)(?:了)?{O:t}(?:在\S{1,10}?)?的?(?:授权)?(?:总经销商|经销商|分销商|渠道商)",
        when=("经销商", "分销商", "渠道商"),
        attrs={"role": "distributor"},
    ),
    R(
        "zh-cooperation",
        "partnership",
        r"{O:s}{g}(?:与|和|同){O:t}{g}(?:签署|签订|达成|建立)(?:了)?{g}(?:战略)?合作(?:框架)?(?:协议|关系|备忘录)",
        when=("合作",),
        attrs={"role": "cooperation"},
    ),
    R(
        "zh-cooperation2",
        "partnership",
        r"{O:s}{g}(?:与|和|同){O:t}{g}(?:开展|深化)(?:了)?{g}(?:战略|深度)?合作",
        when=("合作",),
        attrs={"role": "cooperation"},
    ),
    R(
        "en-tsu",
        "partnership",
        r"{O:s}\s+(?:was|is|has been|had been|became)?\s*(?:officially\s+)?(?:named|announced as|designated(?: as)?|selected as|appointed|became|is|was)\s+(?:an?\s+|the\s+)?(?:official\s+)?technical support unit (?:of|for|to)\s+(?:the\s+)?{O:t}",
        when=("technical support unit",),
        attrs={"role": "technical support unit"},
    ),
    R(
        "en-distributor",
        "partnership",
        r"{O:s},?\s+(?:is\s+|was\s+|became\s+)?(?:an?\s+|the\s+)?(?:authori[sz]ed\s+|exclusive\s+|official\s+|main\s+|regional\s+)?(?:distributor|reseller|dealer)s?\s+(?:of|for)\s+{O:t}",
        when=("distributor", "reseller", "dealer"),
        attrs={"role": "distributor"},
    ),
    R(
        "en-agent",
        "partnership",
        r"{O:s},?\s+(?:is\s+|was\s+|became\s+)?(?:an?\s+|the\s+)?(?:authori[sz]ed\s+|exclusive\s+|official\s+|sole\s+)?(?:agent|sales agent)s?\s+(?:of|for)\s+{O:t}",
        when=("agent",),
        attrs={"role": "agent"},
    ),
    R(
        "en-cooperation",
        "partnership",
        r"{O:s}\s+(?:has\s+|had\s+)?(?:signed|inked|reached|entered into)\s+(?:a\s+|an\s+)?(?:strategic\s+)?(?:cooperation|partnership|collaboration)\s+(?:agreement|deal|framework|memorandum)\s+with\s+(?:the\s+)?{O:t}",
        when=("cooperation", "partnership", "collaboration"),
        attrs={"role": "cooperation"},
    ),
    R(
        "en-partnered",
        "partnership",
        r"{O:s}\s+(?:has\s+)?(?:partnered|teamed up|cooperated|collaborated)\s+with\s+(?:the\s+)?{O:t}",
        when=("partnered", "teamed up", "cooperated", "collaborated"),
        attrs={"role": "cooperation"},
    ),
    # ---- listing ----
    R(
        "zh-list",
        "listing",
        r"将{OS:s}{gg}(?:列入|纳入|加入|添加至|添加到)(?:了)?{g}{L:t}",
        when=("列入", "纳入", "加入", "添加"),
    ),
    R(
        "zh-listed",
        "listing",
        r"{OS:s}{g}(?:被|已被)?(?:列入|纳入|加入)(?:了)?{g}{L:t}",
        when=("列入", "纳入", "加入"),
    ),
    R(
        "en-added",
        "listing",
        r"(?:added|placed|put|designated)\s+{OS:s}\s+(?:to|on)\s+(?:the\s+|its\s+)?{g}{L:t}",
        when=("added", "placed", "put", "designated"),
    ),
    R(
        "en-was-added",
        "listing",
        r"{OS:s}\s+(?:was|were|had been|have been|has been|is|are)\s+(?:\w+\s+)?(?:added|placed|put|listed|included)\s+(?:to|on|in)\s+(?:the\s+)?{g}{L:t}",
        when=("added", "placed", "put", "listed", "included"),
    ),
]

# Every trigger word of every rule, in one automaton (one pass over a sentence finds them all),
# with the positions in RULES of the rules it triggers.
_TRIGGERS = ahocorasick.Automaton()
for _word in sorted({w for rule in RULES for w in rule.when}):
    _TRIGGERS.add_word(_word, [i for i, rule in enumerate(RULES) if _word in rule.when])
_TRIGGERS.make_automaton()
# re.IGNORECASE also matches ı and İ to i, ſ to s and the Kelvin sign to k: fold them as well, so
# that the trigger lookup never rejects a sentence a pattern would accept.
_CASELESS = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})


def triggered(tagged: str) -> list[Rule]:
    """The rules, in order, whose trigger words occur in a tagged sentence."""
    found: set[int] = set()
    for _end, rules in _TRIGGERS.iter(tagged.translate(_CASELESS).lower()):
        found.update(rules)
    return [RULES[i] for i in sorted(found)]


_NEGATION = re.compile(
    r"从未|否认|并未|并没有|没有|未曾|不曾|并非|不存在|未与|未向|未参与|未参加|辟谣|澄清|不实"
    r"|\bnever\b|\bden(?:y|ies|ied)\b|\bdid not\b|\bdidn't\b|\bdoes not\b|\bdoesn't\b|\bhas not\b"
    r"|\bhasn't\b|\bhad not\b|\bhave not\b|\bno longer\b|\bnot true\b|\brefuted\b|\brejected (?:the )?(?:claims|reports)\b",
    re.IGNORECASE,
)
_VENTURE_CUE = re.compile(
    r"(?:合资公司|合资企业|控股子公司|子公司|joint venture(?: company)?|JV)[\s,，\"]*(?:called|named|known as)?\s*$",
    re.IGNORECASE,
)
_ROUND = re.compile(
    r"([A-E]\+?|天使|pre-[A-E]|种子)\s*轮|Series\s+([A-E]\+?)\b|\b(seed|angel)\s+round",
    re.IGNORECASE,
)
_INVESTEE = [
    _expand(r"{O:t}{g}(?:完成|获得|宣布完成|宣布获得|获)(?:了)?{g}(?:融资|投资)"),
    _expand(r"{O:t}(?:的)?{g}轮?融资"),
    _expand(r"{O:t}{g}此次(?:共)?(?:募集|融资|募资)"),
    _expand(
        r"{O:t}(?:'s)?\s+(?:\w+\s+){0,3}?(?:raised|closed|secured|completed|received|announced|funding|financing|round)"
    ),
]


@dataclass
class Extracted:
    """One relation found in text: names as written, values normalised, the sentence as quote."""

    type: str
    source: Mention
    target: Mention
    asset: Mention | None
    attrs: dict[str, Any]
    date: str | None
    start: int  # of the quote in the document text
    end: int
    quote: str
    rule: str
    confidence: float
    more: list[tuple[int, int, str]] = field(
        default_factory=list
    )  # further evidence (start, end, quote)


@dataclass
class Context:
    """What carries over from sentence to sentence in one document."""

    venture: Mention | None = None
    event: Mention | None = None
    events: list[Mention] = field(default_factory=list)


_EDITION = re.compile(
    r"(\d+)(?:st|nd|rd|th)\s+(?:iteration|edition|session)\s+of\s+the\s+(?:expo|exhibition|fair|summit|conference|forum)"
    r"|第([一二三四五六七八九十\d]+)届(?:展会|博览会|安博会)?",
    re.IGNORECASE,
)


def split_sentences(mtext: str) -> list[tuple[int, int]]:
    """Sentence spans over the matching copy: Chinese/English terminators and line breaks."""
    spans = []
    start = 0
    for m in re.finditer(
        r"[。！？!?\n]+|(?<=[a-z0-9%)\"'])\.(?=\s+[A-Z\"])(?<!\bCo\.)(?<!\bLtd\.)(?<!\bInc\.)(?<!\bU\.S\.)(?<!\bNo\.)(?<!\bSt\.)",
        mtext,
    ):
        end = m.end()
        spans.append((start, end))
        start = end
    if start < len(mtext):
        spans.append((start, len(mtext)))
    out = []
    for s, e in spans:
        while s < e and mtext[s].isspace():
            s += 1
        while e > s and mtext[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


_PAREN = re.compile(r"\s*[(][^()]{1,40}[)]")


def _tag(
    mtext: str, s: int, e: int, mentions: list[Mention], values: list[Value]
) -> tuple[str, list[Any]]:
    items: list[tuple[int, int, str, Any]] = []
    for m in mentions:
        if s <= m.start and m.end <= e:
            items.append((m.start, m.end, {"org": "O", "event": "V", "list": "L"}[m.kind], m))
    taken = [(a, b) for a, b, _, _ in items]
    for v in values:
        if s <= v.start and v.end <= e and all(v.end <= a or v.start >= b for a, b in taken):
            items.append((v.start, v.end, {"money": "M", "percent": "P", "date": "D"}[v.kind], v))
    items.sort(key=lambda x: x[0])
    parts = []
    objs: list[Any] = []
    pos = s
    for a, b, k, obj in items:
        if a < pos:
            continue  # inside a skipped parenthetical
        parts.append(mtext[pos:a])
        parts.append(_MARK.format(k, len(objs)))
        objs.append(obj)
        pos = b
        paren = _PAREN.match(mtext, b, e) if k == "O" else None
        if paren and not any(paren.start() <= x[0] < paren.end() and x[2] in "MPD" for x in items):
            pos = paren.end()  # "Megvii (Face++) was": the alias is not part of the sentence frame
    parts.append(mtext[pos:e])
    return "".join(parts), objs


def _objs(group: str | None, objs: list[Any]) -> list[Any]:
    if not group:
        return []
    return [objs[int(i)] for _, i in _ITEM.findall(group)]


def extract_sentence(
    text: str,
    mtext: str,
    span: tuple[int, int],
    mentions: list[Mention],
    values: list[Value],
    ctx: Context,
) -> list[Extracted]:
    s, e = span
    tagged, objs = _tag(mtext, s, e, mentions, values)
    orgs = [o for o in objs if isinstance(o, Mention)]
    # context first: a venture or event named in this sentence becomes current
    for m in _VENTURE_CUE_ITER(tagged, objs):
        ctx.venture = m
    events = [o for o in orgs if o.kind == "event"]
    ctx.events += events
    if events:
        ctx.event = events[-1]
    else:
        # "the 5th edition of the expo": the event of that number named earlier
        ed = _EDITION.search(mtext[s:e])
        if ed:
            number = ed.group(1) or ed.group(2)
            for ev in reversed(ctx.events):
                if re.match(
                    rf"(?:the\s+)?(?:{number}(?:st|nd|rd|th)\b|第{number}届)", ev.text, re.I
                ):
                    ctx.event = ev
                    break
    if not orgs or (len(orgs) < 2 and ctx.venture is None and ctx.event is None):
        return []  # every rule relates two names (or a name and the current venture/event)
    rules = triggered(tagged)
    if not rules or _NEGATION.search(mtext[s:e]):
        return []
    moneys = [o for o in objs if isinstance(o, Value) and o.kind == "money"]
    dates = [o for o in objs if isinstance(o, Value) and o.kind == "date"]
    date = str(dates[0].value) if dates else None
    investee = None
    if any(rule.target == "@investee" for rule in rules):  # only those rules need it
        for pat in _INVESTEE:
            im = pat.search(tagged)
            if im:
                investee = _objs(im.group("t"), objs)[0]
                break
    round_m = (
        _ROUND.search(mtext[s:e]) if any(rule.type == "investment" for rule in rules) else None
    )
    quote_start, quote_end = s, e
    out: list[Extracted] = []
    claimed: set[tuple[str, int]] = set()
    for rule in rules:
        for hit in rule.pattern.finditer(tagged):
            groups = hit.groupdict()
            sources = _objs(groups.get(rule.source), objs)
            if rule.target == "@venture":
                targets = [ctx.venture] if ctx.venture else []
            elif rule.target == "@event":
                targets = [ctx.event] if ctx.event else []
            elif rule.target == "@investee":
                targets = [investee] if investee else []
            else:
                targets = _objs(groups.get(rule.target), objs)
            assets = _objs(groups.get("a"), objs)
            attrs: dict[str, Any] = dict(rule.attrs)
            if groups.get("p"):
                attrs["percent"] = float(_objs(groups["p"], objs)[0].value)
            money = _objs(groups.get("m"), objs)
            if not money and rule.sentence_money and len(moneys) == 1:
                money = moneys
            if money:
                attrs["amount"] = money[0].value
                attrs["currency"] = money[0].currency
            if rule.type == "investment" and round_m:
                attrs["round"] = next(g for g in round_m.groups() if g)
            for src in sources:
                if (rule.type, src.start) in claimed and rule.target.startswith("@"):
                    continue
                for tgt in targets:
                    if tgt is None or src.key == tgt.key:
                        continue
                    if rule.type == "participation" and tgt.kind != "event":
                        continue
                    if rule.type == "listing" and tgt.kind != "list":
                        continue
                    if rule.type not in ("participation", "listing") and (
                        tgt.kind != "org" or src.kind != "org"
                    ):
                        continue
                    claimed.add((rule.type, src.start))
                    if rule.sets_venture:
                        ctx.venture = tgt
                    if (
                        rule.type == "contract"
                        and public_name(src.name)
                        and not public_name(tgt.name)
                    ):
                        src, tgt = tgt, src  # 公安局与某公司签订合同: the company is the contractor
                    out.append(
                        Extracted(
                            type=rule.type,
                            source=src,
                            target=tgt,
                            asset=assets[0] if assets else None,
                            attrs=dict(attrs),
                            date=date,
                            start=quote_start,
                            end=quote_end,
                            quote=text[quote_start:quote_end],
                            rule=rule.name,
                            confidence=rule.confidence,
                        )
                    )
    return out


def _VENTURE_CUE_ITER(tagged: str, objs: list[Any]) -> list[Mention]:  # noqa: N802
    found = []
    for m in _ITEM.finditer(tagged):
        if m.group(1) == "O" and _VENTURE_CUE.search(tagged[max(0, m.start() - 30) : m.start()]):
            found.append(objs[int(m.group(2))])
    return found


def extract_relations(
    text: str,
    mtext: str,
    mentions: list[Mention],
    values: list[Value],
    sentences: list[tuple[int, int]],
) -> list[Extracted]:
    ctx = Context()
    found: list[Extracted] = []
    for span in sentences:
        found += extract_sentence(text, mtext, span, mentions, values, ctx)
    return merge(found)


def merge(found: list[Extracted]) -> list[Extracted]:
    """One relation per (type, source, target, asset) and sentence: attributes are unioned."""
    out: dict[tuple[Any, ...], Extracted] = {}
    for x in found:
        ends: Callable[[Extracted], tuple[str, str]] = lambda y: (y.source.key, y.target.key)  # noqa: E731
        key: tuple[Any, ...] = (x.type, *ends(x), x.asset.key if x.asset else None)
        if x.type == "partnership":
            key = (x.type, *sorted(ends(x)), None)
        if key in out:
            have = out[key]
            if (x.start, x.end) != (have.start, have.end) and (
                x.start,
                x.end,
                x.quote,
            ) not in have.more:
                have.more.append((x.start, x.end, x.quote))
            for k, v in x.attrs.items():
                have.attrs.setdefault(k, v)
            if have.date is None:
                have.date = x.date
        else:
            out[key] = x
    return list(out.values())
