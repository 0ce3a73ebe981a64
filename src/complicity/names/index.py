"""``NameIndex``: a candidate index over many names (a million fits in well under 2 GB).

Blocking keys, per name (see ``block_keys``):

- Han names: character bigrams of the distinctive head (海康威视 -> 海康, 康威, 威视), so a name found
  with or without its city prefix, legal form or descriptors (杭州海康威视数字技术股份有限公司,
  海康威視, 海康威视) lands in the same blocks; and the pinyin of the head (``p:haikangweishi``);
- Latin names: each distinctive word (``w:hikvision``), its first four letters for typos, the words
  glued together (``p:hikvision``, which is also how a pinyin spelling of a Chinese name meets the
  pinyin key of that name) and the initials (``a:ibm``).

Postings are compact numpy arrays (CSR: one offsets array, one postings array); a query adds up
the inverse document frequency of the blocks it shares with each name, keeps the best ``depth``
names, pre-scores them with one string ratio and gives the best ``PRESCORE_KEEP`` the full
``match.score_normalized``. Each name is normalised once, at build; its ``NormalizedName`` is kept
packed in one string (``pack``) and unpacked for the full score. Results are per entity (its best name).

Screening (``search_many(..., stop_at_exact=True)``) takes three shortcuts, each of which leaves
the top hit and every row at or above THRESHOLD as the full search has them:

- names with the query's exact core are found through a hash of every name's core
  (``exact_hash``); when they are provably what blocking and the pre-score would put first, they
  are scored without blocking (``_exact_only``);
- once an exact-core name scores 1.0 the rest is not scored (as before);
- a candidate whose score cannot reach THRESHOLD nor the best score so far (``may_reach``, a
  bound from the evidence ``match`` uses) is not scored, so the rows below THRESHOLD other
  than the top hit may be fewer, or others from further down. With ``matches_only`` (what a
  screen keeps: the rows at or above THRESHOLD) the bound is THRESHOLD alone, and a name with
  no match gets no rows at all, at a fraction of the cost (most of a supplier file).

Queries are normalised a batch at a time and then searched (``_rows_many``). Building an index
first loads the matcher's tables and moves them out of the garbage collector's sight
(``settle``): they live as long as the process, and full collections walked them.

The index is saved as one pickle file; ``NameIndex.build(pairs, cache=dir)`` reuses the file when
the input (and the matcher's data files) have not changed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import math
import os
import pickle
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from complicity.names import native
from complicity.names.match import (
    RELATED_NOTES,
    THRESHOLD,
    AliasTable,
    Feature,
    MatchResult,
    Reach,
    brand_abroad,
    brand_of_another,
    city_within,
    company_abroad,
    company_of_group,
    exact_core_score,
    group_apart,
    homophone_feature,
    homophones_among,
    initials_of,
    initials_prefixes,
    initials_words,
    part_feature,
    registered,
    registered_elsewhere,
    registered_in_full,
    registered_places,
    said_of_a_company,
    score_normalized,
    spelt_out_feature,
    unit_feature,
)
from complicity.names.normalize import _DIRECT as _DIRECT_NAME
from complicity.names.normalize import (
    CITY,
    LISTED,
    LegalForm,
    NameInputError,
    NormalizedName,
    _normalize,
    data,
    fills_dict,
    han_openings,
    latin_openings,
    made_directly,
    may_give_names,
    name_parts,
    names_an_organ,
    new_name,
    normalize,
    place_level,
)
from complicity.names.translate import (
    is_japanese,
    japanese_readings,
    name_sounds,
    probe_keys,
)
from complicity.names.units import parents

# the blocking, exact-core look-up and unpacking steps in C when they were built; without them
# ``NameIndex._top_numpy``, the rest of ``_exact_names`` and ``unpack`` do the same
_native = native()
# the C unpacking makes a NormalizedName as ``new_name`` does, by giving it its __dict__
_NATIVE_UNPACK = _native is not None and _DIRECT_NAME

# 13: a description ending in 的 set aside; 12: pinyin openings; 11: Japanese readings; 10: sound openings; 8: a place said twice; 7: abbreviations in
# brackets; 6: sound keys; 5: exact-core hashes; 4: number words, United States -> us;
# 3: CamelCase
# 16: a bit per name written with no legal form; 15: blocks of a name's first initials (j:)
# 18: a mainland place in brackets is the prefix, and a word-block (``_place_in_brackets``)
# 19: a province's long name as a prefix in its one spelling (新疆维吾尔 -> 新疆); FZE a form
INDEX_VERSION = 19
PRESCORE_KEEP = 8  # candidates (of ``depth``) that get the full, explained score
PROBE_KEEP = 16  # names of the other script a second look through translation scores
MAX_BUCKET = 20000  # a block shared by more names than this says little; skipped unless alone
GATHER_CAP = 1000  # a block larger than this brings in new candidates only while there are few
SMALL_UNION = 64  # blocks holding this many ids in all are added up in a dict, not with numpy
_BUCKET_SHIFT = 16  # ``_exact_names`` finds a hash among those sharing its top 16 bits
_INITIALS_MAX = 12  # the longest core ``_initials_spelt_out`` takes for initials


_Row = tuple[int, int, float, list[Feature]]  # entity position, name id, score, features


@dataclass(frozen=True)
class Candidate:
    entity_id: str
    name: str
    score: float
    explanation: list[Feature] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "score": self.score,
            "explanation": [f.to_dict() for f in self.explanation],
        }


# ``_candidates`` may fill a Candidate's __dict__ directly (as its frozen dataclass __init__
# would, field by field)
_DIRECT_CANDIDATE = fills_dict(Candidate, ("entity_id", "name", "score", "explanation"))


def block_keys(n: NormalizedName) -> list[str]:
    """The blocks a name goes into (and a query looks in). Every name with a pinyin is in
    "p:" + its pinyin (``_exact_only`` counts on it); ``_same_blocks`` knows what this reads."""
    keys: list[str] = []
    if n.is_han:
        head = n.head
        if len(head) == 1:
            keys.append("h" + head)
        keys.extend("h" + head[i : i + 2] for i in range(len(head) - 1))
        if n.pinyin:
            keys.append("p:" + n.pinyin)
        keys.extend("o:" + k for k in han_openings(head))  # its first two syllables
        if is_japanese(n):
            # a Japanese company's words as Japanese reads them, where the English name's
            # words are: 日野 (riye in pinyin) is w:hino, as Hino Motors is
            keys.extend("w:" + r for r in japanese_readings(head))
    else:
        en = data().en_descriptors
        words = [t for t in n.tokens if t not in en] or list(n.tokens)
        for w in words:
            keys.append("w:" + w)
            if len(w) >= 5:
                keys.append("f:" + w[:4])
        if place := _place_in_brackets(n):
            keys.append("w:" + place)
        keys.append("p:" + n.pinyin)  # the non-descriptor words glued together
        keys.extend("o:" + k for k in latin_openings(words))  # as pinyin, if it is
        if n.acronym:
            keys.append("a:" + n.acronym)
        elif len(n.tokens) == 1 and 2 <= len(n.key) <= 8:
            keys.append("a:" + n.key)
    return list(dict.fromkeys(keys))


def _place_in_brackets(n: NormalizedName) -> str | None:
    """The mainland place a Latin name writes in brackets after its brand (Karinka (Tianjin)
    International Trade), in its one spelling: its prefix, a word-block still, as the place is
    in a name that writes it unbracketed there (Kalinka Tianjin International Trade: a word)."""
    if n.prefix is None or n.is_han or "(" not in n.original:
        return None
    d = data()
    if d.zh_place_kind.get(n.prefix) == "country":
        return None  # Hikvision (China): a block of half the index
    spelt = d.latin_place_names.get(n.prefix)
    return spelt[0] if spelt and "(" + spelt[0] in n.original.casefold().replace(" ", "") else None


def sound_keys(n: NormalizedName) -> list[str]:
    """Blocks a name is also in, for the second look through translation only (a query's own
    blocks never include them, so the first look is as before): the consonant skeleton of a
    Latin name's distinctive words, each and glued, and of a Chinese head's reading, where a
    transliteration meets the name it renders (哈德逊 ha-de-xun / Hudson: TSN). See
    ``translate.probe_keys``."""
    return [f"s:{k}" for k in name_sounds(n)]


def place_keys(n: NormalizedName) -> list[str]:
    """Blocks a name is also in for the second look through translation only, as
    ``sound_keys``: the Chinese place it is registered in, in either script (新疆生产建设兵团
    and XINJIANG PRODUCTION AND CONSTRUCTION CORPS: x:新疆). A translation's words are often
    common ones (Production, Construction, Corps), and the place is what narrows them down:
    the second look weighs the query's place block, but finds no name through it alone (a
    place holds too many companies; ``_translated``)."""
    return [f"x:{n.prefix}"] if n.prefix else []


def _same_blocks(a: NormalizedName, b: NormalizedName) -> bool:
    """``block_keys(a) == block_keys(b)``, from what ``block_keys`` reads (keep them in step)."""
    if a.is_han or b.is_han:
        return (
            a.is_han == b.is_han
            and a.head == b.head
            and a.pinyin == b.pinyin
            and is_japanese(a) == is_japanese(b)
        )
    same = (a.tokens, a.acronym, a.key, a.pinyin) == (b.tokens, b.acronym, b.key, b.pinyin)
    return same and _place_in_brackets(a) == _place_in_brackets(b)


def _core_hash(is_han: bool, compact: str) -> int:
    """A stable 32-bit hash of a name's script and exact core, for ``NameIndex.exact_hash``."""
    return zlib.crc32(compact.encode("utf-8", "surrogatepass"), 1 if is_han else 0)


