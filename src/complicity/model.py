"""The data model: entities, names, relations, documents, evidence, judgements.

Everything that crosses a module boundary (a loader handing facts to the store, the store handing a
graph to the exposure search, an extractor proposing a relation) is one of these dataclasses. The
vocabulary itself (relation types, entity kinds) is data, read from ``schema/*.yaml``.

Dates are partial ISO strings ("2019", "2019-04", "2019-04-15"): sources rarely give a full date and
inventing a day would be a lie. ``date_floor``/``date_ceil`` turn them into comparable full dates.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

MAX_NAME_LENGTH = 1000  # a longer "name" is bad input, not a company


@cache
def relation_types() -> dict[str, dict[str, Any]]:
    """The relation vocabulary, from ``schema/relations.yaml``."""
    text = resources.files("complicity.schema").joinpath("relations.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


@cache
def entity_kinds() -> dict[str, dict[str, Any]]:
    """The entity kinds, from ``schema/entities.yaml``."""
    text = resources.files("complicity.schema").joinpath("entities.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


NAME_KINDS = ("legal", "short", "brand", "former", "transliteration", "alias", "list")
SCRIPTS = ("Hans", "Hant", "Latn", "Mixed", "Other")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ModelError(ValueError):
    """A fact that does not fit the model (unknown type, bad date, missing evidence...)."""


def check_date(value: str | None, what: str = "date") -> str | None:
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise ModelError(f"{what} {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def date_floor(value: str) -> str:
    """Earliest full date a partial date can mean: "2019-04" -> "2019-04-01"."""
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def date_ceil(value: str) -> str:
    """Latest full date a partial date can mean: "2019-04" -> "2019-04-31" (compares correctly)."""
    return (value + "-12-31")[:10] if len(value) == 4 else (value + "-31")[:10]


def detect_script(text: str) -> str:
    """Hans, Hant, Latn, Mixed or Other. Han text is called Hant only when it has characters that
    traditional-to-simplified conversion changes (decided in names.normalize, which owns opencc)."""
    if text.isascii():  # most names: no Han, and every ASCII letter is a Latin one
        return "Latn" if any(ch.isalpha() for ch in text) else "Other"
    han = latin = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            han += 1
        elif ch.isalpha() and _is_latin(ch):
            latin += 1
    if han and latin:
        return "Mixed"
    if han:
        from complicity.names.normalize import is_traditional

        return "Hant" if is_traditional(text) else "Hans"
    if latin:
        return "Latn"
    return "Other"


@lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def short_hash(*parts: object, length: int = 16) -> str:
    """A stable id from values: same facts, same id, so re-imports are idempotent."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


