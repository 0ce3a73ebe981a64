"""The default extraction pipeline: named stages, each with one contract.

=============  =========================================================================
stage          contract
=============  =========================================================================
normalise      Document.text -> matching copy of the same length (simplified, half-width)
sentences      matching copy -> sentence spans
mentions       text + gazetteer -> organisation/event/list mentions (offsets, keys)
values         matching copy + document date -> money, percentages, dates (normalised)
relations      sentences + mentions + values -> Extracted (names as written, quote, offsets)
resolve        each relation end -> an entity: exact, the store's matcher, or new (Resolution)
entities       Extracted -> Relation/Entity objects with ids and Evidence, in a Batch
=============  =========================================================================

``extract_document(doc, known_names)`` runs them all; ``Pipeline.stages`` lists them so a stage
can be replaced or added (``--ner lac`` adds a ``ner`` stage after ``mentions``, see ner.py).
``Pipeline.default(known_names, resolver=Resolver.from_store(store))`` resolves names the
gazetteer does not know exactly through the cross-script matcher (resolve.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from complicity.extract import relations as rel
from complicity.extract.mentions import (
    Gazetteer,
    Mention,
    alias_after,
    entity_kind,
    find_mentions,
    new_entity_id,
)
from complicity.extract.resolve import Resolution, Resolver
from complicity.extract.textnorm import match_text
from complicity.extract.values import find_values
from complicity.model import Batch, Document, Entity, Evidence, Name, Relation, detect_script


@dataclass
class State:
    """What flows between stages for one document."""

    doc: Document
    text: str
    mtext: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    extracted: list[rel.Extracted] = field(default_factory=list)
    resolved: dict[str, Resolution] = field(default_factory=dict)  # by Mention.key
    batch: Batch = field(default_factory=Batch)


Stage = Callable[[State], None]


@dataclass
class Pipeline:
    gazetteer: Gazetteer
    stages: list[tuple[str, Stage]] = field(default_factory=list)
    resolver: Resolver = field(default_factory=Resolver)

    @classmethod
    def default(
        cls, known_names: Iterable[tuple[str, str]] = (), resolver: Resolver | None = None
    ) -> Pipeline:
        pipe = cls(gazetteer=Gazetteer.build(known_names), resolver=resolver or Resolver())
        pipe.stages = [
            ("normalise", _normalise),
            ("sentences", _sentences),
            ("mentions", pipe._mentions),
            ("values", _values),
            ("relations", _relations),
            ("resolve", pipe._resolve),
            ("entities", _entities),
        ]
        return pipe

    def add_stage(self, name: str, stage: Stage, after: str) -> None:
        """Insert ``stage`` right after the stage called ``after``."""
        names = [n for n, _ in self.stages]
        if after not in names:
            raise ValueError(f"no stage {after!r} (stages: {', '.join(names)})")
        self.stages.insert(names.index(after) + 1, (name, stage))

    def _mentions(self, state: State) -> None:
        state.mentions = find_mentions(state.text, self.gazetteer, state.mtext)

    def _resolve(self, state: State) -> None:
        """Each relation end to an entity; matcher-resolved mentions take the entity's id."""

        def resolved(m: Mention) -> Mention:
            res = state.resolved.get(m.key)
            if res is None:
                res = state.resolved[m.key] = self.resolver.resolve(m)
            if res.how == "matcher" and m.entity_id != res.entity_id:
                return replace(m, entity_id=res.entity_id)
            return m

        for x in state.extracted:
            x.source, x.target = resolved(x.source), resolved(x.target)
            if x.asset is not None:
                x.asset = resolved(x.asset)

    def run(self, doc: Document) -> State:
        state = State(doc=doc, text=doc.text or "")
        for _name, stage in self.stages:
            stage(state)
        return state


def _normalise(state: State) -> None:
    state.mtext = match_text(state.text)


def _sentences(state: State) -> None:
    state.sentences = rel.split_sentences(state.mtext)


def _values(state: State) -> None:
    state.values = find_values(state.mtext, state.doc.published or state.doc.retrieved)


def _relations(state: State) -> None:
    state.extracted = rel.extract_relations(
        state.text, state.mtext, state.mentions, state.values, state.sentences
    )


def _lang(name: str) -> str | None:
    script = detect_script(name)
    return "zh" if script in ("Hans", "Hant") else "en" if script == "Latn" else None