def _data_fingerprint() -> str:
    """What a saved index depends on besides its names: the format, the data files, and the
    code that takes names apart (a change there changes what is packed, and a saved index must
    not outlive it even when INDEX_VERSION was not bumped)."""
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    folder = resources.files("complicity.names").joinpath("data")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml")):
        h.update(folder.joinpath(name).read_bytes())
    # match.py too: its initials_prefixes are blocks
    for module in ("normalize.py", "romanize.py", "match.py", "index.py"):
        h.update(resources.files("complicity.names").joinpath(module).read_bytes())
    return h.hexdigest()


def fingerprint(pairs: Sequence[tuple[str, str]]) -> str:
    """Same input names (and same matcher data) -> same fingerprint -> reuse the saved index."""
    h = hashlib.sha256(_data_fingerprint().encode())
    for entity_id, name in pairs:
        h.update(entity_id.encode("utf-8", "replace"))
        h.update(b"\x1f")
        h.update(name.encode("utf-8", "replace"))
        h.update(b"\x1e")
    return h.hexdigest()


_FIELD = "\x1f"  # never in a normalised piece: control characters are punctuation to normalize
_ITEM = "\x1e"


def pack(
    n: NormalizedName, form_ids: dict[LegalForm | None, int], forms: list[LegalForm | None]
) -> str:
    """The pieces of a normalised name that ``unpack`` needs, as one compact string. ``original``
    and ``pinyin`` are kept by the index already; the legal form is an index into ``forms``."""
    form = form_ids.get(n.legal_form)
    if form is None:
        form = form_ids[n.legal_form] = len(forms)
        forms.append(n.legal_form)
    return _FIELD.join(
        (
            n.script,
            n.text,
            n.key,
            n.head,
            _ITEM.join(n.tokens),
            _ITEM.join(n.descriptors),
            str(form),
            n.prefix if n.prefix is not None else _ITEM,
            _ITEM.join(n.qualifiers),
            n.acronym,
            _ITEM.join(n.numbers),
        )
    )


def _items(text: str) -> tuple[str, ...]:
    return tuple(text.split(_ITEM)) if text else ()


def unpack(
    original: str, pinyin: str, packed: str, forms: list[LegalForm | None]
) -> NormalizedName:
    """``normalize(original)`` again, from what ``pack`` kept: equal to it, field by field."""
    script, text, key, head, tokens, desc, form, prefix, quals, acronym, numbers = packed.split(
        _FIELD
    )
    values: dict[str, Any] = {
        "original": original,
        "script": script,
        "text": text,
        "key": key,
        "head": head,
        "tokens": tuple(tokens.split(_ITEM)) if tokens else (),
        "descriptors": tuple(desc.split(_ITEM)) if desc else (),
        "legal_form": forms[int(form)],
        "prefix": None if prefix == _ITEM else prefix,
        "qualifiers": tuple(quals.split(_ITEM)) if quals else (),
        "pinyin": pinyin,
        "acronym": acronym,
        "numbers": tuple(numbers.split(_ITEM)) if numbers else (),
    }
    return new_name(values)


class Texts(Sequence[str]):
    """Strings stored end to end, UTF-8, in one bytes object, with the offset each starts at.

    Why not a tuple of str: a forked search worker that reads a tuple's item writes that
    object's reference count, and so makes the kernel copy the page its parent shared with it.
    With the names and packed pieces of a 1M index held as str objects, such copies took a
    third of a 2-worker screen's time; an item read from here is a new str in the reader's own
    memory. It is also smaller: some 150 MB for a 1M index (no object header per string)."""

    __slots__ = ("data", "starts", "_view")

    def __init__(self, items: Iterable[str] = ()) -> None:
        starts = array("q", [0])
        buf = bytearray()  # grown in place: no list of a million bytes objects on the way
        for text in items:
            buf += text.encode("utf-8")
            starts.append(len(buf))
        self.data = bytes(buf)
        self.starts = starts
        self._view = memoryview(starts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # no slices: not needed
        view = self._view
        if i < 0:
            i += len(view) - 1
        return self.data[view[i] : view[i + 1]].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        data, view = self.data, self._view
        for k in range(len(view) - 1):
            yield data[view[k] : view[k + 1]].decode("utf-8")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Texts):
            return self.data == other.data and self.starts == other.starts
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal by content, as a list

    def __repr__(self) -> str:
        return f"Texts({len(self)} strings)"

    def __getstate__(self) -> tuple[bytes, array[int]]:
        return self.data, self.starts

    def __setstate__(self, state: tuple[bytes, array[int]]) -> None:
        self.data, self.starts = state
        self._view = memoryview(self.starts)


