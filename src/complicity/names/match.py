"""Are two company names one company? ``score(a, b) -> MatchResult``.

Scoring is the declared table ``FEATURES`` below: each feature computes a value in 0..1 and
contributes ``weight * value`` (negative for penalties). Evidence features are alternative routes
to a match (the strongest one counts); penalties are added to it; the result is clipped to 0..1:

    score = clip(max(evidence contributions) + sum(penalty contributions), 0, 1)

A known alias (both names are names of one entity in the store) is the only route that penalties do
not touch: a source said so. A human judgement (``complicity.model.Judgement``) overrides
everything: 1.0 for "same", 0.0 for "not same".

``THRESHOLD`` (``same`` is ``score >= THRESHOLD``) was chosen on labelled data: the Company and
Organization rows of OpenSanctions' nomenklatura name benchmark and the easonanalytica company-name
test set (see ``benchmarks/names_quality.py`` and ``benchmarks/README-names.md``). We swept the
threshold from 0.50 to 0.99 in steps of 0.01 over both sets together, and took the value with the
best F1; among equal F1 the higher (stricter) one, because a screening hit is checked by a person
while a false "same" on a parent/subsidiary pair is a wrong claim. The Chinese cases of issue 3
(大华银行 vs 大华股份, 科大讯飞 vs 科大国创, 立昂微电子 vs 立昂技术, parent vs subsidiary) are in
``tests/names`` and must stay below it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache, lru_cache, partial
from typing import Any

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from complicity.model import Judgement
from complicity.names import native
from complicity.names.normalize import (
    CITY,
    CUT,
    LATIN_GROUP_WORDS,
    PREFECTURE,
    STOPWORDS,
    NameInputError,
    NormalizedName,
    conflicting_forms,
    country_marks,
    country_words,
    data,
    descriptor_class,
    descriptor_translations,
    fills_dict,
    grouped,
    is_sector_word,
    latin_abroad,
    latin_ordinals,
    made_directly,
    name_parts,
    named_place,
    normalize,
    pinyin_key,
    place_level,
    places_apart,
    uscc_place,
)
from complicity.names.romanize import hangul_variants, wade_giles
from complicity.names.translate import bare_company, stem, translation, wade_sim

THRESHOLD = 0.85
_NATIVE = native()  # the C extension (Reach and _align), when it was built


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    kind: str  # "evidence", "penalty" or "note" (says how a score was reached, adds nothing)
    weight: float
    description: str


FEATURES: dict[str, FeatureSpec] = {
    f.name: f
    for f in (
        FeatureSpec("known_alias", "evidence", 1.0, "both names belong to one entity in a source"),
        FeatureSpec(
            "core_exact",
            "evidence",
            1.0,
            "same name once legal form, case, script variant and place prefix are set aside",
        ),
        FeatureSpec(
            "token_similarity",
            "evidence",
            1.0,
            "words (Han: the distinctive head) "
            "aligned one to one, fuzzy, weighted; descriptors count 0.3",
        ),
        FeatureSpec(
            "compact_similarity",
            "evidence",
            0.97,
            "the cores written without spaces, "
            "cubed (Wal-Mart / Walmart, van der bilt / vanderbilt)",
        ),
        FeatureSpec(
            "acronym",
            "evidence",
            0.9,
            "one name is the initials of the other (IBM), or the abbreviation it gives (MERICS)",
        ),
        FeatureSpec(
            "pinyin",
            "evidence",
            0.95,
            "pinyin of the Chinese head against the "
            "romanised name, once translated descriptors are set aside",
        ),
        FeatureSpec(
            "translation",
            "evidence",
            0.95,
            "the words of a Chinese, Japanese or Korean name and of an English one translate or "
            "read into each other (美国稀土 = USA Rare Earth): harmonic mean of the share of "
            "words found on each side (CC-CEDICT and names/data/glossary.yaml)",
        ),
        FeatureSpec(
            "descriptor_mismatch",
            "penalty",
            0.35,
            "different line of business: a sector "
            "word (银行, 微电子) on one side only or different on both; weak descriptors "
            "(技术, 科技) cost 0.08 each, 0.5 when the name without the word carries a legal form "
            "(X Systems / X Ltd)",
        ),
        FeatureSpec(
            "qualifier_mismatch",
            "penalty",
            0.5,
            "a foreign place in brackets or a "
            "branch marker on one side (0.5) or different on both (1): a subsidiary",
        ),
        FeatureSpec(
            "country_mismatch",
            "penalty",
            0.5,
            "each name has a country the other lacks (Hikvision Australia / Hikvision Austria, "
            "Bank of Armenia / Bank of America): alike in letters, two companies",
        ),
        FeatureSpec(
            "place_level_mismatch",
            "penalty",
            0.2,
            "one place at two levels: a city and the prefecture of that name (喀什市 / 喀什地区, "
            "Kashgar City / Kashgar Prefecture), the city within the prefecture; each has "
            "bodies of its own (normalize.place_level)",
        ),
        FeatureSpec(
            "legal_form_conflict",
            "penalty",
            0.2,
            "incompatible legal forms (AG vs GmbH, JSC vs LLC)",
        ),
        FeatureSpec(
            "prefix_mismatch",
            "penalty",
            0.2,
            "registered in two places, neither within the other (广州 vs 丹东; not 杭州 vs 浙江): "
            "two registrations of one name are two companies; or a national brand (中国联通) "
            "against a company registered in a city under its word. A place on one side only "
            "is weak evidence and costs nothing",
        ),
        FeatureSpec(
            "number_mismatch",
            "penalty",
            0.3,
            "different numbers in Chinese names (第十四研究所 / 第三十八研究所, Chinese numerals read "
            "as digits), or between a Chinese name and the numbers or ordinals of an English one "
            "(38th Research Institute)",
        ),
        FeatureSpec(
            "name_part",
            "note",
            0.0,
            "the input gives two names or more, one in each script (海康威視 Hikvision) or one "
            "known as the other (Megvii a.k.a. Face++): the score is that of the part named, not "
            "of the whole (names.index, normalize.name_parts)",
        ),
        FeatureSpec(
            "identifier",
            "note",
            0.0,
            "the row gives an identifier (an ISIN, a listed share's code, a USCC, an LEI) that "
            "the store holds for an entity: it confirms the name's match, or makes the row that "
            "entity when the name matched none, or puts the row to review when the name matched "
            "another (screen.Screener)",
        ),
        FeatureSpec(
            "spelt_out",
            "note",
            0.0,
            "the query's initials are a name of the entity (VMP), but the entity spells them out "
            "in other words: another company's initials, so the score beside it is that of the "
            "spelt-out name (names.index)",
        ),
        FeatureSpec(
            "homophone",
            "note",
            0.0,
            "the entity gives its Chinese name, which reads as the query's but is written with "
            "other characters (大华 / 达华, both dahua): a homonym, so the score beside it is "
            "that of the Chinese name, not of its romanisation (names.index)",
        ),
        FeatureSpec(
            "group_company",
            "note",
            0.0,
            "the query is a registered company name (or a brand with its country or region: "
            "Hikvision Europe) that adds words or a place to a name of the entity with no legal "
            "form (its brand: 海康威视 in 杭州海康威视系统技术有限公司), and the entity's registered "
            "names that say the brand are other companies'; or it says a place apart from the "
            "province the entity's unified social credit code gives: probably a company of its "
            "group, not the entity, so the score beside it is that of the closest registered "
            "name, or of the name said in that province (names.index)",
        ),
        FeatureSpec(
            "unit_of",
            "note",
            0.0,
            "the query names a unit of another body (第十四研究所 of 中国电子科技集团公司, a "
            "branch of a company: names.units) that matches a name of the entity, while the "
            "query itself matches none: a unit of the entity, not the entity, so the score "
            "beside it is that of the query against the parent's name (names.index)",
        ),
    )
}
# the notes that make a row "related" in a screen: the query is not the entity, but of its group
RELATED_NOTES = frozenset({"group_company", "unit_of"})


@dataclass(frozen=True)
class Feature:
    name: str
    value: float
    weight: float
    contribution: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MatchResult:
    a: str
    b: str
    score: float
    same: bool
    explanation: list[Feature] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": self.score,
            "same": self.same,
            "threshold": THRESHOLD,
            "explanation": [f.to_dict() for f in self.explanation],
        }


def alias_key(name: NormalizedName) -> str:
    """What aliases are keyed on: the core, plus qualifiers (a Hong Kong subsidiary is not its
    parent even when the rest of the name is the same)."""
    if name.qualifiers:
        return f"{name.key}({','.join(name.qualifiers)})"
    return name.key


def head_key(name: NormalizedName) -> str:
    """Where an alias table looks for names that may be this one: script and distinctive head."""
    return f"{name.script}:{name.head}"


def _adds_words(name: NormalizedName, other: NormalizedName) -> bool:
    """``name`` has a descriptor ``other`` has none like (Europe, 系统): it names more than
    ``other`` does, so it is not ``other`` said shorter, whatever their score."""
    return bool(_added(name, other))


class AliasTable:
    """Names known to belong to one entity, and human judgements.

    Every pair of names of one entity is a known alias, with that entity's evidence: cross-script
    links (立昂 = Leon) come from sources, not from transliteration. Judgements (same / not same)
    between entity ids or names override scores; the latest judgement on a pair wins.
    """

    def __init__(self) -> None:
        self._entities: dict[str, set[str]] = {}  # alias key -> entity ids
        self._by_head: dict[str, list[tuple[str, str]]] = {}  # head key -> (entity id, name)
        self._judged: dict[frozenset[str], tuple[str, bool]] = {}
        self._memo: dict[NormalizedName, frozenset[str]] = {}
        self._ids: set[str] = set()
        self._refs: tuple[int, frozenset[str]] | None = None  # (len(_judged), refs judged)
        # entity id -> its Chinese names, from _by_head when first asked
        self._han: dict[str, list[str]] | None = None
        # entity id -> the province it is registered in (``NameIndex.set_registered``): its
        # names that say no place are taken as saying that one
        self.registered_in: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._entities)

    def add(self, entity_id: str, name: str, normalized: NormalizedName | None = None) -> None:
        try:
            n = normalized or normalize(name)
        except NameInputError:
            return
        self._entities.setdefault(alias_key(n), set()).add(entity_id)
        self._by_head.setdefault(head_key(n), []).append((entity_id, name))
        self._ids.add(entity_id)
        self.forget()

    def keep_only(self, entity_ids: set[str]) -> None:
        """Forget entities with a single name: they link nothing."""
        self._entities = {k: v & entity_ids for k, v in self._entities.items() if v & entity_ids}
        self._by_head = {
            k: kept
            for k, rows in self._by_head.items()
            if (kept := [r for r in rows if r[0] in entity_ids])
        }
        self._ids &= entity_ids
        self.forget()

    def forget(self) -> None:
        """Drop what was worked out from the names (after names were added or removed)."""
        self._memo.clear()
        self._han = None

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[tuple[str, str]], judgements: Iterable[Judgement] = ()
    ) -> AliasTable:
        table = cls()
        for entity_id, name in pairs:
            table.add(entity_id, name)
        for judgement in judgements:
            table.add_judgement(judgement)
        return table

    @classmethod
    def from_store(cls, store: Any) -> AliasTable:
        """From ``store.all_names()`` ((entity_id, Name) pairs) and ``store.judgements()``."""
        pairs = ((eid, n.text if hasattr(n, "text") else str(n)) for eid, n in store.all_names())
        judgements = store.judgements() if hasattr(store, "judgements") else ()
        table = cls.from_pairs(pairs, judgements)
        if hasattr(store, "identifiers_of"):
            table.registered_in = registered_places(store.identifiers_of("uscc"))
        return table

    def add_judgement(self, judgement: Judgement) -> None:
        left = self._ref(judgement.left)
        right = self._ref(judgement.right)
        pair = frozenset((left, right))
        previous = self._judged.get(pair)
        if previous is None or previous[0] <= judgement.at:
            self._judged[pair] = (judgement.at, judgement.same)

    def entities(self, name: NormalizedName) -> frozenset[str]:
        """Entities one of whose names is this name: the same alias key, or a name with the same
        head that scores as the same company in its own script and that this name adds no word
        to (海康威视 is a name of the entity that lists 杭州海康威视数字技术股份有限公司; 大华银行 is not
        one of Dahua's, nor is Hikvision Europe B.V. a name of the entity named Hikvision: a
        brand may be said of its European company, which is not a name of the group)."""
        if not self._entities and not self._by_head:
            return frozenset()
        found = self._memo.get(name)
        if found is not None:
            return found
        ids = set(self._entities.get(alias_key(name), ()))
        rows = self._by_head.get(head_key(name), [])
        if ids and name.prefix is not None:
            # the alias key leaves the place out (北京海康威视 is 海康威视 said with its city), but
            # an entity whose every name with that key says another place is not named so:
            # 北京海康威视数字技术有限公司 is not Hikvision, which is registered in 杭州
            ids -= self._registered_elsewhere(name, ids, rows)
        for entity_id, text in rows:
            if entity_id in ids:
                continue
            try:
                other = self._as_registered(entity_id, normalize(text))
            except NameInputError:
                continue
            if score_normalized(name, other).score >= THRESHOLD and not _adds_words(name, other):
                ids.add(entity_id)
        if registered(name) and ids:
            # a brand's key said with a place and a legal form (深圳市商汤科技有限公司 / 商汤科技)
            # names a company of the entity's group, where the entity is registered otherwise
            ids = {e for e in ids if not self._of_its_group(name, e, rows)}
        found = frozenset(ids)
        if len(self._memo) > 50000:
            self._memo.clear()
        self._memo[name] = found
        return found

    def _registered_elsewhere(
        self, name: NormalizedName, ids: set[str], rows: list[tuple[str, str]]
    ) -> set[str]:
        """Of ``ids``, the entities all of whose names with ``name``'s alias key (among
        ``rows``, its names with its head) say a place apart from ``name``'s, or the nation
        where ``name`` says a city (深圳市海洋石油有限公司 / 中国海洋石油集团有限公司)."""
        key = alias_key(name)
        same_key: dict[str, list[NormalizedName]] = {}
        for entity_id, text in rows:
            if entity_id in ids:
                with contextlib.suppress(NameInputError):
                    other = normalize(text)
                    if alias_key(other) == key:
                        same_key.setdefault(entity_id, []).append(
                            self._as_registered(entity_id, other)
                        )
        return {
            e
            for e, names in same_key.items()
            if all(
                _prefixes_apart(name, other) or _national_brand_apart(name, other)
                for other in names
            )
        }

    def registered_apart(
        self, q: NormalizedName, other: NormalizedName, score: float
    ) -> MatchResult | None:
        """``q`` against ``other`` as ``NameIndex._registered_apart`` scores it: where ``q`` is
        registered and says a place, ``other`` says none, and every entity ``other`` is a name
        of is registered in a province apart from that place; None otherwise."""
        if not registered(q) or q.prefix is None or other.prefix is not None:
            return None
        entities = self.entities(other)
        places = {self.registered_in.get(e) for e in entities}
        if not entities or None in places or len(places) != 1:
            return None
        (place,) = places
        assert place is not None
        return registered_elsewhere(q, other, place, score)

    def _as_registered(self, entity_id: str, name: NormalizedName) -> NormalizedName:
        """``name``, a name of ``entity_id``, saying the province the entity is registered in
        (``registered_in``) when it says no place itself."""
        place = self.registered_in.get(entity_id) if name.prefix is None else None
        return name if place is None else replace(name, prefix=place)

    def homophones(self, han: NormalizedName, lat: NormalizedName) -> list[NormalizedName]:
        """Chinese names of the entities ``lat`` names whose head reads as ``han``'s but is
        written otherwise (大华 for 达华, both dahua), when none of those entities writes
        ``han``'s head itself: names that say ``han`` is another company than ``lat``'s."""
        entities = self.entities(lat)
        if not entities or not han.pinyin:
            return []
        if self._han is None:
            self._han = {}
            for key, rows in self._by_head.items():
                if key.startswith("Han:"):
                    for entity_id, text in rows:
                        self._han.setdefault(entity_id, []).append(text)
        written: list[NormalizedName] = []
        for e in sorted(entities):
            for text in self._han.get(e, ()):
                with contextlib.suppress(NameInputError):
                    written.append(normalize(text))
        return [written[k] for k in homophones_among(han, written)]

    def _of_its_group(
        self, name: NormalizedName, entity_id: str, rows: list[tuple[str, str]]
    ) -> bool:
        """Whether ``name`` says a brand of ``entity_id`` (a name of it with no legal form,
        among ``rows``, its names with ``name``'s head) but names another company of its group
        (``group_apart``), and none of its names is ``name``'s own."""
        names = _names_in(rows, entity_id)
        brands = [n for n in names if brand_of_another(name, n)]
        key = alias_key(name)
        if not brands or any(alias_key(n) == key and n.legal_form is not None for n in names):
            return False
        return any(
            score_normalized(name, n).score >= THRESHOLD
            and group_apart(name, n, 1.0, names) is not None
            for n in brands
        )

    def group_apart(
        self, q: NormalizedName, brand: NormalizedName, brand_score: float
    ) -> MatchResult | None:
        """``match.group_apart`` against the entities ``brand`` is a name of, their names with
        its head being where their registered names that say the brand are: None unless every
        such entity is registered as another company than ``q``."""
        found: list[MatchResult] = []
        rows = self._by_head.get(head_key(brand), [])
        for entity_id in sorted(self.entities(brand)):
            apart = group_apart(q, brand, brand_score, _names_in(rows, entity_id))
            if apart is None:
                return None
            found.append(apart[0])
        return max(found, key=lambda r: r.score, default=None)

    def may_lift(self, name: NormalizedName) -> bool:
        """Whether this table can change a score of ``name`` (a known alias or a judgement).

        A judgement changes the scores of the names it is about only (``judged`` looks up the
        entities a name belongs to and the name itself): one review decision must not turn off
        the index's screening shortcuts for every other name."""
        if self._judged and "name:" + alias_key(name) in self._judged_refs():
            return True
        return bool(self.entities(name))

    def _judged_refs(self) -> frozenset[str]:
        """Every entity id and "name:<alias key>" some judgement is about (judgements are only
        ever added, so their number tells when this is stale)."""
        if self._refs is None or self._refs[0] != len(self._judged):
            self._refs = (len(self._judged), frozenset(r for pair in self._judged for r in pair))
        return self._refs[1]

    def _ref(self, value: str) -> str:
        """An entity id stays as it is; a name becomes "name:<alias key>"."""
        if value in self._ids:
            return value
        try:
            return "name:" + alias_key(normalize(value))
        except NameInputError:
            return value

    def judged(self, a: NormalizedName, b: NormalizedName) -> bool | None:
        if not self._judged:
            return None
        refs_a = self.entities(a) | {"name:" + alias_key(a)}
        refs_b = self.entities(b) | {"name:" + alias_key(b)}
        found: tuple[str, bool] | None = None
        for ra in refs_a:
            for rb in refs_b:
                hit = self._judged.get(frozenset((ra, rb)))
                if hit and (found is None or hit[0] >= found[0]):
                    found = hit
        return None if found is None else found[1]


# ---------------------------------------------------------------------------------------------


# per feature: its weight, the weight signed (negative for a penalty) and, as ``_feature``
# rounds it, the contribution of a value of 1.0 (most values are 1.0 or 0.0)
_SIGNED = {
    name: (spec.weight, (-1.0 if spec.kind == "penalty" else 1.0) * spec.weight)
    for name, spec in FEATURES.items()
}
_WHOLE = {name: round(signed * 1.0, 4) for name, (_, signed) in _SIGNED.items()}
_EVIDENCE = frozenset(name for name, spec in FEATURES.items() if spec.kind == "evidence")
_PENALTY = frozenset(name for name, spec in FEATURES.items() if spec.kind == "penalty")
# a Feature or MatchResult is made by filling its __dict__ (a third of the cost of a frozen
# dataclass's __init__, and ``score_normalized`` makes several per pair)
_DIRECT_FEATURE = fills_dict(Feature, ("name", "value", "weight", "contribution", "detail"))
_DIRECT_RESULT = fills_dict(MatchResult, ("a", "b", "score", "same", "explanation"))


_ROUNDED: dict[float, float] = {}


def _round4(x: float) -> float:
    """``round(x, 4)``, remembered. Rounding a float correctly to 4 decimals costs CPython a
    conversion to decimal digits and back (some 2,000 instructions, 3% of a screen's time),
    and the values scores are made of repeat: ratios of short strings, weights, their sums."""
    if x == 0.0:
        return x  # 0.0 and -0.0 would be one key, and round keeps the sign
    rounded = _ROUNDED.get(x)
    if rounded is None:
        if len(_ROUNDED) >= 1 << 16:
            _ROUNDED.clear()
        rounded = _ROUNDED[x] = round(x, 4)
    return rounded


def _feature(name: str, value: float, detail: str) -> Feature:
    weight, signed = _SIGNED[name]
    value = max(0.0, min(1.0, value))
    if value == 1.0:
        contribution = _WHOLE[name]
    else:
        contribution = _round4(signed * value)
        value = _round4(value)
    values = {
        "name": name,
        "value": value,
        "weight": weight,
        "contribution": contribution,
        "detail": detail,
    }
    return made_directly(Feature, values, _DIRECT_FEATURE)


def homophones_among(han: NormalizedName, names: Sequence[NormalizedName]) -> list[int]:
    """Where in ``names`` (one entity's names) a Chinese name reads as ``han``'s head but is
    written otherwise (大华 for 达华, both dahua); [] when one of them writes ``han``'s head
    itself. Such a name says ``han`` is another company than the entity, whatever its
    romanisation (Dahua) matches."""
    if not han.pinyin or any(n.is_han and n.head == han.head for n in names):
        return []
    return [k for k, n in enumerate(names) if n.is_han and n.pinyin == han.pinyin]


def homophone_feature(written: str, query: str, reading: str) -> Feature:
    """The ``homophone`` note: the entity writes ``written``, the query ``query``; both read
    ``reading``."""
    return _feature(
        "homophone",
        1.0,
        f"the entity writes {written}; {query} reads as it ({reading}), written otherwise",
    )


def _names_in(rows: list[tuple[str, str]], entity_id: str) -> list[NormalizedName]:
    """The names of ``entity_id`` among ``rows`` ((entity id, name) pairs), normalised."""
    names: list[NormalizedName] = []
    for e, text in rows:
        if e == entity_id:
            with contextlib.suppress(NameInputError):
                names.append(normalize(text))
    return names


def brand_of_another(q: NormalizedName, brand: NormalizedName) -> bool:
    """``q`` is a registered company name (有限公司, Ltd), or a brand with its country or region
    (``said_of_a_company``), in ``brand``'s script that adds words or a place to ``brand``, a
    name with no legal form: a brand said of its company, or of another company of its group
    (杭州海康威视系统技术有限公司 is not Hikvision, 科大讯飞(苏州)科技有限公司 not iFlytek,
    深圳市商汤科技有限公司 not SenseTime, Hikvision Europe B.V. and Hikvision Europe neither).
    Names alone cannot tell which; the registered names of the entity the brand is a name of
    can (``group_apart``). The brand with a legal form only (Hikvision Co., Ltd.) is taken for
    the brand's company; a stock's short name (大华股份: 股份, shares, is no company's form) is
    a brand."""
    return (
        not registered_in_full(brand)  # 大华股份, a share's short name, is a brand too
        and q.is_han == brand.is_han
        and said_of_a_company(q)
        and (_adds_words(q, brand) or (q.prefix is not None and brand.prefix is None))
    )


def said_of_a_company(q: NormalizedName) -> bool:
    """``q`` names one company, not a brand: it is registered (a legal form), or it is a brand
    with the country or region of its company there (Hikvision Europe, Dahua Middle East:
    ``brand_abroad``), as a supplier file shortens a registered name."""
    return registered(q) or brand_abroad(q) is not None


def group_apart(
    q: NormalizedName, brand: NormalizedName, brand_score: float, names: list[NormalizedName]
) -> tuple[MatchResult, int] | None:
    """Where ``q`` is ``brand_of_another(q, brand)`` and ``names`` are the other names of the
    brand's entity: ``q`` against the closest of the entity's registered names that say the
    brand (``_says``), opening with the ``group_company`` note, and where that name is in
    ``names``; None when there is none, or one is ``q``'s company (at or above THRESHOLD): the
    brand's score stands."""
    own = [k for k, n in enumerate(names) if registered_in_full(n) and _says(n, brand)]
    if not own or any(
        names[k].compact == q.compact and not _prefixes_apart(names[k], q) for k in own
    ):
        # none to tell, or one is the query's own name, its legal form and place aside (not
        # said in another place: 北京海康威视数字技术有限公司 is not 杭州海康威视数字技术)
        return None
    result, k = max(((score_normalized(q, names[k]), k) for k in own), key=lambda s: s[0].score)
    if result.score >= THRESHOLD:
        return None
    other = names[k]
    if q.compact == other.compact and _prefixes_apart(q, other):
        said = f"is that name said in {q.prefix}, not {other.prefix}"  # 北京海康威视数字技术
    else:
        said = f"adds {'/'.join(_added(q, brand)) or q.prefix} to it"
    note = _feature(
        "group_company",
        1.0,
        f"{brand.original} ({brand_score:.2f}) is a name of an entity registered as "
        f"{other.original}; {q.original} {said}: probably a company of its group, not the entity",
    )
    feats = [note, *result.explanation]
    return MatchResult(q.original, other.original, result.score, False, feats), k


def company_of_group(q: NormalizedName, group: NormalizedName) -> MatchResult | None:
    """Where ``q`` is a registered company name that adds words to the brand a group is named
    by, and ``group`` that group's name, the brand and a group word alone (浪潮电子信息产业股份
    有限公司 and 浪潮集团有限公司; Inspur Electronic Information Industry Co., Ltd. and Inspur
    Group): ``q`` against ``group``, opening with the ``group_company`` note. None when that is
    not the case, or ``q`` scores as ``group`` at THRESHOLD. A brand that is a place (中国) names
    no group; a query that is a group itself is not of another, nor one registered in a place
    apart from the group's (上海海康银行集团 and 杭州海康集团: two registrations of one word)."""
    if not (
        registered(q)
        and q.descriptors
        and q.is_han == group.is_han
        and q.head == group.head
        and not group.qualifiers
        and grouped(group)
        and not grouped(q)
        and not (q.prefix and group.prefix and places_apart(q.prefix, group.prefix))
        and all(d in LATIN_GROUP_WORDS for d in group.descriptors)
        and not _a_place(q.head, q.is_han)
    ):
        return None
    return _of_its_group(
        q,
        group,
        f"{q.original} adds {'/'.join(q.descriptors)} to {group.original}, a group's name: "
        "probably a company of its group, not the group",
    )


def _of_its_group(q: NormalizedName, other: NormalizedName, why: str) -> MatchResult | None:
    """``q`` against ``other``, opening with the ``group_company`` note that says ``why``; None
    where ``q`` scores as ``other`` at THRESHOLD (it is then no other company)."""
    result = score_normalized(q, other)
    if result.score >= THRESHOLD:
        return None
    note = _feature("group_company", 1.0, why)
    return MatchResult(q.original, other.original, result.score, False, [note, *result.explanation])


def _country_run(words: list[str]) -> tuple[int, int] | None:
    """Where the one country of ``words`` is (start, end), its longest spelling taken; None
    when they name none or more than one."""
    marks, most = country_marks()
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        longest = min(most, len(words) - i)  # a run ends within the words
        n = next((n for n in range(longest, 0, -1) if tuple(words[i : i + n]) in marks), 0)
        if n:
            runs.append((i, i + n))
        i += n or 1
    return runs[0] if len(runs) == 1 else None


def brand_abroad(q: NormalizedName) -> tuple[tuple[str, ...], str] | None:
    """Where ``q`` is a registered English name made of a brand, one country after it and
    perhaps descriptors (Hikvision USA Inc., Dahua Technology UK Limited, Hikvision
    Deutschland GmbH, Hikvision (HK) Limited): the cores a name of the brand's entity may
    have, without spaces (the brand, and the brand with the descriptors: dahua,
    dahuatechnology), and the country. None otherwise; a name that opens with its country
    (Japan Airlines) is none. A Chinese name gives its place abroad in brackets
    (海康威视（美国）有限公司, 大华技术（香港）有限公司: ``qualifiers``), a branch's (分公司) aside.
    An English name with no legal form that ends with its country is one too (Hikvision USA,
    SenseTime Japan), as a supplier file shortens it; and a world region is taken as a country
    (Hikvision Europe, Dahua Middle East FZE: ``world_regions``)."""
    if q.is_han:
        if not registered(q) or len(q.qualifiers) != 1 or q.qualifiers[0] == "分公司":
            return None
        return tuple(dict.fromkeys((q.head, q.compact))), q.qualifiers[0]
    words = q.head.split()
    run = _country_run(words)
    if run is None:
        # a region is a descriptor (europe, asia pacific), which the head leaves out: looked
        # for among all the words (Hikvision Europe, Hikvision Asia Pacific)
        words = list(q.tokens)
        run = _country_run(words)
    if run is None or run[0] == 0 or not (registered(q) or run[1] == len(words)):
        return None
    country = words[run[0] : run[1]]
    core = "".join(w for w in q.head.split() if w not in country)
    if not core:
        return None
    described = "".join(t for t in q.tokens if t not in country)
    return tuple(dict.fromkeys((core, described))), " ".join(country)


def company_abroad(q: NormalizedName, brand: NormalizedName, country: str) -> MatchResult | None:
    """``q`` against ``brand``, a name of an entity whose core is ``q``'s without its country
    (``brand_abroad``), opening with the ``group_company`` note: probably the group's company
    in that country. None where ``brand`` has a foreign place of its own (in brackets), or
    ``q`` scores as ``brand`` at THRESHOLD."""
    if brand.is_han != q.is_han or brand.qualifiers:
        return None
    return _of_its_group(
        q,
        brand,
        f"{q.original} is {brand.original} with a country, place or region ({country}): probably the "
        "group's company there, not the entity",
    )


def _a_place(head: str, han: bool) -> bool:
    """``head`` is a Chinese place, as a name's head may be (中国电子科技: head 中国)."""
    d = data()
    return head in d.zh_place_kind if han else tuple(head.split()) in d.latin_places


def unit_feature(q: NormalizedName, parent: str, matched: str, parent_score: float) -> Feature:
    """The ``unit_of`` note: ``q`` names a unit of ``parent``, which matches the entity's name
    ``matched`` at ``parent_score``."""
    return _feature(
        "unit_of",
        1.0,
        f"{q.original} names a unit of {parent}, which matches {matched} ({parent_score:.2f}): "
        "a unit of the entity or of its group, not the entity",
    )


def registered_places(codes: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Entity id -> the province it is registered in, from (entity id, unified social credit
    code) pairs (``uscc_place``); codes that say none are left out."""
    return {eid: place for eid, code in codes if (place := uscc_place(code))}


def registered_elsewhere(
    q: NormalizedName, c: NormalizedName, place: str, value: float
) -> MatchResult | None:
    """``q`` (registered, saying its place) against ``c``, a name of an entity registered in
    the province ``place`` that says no place itself, which ``q`` matched at ``value``: scored
    as if ``c`` said that province, opening with the ``group_company`` note, where the places
    are apart and ``q`` falls below THRESHOLD so; else None. ``NameIndex._registered_apart``
    and ``AliasTable.registered_apart`` ask it."""
    if q.prefix is None or c.prefix is not None or not places_apart(q.prefix, place):
        return None
    result = score_normalized(q, replace(c, prefix=place))
    if result.score >= THRESHOLD:
        return None
    note = _feature(
        "group_company",
        1.0,
        f"{c.original} ({value:.2f}) is of an entity registered in {place} (its unified social "
        f"credit code); {q.original} says {q.prefix}: probably a company of its group, not the "
        "entity",
    )
    return MatchResult(q.original, c.original, result.score, False, [note, *result.explanation])


def city_within(q: NormalizedName, c: NormalizedName) -> MatchResult | None:
    """Where ``q`` is a city's body and ``c`` the body of the prefecture of that name (喀什市公安局
    and Kashgar Prefecture Public Security Bureau), which ``q`` matches but for the level
    (``place_level_mismatch``): ``q`` against ``c``, opening with the ``unit_of`` note (the
    city's body is under the prefecture's, not it). None otherwise."""
    if place_level(q) != CITY or place_level(c) != PREFECTURE:
        return None
    result = score_normalized(q, c)
    level = next((f for f in result.explanation if f.name == "place_level_mismatch"), None)
    if level is None or result.score - level.contribution < THRESHOLD:
        return None
    note = _feature(
        "unit_of",
        1.0,
        f"{q.original} is a body of the city of {named_place(q)}, which lies within the "
        f"prefecture of that name, whose body {c.original} is; the names match "
        f"({result.score - level.contribution:.2f}) but for the level: a body under the entity, "
        "not the entity",
    )
    return MatchResult(q.original, c.original, result.score, False, [note, *result.explanation])


def _says(name: NormalizedName, brand: NormalizedName) -> bool:
    """``name`` is in ``brand``'s script and says it: 杭州海康威视数字技术股份有限公司 says 海康威视,
    Hangzhou Hikvision Digital Technology Co., Ltd. says Hikvision."""
    if name.is_han != brand.is_han:
        return False
    if name.is_han:
        return brand.head in name.head
    return set(brand.head.split()) <= set(name.tokens)


def _added(name: NormalizedName, other: NormalizedName) -> list[str]:
    """The descriptors of ``name`` that ``other`` has none like (``_adds_words``)."""
    return [d for d in name.descriptors if not any(_equivalent(d, e) for e in other.descriptors)]


def spelt_out_feature(initials: str, written: str) -> Feature:
    """The ``spelt_out`` note: the entity's name ``initials`` stands for ``written``."""
    return _feature("spelt_out", 1.0, f"the entity spells {initials.upper()} out: {written}")


def part_feature(part: str, how: str, others: str = "") -> Feature:
    """The ``name_part`` note: the score beside it is that of ``part``, one of the names the
    input gives, ``how`` it gives them (``normalize.name_parts``); ``others``: what the other
    names matched, where they may be other bodies (a list of them)."""
    detail = f"read as {how}: {part}" if how == CUT else f"of the names given, {how}: {part}"
    return _feature("name_part", 1.0, f"{detail}; {others}" if others else detail)


_DESCRIPTOR_WEIGHT = 0.3  # of an English descriptor in the alignment of words (_align)


def _token_weight(token: str) -> float:
    return _DESCRIPTOR_WEIGHT if token in data().en_descriptors else 1.0


def _token_sim(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) <= 3 or len(b) <= 3 or a.isdigit() or b.isdigit():
        return 0.0
    # mean of Indel similarity and Jaro-Winkler: typos late in a word (Stellaris / Stellantis)
    # cost less than a different start (Volkswerk / Volkswagen keeps its Indel penalty)
    sim = (fuzz.ratio(a, b) / 100.0 + JaroWinkler.normalized_similarity(a, b)) / 2
    return sim if sim >= 0.75 else 0.0


def _align(ta: tuple[str, ...], tb: tuple[str, ...]) -> tuple[float, list[str], list[str]]:
    """Weighted one-to-one alignment of two word lists: (similarity, unmatched a, unmatched b).
    The C extension's ``align`` when it was built: the same result to the bit (the same
    ``_token_sim``, the pairs taken and the sums added in the same order); the code below is
    its twin."""
    if _NATIVE is not None:
        return _NATIVE.align(ta, tb, data().en_descriptors, _DESCRIPTOR_WEIGHT)
    return _align_in_python(ta, tb)


def _align_in_python(
    ta: tuple[str, ...], tb: tuple[str, ...]
) -> tuple[float, list[str], list[str]]:
    pairs = sorted(
        ((_token_sim(x, y), i, j) for i, x in enumerate(ta) for j, y in enumerate(tb)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = 0.0
    for sim, i, j in pairs:
        if sim <= 0.0:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matched += sim * (_token_weight(ta[i]) + _token_weight(tb[j]))
    total = sum(map(_token_weight, ta)) + sum(map(_token_weight, tb))
    rest_a = [t for i, t in enumerate(ta) if i not in used_a]
    rest_b = [t for j, t in enumerate(tb) if j not in used_b]
    return (matched / total if total else 0.0), rest_a, rest_b


@lru_cache(maxsize=16384)
def _equivalent(d1: str, d2: str) -> bool:
    """Two descriptors that share a translation (科技 / 技术: technology). Cached: a screen asks
    it of the same few hundred descriptors for every candidate."""
    return d1 == d2 or bool(set(descriptor_translations(d1)) & set(descriptor_translations(d2)))


def _descriptor_penalty(
    only_a: list[str],
    only_b: list[str],
    kept: tuple[list[str], list[str]] | None = None,
) -> tuple[float, str]:
    """Descriptors present on one side only: Han ones, or (across scripts) the English ones a
    Chinese name lacks. Sector words weigh fully, weak ones 0.08 each. An English word that
    translates a sector word is one (Bank, Securities, College): 大华 is not Dahua Bank. A
    word the other side says otherwise (科技 for 技术, ``_unpaired``) weighs as a weak one: two
    registrations may differ by that alone (北京立昂科技 / 立昂技术). ``kept``: ``_unpaired`` of
    the two, when the caller has it already."""
    kept_a, kept_b = kept if kept is not None else _unpaired(only_a, only_b)
    value = _descriptor_value(only_a, kept_a, kept_b)
    if not value:
        return 0.0, ""
    if value == 1.0:
        return 1.0, f"business differs: {'/'.join(kept_a) or '-'} vs {'/'.join(kept_b) or '-'}"
    synonyms = [
        f"{d} ~ {next(e for e in only_b if _equivalent(d, e))}" for d in only_a if d not in kept_a
    ]
    weak = kept_a + kept_b
    said = [f"descriptor on one side only: {'/'.join(weak)}"] if weak else []
    if synonyms:
        said.append(f"said otherwise: {', '.join(synonyms)}")
    return value, "; ".join(said)


def _descriptor_value(only_a: list[str], kept_a: list[str], kept_b: list[str]) -> float:
    """``_descriptor_penalty``'s value without its detail (what ``Reach`` needs): 1.0 for a
    sector word on one side only or words on both, else 0.08 per word on one side only or
    said otherwise (``only_a`` less ``kept_a``), 0.5 at most."""
    said_otherwise = len(only_a) - len(kept_a)
    if not kept_a and not kept_b and not said_otherwise:
        return 0.0
    if (kept_a and kept_b) or any(
        descriptor_class(d) == "sector" or is_sector_word(d) for d in kept_a + kept_b
    ):
        return 1.0
    return min(0.5, 0.08 * (len(kept_a) + len(kept_b) + said_otherwise))


def _unpaired(only_a: list[str], only_b: list[str]) -> tuple[list[str], list[str]]:
    """The descriptors of each side that none of the other side's shares a translation with:
    科技 pairs off with 技术, and 数字 is left (海康威视科技 / 海康威视数字技术)."""
    return (
        [d for d in only_a if not any(_equivalent(d, e) for e in only_b)],
        [d for d in only_b if not any(_equivalent(d, e) for e in only_a)],
    )


def _if_registered(
    value: float, detail: str, a: NormalizedName, b: NormalizedName, only_a: bool, only_b: bool
) -> tuple[float, str]:
    """A weak descriptor on one side only costs 0.5 when the name without it is written in full,
    with its legal form (诺斯罗普·格鲁曼公司 / 诺斯罗普·格鲁曼系统公司, IHI Aerospace Co., Ltd. /
    IHI航空制造株式会社): the word is not part of that company's registered name, so the other
    name is another registration, a subsidiary or a sister. As in ``_latin_latin``."""
    shorter = b if only_a and not only_b else a if only_b and not only_a else None
    if 0 < value < 0.5 and shorter is not None and registered_in_full(shorter):
        return 0.5, detail + f"; {shorter.original} has a legal form"
    return value, detail


def registered_in_full(n: NormalizedName) -> bool:
    """As ``registered``; a Chinese name's form must be a company's (公司, 会社): 大华股份 is the
    stock-market short name of 浙江大华技术股份有限公司, not a registered name."""
    if not registered(n):
        return False
    key = n.legal_form.key if n.legal_form else ""
    return not n.is_han or any(word in key for word in ("公司", "会社", "회사"))


def _common_penalties(a: NormalizedName, b: NormalizedName) -> list[Feature]:
    out: list[Feature] = []
    # a place in brackets on one side that the other opens with is one place: 宏达贸易(香港)
    # and 香港宏达贸易 are both registered in Hong Kong
    qa, qb = set(a.qualifiers) - {b.prefix}, set(b.qualifiers) - {a.prefix}
    if qa != qb:
        value = 1.0 if qa and qb else 0.5
        out.append(
            _feature(
                "qualifier_mismatch",
                value,
                f"{'/'.join(sorted(qa)) or '-'} vs {'/'.join(sorted(qb)) or '-'}",
            )
        )
    if _prefixes_apart(a, b):
        out.append(_feature("prefix_mismatch", 1.0, f"{a.prefix} vs {b.prefix}"))
    elif national := _national_brand_apart(a, b):
        out.append(_feature("prefix_mismatch", 1.0, national))
    elif levels := _levels_apart(a, b):
        out.append(_feature("place_level_mismatch", 1.0, levels))
    if a.script == b.script and conflicting_forms(a.legal_form, b.legal_form):
        assert a.legal_form and b.legal_form
        out.append(
            _feature("legal_form_conflict", 1.0, f"{a.legal_form.key} vs {b.legal_form.key}")
        )
    return out


def _national_brand_apart(a: NormalizedName, b: NormalizedName) -> str:
    """Where one Chinese name opens with 中国 (a national brand, 中国联通, or a registered name,
    中国海洋石油集团有限公司) and the other, in either script, is a company registered in full in a
    place within China (东莞市联通贸易有限公司, 深圳市海洋石油有限公司, Shenzhen Mobile
    Communications Co., Ltd.): the detail that says so, else "". Two English names are not
    compared so: China in an English name is no registered word.

    Why: no company may open its name with 中国 unless the State Council decided it
    (企业名称登记管理实施办法, art. 10), so such a name is the nation's enterprise, and its
    registered names say the nation too (中国联合网络通信集团有限公司). A company registered in a
    city under the same word is another legal person, at most one of its group's, which the
    graph's relations say, not the name. A name with no place (海洋石油有限公司) stays weak
    evidence either way."""
    for x, y in ((a, b), (b, a)):
        if (
            x.prefix == "中国"
            and x.original.lstrip().startswith(("中国", "中國"))  # not 海康威视（中国）
            and x.is_han
            and y.prefix not in (None, "中国")
            and registered_in_full(y)
            and data().zh_place_kind.get(y.prefix) != "country"
        ):
            what = "a registered national name" if registered_in_full(x) else "a national brand"
            return (
                f"{x.original} is {what} (中国); {y.original} is registered in "
                f"{y.prefix}: another company that shares its word"
            )
    return ""


def _levels_apart(a: NormalizedName, b: NormalizedName) -> str:
    """Where both names are of one place (``named_place``) and say it at two levels, a city
    and the prefecture of that name (喀什市 / Kashgar Prefecture): the detail that says so;
    else "". Most names say no level, which ``place_level`` tells first."""
    la = place_level(a)
    lb = place_level(b) if la is not None else None
    if la is None or lb is None or la == lb:
        return ""
    place = named_place(a)
    if place is None or place != named_place(b):
        return ""
    return f"{place}: {la} vs {lb} (the city lies within the prefecture of that name)"


def _prefixes_apart(a: NormalizedName, b: NormalizedName) -> bool:
    """Both names say where they are registered, and neither place holds the other (China
    holds every place)."""
    return bool(
        a.prefix
        and b.prefix
        and "中国" not in (a.prefix, b.prefix)
        and places_apart(a.prefix, b.prefix)
    )


def _han_han(a: NormalizedName, b: NormalizedName) -> list[Feature]:
    feats: list[Feature] = []
    head_sim = 1.0 if a.head == b.head else fuzz.ratio(a.head, b.head) / 100.0
    feats.append(_feature("token_similarity", head_sim, f"head {a.head} ~ {b.head}"))
    if a.key != b.key:
        sim = fuzz.ratio(a.key, b.key) / 100.0
        if sim > head_sim:
            feats.append(_feature("compact_similarity", sim * sim, f"{a.key} ~ {b.key} (squared)"))
    only_a, only_b = _descriptors_apart(a, b)
    if only_a or only_b:
        # which side lacks a word is read after the words said otherwise are paired off:
        # 海康威视科技 lacks 数字 of 海康威视数字技术 (its 科技 is that name's 技术)
        kept_a, kept_b = _unpaired(only_a, only_b)
        value, detail = _descriptor_penalty(only_a, only_b, (kept_a, kept_b))
        value, detail = _if_registered(value, detail, a, b, bool(kept_a), bool(kept_b))
        if value:
            feats.append(_feature("descriptor_mismatch", value, detail))
    if a.numbers != b.numbers:
        feats.append(_feature("number_mismatch", 1.0, _numbers_apart(a.numbers, b.numbers)))
    return feats


def _descriptors_apart(a: NormalizedName, b: NormalizedName) -> tuple[list[str], list[str]]:
    """The descriptors of each of two Chinese names that the other has not, as written."""
    return (
        [d for d in a.descriptors if d not in b.descriptors],
        [d for d in b.descriptors if d not in a.descriptors],
    )


def _numbers_apart(a: Sequence[str], b: Sequence[str]) -> str:
    """The detail of a number mismatch as a reader wants it: "14 vs 38", "38 vs -"."""
    return f"{'/'.join(a) or '-'} vs {'/'.join(b) or '-'}"


def _place_as_prefix(x: NormalizedName, y: NormalizedName) -> NormalizedName:
    """``x`` with the place it opens with taken off as its prefix, when that is ``y``'s prefix
    and ``x`` kept it only because nothing distinctive followed: China Aerospace Science and
    Industry keeps China, China Aeropsace Science and Industry (a typo, so a distinctive word)
    does not, and the two are compared as the same place and words. So with the place written
    after the brand, that ``y`` has as its prefix: Hikvision (Hong Kong) Limited / Hong Kong
    Hikvision, Kalinka Tianjin International Trade / Karinka (Tianjin) International Trade."""
    if not y.prefix or x.prefix:
        return x
    d = data()
    places, tokens = d.latin_places, x.tokens
    # a country after a name is a word of it unless brackets set it apart: Spacety China is
    # not China Spacesat
    country = d.zh_place_kind.get(y.prefix) == "country"
    bracketed = "(" in x.original or "（" in x.original
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1 if len(tokens) > n else 0):
            if i and country and not (bracketed and i == len(tokens) - n):
                continue
            if places.get(tokens[i : i + n]) == y.prefix:
                return replace(x, tokens=tokens[:i] + tokens[i + n :], prefix=y.prefix)
    return x


def _latin_latin(a: NormalizedName, b: NormalizedName) -> list[Feature]:
    if _initials_apart(a, b):
        # CASC and CASIC, both on the DoD's list, are two companies: a letter of initials
        # more or less is another name, not a typo
        detail = f"two sets of initials: {a.key} vs {b.key}"
        return [_feature("token_similarity", 0.0, detail)]
    feats = _latin_words(a, b)
    if _evidence_less_penalties(feats) >= _W_ACRONYM:
        return feats  # initials read as words score at most that
    for x, y in ((a, b), (b, a)):
        spelt = _initials_spelt(x, y)
        if spelt is None:
            continue
        wider, initials, run = spelt
        # the initials read as the words they stand for: as good as those words, at most as
        # good as a name's initials are (``acronym``). Not by the likeness of the names
        # glued (compact_similarity): the long words spelt out would outweigh a short word
        # of x that y does not have (AST GZO LLC / Association Sprava Telecommunications Co.)
        other = [
            _feature("acronym", f.value, f"{initials} = {' '.join(run)}; {f.detail}")
            if f.name == "token_similarity"
            else f
            for f in _latin_words(wider, y)
            if f.name != "compact_similarity"
        ]
        if _evidence_less_penalties(other) > _evidence_less_penalties(feats):
            feats = other
    return feats


def _evidence_less_penalties(feats: list[Feature]) -> float:
    """The strongest evidence (a known alias aside: it decides apart) less the penalties, as
    ``score_normalized`` totals the features before clipping to 0..1."""
    evidence = max(
        (f.contribution for f in feats if f.name in _EVIDENCE and f.name != "known_alias"),
        default=0.0,
    )
    return evidence + sum(f.contribution for f in feats if f.name in _PENALTY)


def _initials_spelt(
    x: NormalizedName, y: NormalizedName
) -> tuple[NormalizedName, str, list[str]] | None:
    """Where a word of ``x`` is the initials of three or more words in a row of ``y`` (XPCC in
    XPCC Public Security Bureau: Xinjiang Production and Construction Corps; CETC: China
    Electronics Technology (Group) Corporation), ``x`` with those words in its place, the
    initials and the words; else None. The words are ``y``'s as written, its place and legal
    form too, stop words and a group word (CETC) left out of the initials; the initials are
    not all of ``y`` (``acronym`` says that) and, in a name not all in capitals, are written
    in capitals: otherwise a short word (Arc, Net) would stand for any words that begin so."""
    if not (_may_spell(x) and _may_be_spelt(y)):
        return None
    own = [t for t in x.tokens if t not in y.tokens]
    words = initials_words(x, own) if own else []
    if not words:
        return None
    en = data().en_descriptors
    written = _written_words(y)
    for t in words:
        run = _run_of_initials(t, written)
        if run is None or len(run) == len(written):
            continue
        spelt = [w for w in run if w in y.tokens]
        k = x.tokens.index(t)
        tokens = (*x.tokens[:k], *spelt, *x.tokens[k + 1 :])
        prefix = x.prefix or (y.prefix if len(spelt) < len(run) else None)
        wider = replace(
            x,
            tokens=tokens,
            key=" ".join(tokens),
            descriptors=tuple(w for w in tokens if w in en),
            prefix=prefix,
        )
        return wider, t, run
    return None


def _may_spell(x: NormalizedName) -> bool:
    """``x`` has a word besides the initials (``_initials_spelt``): two words or more."""
    return len(x.tokens) >= 2


def _may_be_spelt(y: NormalizedName) -> bool:
    """``y`` has words enough for initials of three or more, not all of them: four or more."""
    return y.text.count(" ") >= 3


def initials_words(n: NormalizedName, among: Sequence[str] = ()) -> list[str]:
    """The words of a Latin name (of ``among``, if given) that may be initials of other
    words: of 3 to 6 letters, no descriptor, and written in capitals (XPCC in XPCC Public
    Security Bureau). In a name all in capitals, as lists write them, any such word may be:
    the full score of what it spells decides. In a name all in small letters none is: a
    short word (arc, net) would stand for any words that begin so."""
    if n.is_han or n.original.islower():
        return []
    en = data().en_descriptors
    words = [t for t in among or n.tokens if _may_be_initials(t, en)]
    if n.original.isupper():
        return words
    return [t for t in words if t.upper() in n.original]


def _may_be_initials(t: str, en: frozenset[str]) -> bool:
    return 3 <= len(t) <= 6 and t.isalpha() and t not in en


def initials_prefixes(n: NormalizedName) -> list[str]:
    """The first 3, 4 and 5 initials of a Latin name of four or more words as written (its
    place and legal form too; stop words and digits not), with and without its group words:
    what initials for the part of a name it opens with may be (XPCC: Xinjiang Production and
    Construction Corps Public Security Bureau; CETC: China Electronics Technology Group
    Corporation 14th Research Institute); and the initials of the place the name opens with
    and of its core, which are not its acronym (XPCC: XINJIANG PRODUCTION AND CONSTRUCTION
    CORPS, whose acronym is PCC). ``_initials_spelt`` reads initials anywhere in a name; an
    index finds only these."""
    if n.is_han:
        return []
    words = [w for w in _written_words(n) if w[0].isalpha()]
    if len(words) < 4:
        return []
    spelt = {"".join(w[0] for w in words)}
    spelt.add("".join(w[0] for w in words if w not in LATIN_GROUP_WORDS))
    out = {i[:k] for i in spelt for k in (3, 4, 5) if k < len(words)}
    if n.prefix and n.acronym and n.tokens and n.tokens[0] in words:
        place = words[: words.index(n.tokens[0])]
        out.add("".join(w[0] for w in place) + n.acronym)
    return sorted(out)


def _run_of_initials(initials: str, words: list[str]) -> list[str] | None:
    """The first run of ``words`` whose first letters spell ``initials``, a group word in it
    spelt or not."""
    for i in range(len(words)):
        k, j = 0, i
        while j < len(words) and k < len(initials):
            if words[j][0] == initials[k]:
                k += 1
            elif words[j] not in LATIN_GROUP_WORDS:
                break
            j += 1
        if k == len(initials):
            return words[i:j]
    return None


def _latin_words(a: NormalizedName, b: NormalizedName) -> list[Feature]:
    a, b = _place_as_prefix(a, b), _place_as_prefix(b, a)
    feats: list[Feature] = []
    en = data().en_descriptors
    # a misspelt descriptor (Technolgoy, Bnak) counts as the descriptor the other name has
    desc_a = tuple(t for t in a.tokens if t in en or _misspelt(t, b.tokens, en))
    desc_b = tuple(t for t in b.tokens if t in en or _misspelt(t, a.tokens, en))
    dist_a = tuple(t for t in a.tokens if t not in desc_a)
    dist_b = tuple(t for t in b.tokens if t not in desc_b)
    if dist_a and dist_b:
        # distinctive words decide; descriptors (Technology, Holdings) only cost a little
        sim, rest_a, rest_b = _align(dist_a, dist_b)
        only_a, only_b = _unmatched_descriptors(desc_a, desc_b)
        said = _science_said(a, b, only_a) + _science_said(b, a, only_b)
        only_a, only_b = [t for t in only_a if t not in said], [t for t in only_b if t not in said]
        value, detail = _latin_descriptor_penalty(only_a, only_b)
        if 0 < value < 1.0 and (subjects := _subjects_apart(a, b, only_a + only_b)):
            value, detail = 1.0, f"seats of learning of other subjects: {' '.join(subjects)}"
        shorter = b if only_a and not only_b else a if only_b and not only_a else None
        if 0 < value < 0.5 and shorter is not None and registered(shorter):
            # the name without the extra word is written in full, with its legal form
            # (CRYSTALORD SYSTEMS LIMITED / CRYSTALORD LTD): the word is not part of that
            # company's name, so the other is another registration (a subsidiary, a sister)
            value, detail = max(value, 0.5), detail + f"; {shorter.original} has a legal form"
        if said and value < 1.0:
            # one word said otherwise, as a Chinese name's descriptors are (_descriptor_value)
            value = min(0.5, value + 0.08)
            words = f"{said[0]} and technology ~ technology (科技)"
            detail = "; ".join(filter(None, [detail, f"said otherwise: {words}"]))
        if value:
            feats.append(_feature("descriptor_mismatch", value, detail))
    else:
        sim, rest_a, rest_b = _align(a.tokens, b.tokens)
    detail = "all words aligned"
    if rest_a or rest_b:
        detail = f"unmatched: {' '.join(rest_a) or '-'} | {' '.join(rest_b) or '-'}"
    feats.insert(0, _feature("token_similarity", sim, detail))
    ca, cb = a.compact, b.compact
    if len(dist_a) == len(dist_b) and (shared := set(desc_a) & set(desc_b)):
        # the distinctive words pair one to one (none split or glued), and token_similarity
        # has said how alike they are: the letters of a descriptor both have do not make
        # them more alike (Leo Technology is not Leon Technology); split ones keep them
        # (Hik Vison Technology / Hikvision Technology)
        ca = "".join(t for t in a.tokens if t not in shared) or ca
        cb = "".join(t for t in b.tokens if t not in shared) or cb
    full_a, full_b = a.text.replace(" ", ""), b.text.replace(" ", "")
    set_a, set_b = set(dist_a), set(dist_b)
    extra = set_a ^ set_b
    numbered = bool(extra) and extra <= _ROMAN and (set_a <= set_b or set_b <= set_a)
    if (len(a.tokens) != len(b.tokens) or a.tokens != b.tokens) and not numbered:
        # words split or glued differently; cubed, so that only near-identity counts. Not
        # where one name is the other with a number in Roman numerals added: a series' next
        # (Bowne Global Solutions II Denmark is not ... Denmark); other words added may be
        # pieces of a misspelt one (Research nad Development, In.c), which this finds
        csim = 1.0 if full_a == full_b else (fuzz.ratio(ca, cb) / 100.0) ** 3
        if csim > sim:
            feats.append(_feature("compact_similarity", csim, f"{ca} ~ {cb} (cubed)"))
    for x, y in ((a, b), (b, a)):
        if len(x.tokens) == 1 and 2 <= len(x.key) <= 8 and y.acronym and x.key in initials_of(y):
            feats.append(_feature("acronym", 1.0, f"{x.key} = abbreviation of {y.key}"))
            feats = [f for f in feats if f.name != "descriptor_mismatch"]
            break
    countries = _countries_apart(a, b)
    if countries:
        feats.append(_feature("country_mismatch", 1.0, countries))
    if a.numbers and b.numbers and a.numbers != b.numbers and not _dated(a) and not _dated(b):
        # two numbered units (14th / 38th Research Institute): however alike the rest reads.
        # A name with a year in it numbers a series (Mortgage Loan Trust 2004-1 / 2005-1), which
        # the labelled sets take for one issuer
        feats.append(_feature("number_mismatch", 1.0, _numbers_apart(a.numbers, b.numbers)))
    return feats


# Roman numerals as a series numbers its funds, trusts and companies (Fund II, Trust XV); not
# I, V, X, nor XI (a pinyin syllable)
_ROMAN = frozenset(
    "ii iii iv vi vii viii ix xii xiii xiv xv xvi xvii xviii xix xx".split()  # noqa: SIM905
)


def _initials_apart(a: NormalizedName, b: NormalizedName) -> bool:
    """Both names are one word of 3 to 6 capitals alone (CASC, CASIC), and not the same."""
    return a.key != b.key and all(
        len(n.tokens) == 1
        and n.original.strip().isupper()
        and n.original.strip().isalpha()
        and 3 <= len(n.key) <= 6
        for n in (a, b)
    )


def _countries_apart(a: NormalizedName, b: NormalizedName) -> str:
    """ "australia vs austria" when each name has a country the other has not, else "". The
    words are aligned by their letters, and one letter or two makes another country."""
    countries = country_words()
    only_a = [t for t in a.tokens if t in countries and t not in b.tokens]
    if not only_a:
        return ""
    only_b = [t for t in b.tokens if t in countries and t not in a.tokens]
    return f"{' '.join(only_a)} vs {' '.join(only_b)}" if only_b else ""


def _dated(n: NormalizedName) -> bool:
    return any(len(t) == 4 and "1900" <= t <= "2099" for t in n.numbers)


def registered(n: NormalizedName) -> bool:
    """The name carries a company legal form (Ltd, AG ...), not only a group word."""
    return n.legal_form is not None and n.legal_form.family != "group"


def _unmatched_descriptors(da: tuple[str, ...], db: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The descriptors of each name that none of the other's is: the same word, the same
    word with an ending (Electric / Electrical, System / Systems) or with one typo (Technolgoy).
    Not words alike in letters: Electric is not Electronics (电气, 电子), and China Electric
    Corporation is not China Electronics Corporation."""
    used: set[int] = set()
    only_a: list[str] = []
    for x in da:
        j = next((j for j, y in enumerate(db) if j not in used and _one_descriptor(x, y)), None)
        if j is None:
            only_a.append(x)
        else:
            used.add(j)
    return only_a, [y for j, y in enumerate(db) if j not in used]


def _one_descriptor(x: str, y: str) -> bool:
    x, y = stem(x), stem(y)  # technologies / technology
    if x == y:
        return True
    # one word with another ending: all the shorter's letters but its last at most, then no
    # more than four (electric / electrical, technology / technological); electric / electronics
    # part two letters earlier
    short, long = sorted((x, y), key=len)
    common = len(os.path.commonprefix([short, long]))
    if len(short) >= 4 and common >= len(short) - 1 and len(long) - common <= 4:
        return True
    return _one_typo(short, long)


def _one_typo(a: str, b: str) -> bool:
    """``a`` and ``b`` are both 4 letters or more and one typo apart (a letter left out, added
    or changed, or two letters swapped): Bnak / Bank."""
    return len(a) >= 4 and len(b) >= 4 and OSA.distance(a, b, score_cutoff=1) <= 1


def _misspelt(token: str, other: tuple[str, ...], en: frozenset[str]) -> bool:
    """``token`` is no descriptor and not in ``other``, but one typo (a letter left out, added,
    changed, or two letters swapped) away from a descriptor of ``other`` of 4 letters or more."""
    if token in other:
        return False
    return any(t in en and _one_typo(token, t) for t in other)


# 科技 as companies' English names write it: Science and Technology, or Technology alone (SZ DJI
# Technology / Shenzhen DJI Sciences and Technologies). Not so for seats of learning, where the
# words make another one: 北京科技大学 (University of Science and Technology Beijing) is not
# 北京工业大学 (Beijing University of Technology)
_SCIENCE = frozenset({"science", "sciences"})
_LEARNING = frozenset({"university", "institute", "college", "academy", "school", "polytechnic"})


# what a seat of learning is named by besides its place: its subjects
_SUBJECTS = frozenset(
    """
    science sciences scientific technology technologies technological engineering electronic
    electronics electric electrical information aerospace aviation energy power communications
    design management business commercial construction industrial industry industries digital
    software network security materials precision media
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def _subjects_apart(a: NormalizedName, b: NormalizedName, only: list[str]) -> list[str]:
    """The subjects (``_SUBJECTS``) among descriptors on one side only, when either name is of a
    seat of learning: University of Science and Technology Beijing is not Beijing University
    of Technology, nor an Institute of Physics one of Chemistry; else []."""
    if _LEARNING.isdisjoint(a.tokens) and _LEARNING.isdisjoint(b.tokens):
        return []
    return [t for t in only if t in _SUBJECTS]


def _science_said(x: NormalizedName, y: NormalizedName, only_x: list[str]) -> list[str]:
    """The Science of ``x``'s Science and Technology, left over (``only_x``), when ``y`` says
    Technology alone: [the word], else []."""
    word = next((t for t in only_x if t in _SCIENCE), None)
    if word is None or not _SCIENCE.isdisjoint(y.tokens):
        return []
    k = x.tokens.index(word)
    if k + 1 == len(x.tokens) or not x.tokens[k + 1].startswith("technolog"):
        return []
    if not any(t.startswith("technolog") for t in y.tokens):
        return []
    if not (_LEARNING.isdisjoint(x.tokens) and _LEARNING.isdisjoint(y.tokens)):
        return []
    return [word]


def _latin_descriptor_penalty(only_a: list[str], only_b: list[str]) -> tuple[float, str]:
    if not only_a and not only_b:
        return 0.0, ""
    sector = [t for t in only_a + only_b if is_sector_word(t)]
    if sector or (only_a and only_b):
        return 1.0, f"business differs: {' '.join(only_a) or '-'} vs {' '.join(only_b) or '-'}"
    weak = only_a + only_b
    return min(0.5, 0.08 * len(weak)), f"descriptor on one side only: {' '.join(weak)}"


def acronym_with_prefix(n: NormalizedName) -> str:
    """The initials of a Latin name's words as written, place and legal form too (China
    National Offshore Oil Corporation: cnooc); "" for fewer than two words."""
    words = _written_words(n)
    return "".join(t[0] for t in words) if len(words) >= 2 else ""


def initials_of(n: NormalizedName) -> tuple[str, str, str]:
    """Every way a Latin name's initials are read: of its core (``acronym``), of its words as
    written (``acronym_with_prefix``), and of those without its group words
    (``acronym_without_group``); "" where a reading has none."""
    return n.acronym, acronym_with_prefix(n), acronym_without_group(n)


def acronym_without_group(n: NormalizedName) -> str:
    """The initials of a Latin name's words as written, its group words left out, where it has
    some (China Electronics Technology Group Corporation: cetc, as ``_run_of_initials`` reads a
    group word spelt or not); else ""."""
    words = _written_words(n)
    kept = [t for t in words if t not in LATIN_GROUP_WORDS]
    return "".join(t[0] for t in kept) if 2 <= len(kept) < len(words) else ""


def _written_words(n: NormalizedName) -> list[str]:
    """A Latin name's words as written, its place and legal form too; no stop words, no
    legal form written short but Co. and Corp., no numbers: what its initials are made of."""
    unspelt = _unspelt()
    return [t for t in n.text.split() if t not in unspelt and not t.isdigit()]


@cache
def _unspelt() -> frozenset[str]:
    """The words no initial stands for: stop words, and legal forms written short (Inc., LLC,
    GmbH, JSC), themselves initials: Sohleh Trading Inc. is not STI. Co. and Corp. are not
    among them: Corporation is the C of CNOOC, and a list may write it Corp."""
    forms = data().latin_forms
    short = {
        t[0] for t, f in forms.items() if len(t) == 1 and len(t[0]) <= 4 and f.key not in _SPELT
    }
    return STOPWORDS | short


_SPELT = ("co", "corp")  # the legal forms whose initial is in a name's initials (above)


_STEM_CACHE: dict[str, list[tuple[str, ...]]] = {}


def _translations(term: str) -> list[tuple[str, ...]]:
    cached = _STEM_CACHE.get(term)
    if cached is None:
        cached = [tuple(t.split()) for t in descriptor_translations(term)]
        syllables = tuple(lazy_pinyin(term))  # romanised: Shu Zi Ji Shu
        cached += [syllables, ("".join(syllables),)]
        _STEM_CACHE[term] = cached
    return cached


def _word_matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _remove_translation(tokens: list[str], term: str) -> list[str] | None:
    """Tokens with one English translation of a Chinese descriptor removed, or None."""
    for pattern in _translations(term):
        n = len(pattern)
        for i in range(len(tokens) - n + 1):
            if all(_word_matches(tokens[i + k], pattern[k]) for k in range(n)):
                return tokens[:i] + tokens[i + n :]
    return None


# a country's adjective in an English name, against a Chinese name that opens with the
# country: Chinese Academy of Sciences / 中国科学院. Not a place in English names generally:
# "Chinese" alone would make every Academy of Sciences the Chinese one
_PEOPLES: dict[tuple[str, ...], str] = {("chinese",): "中国"}


def _places_as_in(han: NormalizedName, lat: NormalizedName) -> NormalizedName:
    """The English name with the places the Chinese one carries as prefix or qualifier taken
    out of its words and put where the Chinese name has them: "Jinmingsheng Technology (HK)" /
    金铭盛科技(香港), "Kalinka Tianjin International Trade" / 卡林卡（天津）国际贸易.

    A spelling names every place read so (Suzhou: 苏州 and 宿州, Taizhou: 台州 and 泰州), and
    normalising took one of them: against a Chinese name, it is the one that name has."""
    wanted = {p for p in (han.prefix, *han.qualifiers) if p}
    if not wanted:
        return lat
    by_reading = {pinyin_key(p): p for p in wanted}

    def as_wanted(place: str | None) -> str | None:
        if place is None or place in wanted:
            return place
        return by_reading.get(pinyin_key(place))

    places, abroad = data().latin_places, latin_abroad()
    # a qualifier no table knows (合盛硅业(鄯善), a county), spelt in pinyin: Hoshine Silicon
    # Industry (Shanshan)
    spelt = {pinyin_key(q): q for q in han.qualifiers}
    tokens = list(lat.tokens)
    found: list[str] = []
    for n in (3, 2, 1):
        i = 0
        while i + n <= len(tokens):
            words = tuple(tokens[i : i + n])
            place = as_wanted(places.get(words) or _PEOPLES.get(words) or abroad.get(words))
            place = place or spelt.get("".join(words))
            if place in wanted and len(tokens) > n:
                found.append(place)
                del tokens[i : i + n]
            else:
                i += 1
    prefix = as_wanted(lat.prefix) or lat.prefix
    if not found:
        return lat if prefix == lat.prefix else replace(lat, prefix=prefix)
    qualifiers = tuple(q for q in han.qualifiers if q in found)
    prefix = prefix or next((p for p in found if p == han.prefix), None)
    return replace(
        lat,
        tokens=tuple(tokens),
        key=" ".join(tokens),
        qualifiers=lat.qualifiers + qualifiers,
        prefix=prefix,
    )


def _as_written(lat: NormalizedName) -> list[str]:
    """The English name's words as written, legal forms left out: what a Chinese name that
    keeps the brand in Latin letters writes (TechInsights公司), before normalising spelt Tech
    out as technology. Not generic words in pinyin (keji: technology; ``normalize``): a name
    so written is a Chinese name romanised, its generic words translated."""
    d = data()
    forms, pinyin = d.latin_forms, d.pinyin_words
    return [w for w in lat.text.split() if (w,) not in forms and w not in pinyin]


def _han_latin(han: NormalizedName, lat: NormalizedName) -> list[Feature]:
    feats: list[Feature] = []
    tokens = list(lat.tokens)
    untranslated: list[str] = []
    for term in han.descriptors:
        rest = _remove_translation(tokens, term)
        if rest is None:
            untranslated.append(term)
        else:
            tokens = rest
    en = data().en_descriptors
    distinctive = [t for t in tokens if t not in en]
    leftover = [t for t in tokens if t in en]
    # a Chinese head ending in a descriptor's translation that was not peeled (e.g. short names)
    target = han.pinyin
    variants = hangul_variants(target)
    wade = wade_giles(han.head)  # Taiwanese names: 中山 Chung-Shan, 新竹 Hsinchu

    def similarity(words: str) -> float:
        spelt = max((fuzz.ratio(words, t) / 100.0 for t in variants), default=0.0)
        return max(spelt, wade_sim(words, wade)) if wade else spelt

    written = _as_written(lat)
    # a word normalising took as a stop word may be a syllable: Yiwu Du Niang / 义乌渡娘; the
    # words must all be there (USA is normalised us, and is not to vanish: Dahua Technology USA)
    said = [w for w in written if w in distinctive or w in STOPWORDS]
    if not set(distinctive) <= set(said):
        said = distinctive
    best = max(
        (similarity("".join(words)) for words in (distinctive, tokens) if words), default=0.0
    )
    compared = " ".join(distinctive or tokens)
    if said != distinctive and (value := similarity("".join(said))) >= best and value > 0:
        best, compared = value, " ".join(said)
    if written and (whole := similarity("".join(written))) > best:
        # the brand kept in Latin letters, descriptors and all: none is missing
        best, compared, untranslated, leftover = whole, " ".join(written), [], []
    if best >= 0.6:
        feats.append(_feature("pinyin", best, f"{han.head} = {target} ~ {compared}"))
        value, detail = _descriptor_penalty(untranslated, leftover)
        # as within a script: a word the other name, written in full, lacks (鑫宇科技有限公司 /
        # Xin Yu LLC) makes it another registration. Not a word X公司 lacks: that is how a
        # foreign name is rendered, short (Group W公司), not a registered name (bare_company)
        if not (leftover and bare_company(han)):
            value, detail = _if_registered(
                value, detail, han, lat, bool(untranslated), bool(leftover)
            )
        if value:
            feats.append(_feature("descriptor_mismatch", value, detail))
    value, detail = translation(han, lat)
    if value > 0 or not feats:
        # always said, even when weak or nothing: a score of 0 must still say why
        detail = detail or "no word of either name translates or reads as a word of the other"
        feats.append(_feature("translation", value, detail))
    # the descriptor penalty is the pinyin reading's: it compares the descriptors pinyin set
    # aside. The translation weighed every word itself (a descriptor one side lacks costs its
    # coverage), so when it is the stronger evidence the penalty would count that word twice
    # (Altana / 阿尔塔纳技术公司)
    by_name = {f.name: f for f in feats}
    pinyin, penalty = by_name.get("pinyin"), by_name.get("descriptor_mismatch")
    words = by_name.get("translation")
    if pinyin and penalty and words and words.contribution >= pinyin.contribution:
        feats.remove(penalty)
    # the numbered units of one body differ by their number only (CETC's 14th and 38th
    # institutes): when both names give one, they must agree
    numbers = latin_ordinals(lat.tokens)
    if han.numbers and numbers and sorted(han.numbers) != sorted(numbers):
        feats.append(_feature("number_mismatch", 1.0, _numbers_apart(han.numbers, numbers)))
    return feats


def score_normalized(
    a: NormalizedName, b: NormalizedName, aliases: AliasTable | None = None
) -> MatchResult:
    """``score`` on names already normalised (what the index calls)."""
    feats: list[Feature] = []
    alias = False
    if aliases is not None:
        shared = aliases.entities(a) & aliases.entities(b)
        if shared:
            alias = True
            feats.append(_feature("known_alias", 1.0, "entity " + ", ".join(sorted(shared)[:3])))
    if a.key == b.key and a.script == b.script:
        feats.append(_feature("core_exact", 1.0, a.key))
    elif a.is_han and b.is_han:
        feats += _han_han(a, b)
    elif not a.is_han and not b.is_han:
        feats += _latin_latin(a, b)
    else:
        han, lat = (a, b) if a.is_han else (b, a)
        lat = _places_as_in(han, lat)
        a, b = (han, lat) if a.is_han else (lat, han)
        feats += _han_latin(han, lat)
    feats += _common_penalties(a, b)
    total = max(0.0, min(1.0, _evidence_less_penalties(feats)))
    if alias:
        total = 1.0
    elif aliases is not None and a.is_han != b.is_han:
        han, lat = (a, b) if a.is_han else (b, a)
        written = aliases.homophones(han, lat)
        if written:
            # as the index does (``NameIndex._homophones_apart``): the entity's own Chinese name
            # says which company the romanisation is, and the score is against the closest
            inner, other = max(
                ((score_normalized(han, n), n) for n in written), key=lambda s: s[0].score
            )
            feats = [homophone_feature(other.head, han.head, han.pinyin), *inner.explanation]
            total = inner.score
    elif aliases is not None and total >= THRESHOLD:
        # as the index does (``NameIndex._groups_apart``): a brand said of a registered name
        # that is none of the brand's entity's registered names
        for q, brand in ((a, b), (b, a)):
            if brand_of_another(q, brand):
                apart = aliases.group_apart(q, brand, total)
                if apart is not None:
                    feats, total = apart.explanation, apart.score
                break
        # as the index does (``NameIndex._registered_apart``): a name that says a place apart
        # from the province the other's entity is registered in
        for q, other in ((a, b), (b, a)):
            apart = aliases.registered_apart(q, other, total) if total >= THRESHOLD else None
            if apart is not None:
                feats, total = apart.explanation, apart.score
    if aliases is not None:
        judged = aliases.judged(a, b)
        if judged is not None:
            total = 1.0 if judged else 0.0
            feats.insert(
                0,
                Feature(
                    "judgement",
                    1.0,
                    1.0,
                    total,
                    "a person judged these " + ("the same" if judged else "not the same"),
                ),
            )
    total = _round4(total)
    values = {
        "a": a.original,
        "b": b.original,
        "score": total,
        "same": total >= THRESHOLD,
        "explanation": feats,
    }
    return made_directly(MatchResult, values, _DIRECT_RESULT)


def score(a: str, b: str, aliases: AliasTable | None = None) -> MatchResult:
    """How likely two company names are one company, 0..1, with the features that say why.

    Raises ``NameInputError`` (a ``ValueError``) for empty, punctuation-only or over-long names.
    ``aliases`` adds what sources know (names of one entity) and human judgements.
    """
    return score_normalized(normalize(a), normalize(b), aliases)


def score_as_given(a: str, b: str, aliases: AliasTable | None = None) -> MatchResult:
    """``score``, where a name that gives two names or more (海康威視 Hikvision, Megvii a.k.a.
    Face++: ``normalize.name_parts``) is also compared as each: the best counts, its
    explanation opening with the ``name_part`` note. What the index does for a screened row,
    for a pair."""
    best = score(a, b, aliases)
    (parts_a, how_a), (parts_b, how_b) = name_parts(a), name_parts(b)
    tries = [(part, b, part, how_a) for part in parts_a]
    tries += [(a, part, part, how_b) for part in parts_b]
    for x, y, part, how in tries:
        result = score(x, y, aliases)
        if result.score > best.score:
            feats = [part_feature(part, how), *result.explanation]
            best = MatchResult(a, b, result.score, result.same, feats)
    return best


# -- which candidates can still match -----------------------------------------------------------
#
# ``may_reach(q, c)`` is False only when ``score_normalized(q, c)`` (no alias table) is
# certainly below THRESHOLD. A score is the strongest evidence contribution plus penalties (never
# positive), clipped to 0..1, so it is at most that evidence; the function recomputes, for names
# of one script, only the evidence routes ``match`` takes for them (the penalties, explanations
# and the other alignment are what it saves), and for two Chinese names the penalties that are
# certain and cheap to tell (``Reach._han_penalty``). It mirrors ``_han_han`` and
# ``_latin_latin`` above: when their evidence changes, change it too
# (``tests/names/test_index_reach.py`` checks it against the scores). A new evidence feature in
# ``FEATURES`` switches it off (every candidate is scored) until it is taught the feature.

_KNOWN_EVIDENCE = frozenset(
    {
        "known_alias",  # only with aliases, where it is not used
        "core_exact",  # equal cores: always scored
        "token_similarity",
        "compact_similarity",
        "acronym",
        "pinyin",  # across scripts: always scored
        "translation",  # across scripts: always scored
    }
)
_REACH_CHECKED = {n for n, f in FEATURES.items() if f.kind == "evidence"} == _KNOWN_EVIDENCE
# contributions and the total are rounded to 4 decimals: a margin well above that
_ROUNDING = 1e-3
_HALF_STEP = 4e-5  # under half of 1e-4, the step of the 4-decimal grid scores are on
_W_TOKEN = FEATURES["token_similarity"].weight
_W_COMPACT = FEATURES["compact_similarity"].weight
_W_ACRONYM = FEATURES["acronym"].weight
_W_DESCRIPTOR = FEATURES["descriptor_mismatch"].weight
_W_NUMBER = FEATURES["number_mismatch"].weight
_W_PREFIX = FEATURES["prefix_mismatch"].weight


def may_reach(
    q: NormalizedName, c: NormalizedName, bar: float = THRESHOLD, in_c: bool = True
) -> bool:
    """Whether ``score_normalized(q, c)`` (no aliases) may be ``bar`` or more (see above);
    ``in_c`` as for ``Reach``."""
    return Reach(q, in_c)(c, bar)


class Reach:
    """``may_reach(q, c, bar)`` for one ``q`` and many ``c``: what depends on ``q`` alone is
    worked out once."""

    __slots__ = (
        "q",
        "short",
        "han",
        "nospace",
        "compact",
        "tokens",
        "plain_desc",
        "has_desc",
        "single",
        "en",
        "check",
        "spells",
        "spelt",
        "placed",
        "in_c",
        "charged",
    )

    def __init__(self, q: NormalizedName, in_c: bool = True) -> None:
        """``in_c``: answer with the C extension's ``reach`` when it was built (the same
        answers, ``tests/names/test_native.py``); False for the Python code below."""
        self.en = en = data().en_descriptors
        self.q = q
        self.han = q.is_han
        self.nospace = q.text.replace(" ", "")
        self.compact = q.compact
        self.tokens = q.tokens
        self.plain_desc = tuple(t in en for t in q.tokens)  # descriptors as written
        self.has_desc = any(self.plain_desc)
        self.single = len(q.tokens) == 1 and 2 <= len(q.key) <= 8  # may be initials
        # initials for part of a name may be read either way (``_initials_spelt``): the query
        # has words that may be initials, or words enough for another name's initials
        self.short = not q.is_han and (
            any(_may_be_initials(t, en) for t in q.tokens) or q.text.count(" ") >= 3
        )
        # what ``_initials_spelt`` asks of each side before it reads any initials, asked of
        # the query once: it may spell another name's words (``spells``; the words it reads
        # are among ``initials_words(q)``), or be spelt
        self.spells = self.short and _may_spell(q) and bool(initials_words(q))
        self.spelt = self.short and _may_be_spelt(q)
        self.placed: dict[str | None, Reach] = {}  # ``_placed``
        self.in_c = in_c
        # the last candidate ``_han_penalty`` charged, and what: screening asks of one
        # candidate twice (``may_beat`` after the bar), and the penalty is worked out in Python
        self.charged: tuple[NormalizedName | None, float] = (None, 0.0)
        # ``check(c, bar)`` is the answer; the index calls it for each candidate
        self.check: Callable[[NormalizedName, float], bool] = self._in_python
        if in_c and _NATIVE is not None and _REACH_CHECKED:
            self.check = partial(_NATIVE.reach, self._prep())

    def _prep(self) -> tuple[object, ...]:
        """The query's side for ``_native.reach``, in the order its P_ constants name."""
        q = self.q
        return (
            q.script,
            q.key,
            self.han,
            q.head,
            self.nospace,
            self.compact,
            self.tokens,
            self.plain_desc,
            self.has_desc,
            self.single,
            q.acronym,
            acronym_with_prefix(q),
            self.en,
            _unspelt(),  # what acronym_with_prefix leaves out, as _native reads it
            float(_W_TOKEN),
            float(_W_COMPACT),
            float(_W_ACRONYM),
            float(_DESCRIPTOR_WEIGHT),
        )

    def __call__(self, c: NormalizedName, bar: float = THRESHOLD) -> bool:
        if self.check(c, bar):
            if self.han and c.is_han and self.q.key != c.key:
                # the penalties for descriptors, numbers and places apart are certain: the
                # evidence must reach the bar with them paid (磊邓莎贺晶片 / 长春邓莎科技: heads
                # 0.67 alike, a business apart, 0.32)
                penalty = self._han_penalty(c)
                return penalty == 0.0 or self.check(c, bar + penalty)
            return True
        if c.prefix != self.q.prefix and not self.han and not c.is_han:
            # a place one name writes as a word and the other as its prefix, which
            # ``_latin_words`` reads as one place (Megvii (Beijing) / Beijing Megvii Technology
            # Co., Ltd.): asked again of the names as it compares them
            q = _place_as_prefix(self.q, c)
            placed = _place_as_prefix(c, q)
            if (q is not self.q or placed is not c) and self._placed(q).check(placed, bar):
                return True
        # a pair whose initials read as words scores up to the acronym weight, whatever its
        # words do: asked only of Latin pairs the check above would prune
        return (
            self.short
            and bar - _ROUNDING <= _W_ACRONYM
            and not c.is_han
            and (
                self._group_initials(c)
                or (self.spells and _may_be_spelt(c) and _initials_spelt(self.q, c) is not None)
                or (self.spelt and _may_spell(c) and _initials_spelt(c, self.q) is not None)
            )
        )

    def may_beat(self, c: NormalizedName, score: float) -> bool:
        """Whether ``c`` may score more than ``score`` (a score, on the 4-decimal grid): False
        only when it scores ``score`` at most. The check asks for ``score`` plus
        ``_ROUNDING`` (which it takes off) plus just under half the grid's step: a bound
        below that rounds to ``score`` or less, and a score is at most its bound, rounded."""
        return self(c, score + _ROUNDING + _HALF_STEP)

    def _han_penalty(self, c: NormalizedName) -> float:
        """What the score of ``q`` and ``c`` takes off their evidence at least: ``_han_han``'s
        descriptor penalty before ``_if_registered`` (which only raises it) and its number
        penalty, and the prefix penalty of ``_common_penalties`` (registered in places apart:
        北京X科技 / 杭州X技术); its other penalties only lower the score further."""
        if self.charged[0] is c:
            return self.charged[1]
        q = self.q
        penalty = _W_NUMBER if q.numbers != c.numbers else 0.0
        if _prefixes_apart(q, c):
            penalty += _W_PREFIX
        only_a, only_b = _descriptors_apart(q, c)
        if only_a or only_b:
            kept_a, kept_b = _unpaired(only_a, only_b)
            penalty += _W_DESCRIPTOR * _descriptor_value(only_a, kept_a, kept_b)
        self.charged = (c, penalty)
        return penalty

    def _placed(self, q: NormalizedName) -> Reach:
        """This check for ``q``, the query with a place taken off as its prefix (by the
        candidate's prefix, which ``placed`` keys)."""
        if q is self.q:
            return self
        found = self.placed.get(q.prefix)
        if found is None:
            found = self.placed[q.prefix] = Reach(q, self.in_c)
        return found

    def _group_initials(self, c: NormalizedName) -> bool:
        """One name is the other's initials with its group words left out (CETC), which the
        check above does not read: ``_latin_words``' acronym feature does."""
        q = self.q
        if self.single and c.acronym and q.key == acronym_without_group(c):
            return True
        return bool(
            q.acronym
            and len(c.tokens) == 1
            and 2 <= len(c.key) <= 8
            and c.key == acronym_without_group(q)
        )

    def _in_python(self, c: NormalizedName, bar: float = THRESHOLD) -> bool:
        q = self.q
        if not _REACH_CHECKED or q.script != c.script or q.key == c.key:
            return True
        bar -= _ROUNDING
        token_w, compact_w = _W_TOKEN, _W_COMPACT
        if self.han:
            # _han_han: the heads' ratio, or the cores' ratio squared
            head = 1.0 if q.head == c.head else fuzz.ratio(q.head, c.head) / 100.0
            if token_w * head >= bar:
                return True
            core = fuzz.ratio(q.key, c.key) / 100.0
            return compact_w * core * core >= bar
        # _latin_latin: the initials of the other name, the cores without spaces (cubed), or
        # the words aligned one to one (the distinctive ones when both names have some)
        c_tokens = c.tokens
        if bar <= _W_ACRONYM:
            if self.single and c.acronym and q.key in (c.acronym, acronym_with_prefix(c)):
                return True
            if (
                q.acronym
                and len(c_tokens) == 1
                and 2 <= len(c.key) <= 8
                and c.key in (q.acronym, acronym_with_prefix(q))
            ):
                return True
        if compact_w >= bar and self.nospace == c.text.replace(" ", ""):
            return True
        if compact_w * (fuzz.ratio(self.compact, c.compact) / 100.0) ** 3 >= bar:
            return True
        en = self.en
        q_tokens = self.tokens
        if self.has_desc or not en.isdisjoint(c_tokens):
            dist_q, dist_c = self._distinctive(c_tokens)
        else:  # no descriptor on either side, so none taken for a misspelt one
            dist_q, dist_c = q_tokens, c_tokens
        if dist_q and dist_c:
            # distinctive words weigh 1 each and pair off one to one, each pair at most 1
            nq, nc = len(dist_q), len(dist_c)
            if token_w * 2 * min(nq, nc) / (nq + nc) < bar:
                return False
            return token_w * _aligned_words(dist_q, dist_c) >= bar
        return token_w * _align(q_tokens, c_tokens)[0] >= bar

    def _distinctive(self, c_tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words of ``q`` and of ``c`` that are not descriptors (nor, next to one, a
        misspelt one), as ``_latin_latin`` takes them."""
        en, q_tokens = self.en, self.tokens
        c_plain = [t in en for t in c_tokens]
        # a word is taken for a misspelt descriptor only next to a descriptor (_misspelt)
        c_en = any(c_plain)
        q_en = self.has_desc
        desc_q = [
            t
            for t, d in zip(q_tokens, self.plain_desc, strict=True)
            if d or (c_en and _misspelt(t, c_tokens, en))
        ]
        desc_c = [
            t
            for t, d in zip(c_tokens, c_plain, strict=True)
            if d or (q_en and _misspelt(t, q_tokens, en))
        ]
        return (
            tuple([t for t in q_tokens if t not in desc_q]),
            tuple([t for t in c_tokens if t not in desc_c]),
        )


def _aligned_words(ta: tuple[str, ...], tb: tuple[str, ...]) -> float:
    """``_align(ta, tb)[0]`` for words that all weigh 1 (no descriptors), without the
    unmatched words: the same pairs, taken in the same order."""
    if len(ta) == 1 and len(tb) == 1:
        return _token_sim(ta[0], tb[0])  # one pair: (0 + 2 sim) / 2
    pairs = []
    for i, x in enumerate(ta):
        for j, y in enumerate(tb):
            sim = 1.0 if x == y else _token_sim(x, y)
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = 0.0
    for sim, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matched += sim * 2.0
    return matched / (len(ta) + len(tb))


# ``score_normalized`` of two names with one script and one core takes the core_exact route:
# evidence 1.0, and only ``_common_penalties`` can lower it. When those find nothing, the score
# is 1.0 without the features (the index asks this for names found by their exact core, and
# builds the explanation only when it is wanted). ``tests/names/test_index_reach.py`` checks it
# against the scores.
_EXACT_CHECKED = FEATURES["core_exact"].kind == "evidence" and FEATURES["core_exact"].weight == 1.0


def exact_core_score(a: NormalizedName, b: NormalizedName) -> float | None:
    """``score_normalized(a, b).score`` (no aliases) when it is 1.0 for an equal core and
    nothing sets the names apart; None when that is not known (score them)."""
    if not _EXACT_CHECKED or a.key != b.key or a.script != b.script or _common_penalties(a, b):
        return None
    return 1.0