def content_hash(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Name:
    text: str
    lang: str | None = None  # "zh", "en", ... ; None when unknown
    kind: str = "alias"  # one of NAME_KINDS
    script: str = ""  # filled by validate() when empty
    # the documents that give this name (ids): a cross-script alias (立昂 = Leon) is only as good
    # as the bilingual list entry, filing or article that states both names
    sources: tuple[str, ...] = ()

    def validate(self) -> Name:
        text = " ".join(self.text.split())
        if not text:
            raise ModelError("empty name")
        if len(text) > MAX_NAME_LENGTH:
            raise ModelError(f"name of {len(text)} characters is longer than {MAX_NAME_LENGTH}")
        if self.kind not in NAME_KINDS:
            raise ModelError(f"unknown name kind {self.kind!r}")
        script = self.script or detect_script(text)
        sources = tuple(dict.fromkeys(self.sources))
        return Name(text=text, lang=self.lang, kind=self.kind, script=script, sources=sources)


@dataclass(frozen=True)
class Identifier:
    scheme: str  # uscc, lei, isin, ticker, ofac_ent_num, list_entry, registration, ...
    value: str
    # the documents that give it (ids), as for a name; not part of what the identifier is: two
    # sources of one ISIN give one identifier
    sources: tuple[str, ...] = field(default=(), compare=False)


@dataclass
class Entity:
    id: str
    kind: str  # a key of schema/entities.yaml
    names: list[Name] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-2, lower case
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def caption(self) -> str:
        """The name to show: an English legal or short name if any, else the first name."""
        for kind in ("short", "brand", "legal", "list"):
            for name in self.names:
                if name.kind == kind and name.script == "Latn":
                    return name.text
        return self.names[0].text if self.names else self.id

    @property
    def caption_zh(self) -> str | None:
        for name in self.names:
            if name.script in ("Hans", "Hant") and name.kind in ("short", "brand", "legal"):
                return name.text
        return None

    def validate(self) -> Entity:
        if not self.id or len(self.id) > 200:
            raise ModelError(f"bad entity id {self.id!r}")
        if self.kind not in entity_kinds():
            raise ModelError(f"entity {self.id}: unknown kind {self.kind!r}")
        if not self.names:
            raise ModelError(f"entity {self.id} has no name")
        self.names = [n.validate() for n in self.names]
        return self


@dataclass
class Document:
    """A source. ``text`` is the full text when we hold it (ingested documents, list files), or None
    for a published source we cite but do not redistribute; ``id`` is the sha256 of the text when
    known, else a hash of the URL and title."""

    id: str
    title: str
    url: str | None = None
    published: str | None = None
    retrieved: str | None = None
    language: str | None = None
    kind: str = "article"  # article, newsletter, list, register, notice
    text: str | None = None

    @classmethod
    def from_text(cls, text: str, title: str, **kw: Any) -> Document:
        return cls(id=content_hash(text), title=title, text=text, **kw)


@dataclass(frozen=True)
class Evidence:
    """Why we believe a relation. ``start``/``end`` are character offsets into the document's text
    (``document.text[start:end] == quote`` whenever the store holds the text)."""

    document_id: str
    quote: str
    start: int | None
    end: int | None
    extractor: str
    confidence: float = 1.0

    def validate(self, document: Document | None) -> Evidence:
        if not self.quote.strip():
            raise ModelError("evidence without a quote")
        if not 0.0 <= self.confidence <= 1.0:
            raise ModelError(f"confidence {self.confidence} outside 0..1")
        text = document.text if document is not None else None
        if (
            text is not None
            and self.start is not None
            and text[self.start : self.end] != self.quote
        ):
            where = document.id[:12] if document else "?"
            raise ModelError(f"quote does not match document {where} at {self.start}:{self.end}")
        return self


@dataclass
class Relation:
    type: str  # a key of schema/relations.yaml
    source: str  # entity id
    target: str  # entity id
    attrs: dict[str, Any] = field(default_factory=dict)  # percent, amount, currency, role, ...
    start: str | None = None
    end: str | None = None
    asset: str | None = None  # share_transfer: the company whose shares move
    evidence: list[Evidence] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            # Identity is what the relation asserts, not its evidence: a second source for the
            # same fact adds evidence to one relation instead of creating a twin.
            self.id = "r-" + short_hash(self.type, self.source, self.target, self.asset, self.start)

    def validate(self) -> Relation:
        if self.type not in relation_types():
            raise ModelError(f"unknown relation type {self.type!r}")
        if not self.evidence:
            raise ModelError(f"relation {self.type} {self.source}->{self.target} has no evidence")
        check_date(self.start, "start")
        check_date(self.end, "end")
        pct = self.attrs.get("percent")
        if pct is not None and not 0 <= float(pct) <= 100:
            raise ModelError(f"percent {pct} outside 0..100")
        return self


@dataclass(frozen=True)
class Judgement:
    """A human decision that two entities (or an entity and a name) are or are not the same."""

    left: str
    right: str
    same: bool
    who: str
    at: str
    note: str = ""


@dataclass(frozen=True)
class ReviewItem:
    """A possible match too uncertain to merge: a person decides (``complicity review``)."""

    left: str  # entity id of the incoming entry
    right: str  # entity id of the candidate already known
    score: float
    reason: str  # why it was not merged automatically
    source: str  # what proposed it (the list load, the ingest ...)


@dataclass
class Batch:
    """What one import writes, in one transaction: all of it or nothing."""

    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (where, why), for reports

    def extend(self, other: Batch) -> None:
        self.entities += other.entities
        self.relations += other.relations
        self.documents += other.documents
        self.judgements += other.judgements
        self.review += other.review
        self.rejected += other.rejected