class NameIndex:
    """Names of entities, blocked for fast candidate search."""

    def __init__(self) -> None:
        self.fingerprint = ""
        # The per-name sequences are tuples or ``Texts`` once built, not lists: the garbage
        # collector untracks a tuple of strings the first time it looks at it, where it walks
        # a list's million items on every full collection (0.11 s against 0.03 s for a 1M
        # index), and a long screen makes several of those.
        self.entity_ids: tuple[str, ...] = ()
        self.name_entity = np.zeros(0, dtype=np.int32)
        self.names: Sequence[str] = Texts()  # as given, for the results
        self.keys: tuple[str, ...] = ()  # compact core, for a quick pre-score
        self.pys: tuple[str, ...] = ()  # pinyin (Han) or glued head (Latin), for cross-script
        self.han = np.zeros(0, dtype=np.bool_)
        # 1 per name written with no legal form (a brand, a short name): ``_groups_apart``
        # looks at those alone, without unpacking the others
        self.bare = b""
        # each name normalised once, at build: the NormalizedName pieces packed in one string
        # (``pack``), unpacked for the few candidates that get the full score
        self.packed: Sequence[str] = Texts()
        self.forms: list[LegalForm | None] = [None]  # legal forms the packed names refer to
        self.vocab: dict[str, int] = {}
        self.offsets = np.zeros(1, dtype=np.int64)
        self.postings = np.zeros(0, dtype=np.int32)
        self.df = np.zeros(0, dtype=np.int32)
        # every name's ``_core_hash``, sorted, and the name ids in that order: the names with a
        # query's exact core without blocking (``_exact_only``)
        self.exact_hash = np.zeros(0, dtype=np.uint32)
        self.exact_ids = np.zeros(0, dtype=np.int32)
        self.skipped: list[tuple[str, str, str]] = []  # (entity_id, name, why)
        self.aliases: AliasTable | None = None
        # entity position -> the province it is registered in, where a source says so (its
        # USCC: ``set_registered``); not saved with the index, set from the store each time
        self.registered_in: dict[int, str] = {}
        self._han_cache: bytes | None = None
        self._acc_cache: np.ndarray | None = None
        self._exact_cache: (
            tuple[np.ndarray, np.ndarray, tuple[array[int], memoryview, memoryview]] | None
        ) = None
        self._by_entity_cache: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._views_cache: (
            tuple[np.ndarray, np.ndarray, np.ndarray, tuple[memoryview, memoryview, memoryview]]
            | None
        ) = None

    def __len__(self) -> int:
        return len(self.names)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        pairs: Iterable[tuple[str, str]],
        cache: str | os.PathLike[str] | None = None,
        aliases: AliasTable | None = None,
        with_aliases: bool = True,
    ) -> NameIndex:
        """Index (entity_id, name) pairs. With ``cache`` (a directory), the index is saved there
        and loaded again next time the same pairs come in. ``with_aliases``: names sharing an
        entity id are known aliases of each other (added to ``aliases``, or a new table).
        The matcher's tables are loaded first and kept out of the collector's sight
        (``settle``): an index is made to be searched, for as long as the process lives."""
        settle()
        items = pairs if isinstance(pairs, list) else list(pairs)
        if not all(type(e) is str and type(n) is str for e, n in items):
            items = [(str(e), str(n)) for e, n in items]  # a copy only when needed: 1M is 60 MB
        fp = fingerprint(items)
        path: Path | None = None
        if cache is not None:
            path = Path(cache) / f"names-{fp[:20]}.pkl"
            if path.is_file():
                try:
                    index = cls.load(path)
                    if index.fingerprint == fp:
                        if aliases is not None:
                            index._merge_aliases(aliases)
                        return index
                except (OSError, pickle.UnpicklingError, EOFError, KeyError, ValueError):
                    pass  # a damaged cache is rebuilt
        index = cls._build(items, with_aliases)
        index.fingerprint = fp
        if aliases is not None:
            index._merge_aliases(aliases)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                index.save(path)
            except OSError:
                pass  # a folder we may not write to: the index still answers, unsaved
            else:
                _prune(path)
        return index

    @classmethod
    def from_store(cls, store: Any, cache: str | os.PathLike[str] | None = None) -> NameIndex:
        """All names of a store (``store.all_names()``), with its judgements."""
        pairs = [(eid, n.text if hasattr(n, "text") else str(n)) for eid, n in store.all_names()]
        index = cls.build(pairs, cache=cache)
        if hasattr(store, "identifiers_of"):
            index.set_registered(store.identifiers_of("uscc"))
        judgements = store.judgements() if hasattr(store, "judgements") else []
        for judgement in judgements:
            if index.aliases is None:
                index.aliases = AliasTable()
            index.aliases.add_judgement(judgement)
        return index

    def set_registered(self, codes: Iterable[tuple[str, str]]) -> None:
        """Where entities are registered, from their unified social credit codes ((entity id,
        code) pairs; ``uscc_place``): a query that says another place with a legal form is
        then not the entity but probably a company of its group (``_registered_apart``)."""
        pos = {eid: k for k, eid in enumerate(self.entity_ids)}
        places = {eid: p for eid, p in registered_places(codes).items() if eid in pos}
        self.registered_in = {pos[eid]: p for eid, p in places.items()}
        if self.aliases is not None:
            self.aliases.registered_in = places
            self.aliases.forget()

    def _merge_aliases(self, other: AliasTable) -> None:
        if self.aliases is None:
            self.aliases = other
            return
        for key, ids in other._entities.items():
            self.aliases._entities.setdefault(key, set()).update(ids)
        for key, rows in other._by_head.items():
            self.aliases._by_head.setdefault(key, []).extend(rows)
        self.aliases._ids |= other._ids
        self.aliases._judged.update(other._judged)
        self.aliases.forget()

    @classmethod
    def _build(cls, pairs: Sequence[tuple[str, str]], with_aliases: bool) -> NameIndex:
        index = cls()
        entity_pos: dict[str, int] = {}
        vocab: dict[str, int] = {}
        # ids go into typed arrays as they come: a list of ints costs 36 bytes an item (pointer
        # and int object), an array 4, and there are some 4 block entries per name
        name_entity = array("i")
        han = bytearray()
        bare = bytearray()
        core_hashes = array("I")
        key_ids = array("i")
        key_names = array("i")
        form_ids: dict[LegalForm | None, int] = {None: 0}
        names: list[str] = []
        keys: list[str] = []
        pys: list[str] = []
        packed: list[str] = []
        normalize_uncached = _normalize.__wrapped__
        for entity_id, name in pairs:
            try:
                text = " ".join(name.split())
                if not text or len(text) > 1000:
                    raise NameInputError("empty or too long")
                n = normalize_uncached(text)
            except NameInputError as exc:
                index.skipped.append((entity_id, name[:80], str(exc)))
                continue
            nid = len(names)
            names.append(text)
            keys.append(n.compact)
            pys.append(n.pinyin)
            packed.append(pack(n, form_ids, index.forms))
            han.append(n.is_han)
            bare.append(not registered_in_full(n))  # a brand: no company's legal form
            core_hashes.append(_core_hash(n.is_han, n.compact))
            name_entity.append(entity_pos.setdefault(entity_id, len(entity_pos)))
            second = sound_keys(n) + place_keys(n)
            for key in block_keys(n) + second + [f"j:{k}" for k in initials_prefixes(n)]:
                key_ids.append(vocab.setdefault(key, len(vocab)))
                key_names.append(nid)
        index.entity_ids = tuple(entity_pos)
        index.names, index.keys, index.pys = Texts(names), tuple(keys), tuple(pys)
        index.packed = Texts(packed)
        del entity_pos, names, keys, pys, packed
        index.name_entity = np.array(name_entity, dtype=np.int32)
        index.han = np.frombuffer(han, dtype=np.bool_).copy()
        index.bare = bytes(bare)
        del name_entity, han
        hashes = np.frombuffer(core_hashes, dtype=np.uint32)
        order = np.argsort(hashes, kind="stable")
        index.exact_hash = hashes[order]
        index.exact_ids = order.astype(np.int32)
        del hashes, core_hashes, order
        index.vocab = vocab
        tids = np.frombuffer(key_ids, dtype=np.intc)
        order = np.argsort(tids, kind="stable")
        index.postings = np.frombuffer(key_names, dtype=np.intc)[order].astype(np.int32, copy=False)
        del order, key_names
        index.df = np.bincount(tids, minlength=len(vocab)).astype(np.int32)
        del tids, key_ids
        index.offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(index.df, out=index.offsets[1:])
        index._group_by_entity()
        if with_aliases:
            # only entities with two or more names make aliases: only their names are added
            # (in name order, as adding them all and keeping these would leave them)
            table = AliasTable()
            counts = np.bincount(index.name_entity, minlength=len(index.entity_ids))
            for nid in np.flatnonzero(counts[index.name_entity] > 1).tolist():
                entity_id = index.entity_ids[int(index.name_entity[nid])]
                table.add(entity_id, index.names[nid], index._unpacked(nid))
            index.aliases = table
        return index

    # -- persistence ------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        state = {
            "version": INDEX_VERSION,
            "fingerprint": self.fingerprint,
            "entity_ids": self.entity_ids,
            "name_entity": self.name_entity,
            "names": self.names,
            "keys": self.keys,
            "pys": self.pys,
            "han": self.han,
            "bare": self.bare,
            "packed": self.packed,
            "forms": self.forms,
            "vocab": self.vocab,
            "offsets": self.offsets,
            "postings": self.postings,
            "df": self.df,
            "exact_hash": self.exact_hash,
            "exact_ids": self.exact_ids,
            "skipped": self.skipped,
            "aliases": None
            if self.aliases is None
            else (self.aliases._entities, self.aliases._by_head, self.aliases._judged),
        }
        tmp = Path(f"{os.fspath(path)}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> NameIndex:
        with open(path, "rb") as fh:
            state = pickle.load(fh)
        if not isinstance(state, dict) or state.get("version") != INDEX_VERSION:
            raise ValueError(f"{path}: not a name index of version {INDEX_VERSION}")
        index = cls()
        for key in ("fingerprint", "name_entity", "vocab", "offsets"):
            setattr(index, key, state[key])
        index.entity_ids, index.names = state["entity_ids"], state["names"]
        index.keys, index.pys = state["keys"], state["pys"]
        index.packed, index.han, index.forms = state["packed"], state["han"], state["forms"]
        index.bare = state["bare"]
        index.postings = state["postings"]
        index.df = state["df"]
        index.exact_hash, index.exact_ids = state["exact_hash"], state["exact_ids"]
        index.skipped = state["skipped"]
        if state["aliases"] is not None:
            index.aliases = AliasTable()
            (
                index.aliases._entities,
                index.aliases._by_head,
                index.aliases._judged,
            ) = state["aliases"]
            index.aliases._ids = {e for ids in index.aliases._entities.values() for e in ids}
        index._group_by_entity()
        return index

    # -- search -----------------------------------------------------------------------------

    def _blocks(self, keys: list[str]) -> list[tuple[int, int]]:
        """(names in it, block id) of the query's blocks that exist, rarest first."""
        found: list[tuple[int, int]] = []
        vocab, df = self.vocab, self._views()[0]
        for key in keys:
            tid = vocab.get(key)
            if tid is not None:
                found.append((df[tid], tid))
        found.sort()
        return found

    def _block(
        self,
        found: list[tuple[int, int]],
        depth: int,
        weigh_only: Sequence[tuple[int, int]] = (),
    ) -> list[int]:
        """Name ids sharing the most (idf-weighted) blocks with the query, best first; of equal
        weights the lower id first.

        The blocks (``_blocks``) are taken rarest first (highest weight). A common block (more
        than ``GATHER_CAP`` names) adds its names to the candidates only while fewer than
        ``depth`` have been gathered from the rarer ones; after that it only adds its weight to
        the candidates it holds. The names a common block alone would bring in are those that
        share nothing rarer with the query. Blocks are sorted by size, so the gathering ones
        come first: ``spans[:gathered]``. The blocks ``weigh_only`` (a place: ``place_keys``)
        add their weight to the candidates the others gather, and gather none.

        The adding up is done by the C extension ``_native`` when it was built, else by
        ``_top_numpy``; both add each id's weights in block order, so they give the same sums
        and the same ids in the same order."""
        if not found or depth <= 0:
            return []
        total = max(len(self.names), 1)
        usable = [f for f in found if f[0] <= MAX_BUCKET] or found[:1]
        offsets = self._views()[1]
        spans: list[tuple[int, int, float]] = []
        gathered = count = 0
        for df, tid in usable:
            size = min(df, MAX_BUCKET)
            spans.append((offsets[tid], size, math.log(1.0 + total / df)))
            if gathered == len(spans) - 1 and (not gathered or df <= GATHER_CAP or count < depth):
                gathered += 1
                count += size
        for df, tid in weigh_only:
            if df <= MAX_BUCKET:
                spans.append((offsets[tid], df, math.log(1.0 + total / df)))
        if _native is not None:
            return _native.top_blocked(self.postings, spans, gathered, depth, len(self.names))
        return self._top_numpy(spans, gathered, count, depth)

    def _top_numpy(
        self, spans: list[tuple[int, int, float]], gathered: int, count: int, depth: int
    ) -> list[int]:
        """``_native.top_blocked`` in numpy (``_block``): ``count`` ids in the gathering spans."""
        postings = self.postings
        blocks = [(postings[start : start + size], weight) for start, size, weight in spans]
        lookups = blocks[gathered:]
        uniq: np.ndarray
        sums: np.ndarray
        if gathered == 1:
            block, weight = blocks[0]
            if not lookups:
                return block[:depth].tolist()  # equal sums: the lowest ids
            uniq, sums = block, np.full(len(block), weight)
        elif count <= SMALL_UNION:
            # a few dozen ids: a dict adds them up faster than numpy's per-call cost allows
            acc: dict[int, float] = {}
            get = acc.get
            for block, weight in blocks[:gathered]:
                for i in block.tolist():
                    acc[i] = get(i, 0.0) + weight
            ids = sorted(acc)
            if not lookups and len(ids) <= depth:
                ids.sort(key=lambda i: -acc[i])  # stable: equal sums stay in id order
                return ids
            uniq = np.asarray(ids, dtype=np.int32)
            sums = np.asarray([acc[i] for i in ids])
        else:
            ordered = np.sort(np.concatenate([block for block, _ in blocks[:gathered]]))
            first = np.empty(len(ordered), dtype=np.bool_)
            first[0] = True
            np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
            uniq = ordered[first]
            # each block's weight added where its names are, in one array as long as the index
            # (a block holds a name once), in block order; read out for the distinct ids, then
            # put back to zeros for the next query
            totals = self._accumulator()
            for block, weight in blocks[:gathered]:
                totals[block] += weight
            sums = totals[uniq]
            totals[uniq] = 0.0
        for block, weight in lookups:
            pos = block.searchsorted(uniq)
            pos[pos == len(block)] = 0
            sums[block[pos] == uniq] += weight
        # ``uniq`` is ascending: of equal sums, the stable sort keeps the lower id first
        neg = -sums
        if len(uniq) > depth:
            # the depth-th best sum, everything better, and of the ties the lowest ids
            cut = np.partition(neg, depth - 1)[depth - 1]
            better = np.flatnonzero(neg < cut)
            tied = np.flatnonzero(neg == cut)[: depth - len(better)]
            top = np.concatenate([better, tied])
            top.sort()
            top = top[neg[top].argsort(kind="stable")]
        else:
            top = neg.argsort(kind="stable")
        result: list[int] = uniq[top].tolist()
        return result

    def search(
        self,
        name: str,
        limit: int = 10,
        depth: int = 30,
        explain: bool = True,
        translate: bool = False,
    ) -> list[Candidate]:
        """Entities whose names best match ``name``, best first (one row per entity, its best
        name). Raises ``NameInputError`` for a name that cannot be compared.

        ``translate``: when no name reaches THRESHOLD, look again among the names written in
        the other script that a translation of ``name`` would share blocks with
        (``_translated``): Jaia Robotics finds 杰亚机器人公司 in a list that has only that."""
        return self._search(normalize(name), limit, depth, explain, translate)

    def _search(
        self, q: NormalizedName, limit: int, depth: int, explain: bool, translate: bool = False
    ) -> list[Candidate]:
        return self._candidates(
            self._asked(q, _Ask(limit, depth, explain, False, translate, False))
        )

    def _translated(
        self, q: NormalizedName, rows: list[_Row], limit: int, depth: int, explain: bool
    ) -> list[_Row]:
        """``rows`` with, when none of them reaches THRESHOLD, the names of the other script
        found through translation (``translate.probe_keys``: for an English query the
        character pairs of the Chinese words its words translate, for a Chinese one the
        English words of its words' senses; for both the consonant skeletons of
        ``sound_keys`` and the place of ``place_keys``) and scored in full, merged in by score.

        The blocks the pinyin key and the query's own words give find a transliteration
        (Dahua / 大华) but not a translation (Freedom House / 自由之家). Only the ``PROBE_KEEP`` names
        sharing the most such blocks are scored: the translation feature is the matcher's
        costliest, and this look is taken only by queries that found nothing, which in a
        screen are most of them."""
        if rows and rows[0][2] >= THRESHOLD:
            return rows
        keys = probe_keys(q)
        if not keys:
            return rows
        han, seen = self._han_list(), {nid for _, nid, _, _ in rows}
        place = self._blocks(place_keys(q))
        ids = [
            i
            for i in self._block(self._blocks(keys), depth, weigh_only=place)
            if han[i] != q.is_han and i not in seen
        ][:PROBE_KEEP]
        if not ids:
            return rows
        return self._scored_in(q, ids, rows, limit, explain)

    def _initials_read(
        self,
        q: NormalizedName,
        spelt: list[str],
        rows: list[_Row],
        limit: int,
        depth: int,
        explain: bool,
    ) -> list[_Row]:
        """``rows`` of a query that found nothing at THRESHOLD and has words that may be
        initials (``initials_words``: XPCC in XPCC Public Security Bureau, or in XPCC PUBLIC
        SECURITY BUREAU), with the Latin names whose first initials are that word (``initials_prefixes``, blocks "j:...") scored in full, merged
        in by score. The query's own blocks do not find them: the words the initials stand for
        are not the query's, and the rest are often descriptors (Public Security Bureau),
        which are not blocks."""
        han, seen = self._han_list(), {nid for _, nid, _, _ in rows}
        found = self._blocks([f"j:{t}" for t in spelt])
        ids = [i for i in self._block(found, depth) if not han[i] and i not in seen][:PROBE_KEEP]
        if not ids:
            return rows
        return self._scored_in(q, ids, rows, limit, explain)

    def _initials_alone(
        self, q: NormalizedName, rows: list[_Row], limit: int, explain: bool
    ) -> list[_Row]:
        """``rows`` of a Latin query of several words that found nothing at THRESHOLD, with the
        names that are its initials written alone, as read with its place and Corporation
        or without its group words (CNOOC for China National Offshore Oil Corporation, CETC
        for China Electronics Technology Group Corporation), scored in full and merged in by
        score. The query's own blocks hold only names that are the initials of its core (noo,
        cet). Four letters at least: three letters are the initials of too many names."""
        keys, han, seen = self.keys, self._han_list(), {nid for _, nid, _, _ in rows}
        ids: list[int] = []
        for initials in set(initials_of(q)) - {q.acronym, ""}:
            if 4 <= len(initials) <= 8:  # 8: the longest a one-word name is read as initials
                ids += [
                    i
                    for i in self._block_ids("a:" + initials)
                    if keys[i] == initials and not han[i] and i not in seen
                ]
        return self._scored_in(q, ids[:PROBE_KEEP], rows, limit, explain) if ids else rows

    def _scored_in(
        self, q: NormalizedName, ids: list[int], rows: list[_Row], limit: int, explain: bool
    ) -> list[_Row]:
        """``rows`` with the names ``ids`` (found by a second look) scored and merged in: per
        entity the better row (of equal scores, the first look's), best first."""
        aliases = self.aliases if self.aliases is not None and self.aliases.may_lift(q) else None
        best: dict[int, tuple[float, float, int, list[Feature]]] = {}
        for nid, candidate in zip(ids, self._unpacked_many(ids), strict=True):
            self._keep(best, q, nid, candidate, aliases, explain)
        merged: dict[int, _Row] = {}
        for row in rows + self._rows(best, limit):
            if row[0] not in merged or row[2] > merged[row[0]][2]:
                merged[row[0]] = row
        return sorted(merged.values(), key=lambda r: -r[2])[:limit]

    def _candidates(self, rows: list[_Row]) -> list[Candidate]:
        ids, names, direct = self.entity_ids, self.names, _DIRECT_CANDIDATE
        return [
            made_directly(
                Candidate,
                {"entity_id": ids[ent], "name": names[nid], "score": score, "explanation": feats},
                direct,
            )
            for ent, nid, score, feats in rows
        ]

    def _ranked(
        self,
        q: NormalizedName,
        limit: int,
        depth: int,
        explain: bool,
        stop_at_exact: bool = False,
        matches_only: bool = False,
    ) -> list[_Row]:
        """(entity position, name id, score, features) of the best entities, best first."""
        # per entity: (score, likeness of the full text, name id, features); among equal scores
        # the name closer to the query as written (legal form included) ranks first, so that
        # "Madani" finds the entity named "Madani" before the one named "Madani Inc."
        best: dict[int, tuple[float, float, int, list[Feature]]] = {}
        may_lift = self.aliases is not None and self.aliases.may_lift(q)
        # without anything to lift a score, the alias table changes none: not consulted
        aliases = self.aliases if may_lift else None
        # With ``stop_at_exact``, names with the query's exact core go first; when one of them
        # scores 1.0 (the highest score there is) the others can at best tie with it (unless the
        # alias table or a judgement lifts them), so they are not scored. Every exact-core name is.
        listed = self._exact_names(q, depth) if stop_at_exact else []
        if listed and not may_lift:
            rows = self._exact_only(q, listed, limit, depth, explain)
            if rows is not None:
                return rows
        ids = self._block(self._blocks(block_keys(q)), depth)
        han, cores, pys = self._han_list(), self.keys, self.pys
        qh, qc, qp = q.is_han, q.compact, q.pinyin
        if listed is None:  # many names with this core: picked out of the blocked ones
            exact = [i for i in ids if han[i] == qh and cores[i] == qc]
        else:
            everywhere = set(listed)
            exact = [i for i in ids if i in everywhere]
        unranked: list[int] | None = None  # blocked names whose pre-score can wait
        if exact and len(ids) > PRESCORE_KEEP:
            # The pre-score rates a name 100 exactly when its core (or, across scripts, its
            # pinyin) equals the query's. When no more than PRESCORE_KEEP names are rated 100,
            # it keeps all of them, first, in block order: the exact-core ones are then known
            # without it, and it is only needed if they do not settle the query.
            perfect = len(exact) + len([i for i in ids if han[i] != qh and pys[i] == qp])
            if perfect <= PRESCORE_KEEP:
                unranked = ids
            else:
                ids = self._prescored(q, ids)
                exact = [i for i in ids if han[i] == qh and cores[i] == qc]
        elif len(ids) > PRESCORE_KEEP:
            ids = self._prescored(q, ids)
        if exact:
            for nid, candidate in zip(exact, self._unpacked_many(exact), strict=True):
                self._keep(best, q, nid, candidate, aliases, explain)
            if _lead(best)[0] >= 1.0 and not may_lift:
                return self._rows(best, limit)
            if unranked is not None:
                ids = self._prescored(q, unranked)
            ids = [i for i in ids if not (han[i] == qh and cores[i] == qc)]
        # Screening (``stop_at_exact``, nothing to lift scores): a name that cannot reach
        # THRESHOLD nor the best score so far (``may_reach``) can be neither a match nor the
        # top hit, so it is not scored. With ``matches_only`` a top hit below THRESHOLD is not
        # wanted either: THRESHOLD alone is the bar.
        screening = (stop_at_exact or matches_only) and not may_lift
        reach = Reach(q) if screening and ids else None
        lead = _lead(best)  # the top hit so far: (score, likeness, -name id)
        for nid, candidate in zip(ids, self._unpacked_many(ids), strict=True):
            top = lead[0]  # the best score so far
            if reach is not None:
                bar = THRESHOLD if matches_only else min(top, THRESHOLD)
                if bar > 0.0 and not reach(candidate, bar):
                    continue
                if (
                    not matches_only
                    and 0.0 < top < THRESHOLD
                    and not reach.may_beat(candidate, top)
                    and (_likeness(q, candidate), -nid) <= lead[1:]
                ):
                    # it may tie with the top hit, no match, at best, and would then rank
                    # after it (``_rows``: the likeness, then the name id, order equal
                    # scores): it changes no row that screening keeps. Equal scores are
                    # common among names that do not match (the Chinese names sharing a
                    # query's head, persons sharing a patronymic)
                    continue
            if self._keep(best, q, nid, candidate, aliases, explain) >= top:
                lead = _lead(best)  # best only gains rows or better ones: it never falls
        return self._rows(best, limit)

    def _exact_only(
        self,
        q: NormalizedName,
        exact: list[int],
        limit: int,
        depth: int,
        explain: bool,
    ) -> list[_Row] | None:
        """What ``_ranked`` with ``stop_at_exact`` (and nothing to lift scores) returns when the
        query's exact-core names settle it, found without blocking; None when that cannot be
        shown, and the full search runs.

        Blocking would keep them all, and the pre-score would put them all first, when:

        - every name with the query's exact core (``exact_hash``) has the query's blocks: it
          then shares every block the query has, the most any name can share;
        - the query's pinyin block ("p:...") holds at most ``depth`` names (and is not skipped
          as too common): every name with all the query's blocks is among them, so none of
          these is cut at ``depth``;
        - at most ``PRESCORE_KEEP`` names are rated 100 by the pre-score (an equal core, or
          across scripts an equal pinyin): all of them are in that pinyin block too.

        They are all scored; the block order they would have had matters only between names of
        one entity with equal scores, so an entity with two of them takes the full search, as
        does a query whose best exact-core name scores below 1.0 (the rest is scored then)."""
        pinyin_block = self.vocab.get("p:" + q.pinyin) if q.pinyin else None
        if pinyin_block is None:
            return None
        df, offsets, name_entity = self._views()
        size = df[pinyin_block]
        if size > min(depth, MAX_BUCKET):
            return None
        if len(exact) > 1:
            entities = [name_entity[nid] for nid in exact]
            if len(set(entities)) < len(entities):
                return None
        if size > PRESCORE_KEEP:
            start = offsets[pinyin_block]
            block = self.postings[start : start + size].tolist()
            han, pys, qh, qp = self._han_list(), self.pys, q.is_han, q.pinyin
            cross = len([i for i in block if han[i] != qh and pys[i] == qp])
            if len(exact) + cross > PRESCORE_KEEP:
                return None
        candidates = self._unpacked_many(exact)
        for candidate in candidates:
            if not _same_blocks(q, candidate):
                return None
        best: dict[int, tuple[float, float, int, list[Feature]]] = {}
        top = 0.0
        for nid, candidate in zip(exact, candidates, strict=True):
            top = max(top, self._keep(best, q, nid, candidate, None, explain))
        return self._rows(best, limit) if top >= 1.0 else None

    def _exact_names(self, q: NormalizedName, most: int) -> list[int] | None:
        """Ids of the names with the query's script and exact core (``NormalizedName.compact``);
        None when there may be more than ``most`` (too many to list cheaply)."""
        return self._exact_core(q.is_han, q.compact, most)

    def _exact_core(self, qh: bool, qc: str, most: int) -> list[int] | None:
        """Ids of the names in script ``qh`` (Han or not) whose core is ``qc`` (spaces taken
        out); None when there may be more than ``most``. After the hash,
        ``_native.exact_names`` does the rest when it was built; the code below is its twin."""
        # uint32 needles: a Python int would have numpy convert the whole array for the search
        h = _core_hash(qh, qc)
        # a binary search over the whole array touches some 20 places of it, far apart; the
        # hashes sharing h's top bits are a few dozen, found with one look-up, then searched
        starts, hashes, ids = self._exact_lookup()
        han, cores = self._han_list(), self.keys
        if _native is not None and type(cores) is tuple:
            return _native.exact_names(
                h, starts, hashes, ids, _BUCKET_SHIFT, han, qh, cores, qc, most
            )
        lo, hi = starts[h >> _BUCKET_SHIFT], starts[(h >> _BUCKET_SHIFT) + 1]
        bucket = hashes[lo:hi].tolist()
        first = bisect_left(bucket, h)
        last = bisect_right(bucket, h, first)
        if last - first > most:
            return None
        return [i for i in ids[lo + first : lo + last].tolist() if han[i] == qh and cores[i] == qc]

    def _exact_lookup(self) -> tuple[array[int], memoryview, memoryview]:
        """Where each bucket of ``exact_hash`` (the hashes sharing their top bits) starts, and
        the hashes and their name ids, as memoryviews (cheaper to slice than arrays)."""
        hashes, ids = self.exact_hash, self.exact_ids
        cached = self._exact_cache
        if cached is None or cached[0] is not hashes or cached[1] is not ids:
            bounds = np.arange((1 << (32 - _BUCKET_SHIFT)) + 1, dtype=np.uint64) << _BUCKET_SHIFT
            starts = array("q", hashes.searchsorted(bounds).tolist())
            cached = (hashes, ids, (starts, hashes.data, ids.data))
            self._exact_cache = cached
        return cached[2]

    def _prescored(self, q: NormalizedName, ids: list[int]) -> list[int]:
        """The ``PRESCORE_KEEP`` best of ``ids`` by a quick string ratio of the cores (pinyin
        across scripts); equal ratios keep block order. ``_native.prescored`` when the C
        extension was built (the same ids: the same ratios, to the bit); the code below is its
        twin."""
        ratio, han, keys, pys = fuzz.ratio, self._han_list(), self.keys, self.pys
        qh, qc, qp = q.is_han, q.compact, q.pinyin
        if _native is not None and type(keys) is tuple and type(pys) is tuple:
            return _native.prescored(ids, han, qh, keys, qc, pys, qp, PRESCORE_KEEP)
        if len([i for i in ids if han[i] != qh]) == 0:
            # best first, equal ratios in input order (as the sort below): in one call
            found = process.extract(qc, [keys[i] for i in ids], scorer=ratio, limit=PRESCORE_KEEP)
            return [ids[k] for _, _, k in found]
        quick = [ratio(qc, keys[i]) if han[i] == qh else ratio(qp, pys[i]) for i in ids]
        order = sorted(range(len(ids)), key=quick.__getitem__, reverse=True)
        return [ids[k] for k in order[:PRESCORE_KEEP]]

    def _unpacked(self, nid: int) -> NormalizedName:
        return unpack(self.names[nid], self.pys[nid], self.packed[nid], self.forms)

    def _unpacked_many(self, ids: list[int]) -> list[NormalizedName]:
        """``_unpacked`` of each id, in order; in C when the extension was built (the same
        names, field by field: ``_native.unpack_names``)."""
        names, pys, packed, forms = self.names, self.pys, self.packed, self.forms
        if (
            _NATIVE_UNPACK
            and isinstance(names, Texts)
            and isinstance(packed, Texts)
            and type(pys) is tuple
            and type(forms) is list
        ):
            assert _native is not None
            return _native.unpack_names(ids, names, pys, packed, forms, NormalizedName)
        return [unpack(names[nid], pys[nid], packed[nid], forms) for nid in ids]

    def _keep(
        self,
        best: dict[int, tuple[float, float, int, list[Feature]]],
        q: NormalizedName,
        nid: int,
        candidate: NormalizedName,
        aliases: AliasTable | None,
        explain: bool,
    ) -> float:
        """The score of ``candidate`` (name ``nid``), kept in ``best`` when it is its entity's
        best name so far (the first of equals stays)."""
        # without explanations, an equal core with nothing to tell the names apart is 1.0
        # without building the features
        score = None if explain or aliases is not None else exact_core_score(q, candidate)
        feats: list[Feature] = []
        if score is None:
            result = score_normalized(q, candidate, aliases)
            score = result.score
            if explain:
                feats = result.explanation
        if score <= 0.0:
            return 0.0
        ent = int(self.name_entity[nid])
        like = _likeness(q, candidate)
        previous = best.get(ent)
        if previous is None or (score, like) > previous[:2]:
            best[ent] = (score, like, nid, feats)
        return score

    @staticmethod
    def _rows(best: dict[int, tuple[float, float, int, list[Feature]]], limit: int) -> list[_Row]:
        if len(best) == 1 and limit >= 1:
            ((ent, (score, _, nid, feats)),) = best.items()
            return [(ent, nid, score, feats)]
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[1][2]))[:limit]
        return [(ent, nid, score, feats) for ent, (score, _, nid, feats) in ranked]

    def _names_of(self, entity: int) -> list[int]:
        """The ids of an entity's names (by its position in ``entity_ids``)."""
        cached = self._by_entity_cache
        if cached is None or cached[0] is not self.name_entity:
            cached = self._group_by_entity()
        _, order, bounds = cached
        return order[bounds[entity] : bounds[entity + 1]].tolist()

    def _group_by_entity(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The name ids in entity order, and where each entity's start: made when an index is
        built or loaded (a sort of all the names, some 0.1 s for a million: not in a search)."""
        order = np.argsort(self.name_entity, kind="stable").astype(np.int32)
        bounds = np.zeros(len(self.entity_ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.name_entity, minlength=len(self.entity_ids)), out=bounds[1:])
        self._by_entity_cache = (self.name_entity, order, bounds)
        return self._by_entity_cache

    def _views(self) -> tuple[memoryview, memoryview, memoryview]:
        """``df``, ``offsets`` and ``name_entity`` as memoryviews: an item of one is a Python
        int at once (of an array, a numpy scalar to convert)."""
        df, offsets, name_entity = self.df, self.offsets, self.name_entity
        cached = self._views_cache
        if (
            cached is None
            or cached[0] is not df
            or cached[1] is not offsets
            or cached[2] is not name_entity
        ):
            views = (df.data, offsets.data, name_entity.data)
            cached = (df, offsets, name_entity, views)
            self._views_cache = cached
        return cached[3]

    def _accumulator(self) -> np.ndarray:
        """Zeros, one per name, that ``_block`` adds block weights into (and zeroes again)."""
        acc = self._acc_cache
        if acc is None or len(acc) != len(self.names):
            acc = self._acc_cache = np.zeros(len(self.names))
        return acc

    def _han_list(self) -> bytes:
        """``han`` as bytes (1 per Han name): an eighth of a list's memory, and as quick to
        index (``han[i] == q.is_han`` compares 1 or 0 with True or False)."""
        cached = self._han_cache
        if cached is None or len(cached) != len(self.han):
            cached = self.han.astype(np.uint8).tobytes()
            self._han_cache = cached
        return cached

    def search_many(
        self,
        names: Iterable[str],
        limit: int = 10,
        depth: int = 30,
        explain: bool = False,
        workers: int = 1,
        stop_at_exact: bool = False,
        translate: bool = False,
        matches_only: bool = False,
    ) -> list[list[Candidate]]:
        """``search`` for many names; a name that cannot be compared gets ``[]``.
        ``workers`` > 1 forks processes that share the index (POSIX).

        ``stop_at_exact`` (screening: which entity is this name?): once a name with the query's
        exact core scores 1.0, the remaining candidates, which could at best tie with it, are
        not scored, so such a query gets only its 1.0 hits (every one with the exact core)
        instead of ``limit`` rows; and a candidate that cannot reach THRESHOLD nor the best
        score so far, or below THRESHOLD can only tie with the top hit and would rank after
        it, is not scored, so the rows below THRESHOLD other than the top hit may be
        fewer, or others from further down (the top hit and the rows at or above THRESHOLD
        are not affected). Neither is used when the index's aliases or judgements could lift
        a score. ``translate`` as for ``search``.

        ``matches_only``: only the rows at or above THRESHOLD (what a screen keeps); a candidate
        that cannot reach THRESHOLD is not scored, however the query's best compares, so a name
        with no match, most of a supplier file, costs a fraction of the full search."""
        with _collector_paused():  # see search_iter; here for the whole list
            return list(
                self.search_iter(
                    names, limit, depth, explain, workers, stop_at_exact, translate, matches_only
                )
            )

    def search_iter(
        self,
        names: Iterable[str],
        limit: int = 10,
        depth: int = 30,
        explain: bool = False,
        workers: int = 1,
        stop_at_exact: bool = False,
        translate: bool = False,
        matches_only: bool = False,
    ) -> Iterator[list[Candidate]]:
        """``search_many``, each name's candidates given as soon as its part of the names is
        searched: a caller can work on the first names' results (a screen looks up their
        entities and exposure) while the workers search the rest."""
        names = list(names)
        ask = _Ask(limit, depth, explain, stop_at_exact, translate, matches_only)
        if workers > 1 and len(names) >= 2000 and hasattr(os, "fork"):
            yield from _parallel(self, names, ask, workers)
            return
        # the Candidates too are made with the collector paused: with it running, the 30,000
        # queries' results set off full collections, which walk whatever the caller holds
        # (the matcher's tables are out of their sight: ``settle``) and free nothing
        for start in range(0, len(names), _BATCH):
            part = self._rows_many(names[start : start + _BATCH], ask)
            with _collector_paused():
                found = [self._candidates(r) for r in part]
            yield from found

    def _rows_many(self, names: list[str], ask: _Ask) -> list[list[_Row]]:
        """``_ranked`` rows for each name ([] for a name that cannot be compared), a batch at a
        time: a batch's names are all normalised, then all searched. Normalising and searching
        each have their own large tables; one after the other, each keeps its own in the CPU
        caches, which makes the whole some 10% faster than going name by name. The queries'
        normalised names are not remembered (``normalize(remember=False)``): each is used once."""
        out: list[list[_Row]] = []
        with _collector_paused():
            for start in range(0, len(names), _BATCH):
                batch: list[NormalizedName | None] = []
                for name in names[start : start + _BATCH]:
                    try:
                        batch.append(normalize(name, remember=False))
                    except NameInputError:
                        batch.append(None)
                for q in batch:
                    try:
                        rows = self._asked(q, ask) if q is not None else []
                    except NameInputError:
                        rows = []
                    out.append(rows)
        return out

    def _asked(self, q: NormalizedName, ask: _Ask) -> list[_Row]:
        """``_ranked`` rows for one query as ``ask`` has them: with the second look through
        translation, and only the rows at or above THRESHOLD when that is all it wants."""
        rows = self._ranked(
            q, ask.limit, ask.depth, ask.explain, ask.stop_at_exact, ask.matches_only
        )
        if (not rows or rows[0][2] < THRESHOLD) and (spelt := initials_words(q)):
            rows = self._initials_read(q, spelt, rows, ask.limit, ask.depth, ask.explain)
        if (not rows or rows[0][2] < THRESHOLD) and not q.is_han and " " in q.text:
            rows = self._initials_alone(q, rows, ask.limit, ask.explain)
        if ask.translate or names_an_organ(q):
            # a place's bureau (乌鲁木齐市公安局) translates word for word, and lists name such
            # bodies in English: looked for there too, unasked
            rows = self._translated(q, rows, ask.limit, ask.depth, ask.explain)
        if may_give_names(q) and (given := name_parts(q.original))[0]:
            rows = self._with_parts(rows, *given, ask)
        if q.is_han and rows and rows[0][2] >= THRESHOLD:
            rows = self._homophones_apart(q, rows, ask.explain)
        if q.acronym and rows and rows[0][2] >= THRESHOLD:
            rows = self._initials_spelt_out(q, rows, ask.explain)
            if rows[0][2] < THRESHOLD and (spelt := initials_words(q)):
                # the query's initials are an entity's name that spells them otherwise (XPSB,
                # Xinjiang Public Security Bureau, for XPCC Public Security Bureau): the words
                # that may be initials are looked for as if nothing had matched (XPCC: the
                # Corps' bureau)
                rows = self._initials_read(q, spelt, rows, ask.limit, ask.depth, ask.explain)
        if rows and rows[0][2] >= THRESHOLD:
            rows = self._groups_apart(q, rows, ask.explain)
        if rows and rows[0][2] >= THRESHOLD and q.prefix is not None and self.registered_in:
            rows = self._registered_apart(q, rows, ask.explain)
        if ask.units and (not rows or rows[0][2] < THRESHOLD) and (above := parents(q.original)):
            rows = self._unit_of(q, above, rows, ask)
        if (not rows or rows[0][2] < THRESHOLD) and q.descriptors and registered(q):
            # a company named by a group's brand, where the entity gives the group's names only
            group = (q.head.replace(" ", ""),)
            rows = self._related_by_core(q, group, lambda c: company_of_group(q, c), rows, ask)
        if (not rows or rows[0][2] < THRESHOLD) and (abroad := brand_abroad(q)) is not None:
            # a brand with a country: the group's company there
            cores, country = abroad
            rows = self._related_by_core(
                q, cores, lambda c: company_abroad(q, c, country), rows, ask
            )
        if (not rows or rows[0][2] < THRESHOLD) and place_level(q) == CITY:
            rows = self._city_within(q, rows, ask)
        if ask.matches_only:
            # a row of the entity whose brand the query says (``_groups_apart``) or whose unit
            # it names (``_unit_of``) is no match, but a screen tells it: the query may be of
            # that entity's group
            rows = [
                r
                for r in rows
                # the note opens the features, or follows the part a row of parts is of
                if r[2] >= THRESHOLD or any(f.name in RELATED_NOTES for f in r[3][:2])
            ]
        return rows

    def _unit_of(
        self, q: NormalizedName, above: tuple[str, ...], rows: list[_Row], ask: _Ask
    ) -> list[_Row]:
        """``rows`` of a query that names a unit of other bodies (``names.units.parents``,
        nearest first) and matched nothing at THRESHOLD, with the entity the nearest parent
        matches at THRESHOLD: its row is the query against that name, scored as such, with
        the ``unit_of`` note. The parents are looked up as a query is, by every look but this
        one (``parents`` gives the whole chain)."""
        inner = replace(ask, limit=1, matches_only=True, units=False)
        for parent in above:
            try:
                p = normalize(parent, remember=False)
            except NameInputError:
                continue
            found = [r for r in self._asked(p, inner) if r[2] >= THRESHOLD]
            if not found:
                continue
            ent, nid, parent_score, _ = found[0]
            c = self._unpacked(nid)
            if self._judged_apart(q, c):
                continue
            result = score_normalized(q, c)
            note = unit_feature(q, parent, c.original, parent_score)
            row = (ent, nid, result.score, [note, *result.explanation] if ask.explain else [])
            return _with_related([row], rows, ask.limit)
        return rows

    def _related_by_core(
        self,
        q: NormalizedName,
        cores: Iterable[str],
        related: Callable[[NormalizedName], MatchResult | None],
        rows: list[_Row],
        ask: _Ask,
    ) -> list[_Row]:
        """``rows`` of a query that matched nothing at THRESHOLD, with a row for each entity
        one of whose names has one of ``cores`` as its whole core (written without spaces) and
        is made a related row by ``related`` (the query against that name, opening with the
        ``group_company`` note): the group's name 浪潮集团有限公司 for 浪潮电子信息产业股份有限公司
        (``company_of_group``), the brand Hikvision for Hikvision USA Inc.
        (``company_abroad``). Found by their core, not scored first; nothing changes where
        aliases or judgements may lift the query's scores."""
        if self.aliases is not None and self.aliases.may_lift(q):
            return rows
        found: dict[int, _Row] = {}
        for core in cores:
            ids = self._exact_core(q.is_han, core, ask.depth) or []
            for nid, c in zip(ids, self._unpacked_many(ids), strict=True):
                ent = int(self.name_entity[nid])
                if ent in found or (result := related(c)) is None:
                    continue
                found[ent] = (ent, nid, result.score, result.explanation if ask.explain else [])
        return _with_related(list(found.values()), rows, ask.limit) if found else rows

    def _city_within(self, q: NormalizedName, rows: list[_Row], ask: _Ask) -> list[_Row]:
        """``rows`` of a city's body that matched nothing at THRESHOLD, where an entity's row
        is the body of the prefecture of that name (``city_within``: 喀什市公安局 and Kashgar
        Prefecture Public Security Bureau): that row, scored as such, with the ``unit_of``
        note."""
        related: list[_Row] = []
        for ent, nid, _, _ in rows:
            c = self._unpacked(nid)
            if not self._judged_apart(q, c) and (within := city_within(q, c)) is not None:
                related.append((ent, nid, within.score, within.explanation if ask.explain else []))
        return _with_related(related, rows, ask.limit) if related else rows

    def _judged_apart(self, q: NormalizedName, c: NormalizedName) -> bool:
        """A person judged the query not the same as ``c`` or its entity: no related row
        either (``_unit_of``; ``_related_by_core`` and ``_groups_apart`` leave a judged
        query alone); the judgement is the last word."""
        return self.aliases is not None and self.aliases.judged(q, c) is False

    def _groups_apart(self, q: NormalizedName, rows: list[_Row], explain: bool) -> list[_Row]:
        """``rows`` of a registered company name (or a brand with its country or region:
        ``said_of_a_company``), where an entity matched at or above THRESHOLD
        through a name with no legal form that the query adds words or a place to (its brand:
        海康威视 for 杭州海康威视系统技术有限公司, ``brand_of_another``) while the entity's registered
        names that say the brand are all another company's (``group_apart``): the entity's row
        is the closest of those, scored as such, with the ``group_company`` note. Nothing
        changes where aliases or judgements may lift the query's scores."""
        # a brand is said only by a query with a word or a place to add to it; an exact hit has
        # the query's words, so only a place
        if not q.descriptors and q.prefix is None:
            return rows
        bare = self.bare
        hits = [
            r[1]
            for r in rows
            if r[2] >= THRESHOLD and bare[r[1]] and (r[2] < 1.0 or q.prefix is not None)
        ]
        lifted = self.aliases is not None and self.aliases.may_lift(q)
        if not hits or lifted or not said_of_a_company(q):
            return rows
        brands = {nid: n for nid, n in zip(hits, self._unpacked_many(hits), strict=True)}
        han = self._han_list()
        out: list[_Row] = []
        for row in rows:
            nid = row[1]
            brand = brands.get(nid)
            if brand is None or not brand_of_another(q, brand):
                out.append(row)
                continue
            own = [i for i in self._names_of(row[0]) if i != nid and han[i] == q.is_han]
            names = self._unpacked_many(own)
            apart = group_apart(q, brand, row[2], names)
            if apart is None:
                out.append(row)
                continue
            result, k = apart
            out.append((row[0], own[k], result.score, result.explanation if explain else []))
        return sorted(out, key=lambda r: -r[2])

    def _registered_apart(self, q: NormalizedName, rows: list[_Row], explain: bool) -> list[_Row]:
        """``rows`` of a registered name that says its place (科大讯飞（北京）有限公司, 杭州立昂技术
        有限公司), where an entity matched at or above THRESHOLD through a name that says none,
        and is registered in a province apart from that place (``registered_in``: 立昂技术 in
        新疆): the row scored as if the name said that province, with the ``group_company``
        note. Nothing changes where aliases or judgements may lift the query's scores."""
        if not registered(q) or (self.aliases is not None and self.aliases.may_lift(q)):
            return rows
        out: list[_Row] = []
        for row in rows:
            ent, nid, value, _ = row
            place = self.registered_in.get(ent)
            apart = (
                registered_elsewhere(q, self._unpacked(nid), place, value)
                if place and value >= THRESHOLD
                else None
            )
            if apart is None:
                out.append(row)
            else:
                out.append((ent, nid, apart.score, apart.explanation if explain else []))
        return sorted(out, key=lambda r: -r[2])

    def _homophones_apart(self, q: NormalizedName, rows: list[_Row], explain: bool) -> list[_Row]:
        """``rows`` of a Chinese query, where an entity matched through a romanised name (Dahua)
        at or above THRESHOLD and also gives its name in Chinese that reads as the query's head
        but is written otherwise (大华 for the query's 达华, both dahua): the entity's row is its
        Chinese name's, scored as such, with the ``homophone`` note. The romanisation cannot
        tell 大华 from 达华; the entity's own Chinese name can, and says it is another company.
        An entity that writes the query's head itself (any of its Chinese names) keeps its row,
        and nothing changes where aliases or judgements may lift the query's scores."""
        han = self._han_list()
        latin = {r[0]: r[1] for r in rows if r[2] >= THRESHOLD and not han[r[1]]}
        if not latin or not q.pinyin or (self.aliases is not None and self.aliases.may_lift(q)):
            return rows
        # the Chinese names read as the query's head are all in its pinyin block
        own = self._entity_names_in("p:" + q.pinyin, latin, lambda _, nid: bool(han[nid]))
        out: list[_Row] = []
        for row in rows:
            ids = own.get(row[0]) if latin.get(row[0]) == row[1] else None
            names = self._unpacked_many(ids) if ids else []
            found = [(ids[k], names[k]) for k in homophones_among(q, names)] if ids else []
            if not found:  # none, or the entity writes the query's head too
                out.append(row)
                continue
            result, nid, c = self._best_of(q, found)
            note = homophone_feature(c.head, q.head, q.pinyin)
            out.append((row[0], nid, result.score, [note, *result.explanation] if explain else []))
        return sorted(out, key=lambda r: -r[2])

    def _initials_spelt_out(self, q: NormalizedName, rows: list[_Row], explain: bool) -> list[_Row]:
        """``rows`` of a Latin query of several words, where an entity matched at or above
        THRESHOLD through a name that is the query's initials (JSC VMP for Vertex Maple Pharma)
        and also spells those initials out in other words (PRIMORYE MARITIME LOGISTICS for PML):
        the entity's row is the spelt-out name's, scored as such, with the ``spelt_out`` note,
        unless that name matches the query too. Initials alone cannot tell two companies
        apart; the entity's own full name can. Nothing changes where aliases or judgements may
        lift the query's scores."""
        han, keys = self._han_list(), self.keys
        # initials are short: most hits are full names, and end the look here
        short = {
            r[0]: r[1]
            for r in rows
            if r[2] >= THRESHOLD and not han[r[1]] and len(keys[r[1]]) <= _INITIALS_MAX
        }
        if not short or (self.aliases is not None and self.aliases.may_lift(q)):
            return rows
        initials = set(initials_of(q)) - {""}
        short = {ent: nid for ent, nid in short.items() if keys[nid] in initials}
        spelt: dict[int, list[int]] = {}
        for key in {keys[nid] for nid in short.values()}:
            # the names these initials stand for are in their block of initials, beside them
            entities = {ent for ent, nid in short.items() if keys[nid] == key}
            spelt |= self._entity_names_in(
                "a:" + key, entities, lambda _, nid: not han[nid] and keys[nid] not in initials
            )
        out: list[_Row] = []
        for row in rows:
            ids = spelt.get(row[0]) if short.get(row[0]) == row[1] else None
            names = self._unpacked_many(ids) if ids else []
            written = [(nid, c) for nid, c in zip(ids or [], names, strict=True) if c.acronym]
            best = self._best_of(q, written) if written else None
            if best is None or best[0].score >= THRESHOLD:  # none, or it is the query's name too
                out.append(row)
                continue
            result, nid, c = best
            note = spelt_out_feature(keys[row[1]], c.original)
            out.append((row[0], nid, result.score, [note, *result.explanation] if explain else []))
        return sorted(out, key=lambda r: -r[2])

    def _block_ids(self, key: str) -> list[int]:
        """The names of block ``key`` (the first ``MAX_BUCKET`` of a larger block)."""
        tid = self.vocab.get(key)
        if tid is None:
            return []
        df, offsets, _ = self._views()
        start = offsets[tid]
        ids: list[int] = self.postings[start : start + min(df[tid], MAX_BUCKET)].tolist()
        return ids

    def _entity_names_in(
        self, key: str, entities: Container[int], keep: Callable[[int, int], bool]
    ) -> dict[int, list[int]]:
        """Per entity of ``entities``, the names of block ``key`` it holds that ``keep(entity,
        name id)`` accepts (the first ``MAX_BUCKET`` of a larger block)."""
        name_entity = self._views()[2]
        found: dict[int, list[int]] = {}
        for nid in self._block_ids(key):
            ent = name_entity[nid]
            if ent in entities and keep(ent, nid):
                found.setdefault(ent, []).append(nid)
        return found

    @staticmethod
    def _best_of(
        q: NormalizedName, named: list[tuple[int, NormalizedName]]
    ) -> tuple[MatchResult, int, NormalizedName]:
        """The best-scoring of ``named`` ((name id, name)) against ``q``: (result, id, name)."""
        return max(((score_normalized(q, c), nid, c) for nid, c in named), key=lambda s: s[0].score)

    def _with_parts(
        self, rows: list[_Row], parts: tuple[str, ...], how: str, ask: _Ask
    ) -> list[_Row]:
        """``rows`` of a name that gives two names or more, one per script (海康威視 Hikvision)
        or one known as the other (Megvii a.k.a. Face++; ``name_parts``, given ``how``), with
        each part's matches at or above THRESHOLD, the part named in the features
        (``name_part``). As two names the row gives two chances: a list that writes only one
        script, or one of the names, finds its own. Per entity the best score counts; on a tie
        the whole name's row."""
        merged = {row[0]: row for row in rows}
        inner = replace(ask, matches_only=True)
        found = [(part, self._asked(normalize(part, remember=False), inner)) for part in parts]
        for part, part_rows in found:
            others = (
                _others_matched(part, found, self.names) if how == LISTED and ask.explain else ""
            )
            for ent, nid, value, feats in part_rows:
                if ent in merged and merged[ent][2] >= value:
                    continue
                if ask.explain:
                    feats = [part_feature(part, how, others), *feats]
                merged[ent] = (ent, nid, value, feats)
        return sorted(merged.values(), key=lambda r: -r[2])[: ask.limit]


