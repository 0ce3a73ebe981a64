"""What every list reader shares: reading a file as text (with a clear error for bad encodings),
records with their character offsets (CSV rows, JSON array items, XML elements, HTML rows), the
registry of official lists, identifier patterns, and ``Collector``, which turns entries into
entities, ``listing`` relations and ownership edges with evidence quoting the list file.

Offsets: evidence quotes a record of the decoded file text, so ``document.text[start:end] ==
quote``. The document id is the sha256 of the file bytes.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from complicity.encoding import unclosed_quote
from complicity.errors import UserError
from complicity.identifiers import find_identifiers
from complicity.model import (
    MAX_NAME_LENGTH,
    Batch,
    Document,
    Entity,
    Evidence,
    Identifier,
    Name,
    Relation,
    content_hash,
    entity_kinds,
    short_hash,
)
from complicity.names.normalize import to_simplified

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


# -- the official lists ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ListInfo:
    id: str
    title: str
    url: str
    country: str | None = None  # the issuing jurisdiction


LISTS: dict[str, ListInfo] = {
    info.id: info
    for info in (
        ListInfo(
            "list-ofac-sdn",
            "OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
            "https://sanctionslist.ofac.treas.gov/Home/SdnList",
            "us",
        ),
        ListInfo(
            "list-ofac-ns-cmic",
            "OFAC Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)",
            "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists/"
            "non-sdn-chinese-military-industrial-complex-companies-list",
            "us",
        ),
        ListInfo(
            "list-ofac-cons",
            "OFAC Consolidated Sanctions List (non-SDN lists)",
            "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList",
            "us",
        ),
        ListInfo(
            "list-bis-entity-list",
            "BIS Entity List (15 CFR 744 Supplement 4)",
            "https://www.bis.gov/entity-list",
            "us",
        ),
        ListInfo(
            "list-bis-meu",
            "BIS Military End-User List",
            "https://www.bis.gov/military-end-user-list",
            "us",
        ),
        ListInfo("list-bis-unverified", "BIS Unverified List", "https://www.bis.gov/", "us"),
        ListInfo("list-bis-denied", "BIS Denied Persons List", "https://www.bis.gov/", "us"),
        ListInfo(
            "list-ddtc-debarred",
            "State Department ITAR Debarred Parties",
            "https://www.pmddtc.state.gov/",
            "us",
        ),
        ListInfo(
            "list-isn-nonproliferation",
            "State Department Nonproliferation Sanctions",
            "https://www.state.gov/",
            "us",
        ),
        ListInfo(
            "list-us-csl",
            "US Consolidated Screening List (trade.gov)",
            "https://www.trade.gov/consolidated-screening-list",
            "us",
        ),
        ListInfo(
            "list-uflpa",
            "DHS Uyghur Forced Labor Prevention Act (UFLPA) Entity List",
            "https://www.dhs.gov/uflpa-entity-list",
            "us",
        ),
        ListInfo(
            "list-dod-1260h",
            "DoD Section 1260H list of Chinese military companies",
            "https://www.defense.gov/News/Releases/",
            "us",
        ),
        ListInfo(
            "list-uk-sanctions",
            "UK Sanctions List",
            "https://www.gov.uk/government/publications/the-uk-sanctions-list",
            "gb",
        ),
        ListInfo(
            "list-un-sc",
            "UN Security Council Consolidated List",
            "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
            None,
        ),
        ListInfo(
            "list-mofcom-unreliable",
            "MOFCOM Unreliable Entity List (不可靠实体清单)",
            "https://www.mofcom.gov.cn/",
            "cn",
        ),
        ListInfo(
            "list-mofcom-export-control",
            "MOFCOM Export Control Control List (出口管制管控名单)",
            "https://aqygzj.mofcom.gov.cn/",
            "cn",
        ),
        ListInfo(
            "list-mofcom-attention",
            "MOFCOM Export Control Attention List (关注名单)",
            "https://aqygzj.mofcom.gov.cn/",
            "cn",
        ),
    )
}


def list_info(list_id: str, title: str | None = None, url: str | None = None) -> ListInfo:
    """A known list, or one named by the file (EU regulations, OpenSanctions datasets...)."""
    if list_id in LISTS:
        return LISTS[list_id]
    return ListInfo(list_id, title or list_id, url or "")


# -- counts -----------------------------------------------------------------------------------------
@dataclass
class FileCount:
    """Every row of a file is one of: an entry (a new entity), attached to an entry read before
    (a second row of the same entry, an alias row, an address row), or rejected with a reason."""

    path: str
    role: str = "entries"
    rows: int = 0
    entries: int = 0
    attached: int = 0
    rejected: int = 0

    @property
    def balanced(self) -> bool:
        return self.rows == self.entries + self.attached + self.rejected


@dataclass
class ListBatch(Batch):
    """A Batch plus the per-file counts and what the diff of versions compares."""

    format: str = ""
    files: list[FileCount] = field(default_factory=list)
    # entity id (before resolution) -> the entry key: scheme-free, stable across versions
    entries: dict[str, str] = field(default_factory=dict)
    # entity ids whose kind says "named by a list but not an entry of it" (parents...)
    secondary: set[str] = field(default_factory=set)

    def summary(self) -> str:
        rows = sum(f.rows for f in self.files)
        return (
            f"{rows} rows: {sum(f.entries for f in self.files)} entries, "
            f"{sum(f.attached for f in self.files)} attached to an entry, "
            f"{sum(f.rejected for f in self.files)} rejected"
        )


# -- reading files ----------------------------------------------------------------------------------
@dataclass
class Source:
    path: Path
    data: bytes
    text: str
    sha256: str
    _line_starts: list[int] | None = None

    def line_of(self, offset: int) -> int:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        import bisect

        return bisect.bisect_right(self._line_starts, offset)

    def offset_of(self, line: int, col: int) -> int:
        """Character offset of a 1-based line and 0-based column."""
        self.line_of(0)
        assert self._line_starts is not None
        return self._line_starts[line - 1] + col


def _describe_encoding(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None:
            return f" (it looks like {best.encoding})"
    except Exception:  # a guess for the message only
        pass
    return ""


def read_source(path: Path, encoding: str | None = None) -> Source:
    """Read a list file as text. UTF-8 is required unless ``encoding`` is given; a leading BOM
    (UTF-8 or UTF-16) names the encoding and is dropped; a BOM in the middle of the text means
    concatenated files and is an error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a list file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise UserError(f"{path}: the file is empty")
    codec = encoding or "utf-8"
    body = data
    if data.startswith(codecs.BOM_UTF8):
        codec, body = "utf-8", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec, body = "utf-16", data
    try:
        text = body.decode(codec)
    except LookupError:
        raise UserError(f"unknown encoding {codec!r}") from None
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise UserError(
            f"{path}: line {line}: not {codec} (byte {exc.start}){_describe_encoding(data)}; "
            "convert the file to UTF-8 or pass --encoding (e.g. --encoding gb18030)"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    inner = text.find("\ufeff")
    if inner >= 0:
        line = text.count("\n", 0, inner) + 1
        raise UserError(
            f"{path}: line {line}: a byte-order mark inside the file (two files joined?)"
        )
    return Source(path=path, data=data, text=text, sha256=content_hash(data))


def file_date(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    except OSError:
        return date.today().isoformat()


# -- records with offsets ---------------------------------------------------------------------------
@dataclass
class Row:
    line: int  # first line of the record, 1-based
    start: int
    end: int
    fields: list[str]


def csv_rows(src: Source, delimiter: str = ",") -> Iterator[Row]:
    """CSV records with the character span of each (quoted newlines included; the line break that
    ends the record is not). Blank lines and a trailing DOS end-of-file mark (Ctrl-Z) are skipped."""
    text = src.text
    opened = unclosed_quote(text, delimiter=delimiter)
    if opened:
        raise UserError(
            f"{src.path.name}: line {opened}: bad CSV (a quoted field opens here and is never "
            "closed: the rest of the file would be read as one value)"
        )
    n = len(text)
    pos = 0

    def lines() -> Iterator[str]:
        nonlocal pos
        while pos < n:
            j = text.find("\n", pos)
            end = n if j < 0 else j + 1
            line = text[pos:end]
            pos = end
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    start = 0
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UserError(f"{src.path.name}: line {reader.line_num}: bad CSV ({exc})") from None
        end = pos
        q_end = end
        while q_end > start and text[q_end - 1] in "\r\n":
            q_end -= 1
        if fields and not (len(fields) == 1 and fields[0].strip() in ("", "\x1a")):
            yield Row(line, start, q_end, fields)
        start = end
        line = reader.line_num + 1


def csv_dicts(src: Source, required: set[str], what: str) -> tuple[list[str], Iterator[Row]]:
    """A CSV with a header: returns the header and the data rows. Missing columns are a UserError
    naming them; a row with a different number of fields is a UserError naming its line."""
    rows = csv_rows(src)
    try:
        head = next(rows)
    except StopIteration:
        raise UserError(f"{src.path.name}: no header row") from None
    header = [h.strip() for h in head.fields]
    missing = sorted(required - set(header))
    if missing:
        raise UserError(
            f"{src.path.name}: line 1: not {what}: missing column(s) {', '.join(missing)} "
            f"(found {', '.join(header[:8])}{'...' if len(header) > 8 else ''})"
        )

    def body() -> Iterator[Row]:
        for row in rows:
            if len(row.fields) != len(header):
                raise UserError(
                    f"{src.path.name}: line {row.line}: {len(row.fields)} columns, the header "
                    f"has {len(header)}"
                )
            yield row

    return header, body()


def json_load(src: Source) -> Any:
    try:
        return json.loads(src.text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{src.path.name}: line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg}); "
            "truncated download?"
        ) from None


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def json_items(src: Source, key: str | None = None) -> Iterator[tuple[int, int, Any]]:
    """(start, end, value) for each item of the top-level array, or of the array under the
    top-level ``key``. Call ``json_load`` first so malformed JSON has a clear error."""
    text = src.text
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if key is not None:
        if text[pos : pos + 1] != "{":
            raise UserError(f"{src.path.name}: expected a JSON object with {key!r}")
        pos += 1
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == "}":
                raise UserError(f"{src.path.name}: no {key!r} array in the JSON object")
            name, pos = _DECODER.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            pos += 1  # ':'
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if name == key:
                break
            _, pos = _DECODER.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] == ",":
                pos += 1
    if text[pos : pos + 1] != "[":
        raise UserError(f"{src.path.name}: expected a JSON array" + (f" at {key!r}" if key else ""))
    pos += 1
    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == "]":
            return
        value, end = _DECODER.raw_decode(text, pos)
        yield pos, end, value
        pos = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == ",":
            pos += 1


