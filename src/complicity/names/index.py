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

The index is saved as one pickle file; ``NameIndex.build(pairs, cache=dir)`` reuses the file when
the input (and the matcher's data files) have not changed.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from complicity.names.match import AliasTable, Feature, score_normalized
from complicity.names.normalize import (
    LegalForm,
    NameInputError,
    NormalizedName,
    _normalize,
    normalize,
)

INDEX_VERSION = 4  # 4: number words, United States -> us; 3: CamelCase, legal-form typos
PRESCORE_KEEP = 8  # candidates (of ``depth``) that get the full, explained score
MAX_BUCKET = 20000  # a block shared by more names than this says little; skipped unless alone
GATHER_CAP = 1000  # a block larger than this brings in new candidates only while there are few


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


def block_keys(n: NormalizedName) -> list[str]:
    """The blocks a name goes into (and a query looks in)."""
    keys: list[str] = []
    if n.is_han:
        head = n.head
        if len(head) == 1:
            keys.append("h" + head)
        keys.extend("h" + head[i : i + 2] for i in range(len(head) - 1))
        if n.pinyin:
            keys.append("p:" + n.pinyin)
    else:
        from complicity.names.normalize import data

        en = data().en_descriptors
        words = [t for t in n.tokens if t not in en] or list(n.tokens)
        for w in words:
            keys.append("w:" + w)
            if len(w) >= 5:
                keys.append("f:" + w[:4])
        keys.append("p:" + "".join(words))
        if n.acronym:
            keys.append("a:" + n.acronym)
        elif len(n.tokens) == 1 and 2 <= len(n.key) <= 8:
            keys.append("a:" + n.key)
    return list(dict.fromkeys(keys))


def _data_fingerprint() -> str:
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    folder = resources.files("complicity.names").joinpath("data")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml")):
        h.update(folder.joinpath(name).read_bytes())
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
    return NormalizedName(
        original=original,
        script=script,
        text=text,
        key=key,
        head=head,
        tokens=_items(tokens),
        descriptors=_items(desc),
        legal_form=forms[int(form)],
        prefix=None if prefix == _ITEM else prefix,
        qualifiers=_items(quals),
        pinyin=pinyin,
        acronym=acronym,
        numbers=_items(numbers),
    )


class NameIndex:
    """Names of entities, blocked for fast candidate search."""

    def __init__(self) -> None:
        self.fingerprint = ""
        self.entity_ids: list[str] = []
        self.name_entity = np.zeros(0, dtype=np.int32)
        self.names: list[str] = []
        self.keys: list[str] = []  # compact core, for a quick pre-score
        self.pys: list[str] = []  # pinyin (Han) or glued head (Latin), for cross-script
        self.han = np.zeros(0, dtype=np.bool_)
        # each name normalised once, at build: the NormalizedName pieces packed in one string
        # (``pack``), unpacked for the few candidates that get the full score
        self.packed: list[str] = []
        self.forms: list[LegalForm | None] = [None]  # legal forms the packed names refer to
        self.vocab: dict[str, int] = {}
        self.offsets = np.zeros(1, dtype=np.int64)
        self.postings = np.zeros(0, dtype=np.int32)
        self.df = np.zeros(0, dtype=np.int32)
        self.skipped: list[tuple[str, str, str]] = []  # (entity_id, name, why)
        self.aliases: AliasTable | None = None
        self._han_cache: list[bool] | None = None

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
        entity id are known aliases of each other (added to ``aliases``, or a new table)."""
        pairs = [(str(e), str(n)) for e, n in pairs]
        fp = fingerprint(pairs)
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
        index = cls._build(pairs, with_aliases)
        index.fingerprint = fp
        if aliases is not None:
            index._merge_aliases(aliases)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            index.save(path)
        return index

    @classmethod
    def from_store(cls, store: Any, cache: str | os.PathLike[str] | None = None) -> NameIndex:
        """All names of a store (``store.all_names()``), with its judgements."""
        pairs = [(eid, n.text if hasattr(n, "text") else str(n)) for eid, n in store.all_names()]
        index = cls.build(pairs, cache=cache)
        judgements = store.judgements() if hasattr(store, "judgements") else []
        for judgement in judgements:
            if index.aliases is None:
                index.aliases = AliasTable()
            index.aliases.add_judgement(judgement)
        return index

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
        self.aliases._memo.clear()

    @classmethod
    def _build(cls, pairs: list[tuple[str, str]], with_aliases: bool) -> NameIndex:
        index = cls()
        entity_pos: dict[str, int] = {}
        name_entity: list[int] = []
        han: list[bool] = []
        vocab: dict[str, int] = {}
        key_ids: list[int] = []
        key_names: list[int] = []
        table = AliasTable() if with_aliases else None
        form_ids: dict[LegalForm | None, int] = {None: 0}
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
            nid = len(index.names)
            index.names.append(text)
            index.keys.append(n.compact)
            index.pys.append(n.pinyin)
            index.packed.append(pack(n, form_ids, index.forms))
            han.append(n.is_han)
            pos = entity_pos.setdefault(entity_id, len(entity_pos))
            name_entity.append(pos)
            for key in block_keys(n):
                tid = vocab.setdefault(key, len(vocab))
                key_ids.append(tid)
                key_names.append(nid)
            if table is not None:
                table.add(entity_id, text, n)
        index.entity_ids = list(entity_pos)
        index.name_entity = np.asarray(name_entity, dtype=np.int32)
        index.han = np.asarray(han, dtype=np.bool_)
        index.vocab = vocab
        tids = np.asarray(key_ids, dtype=np.int32)
        nids = np.asarray(key_names, dtype=np.int32)
        order = np.argsort(tids, kind="stable")
        index.postings = nids[order]
        index.df = np.bincount(tids, minlength=len(vocab)).astype(np.int32)
        index.offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(index.df, out=index.offsets[1:])
        if table is not None:
            # only entities with two or more names make aliases
            counts = np.bincount(index.name_entity, minlength=len(index.entity_ids))
            table.keep_only({index.entity_ids[i] for i in np.flatnonzero(counts > 1)})
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
            "packed": self.packed,
            "forms": self.forms,
            "vocab": self.vocab,
            "offsets": self.offsets,
            "postings": self.postings,
            "df": self.df,
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
        for key in ("fingerprint", "entity_ids", "name_entity", "names", "vocab", "offsets"):
            setattr(index, key, state[key])
        index.keys, index.pys, index.han = state["keys"], state["pys"], state["han"]
        index.packed, index.forms = state["packed"], state["forms"]
        index.postings = state["postings"]
        index.df = state["df"]
        index.skipped = state["skipped"]
        if state["aliases"] is not None:
            index.aliases = AliasTable()
            (
                index.aliases._entities,
                index.aliases._by_head,
                index.aliases._judged,
            ) = state["aliases"]
            index.aliases._ids = {e for ids in index.aliases._entities.values() for e in ids}
        return index

    # -- search -----------------------------------------------------------------------------

    def _block(self, n: NormalizedName, depth: int) -> np.ndarray:
        """Name ids sharing the most (idf-weighted) blocks with the query, best first.

        The blocks are taken rarest first (highest weight). A common block (more than
        ``GATHER_CAP`` names) adds its names to the candidates only while fewer than ``depth``
        have been gathered from the rarer ones; after that it only adds its weight to the
        candidates it holds (looked up in its sorted postings). The names a common block alone
        would bring in are those that share nothing rarer with the query."""
        total = max(len(self.names), 1)
        found: list[tuple[int, int]] = []
        for key in block_keys(n):
            tid = self.vocab.get(key)
            if tid is not None:
                found.append((int(self.df[tid]), tid))
        if not found:
            return np.zeros(0, dtype=np.int32)
        found.sort()
        usable = [f for f in found if f[0] <= MAX_BUCKET] or found[:1]
        gathered: list[np.ndarray] = []
        weights: list[float] = []
        lookups: list[tuple[np.ndarray, float]] = []
        count = 0
        for df, tid in usable:
            start, end = int(self.offsets[tid]), int(self.offsets[tid + 1])
            block = self.postings[start : min(end, start + MAX_BUCKET)]
            weight = math.log(1.0 + total / df)
            if not gathered or df <= GATHER_CAP or count < depth:
                gathered.append(block)
                weights.append(weight)
                count += len(block)
            else:
                lookups.append((block, weight))
        if len(gathered) == 1:
            if not lookups:
                return gathered[0][:depth]
            uniq = gathered[0]
            sums = np.full(len(uniq), weights[0])
        else:
            ids = np.concatenate(gathered)
            w = np.repeat(np.asarray(weights), [len(s) for s in gathered])
            uniq, inverse = np.unique(ids, return_inverse=True)
            sums = np.bincount(inverse, weights=w)
        for block, weight in lookups:
            pos = np.searchsorted(block, uniq)
            pos[pos == len(block)] = 0
            sums += weight * (block[pos] == uniq)
        if len(uniq) > depth:
            top = np.argpartition(-sums, depth)[:depth]
            top = top[np.argsort(-sums[top], kind="stable")]
        else:
            top = np.argsort(-sums, kind="stable")
        result: np.ndarray = uniq[top]
        return result

    def search(
        self, name: str, limit: int = 10, depth: int = 30, explain: bool = True
    ) -> list[Candidate]:
        """Entities whose names best match ``name``, best first (one row per entity, its best
        name). Raises ``NameInputError`` for a name that cannot be compared."""
        return self._search(normalize(name), limit, depth, explain)

    def _search(self, q: NormalizedName, limit: int, depth: int, explain: bool) -> list[Candidate]:
        return self._candidates(self._ranked(q, limit, depth, explain))

    def _candidates(self, rows: list[_Row]) -> list[Candidate]:
        return [
            Candidate(self.entity_ids[ent], self.names[nid], score, feats)
            for ent, nid, score, feats in rows
        ]

    def _ranked(
        self, q: NormalizedName, limit: int, depth: int, explain: bool, stop_at_exact: bool = False
    ) -> list[_Row]:
        """(entity position, name id, score, features) of the best entities, best first."""
        # per entity: (score, likeness of the full text, name id, features); among equal scores
        # the name closer to the query as written (legal form included) ranks first, so that
        # "Madani" finds the entity named "Madani" before the one named "Madani Inc."
        best: dict[int, tuple[float, float, int, list[Feature]]] = {}
        ids = self._block(q, depth).tolist()
        han = self._han_list()
        keys = self.keys
        if len(ids) > PRESCORE_KEEP:
            # quick pre-score (C-level string similarity) so that only a few get the full score
            ratio = fuzz.ratio
            qh, qc, qp, pys = q.is_han, q.compact, q.pinyin, self.pys
            quick = [ratio(qc, keys[i]) if han[i] == qh else ratio(qp, pys[i]) for i in ids]
            order = sorted(range(len(ids)), key=quick.__getitem__, reverse=True)
            ids = [ids[k] for k in order[:PRESCORE_KEEP]]
        # With ``stop_at_exact``, names with the query's exact core go first; when one of them
        # scores 1.0 (the highest score there is) the others can at best tie with it (unless the
        # alias table or a judgement lifts them), so they are not scored. Every exact-core name is.
        exact = (
            [i for i in ids if han[i] == q.is_han and keys[i] == q.compact] if stop_at_exact else []
        )
        if exact:
            rest = [i for i in ids if not (han[i] == q.is_han and keys[i] == q.compact)]
            ids = exact + rest
        may_lift = self.aliases is not None and self.aliases.may_lift(q)
        for k, nid in enumerate(ids):
            at_rest = k == len(exact) and exact and not may_lift
            if at_rest and max((v[0] for v in best.values()), default=0.0) >= 1.0:
                break
            candidate = unpack(self.names[nid], self.pys[nid], self.packed[nid], self.forms)
            result = score_normalized(q, candidate, self.aliases)
            if result.score <= 0.0:
                continue
            ent = int(self.name_entity[nid])
            like = fuzz.ratio(q.text, candidate.text)
            previous = best.get(ent)
            if previous is None or (result.score, like) > previous[:2]:
                best[ent] = (result.score, like, nid, result.explanation if explain else [])
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[1][2]))[:limit]
        return [(ent, nid, score, feats) for ent, (score, _, nid, feats) in ranked]

    def _han_list(self) -> list[bool]:
        cached = self._han_cache
        if cached is None or len(cached) != len(self.han):
            cached = self.han.tolist()
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
    ) -> list[list[Candidate]]:
        """``search`` for many names; a name that cannot be compared gets ``[]``.
        ``workers`` > 1 forks processes that share the index (POSIX).

        ``stop_at_exact`` (screening: which entity is this name?): once a name with the query's
        exact core scores 1.0, the remaining candidates, which could at best tie with it, are
        not scored, so such a query gets only its 1.0 hits (every one with the exact core)
        instead of ``limit`` rows. Not used when the index's aliases or judgements could lift a
        score to 1.0."""
        names = list(names)
        if workers > 1 and len(names) >= 2000 and hasattr(os, "fork"):
            return _parallel(self, names, limit, depth, explain, workers, stop_at_exact)
        return [self._safe(n, limit, depth, explain, stop_at_exact) for n in names]

    def _safe(
        self, name: str, limit: int, depth: int, explain: bool, stop_at_exact: bool
    ) -> list[Candidate]:
        return self._candidates(self._safe_rows(name, limit, depth, explain, stop_at_exact))

    def _safe_rows(
        self, name: str, limit: int, depth: int, explain: bool, stop_at_exact: bool
    ) -> list[_Row]:
        try:
            return self._ranked(normalize(name), limit, depth, explain, stop_at_exact)
        except NameInputError:
            return []


_SHARED: NameIndex | None = None


def _work(args: tuple[list[str], int, int, bool, bool]) -> list[list[_Row]]:
    names, limit, depth, explain, stop_at_exact = args
    assert _SHARED is not None
    return [_SHARED._safe_rows(n, limit, depth, explain, stop_at_exact) for n in names]


def _parallel(
    index: NameIndex,
    names: list[str],
    limit: int,
    depth: int,
    explain: bool,
    workers: int,
    stop_at_exact: bool,
) -> list[list[Candidate]]:
    import gc
    import multiprocessing

    global _SHARED
    _SHARED = index
    # the forked workers share the index's pages; a collection in a worker would touch (and so
    # copy) every object of it, so what exists now is kept out of the collector's sight
    gc.freeze()
    try:
        size = max(500, len(names) // (workers * 8))
        chunks = [names[i : i + size] for i in range(0, len(names), size)]
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            parts = pool.map(_work, [(c, limit, depth, explain, stop_at_exact) for c in chunks])
    finally:
        _SHARED = None
        gc.unfreeze()
    # results travel back as plain tuples; the Candidates are made here
    return [index._candidates(rows) for part in parts for rows in part]
