"""Screening: each input name -> the entity it is (names.NameIndex) -> its exposure (graph).

This module only composes; matching lives in ``complicity.names`` and paths and ownership rules in
``complicity.graph``, so a screen and an ``exposure`` call can never disagree.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from complicity.model import Entity, Identifier, Name
from complicity.screen.table import Row
from complicity.store import Store

Progress = Callable[[int, int], None]


@dataclass
class ScreenResult:
    line: int
    input: str
    entity_id: str | None = None
    caption: str | None = None
    names: list[str] = field(default_factory=list)
    matched_name: str | None = None
    # what kind of name of the entity it is (legal, short, former, list ...): a former name is
    # the company's, but not the one it goes by now
    matched_kind: str | None = None
    # the documents that give the matched name (title, URL, date): why it is this entity's name
    name_sources: list[dict[str, Any]] = field(default_factory=list)
    score: float | None = None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    # the feature that decided the match (core_exact, known_alias, pinyin, translation ...): a
    # match read or translated across scripts is weaker evidence than a name as listed
    matched_by: str | None = None
    exposure: dict[str, Any] | None = None  # best path, hop by hop with evidence
    rules: dict[str, Any] = field(default_factory=dict)  # ownership rule flags
    values: dict[str, str] = field(default_factory=dict)  # the input row, for the report
    error: str | None = None  # why the name could not be screened
    sheet: str | None = None  # the XLSX sheet the row is on (its line counts within it)
    # the name is not the entity's but says its brand, and the entity is registered as another
    # company (the ``group_company`` note): probably a company of its group, ownership unknown
    related: bool = False
    # for a related row, the named entity's own screening ("flagged" or "clear") and best path:
    # what the group it probably belongs to is linked to, never claimed as the row's exposure
    group_status: str | None = None
    group_exposure: dict[str, Any] | None = None
    # for a row with no match, when asked (``Screener(nearest=True)``): the closest name below
    # the threshold (entity_id, caption, name, score, explanation), which says why the row
    # matched nothing; None when nothing in the store shares a block with it
    nearest: dict[str, Any] | None = None
    # an identifier the row gives (an ISIN, a listed share's code, a USCC, an LEI) that the
    # store holds for an entity: scheme, value, entity_id, caption, and whether that entity is
    # the one the name matched ("agrees"); None when the row gives none the store knows
    identifier: dict[str, Any] | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        if self.entity_id is None:
            return "no match"
        if self.related:
            return "related"
        if self.identifier is not None and not self.identifier["agrees"]:
            return "review"  # the name says one entity, the identifier another
        if by_initials_only(self):
            # which company initials stand for is a person's call: the row is neither flagged
            # nor cleared on them; its entity's exposure is there to check (``entity_status``)
            return "review"
        return _flagged_or_clear(self.exposure, self.rules)

    @property
    def label(self) -> str:
        """How a table or a report names the row: its name as written; for a row with none, the
        identifier it was screened by (isin CNE100002Q17), else "(no name)"."""
        if self.input.strip():
            return self.input
        if self.identifier is not None:
            return f"{self.identifier['scheme']} {self.identifier['value']}"
        return "(no name)"

    @property
    def entity_status(self) -> str | None:
        """The matched entity's own screening, "flagged" or "clear":
        the row's status unless the match is to be checked first. None without a match, and
        for a related row, whose entity is its group's (``group_status``)."""
        if self.entity_id is None or self.related:
            return None
        return _flagged_or_clear(self.exposure, self.rules)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["status"] = self.status
        data["label"] = self.label
        data["entity_status"] = self.entity_status
        return data


def _flagged_or_clear(exposure: dict[str, Any] | None, rules: dict[str, Any]) -> str:
    """An entity is flagged when a path reaches a risk anchor or an ownership rule caught it."""
    return "flagged" if exposure or any(r.get("caught") for r in rules.values()) else "clear"