def _entities(state: State) -> None:
    batch = Batch(documents=[state.doc])
    entities: dict[str, Entity] = {}

    def ensure(m: Mention) -> str:
        eid = new_entity_id(m)
        if m.entity_id:
            return eid  # known: the store already has it
        ent = entities.get(eid)
        if ent is None:
            ent = entities[eid] = Entity(id=eid, kind=entity_kind(m), names=[])
        for surface in {m.name, m.text}:
            if (
                surface
                and surface not in {n.text for n in ent.names}
                and surface not in ("该公司", "本公司", "公司")
                and not surface.lower().startswith("the ")
            ):
                ent.names.append(
                    Name(surface, lang=_lang(surface), kind="alias", sources=(state.doc.id,))
                )
        return eid

    for x in state.extracted:
        source, target = ensure(x.source), ensure(x.target)
        asset = ensure(x.asset) if x.asset else None
        attrs = {k: v for k, v in x.attrs.items() if v is not None}
        if x.date and x.type in ("share_transfer", "investment", "contract", "listing"):
            attrs["date"] = x.date
        evidence = [
            Evidence(
                document_id=state.doc.id,
                quote=quote,
                start=start,
                end=end,
                extractor=rel.EXTRACTOR,
                confidence=x.confidence,
            )
            for start, end, quote in [(x.start, x.end, x.quote), *x.more]
        ]
        batch.relations.append(
            Relation(
                type=x.type,
                source=source,
                target=target,
                attrs=attrs,
                start=x.date,
                asset=asset,
                evidence=evidence,
            )
        )
    _stated_aliases(state, entities)
    batch.entities = [e for e in entities.values() if e.names]
    state.batch = batch


def _stated_aliases(state: State, entities: dict[str, Entity]) -> None:
    """A name the document gives in the other script, in brackets right after an organisation
    it names (立昂技术（Leon Technology）, Megvii (旷视科技)), becomes a name of that
    organisation citing the document: the cross-script aliases the matcher cannot read from
    the names themselves. Only for an organisation known by an exact name or one of this
    document's relation ends, and only a name that is not a place or a bare legal form."""
    for m in state.mentions:
        if m.via in ("alias", "reference") or not (am := alias_after(state.mtext, m)):
            continue
        alias = " ".join(state.text[am.start("alias") : am.end("alias")].split())
        if not _cross_script(m.text, alias) or not _names_an_organisation(alias):
            continue
        res = state.resolved.get(m.key)
        eid = res.entity_id if res is not None and res.how == "matcher" else new_entity_id(m)
        if eid not in entities:
            if not (m.entity_id or (res is not None and res.how == "matcher")):
                continue  # an organisation this document relates to nothing, and unknown
            entities[eid] = Entity(id=eid, kind=entity_kind(m), names=[])
        ent = entities[eid]
        if alias not in {n.text for n in ent.names}:
            ent.names.append(Name(alias, lang=_lang(alias), kind="alias", sources=(state.doc.id,)))


def _cross_script(a: str, b: str) -> bool:
    scripts = {detect_script(a)[:3], detect_script(b)[:3]}  # Hans and Hant are one side
    return scripts == {"Lat", "Han"}


def _names_an_organisation(text: str) -> bool:
    """Not a place (（香港）, (Hong Kong)), a listing code (NYSE: HIK) or a bare legal form."""
    from complicity.names.normalize import NameInputError, data, normalize

    if ":" in text or "：" in text:
        return False
    try:
        n = normalize(text)
    except NameInputError:
        return False
    d = data()
    if n.is_han:
        bare = n.key in d.zh_form_by_text or n.key in ("集团", "公司")
        return not bare and n.key not in d.zh_place_kind and n.head not in d.zh_place_kind
    words = tuple(n.tokens)
    return bool(words) and words not in d.latin_places and words not in d.latin_forms


def extract_document(
    doc: Document, known_names: Iterable[tuple[str, str]] = (), pipeline: Pipeline | None = None
) -> Batch:
    """Mentions and relations of one document, as a Batch (the document, new entities, relations
    with exact-span evidence). ``known_names`` are (entity_id, name) pairs: matches keep those ids."""
    pipe = pipeline or Pipeline.default(known_names)
    return pipe.run(doc).batch