def json_value_span(src: Source, key: str) -> tuple[int, int]:
    """Span of the value of a top-level object key (GLEIF single records: "data")."""
    text = src.text
    pos = _WS.match(text, 0).end() + 1  # type: ignore[union-attr]
    while pos < len(text):
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == "}":
            break
        name, pos = _DECODER.raw_decode(text, pos)
        pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(text, pos)
        if name == key:
            return pos, end
        pos = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == ",":
            pos += 1
    raise UserError(f"{src.path.name}: no {key!r} in the JSON object")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(src: Source, record: set[str]) -> tuple[Element, dict[int, tuple[int, int]]]:
    """Parse XML into an ElementTree with namespaces stripped from tags and attributes, and the
    character span of every element whose tag is in ``record`` (keyed by ``id(element)``).
    Truncated or malformed XML is a UserError with line and column."""
    data = src.text.encode("utf-8")
    ascii_only = len(data) == len(src.text)
    builder = TreeBuilder()
    spans: dict[int, tuple[int, int]] = {}
    open_records: list[tuple[Element, int]] = []
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator="}")
    parser.buffer_text = True
    conv = [0, 0]  # last byte offset, its char offset

    def char_at(b: int) -> int:
        if ascii_only:
            return b
        last_b, last_c = conv
        if b < last_b:
            return len(data[:b].decode("utf-8", "replace"))
        conv[0], conv[1] = b, last_c + len(data[last_b:b].decode("utf-8", "replace"))
        return conv[1]

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        el = builder.start(tag, {local(k): v for k, v in attrs.items()})
        if tag in record:
            open_records.append((el, parser.CurrentByteIndex))

    def end(name: str) -> None:
        el = builder.end(local(name))
        if open_records and open_records[-1][0] is el:
            _, b0 = open_records.pop()
            b1 = data.find(b">", parser.CurrentByteIndex) + 1
            spans[id(el)] = (char_at(b0), char_at(b1))

    def no_entities(*_: Any) -> None:
        raise UserError(f"{src.path.name}: XML entity declarations are not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = no_entities
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        truncated = exc.lineno >= src.text.count("\n") or reason in ("no element found",)
        hint = " (the file is truncated)" if truncated else ""
        raise UserError(
            f"{src.path.name}: line {exc.lineno} column {exc.offset}: XML is not well-formed: "
            f"{reason}{hint}"
        ) from None
    return builder.close(), spans


def text_of(el: Element | None, path: str = "") -> str:
    """Stripped text of a descendant (or the element itself), '' when absent."""
    if el is None:
        return ""
    node = el.find(path) if path else el
    return " ".join((node.text or "").split()) if node is not None else ""


# -- values -------------------------------------------------------------------------------------
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )
    )
    for m in names.split()
}