def _plain(value: Any) -> Any:
    """Explanations as JSON-able dicts whatever the matcher returns (dataclasses or dicts)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


ACROSS_SCRIPTS = frozenset({"pinyin", "translation"})  # features that read or translate a name
# a row with no match whose nearest name scores this or more is a near miss, to look at: in the
# labelled cross-script pairs (benchmarks/names_quality, (c1)) true pairs outnumber false ones
# from 0.75 up to the threshold, and false ones do below it
NEAR_MISS = 0.75


def by_initials_only(r: ScreenResult) -> bool:
    """The row matched because one name is the other's initials, and nothing else: the input or
    the entity's name it matched is one word (PAT for Pacific Alpine Trading Ltd, JSC NGT for
    Nordic Global Trading). Initials alone tell few companies apart; initials read as part of a
    name (XPCC Public Security Bureau) are compared word by word and are not counted."""
    from complicity.names.normalize import NameInputError, normalize

    if r.matched_by != "acronym":
        return False
    for name in (r.input, r.matched_name):
        try:
            if name and len(normalize(name).tokens) == 1:
                return True
        except NameInputError:
            continue
    return False


def matched_by(explanation: list[dict[str, Any]]) -> str | None:
    """The feature that decided a match: a person's judgement or a known alias when present,
    else the evidence feature with the largest contribution."""
    from complicity.names.match import FEATURES, RELATED_NOTES

    names = {f.get("name") for f in explanation}
    for decisive in ("judgement", "known_alias", *sorted(RELATED_NOTES)):
        if decisive in names:
            return decisive
    evidence = [
        f
        for f in explanation
        if f.get("name") in FEATURES and FEATURES[str(f["name"])].kind == "evidence"
    ]
    if not evidence:
        return None
    return str(max(evidence, key=lambda f: float(f.get("contribution") or 0.0))["name"])


def _group_note(explanation: list[Any]) -> bool:
    """The candidate's features have a note that makes it related (``group_company``,
    ``unit_of``: names.index); the first feature, or the second after ``name_part``."""
    from complicity.names.match import RELATED_NOTES

    return any(_plain(f).get("name") in RELATED_NOTES for f in explanation[:2])


def lists_names(explanation: list[Any]) -> bool:
    """The row's match is of one of several names its cell lists (Hikvision; Dahua): its first
    feature is the ``name_part`` note, given so (``normalize.listed_parts``)."""
    from complicity.names.normalize import LISTED

    first = _plain(explanation[0]) if explanation else {}
    return first.get("name") == "name_part" and f" {LISTED}: " in str(first.get("detail"))


def translation_hint(
    results: list[ScreenResult], index: Any, store: Store | None = None
) -> str | None:
    """When names found nothing and the store writes few of its names in their script (Chinese
    suppliers against the OFAC lists, English names against MOFCOM's), or Chinese names found
    nothing and the store knows organisations in China by no Chinese name (the starter
    knowledge base's Xinjiang bureaus), a line saying so and what ``--translate`` does; else
    None. Only the names are read: no search."""
    from complicity.names.normalize import NameInputError, normalize

    total = len(index)
    if not total:
        return None
    han_share = float(index.han.sum()) / total
    missed = {True: 0, False: 0}
    for r in results:
        if r.status == "no match":
            try:
                missed[normalize(r.input).is_han] += 1
            except NameInputError:
                continue
    for han, share in ((True, han_share), (False, 1.0 - han_share)):
        if missed[han] and share < 0.05:  # almost none: the KB, 17% Chinese, gets no hint
            script = "Chinese, Japanese or Korean" if han else "Latin or other spaced"
            return (
                f"{missed[han]} names in {script} script matched nothing, and only "
                f"{share:.1%} of the store's {total:,} names are written so: --translate also "
                "looks for them among the names in the other script, through translation "
                "(slower; check each hit it gives, marked matched_by translation)"
            )
    if missed[True] and store is not None and (unnamed := store.unnamed_in_chinese()):
        first = store.entity(unnamed[0])
        example = f" ({first.caption}, ...)" if first is not None else ""
        return (
            f"{missed[True]} names in Chinese, Japanese or Korean script matched nothing, and "
            f"{len(unnamed):,} of the store's organisations in China have no Chinese name"
            f"{example}: --translate also looks for them among the names in the other script, "
            "through translation (slower; check each hit it gives, marked matched_by "
            "translation), as a place's bureau (乌鲁木齐市公安局) is looked for without it"
        )
    return None


def _company_name(text: str) -> bool:
    from complicity.names.match import registered
    from complicity.names.normalize import NameInputError, normalize

    try:
        return registered(normalize(text))
    except NameInputError:
        return False


class Screener:
    """Built once per store state: the name index and the graph are reused for every row."""

    def __init__(
        self,
        store: Store,
        as_of: str | None = None,
        translate: bool = False,
        nearest: bool = False,
    ) -> None:
        """``translate``: a name that matches nothing in its own script is looked for through
        translation among the names in the other script (``NameIndex.search``). ``nearest``: a
        row with no match is given the closest name below the threshold (``ScreenResult.
        nearest``), found by a full search of those rows (the screening path scores no
        candidate that cannot reach the threshold)."""
        from complicity.graph.graph import Graph
        from complicity.names.index import NameIndex
        from complicity.names.match import THRESHOLD

        self.store = store
        self.as_of = as_of
        self.translate = translate
        self.nearest = nearest
        self.threshold = THRESHOLD
        self.index = NameIndex.from_store(store, cache=store.cache_dir)
        self.graph = Graph.from_store(store)
        # what a matched row carries about its entity, looked up once per entity (a holdings
        # file names the same company on many rows: one per fund, per share class)
        self._entities: dict[str, Entity | None] = {}
        self._flags: dict[str, dict[str, Any]] = {}
        # the citations of a name (entity id, text) or an identifier (entity id, scheme, value)
        self._cited: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self._identified_as: dict[tuple[str, str], list[str]] = {}

    def screen_one(self, row: Row) -> ScreenResult:
        """The row's result: by its name (``_by_name``), then its identifiers (``_identified``)."""
        return self._identified(row, self._by_name(row))

    def _by_name(self, row: Row) -> ScreenResult:
        from complicity.names.normalize import NameInputError

        try:
            found = self.index.search(row.name, limit=5, translate=self.translate)
        except NameInputError as exc:  # punctuation only, too long ...: reported, not dropped
            return ScreenResult(
                line=row.line, input=row.name, sheet=row.sheet, values=row.values, error=str(exc)
            )
        result = self._result(row, found)
        if self.nearest and result.status == "no match":
            result.nearest = self._nearest(row.name, found)
        return result

    def screen(self, rows: Iterable[Row], progress: Progress | None = None) -> list[ScreenResult]:
        """``screen_one`` for every row, through the index's screening path (``search_iter``
        with ``stop_at_exact`` and ``matches_only``, forked workers for a big file), which gives
        the same best match as ``search``. Each row's entity, names and exposure are looked up
        here as soon as its name is searched, while the workers search the names after it.
        Where the screening path may not give ``search``'s best match (its 1.0 hits were all
        persons, dropped for a company's name), the row is looked up again in full."""
        rows = list(rows)
        results: list[ScreenResult] = []
        found = self.index.search_iter(
            [r.name for r in rows],
            limit=5,
            explain=True,
            workers=min(2, os.cpu_count() or 1),
            stop_at_exact=True,
            translate=self.translate,
            matches_only=True,  # a row keeps only its candidates at the threshold
        )
        for row, candidates in zip(rows, found, strict=True):
            results.append(self._identified(row, self._batched(row, candidates)))
            if progress:
                progress(len(results), len(rows))
        if self.nearest:
            self._add_nearest([r for r in results if r.status == "no match" and not r.nearest])
        return results

    def _add_nearest(self, results: list[ScreenResult]) -> None:
        """``ScreenResult.nearest`` of each row with no match, from one full search of them."""
        found = self.index.search_many(
            [r.input for r in results],
            limit=5,
            explain=True,
            workers=min(2, os.cpu_count() or 1),
            translate=self.translate,
        )
        for result, candidates in zip(results, found, strict=True):
            result.nearest = self._nearest(result.input, candidates)

    def _may_be(self, name: str, found: list[Any]) -> list[Any]:
        """The candidates of ``found`` that may be ``name``'s entity: a name with a company's
        legal form (有限公司, Ltd) is no person's, however alike the two read (a supplier
        file's 宁波达宏服装有限公司 is not "TANAVAR, Hossein")."""
        if found and _company_name(name):
            return [c for c in found if self._kind(c.entity_id) != "person"]
        return found

    def _nearest(self, name: str, found: list[Any]) -> dict[str, Any] | None:
        """The best of ``found`` that ``_result`` could have taken, as ``ScreenResult.nearest``."""
        found = self._may_be(name, found)
        best = next((c for c in found if self._entity(c.entity_id) is not None), None)
        if best is None:
            return None
        entity = self._entity(best.entity_id)
        assert entity is not None
        explanation = [_plain(f) for f in best.explanation]
        return {
            "entity_id": entity.id,
            "caption": entity.caption,
            "name": best.name,
            "score": round(float(best.score), 3),
            "matched_by": matched_by(explanation),
            "explanation": explanation,
        }

    def _batched(self, row: Row, candidates: list[Any]) -> ScreenResult:
        """``_by_name(row)``, from what ``search_many`` found for it."""
        from complicity.names.normalize import NameInputError, normalize

        if not candidates:
            try:
                normalize(row.name)  # [] is also what a name that cannot be read gets
            except NameInputError:
                return self._by_name(row)  # which says why
        result = self._result(row, candidates)
        if result.entity_id is None and any(c.score >= 1.0 for c in candidates):
            return self._by_name(row)  # its exact hits were dropped: the rest, in full
        return result

    def _identified(self, row: Row, result: ScreenResult) -> ScreenResult:
        """``result`` with what the row's identifiers say (``identifiers_in`` of each cell),
        where the store holds one for an entity: a row its name matched to that entity says
        so in an ``identifier`` note; a row whose name matched nothing (or only a company of
        an entity's group) is that entity, by the identifier (``matched_by``); a row whose
        name matched another entity is to review, the note saying which each says."""
        if result.error and row.name:
            return result  # a name that cannot be read; a row with none may give an identifier
        held = self._held_identifiers(row)
        if not held:
            if result.error:
                result.error = "no name, and the store holds none of the row's identifiers"
            return result
        ident, entity_id = next(((i, e) for i, e in held if e == result.entity_id), held[0])
        entity = self._entity(entity_id)
        if entity is None:
            return result
        said = f"{ident.scheme} {ident.value} is an identifier of {entity.caption} ({entity.id})"
        sources = self._identifier_sources(entity, ident)
        if sources:
            said += " as given by " + "; ".join(s["title"] for s in sources)
        if result.entity_id is not None and not result.related:
            if entity.id != result.entity_id:
                said += f", not of {result.caption}, which the name matched: check which it is"
        else:
            if result.related:
                said += "; the name says a company of its group"
            elif row.name:
                said += "; the name alone matched none"
            else:
                said += "; the row gives no name"
            result = ScreenResult(line=row.line, input=row.name, sheet=row.sheet, values=row.values)
            result.entity_id, result.caption = entity.id, entity.caption
            result.names = [n.text for n in entity.names]
            result.score, result.matched_by = 1.0, "identifier"
            self._expose(result)
        result.identifier = {
            "scheme": ident.scheme,
            "value": ident.value,
            "entity_id": entity.id,
            "caption": entity.caption,
            "agrees": entity.id == result.entity_id,
            "sources": sources,  # the documents that give it (title, URL, date)
        }
        note = {"name": "identifier", "value": 1.0, "weight": 0.0, "contribution": 0.0}
        result.explanation = [{**note, "detail": said}, *result.explanation]
        return result

    def _held_identifiers(self, row: Row) -> list[tuple[Identifier, str]]:
        """The identifiers the row's cells give that the store holds, each with its entity."""
        from complicity.identifiers import identifiers_in

        cells = dict.fromkeys([row.name, *row.values.values()])
        found: list[tuple[Identifier, str]] = []
        for cell in cells:
            for ident in identifiers_in(cell) if isinstance(cell, str) and cell else []:
                key = (ident.scheme, ident.value)
                if key not in self._identified_as:
                    self._identified_as[key] = self.store.find_by_identifier(*key)
                found += [(ident, e) for e in self._identified_as[key]]
        return found

    def _result(self, row: Row, found: list[Any]) -> ScreenResult:
        """The row's result from the index's candidates (best first): the best at or above the
        threshold that may be this name's, with its names, sources and exposure."""
        result = ScreenResult(line=row.line, input=row.name, sheet=row.sheet, values=row.values)
        candidates = self._may_be(row.name, [c for c in found if c.score >= self.threshold])
        if not candidates:
            # no match, unless the name says an entity's brand but is another company of its
            # group, or names a unit of it: the entity is named, with no exposure (the store
            # knows no ownership of the row's company)
            related = next((c for c in found if _group_note(c.explanation)), None)
            if related is not None and self._entity(related.entity_id) is not None:
                self._fill(result, related)
                result.related = True
                flags = self._flags_of(related.entity_id)
                result.group_exposure = flags.get("best_path")
                result.group_status = _flagged_or_clear(
                    result.group_exposure, flags.get("rules", {})
                )
            return result
        best = candidates[0]
        if self._entity(best.entity_id) is None:
            return result
        self._fill(result, best)
        self._expose(result)
        return result

    def _expose(self, result: ScreenResult) -> None:
        """The matched entity's exposure and ownership rule flags, on the row."""
        assert result.entity_id is not None
        flags = self._flags_of(result.entity_id)
        result.exposure = flags.get("best_path")
        result.rules = flags.get("rules", {})

    def _flags_of(self, entity_id: str) -> dict[str, Any]:
        """The entity's exposure and ownership rule flags (graph.ownership), once per entity."""
        from complicity.graph.ownership import screen_flags

        if entity_id not in self._flags:
            self._flags[entity_id] = screen_flags(self.graph, entity_id, as_of=self.as_of)
        return self._flags[entity_id]

    def _fill(self, result: ScreenResult, best: Any) -> None:
        """The row's entity, its names and why: from the candidate ``best``."""
        entity = self._entity(best.entity_id)
        assert entity is not None
        result.entity_id = entity.id
        result.caption = entity.caption
        result.names = [n.text for n in entity.names]
        result.matched_name = best.name
        result.matched_kind = next((n.kind for n in entity.names if n.text == best.name), None)
        result.name_sources = self._name_sources(entity, best.name)
        result.score = round(float(best.score), 3)
        result.explanation = [_plain(f) for f in best.explanation]
        result.matched_by = matched_by(result.explanation)

    def _entity(self, entity_id: str) -> Entity | None:
        if entity_id not in self._entities:
            self._entities[entity_id] = self.store.entity(entity_id)
        return self._entities[entity_id]

    def _name_sources(self, entity: Entity, name: str) -> list[dict[str, Any]]:
        """The documents that give ``name`` as one of ``entity``'s names."""
        return self._citing((entity.id, name), [n for n in entity.names if n.text == name])

    def _identifier_sources(self, entity: Entity, ident: Identifier) -> list[dict[str, Any]]:
        """The documents that give ``ident`` as one of ``entity``'s identifiers."""
        key = (entity.id, ident.scheme, ident.value)
        return self._citing(key, [i for i in entity.identifiers if i == ident])

    def _citing(
        self, key: tuple[str, ...], given: list[Name] | list[Identifier]
    ) -> list[dict[str, Any]]:
        """The citations of ``given`` (``Store.citations``), looked up once per ``key``."""
        if key not in self._cited:
            self._cited[key] = list(self.store.citations(given).values())
        return list(self._cited[key])

    def _kind(self, entity_id: str) -> str | None:
        entity = self._entity(entity_id)
        return entity.kind if entity is not None else None