def _lead(best: dict[int, tuple[float, float, int, list[Feature]]]) -> tuple[float, float, int]:
    """The row ``_rows`` ranks first among ``best``, as (score, likeness, -name id); zeros
    when there is none."""
    return max(((s, like, -nid) for s, like, nid, _ in best.values()), default=(0.0, 0.0, 0))


def _likeness(q: NormalizedName, c: NormalizedName) -> float:
    """How close ``c`` is to the query as written, which orders names of equal scores: the
    full texts' ratio (legal form included: "Madani" finds the entity named Madani before the
    one named Madani Inc.); across scripts, where no letters are shared, whether both or
    neither carry a legal form (上海依图网络科技有限公司 finds Shanghai Yitu Network Technology Co.,
    Ltd. before the brand Yitu, both 0.95)."""
    if q.is_han != c.is_han:
        return 100.0 if registered(q) == registered(c) else 0.0
    return fuzz.ratio(q.text, c.text)


def _others_matched(part: str, found: list[tuple[str, list[_Row]]], names: Sequence[str]) -> str:
    """What the names listed beside ``part`` matched, for its row's ``name_part`` note: a cell
    that lists several companies (Hikvision; Dahua) gets one row, that of its best match, and
    the note says the others ("the others: Dahua matches Dahua (1.00)")."""
    said = []
    for other, rows in found:
        if other == part:
            continue
        if not rows:
            said.append(f"{other} matches nothing")
            continue
        _, nid, value, _ = rows[0]
        # a part's rows are its matches, or rows related to an entity (a group's company)
        how = "matches" if value >= THRESHOLD else "is related to"
        said.append(f"{other} {how} {names[nid]} ({value:.2f})")
    return "the others: " + "; ".join(said) if said else ""