def parse_date(value: str | None) -> str | None:
    """ISO (partial) date from the spellings lists use; None when there is no date in it."""
    if not value:
        return None
    v = value.strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$", v)
    if m:
        y, mo, d = m.groups()
        return y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if mo and d else "")
    m = re.match(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$", v)  # 12.9.2014, 29/06/2012 (day first)
    if m:
        d, mo, y = m.groups()
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            return f"{y}-{int(mo):02d}-{int(d):02d}"
        return None
    m = re.match(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$", v)  # 03 Jun 2021
    if m and m.group(2).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", v)  # June 3, 2021
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    return None


def split_multi(value: str | None, sep: str = ";") -> list[str]:
    return [p.strip() for p in (value or "").split(sep) if p.strip()]


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def name_lang(text: str) -> str | None:
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    return None


def norm_name(text: str) -> str:
    """The exact-match key of a name: NFKC, simplified characters, case-folded, punctuation and
    spacing ignored ("Co., Ltd." == "CO LTD"). Legal forms are kept: only the matcher may judge
    "Co., Ltd." against "Company Limited"."""
    t = unicodedata.normalize("NFKC", text)
    t = to_simplified(t).casefold()
    t = re.sub(r"[^\w]+", " ", t)
    return " ".join(t.split())


_COUNTRIES = {
    "china": "cn",
    "people's republic of china": "cn",
    "prc": "cn",
    "hong kong": "hk",
    "hong kong sar": "hk",
    "macau": "mo",
    "macao": "mo",
    "taiwan": "tw",
    "russia": "ru",
    "russian federation": "ru",
    "iran": "ir",
    "north korea": "kp",
    "democratic people's republic of korea": "kp",
    "korea, north": "kp",
    "belarus": "by",
    "syria": "sy",
    "united arab emirates": "ae",
    "turkey": "tr",
    "türkiye": "tr",
    "india": "in",
    "singapore": "sg",
    "united states": "us",
    "united kingdom": "gb",
    "germany": "de",
    "japan": "jp",
    "kazakhstan": "kz",
    "kyrgyzstan": "kg",
    "uzbekistan": "uz",
    "malaysia": "my",
    "thailand": "th",
    "pakistan": "pk",
    "cayman islands": "ky",
    "british virgin islands": "vg",
}


def country_code(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 (lower case) for a country name or code lists commonly use."""
    if not value:
        return None
    v = " ".join(value.strip().lower().split())
    if re.fullmatch(r"[a-z]{2}", v):
        return v
    return _COUNTRIES.get(v)


# -- identifiers: their rules are complicity.identifiers' ----------------------------------------
# Schemes strong enough to merge entities from different sources on their own.
STRONG_SCHEMES = ("lei", "isin", "uscc", "ofac_ent_num", "imo", "un_reference", "list_entry")


# -- building the batch -----------------------------------------------------------------------------
_KINDS = {
    "individual": "person",
    "person": "person",
    "company": "company",
    "legalentity": "company",
    "legal entity": "company",
    "organization": "organization",
    "organisation": "organization",
    "entity": "organization",
    "-0-": "organization",
    "": "organization",
    "publicbody": "public_body",
    "public body": "public_body",
}
_COMPANY = re.compile(
    r"\b(co|corp|corporation|company|ltd|limited|inc|llc|plc|gmbh|ag|sa|s\.a|jsc|ojsc|pjsc|ooo|"
    r"zao|oao|ao|bv|nv|srl|spa|pte|pty|llp|lp|fze|fzco|holdings?|group)\b\.?|有限|公司|集团|株式会社",
    re.IGNORECASE,
)


def kind_for(value: str, name: str = "") -> str | None:
    """Our entity kind for a list's subject type; None when the model has no kind for it
    (vessels, aircraft: rejected with that reason unless schema/entities.yaml gains a kind). An
    organisation whose name carries a legal form is a company."""
    v = value.strip().lower()
    kind = _KINDS.get(v, v)
    if kind == "organization" and name and _COMPANY.search(name):
        kind = "company"
    return kind if kind in entity_kinds() and kind not in ("list", "event") else None


def entity_id(list_key: str, entry: str) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", entry.lower()).strip("-")
    if not slug or len(slug) > 40 or slug != entry.lower().strip():
        slug = (slug[:24] + "-" if slug else "") + short_hash(entry, length=10)
    return f"{list_key}-{slug}"


class Collector:
    """Accumulates one reader's output. Entities are keyed by id, so a second row of the same
    entry (an alias row, another tranche) merges into the first."""

    def __init__(self, fmt: str) -> None:
        self.batch = ListBatch(format=fmt)
        self.entities: dict[str, Entity] = {}
        self.relations: dict[str, Relation] = {}
        self.names: dict[str, set[tuple[str, str]]] = {}
        self.extractor = f"lists:{fmt}"
        self._lists: set[str] = set()

    # documents
    def document(
        self,
        src: Source,
        title: str,
        url: str | None,
        published: str | None = None,
        retrieved: str | None = None,
        kind: str = "list",
        language: str | None = None,
    ) -> Document:
        doc = Document(
            id=src.sha256,
            title=title,
            url=url,
            published=published,
            retrieved=retrieved or file_date(src.path),
            language=language,
            kind=kind,
            text=src.text,
        )
        if all(d.id != doc.id for d in self.batch.documents):
            self.batch.documents.append(doc)
        return doc

    def count(self, path: Path, role: str = "entries") -> FileCount:
        fc = FileCount(path=str(path), role=role)
        self.batch.files.append(fc)
        return fc

    def reject(self, fc: FileCount, where: str, why: str) -> None:
        fc.rejected += 1
        self.batch.rejected.append((where, why))

    # entities
    def list_entity(self, info: ListInfo) -> str:
        if info.id not in self._lists:
            self._lists.add(info.id)
            ent = Entity(
                id=info.id,
                kind="list",
                names=[Name(info.title, lang="en", kind="legal")],
                country=info.country,
                attrs={"url": info.url} if info.url else {},
            )
            self.entities[info.id] = ent
        return info.id

    def entity(
        self,
        eid: str,
        kind: str,
        entry: str | None = None,
        country: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> tuple[Entity, bool]:
        """The entity with this id, created when new (returns it and whether it is new)."""
        ent = self.entities.get(eid)
        if ent is not None:
            if country and not ent.country:
                ent.country = country
            if attrs:
                for k, v in attrs.items():
                    ent.attrs.setdefault(k, v)
            return ent, False
        ent = Entity(id=eid, kind=kind, country=country, attrs=dict(attrs or {}))
        self.entities[eid] = ent
        self.names[eid] = set()
        if entry is not None:
            self.batch.entries[eid] = entry
        return ent, True

    def name(
        self, ent: Entity, text: str | None, kind: str = "alias", lang: str | None = None
    ) -> None:
        if not text:
            return
        clean = " ".join(text.split()).strip(" ;,")
        if not clean or len(clean) > MAX_NAME_LENGTH:
            return
        seen = self.names.setdefault(ent.id, set())
        if any(t == clean for t, _ in seen):
            return  # the first kind wins: the listed spelling stays "list"
        seen.add((clean, kind))
        ent.names.append(Name(clean, lang=name_lang(clean) or lang, kind=kind))

    def identifier(self, ent: Entity, scheme: str, value: str | None) -> None:
        if not value:
            return
        v = " ".join(str(value).split())
        if scheme in ("uscc", "isin", "lei", "imo"):
            v = v.upper().replace(" ", "")
        ident = Identifier(scheme, v)
        if v and ident not in ent.identifiers:
            ent.identifiers.append(ident)

    def identifiers_in(self, ent: Entity, text: str | None) -> None:
        for ident in find_identifiers(text or ""):
            if ident not in ent.identifiers:
                ent.identifiers.append(ident)

    # relations
    def evidence(self, doc: Document, start: int, end: int) -> Evidence:
        assert doc.text is not None
        return Evidence(doc.id, doc.text[start:end], start, end, self.extractor)

    def relate(self, rel: Relation) -> Relation:
        old = self.relations.get(rel.id)
        if old is None:
            self.relations[rel.id] = rel
            return rel
        for ev in rel.evidence:
            if ev not in old.evidence:
                old.evidence.append(ev)
        for k, v in rel.attrs.items():
            if k == "program" and old.attrs.get(k) and v and v not in old.attrs[k].split("; "):
                old.attrs[k] = old.attrs[k] + "; " + v
            else:
                old.attrs.setdefault(k, v)
        old.end = old.end or rel.end
        return old

    def listing(
        self,
        ent: Entity,
        info: ListInfo,
        ev: Evidence,
        *,
        entry: str | None = None,
        program: str | None = None,
        start: str | None = None,
        end: str | None = None,
        url: str | None = None,
        **attrs: Any,
    ) -> Relation:
        target = self.list_entity(info)
        a: dict[str, Any] = {"list": info.id}
        if program:
            a["program"] = program
        if entry:
            a["list_entry"] = entry
            self.identifier(ent, "list_entry", f"{info.id}:{entry}")
        if url or info.url:
            a["source_url"] = url or info.url
        a.update({k: v for k, v in attrs.items() if v not in (None, "", [])})
        rel = Relation(
            "listing",
            ent.id,
            target,
            attrs=a,
            start=parse_date(start) if start else None,
            end=parse_date(end) if end else None,
            evidence=[ev],
        )
        return self.relate(rel)

    def ownership(self, owner: str, owned: str, ev: Evidence, **attrs: Any) -> Relation:
        """An ownership edge the list states; percent unknown unless the list gives it."""
        a = {k: v for k, v in attrs.items() if v not in (None, "")}
        return self.relate(Relation("ownership", owner, owned, attrs=a, evidence=[ev]))

    def finish(self) -> ListBatch:
        batch = self.batch
        batch.entities = [e for e in self.entities.values() if e.names]
        kept = {e.id for e in batch.entities}
        batch.relations = [
            r for r in self.relations.values() if r.source in kept and r.target in kept
        ]
        self._sources(batch)
        return batch

    def _sources(self, batch: ListBatch) -> None:
        """Each party's names and identifiers are given by the rows its listing and ownership
        edges cite: those rows' files are their sources (the list entity's own name, the
        registry's title, is not)."""
        docs: dict[str, dict[str, None]] = {}
        for rel in batch.relations:
            for end in (rel.source, rel.target, rel.asset):
                if end and end not in self._lists:
                    found = docs.setdefault(end, {})
                    found.update(dict.fromkeys(ev.document_id for ev in rel.evidence))
        for ent in batch.entities:
            cited = tuple(docs.get(ent.id, ()))
            if cited:
                ent.names = [n if n.sources else replace(n, sources=cited) for n in ent.names]
                ent.identifiers = [
                    i if i.sources else replace(i, sources=cited) for i in ent.identifiers
                ]


def named_party(
    col: Collector, key: str, name: str, kind: str = "company", country: str | None = None
) -> Entity:
    """An entity a list names without listing it (a parent company, an owner): its id comes
    from the name so every row naming it reaches the same entity; the resolver merges it with
    the listed entry or the store entity of that name."""
    ent, new = col.entity(f"{key}-named-{short_hash(norm_name(name), length=12)}", kind)
    if new:
        col.batch.secondary.add(ent.id)
        if country:
            ent.country = country
    col.name(ent, name, "legal")
    return ent