def _with_related(related: list[_Row], rows: list[_Row], limit: int) -> list[_Row]:
    """``rows`` with the ``related`` rows (a unit's parent, a group: scored below THRESHOLD,
    often below every other row) in place of their entities' rows, best first, ``limit`` in
    all: the related rows are kept, the other rows' worst make room for them."""
    ents = {r[0] for r in related}
    others = [r for r in rows if r[0] not in ents][: max(0, limit - len(related))]
    return sorted([*related, *others], key=lambda r: -r[2])[:limit]


@dataclass(frozen=True)
class _Ask:
    """What ``search_many`` asks for each name (handed as it is to forked workers)."""

    limit: int
    depth: int
    explain: bool
    stop_at_exact: bool
    translate: bool
    matches_only: bool
    units: bool = True  # look up the parents a unit's name gives (``_unit_of``)


def _prune(kept: Path, keep: int = 2) -> None:
    """Saved indexes of other inputs in ``kept``'s folder, all but the newest ``keep``: a store
    that changes leaves one file per state otherwise."""
    saved = sorted(kept.parent.glob("names-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in saved if p != kept][max(0, keep - 1) :]:
        with contextlib.suppress(OSError):
            old.unlink()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off for a while (as it was, after). The search makes many
    short-lived objects, and no reference cycles: the collector's passes over the old generation
    (the index's lists, and whatever the caller holds) cost some 10% and free nothing, so they
    wait until the end."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


_BATCH = 1000  # names normalised at a time by ``_rows_many``
_SHARED: NameIndex | None = None
_SETTLED: set[bool] = set()  # what ``settle`` has done in this process
_WARM_UP = (("中国银行", "Bank of China"), ("ソニー株式会社", "Sony"), ("삼성전자", "Samsung"))


def settle(translate: bool = False) -> None:
    """Load the tables the matcher reads on first use (CC-CEDICT and the glossary for names
    across scripts; with ``translate``, the reverse dictionary of the second look too), then
    move them, with everything else alive now, out of the garbage collector's sight.

    Why: these tables are hundreds of thousands of container objects (pypinyin's phrase lists
    alone are 190,000) that live as long as the process and never become garbage, yet every
    full collection walks them, some 0.1 s a time, and searching a few thousand names sets off
    one or two. Done once per process (again for ``translate``, which loads more); garbage that
    exists at that moment is collected first, so that none is kept for ever."""
    if translate in _SETTLED or True in _SETTLED:
        return
    for a, b in _WARM_UP:
        with contextlib.suppress(NameInputError):
            score_normalized(normalize(a), normalize(b))
            if translate:
                probe_keys(normalize(b))
    gc.collect()
    gc.freeze()
    _SETTLED.add(translate)


def _work(args: tuple[list[str], _Ask]) -> list[list[_Row]]:
    names, ask = args
    assert _SHARED is not None
    return _SHARED._rows_many(names, ask)


def _parallel(
    index: NameIndex, names: list[str], ask: _Ask, workers: int
) -> Iterator[list[Candidate]]:
    """Each name's candidates, in order, as the forked workers finish the parts of ``names``
    (``imap``: part by part, the first ones while the others are still searched)."""
    import multiprocessing

    global _SHARED
    # the tables the matcher loads on first use, loaded here once: the workers share them
    # instead of each loading its own
    settle(ask.translate)
    size = max(500, len(names) // (workers * 8))
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    ctx = multiprocessing.get_context("fork")
    # what the workers inherit when the pool forks them (for the pool's life: a worker that
    # dies is forked again)
    _SHARED = index
    try:
        # each worker first puts what it inherited out of its collector's sight: a collection
        # walking the parent's objects would write to them, and so copy every page of the index
        with ctx.Pool(workers, initializer=gc.freeze) as pool:
            for part in pool.imap(_work, [(c, ask) for c in chunks]):
                # results travel back as plain tuples; the Candidates are made here
                with _collector_paused():
                    found = [index._candidates(rows) for rows in part]
                yield from found
    finally:
        _SHARED = None
