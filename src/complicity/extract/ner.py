"""Optional statistical Chinese NER (Baidu LAC) as one more mentions stage (``--ner lac``).

The default pipeline (``--ner rules``: gazetteer + name patterns) needs no model. With
``--ner lac`` a ``ner`` stage runs after ``mentions``: LAC tags the Chinese stretches of the text
and its ORG spans that no rule-based mention overlaps join the mentions (the gazetteer and the
patterns always win an overlap; LAC never replaces them). LOC spans are not taken: LAC gives them
to places (喀什, 新疆), and public bodies (…公安局, …实验室) come out as ORG.

- LAC is loaded once per process, on first use; ``paddle.fluid`` (gone in paddlepaddle 2.6, the
  oldest release with Python 3.11 wheels) is aliased to its successor ``paddle.base`` inside the
  loader only, never when complicity is imported.
- The gazetteer's Han names are given to LAC as ORG words (its customisation), so a known name is
  never merged with the generic word before it (合资公司唐立科技).
- LAC is fed the matching copy (simplified, half-width, same length as the text), cut at
  whitespace and sentence ends (LAC tags a whole run of text across line breaks as one ORG); each
  token's offsets are found by walking the chunk and checked (``mtext[start:end] == token``), so
  the mention's text is ``text[start:end]`` exactly.

Install (the sdist imports ``pkg_resources``, gone from setuptools 81, hence the two steps)::

    pip install paddlepaddle==2.6.2 'setuptools<81' wheel
    pip install --no-build-isolation lac==2.1.2
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from complicity.errors import UserError
from complicity.extract.mentions import (
    _ZH_GENERIC,
    ZH_BLOCK_WORDS,
    Gazetteer,
    Mention,
    core_name,
)
from complicity.extract.textnorm import is_han, name_key

if TYPE_CHECKING:
    from complicity.extract.pipeline import Pipeline, State

NER_KINDS = ("rules", "lac")
INSTALL_LAC = (
    "pip install paddlepaddle==2.6.2 'setuptools<81' wheel && "
    "pip install --no-build-isolation lac==2.1.2"
)
LAC_MISSING = (
    "--ner lac needs the Chinese NER model (Baidu LAC), an optional extra that is not installed "
    f"here; install it with `make install-lac` (or: {INSTALL_LAC}). Without it, use the default --ner rules "
    "(gazetteer and name patterns, no model needed)"
)

_LAC: Any = None


def _import_lac() -> Any:
    """``LAC.LAC``, with ``paddle.fluid`` aliased to ``paddle.base`` when paddle has no fluid."""
    os.environ.setdefault("GLOG_minloglevel", "2")  # paddle's C++ log lines on stderr
    import paddle

    if "paddle.fluid" not in sys.modules and not hasattr(paddle, "fluid"):
        import paddle.base as base

        sys.modules["paddle.fluid"] = base
        sys.modules["paddle.fluid.core"] = base.core
    from LAC import LAC

    return LAC


def load_lac() -> Any:
    """The LAC model (loaded once per process); a ``UserError`` saying how to install it when
    LAC or paddle is missing or cannot be imported."""
    global _LAC
    if _LAC is None:
        try:
            lac_class = _import_lac()
        except ImportError as exc:
            raise UserError(f"{LAC_MISSING} ({type(exc).__name__}: {exc})") from None
        try:
            _LAC = lac_class(mode="lac")
        except Exception as exc:  # a broken model folder or paddle build
            raise UserError(f"{LAC_MISSING} (LAC failed to load: {exc})") from None
    return _LAC


def lac_available() -> bool:
    """True when LAC loads here (it is then kept for the process)."""
    try:
        load_lac()
    except UserError:
        return False
    return True


def require_ner(kind: str) -> None:
    """Check that the requested mention recogniser can run; "rules" always can."""
    if kind == "rules":
        return
    if kind == "lac":
        load_lac()
        return
    raise UserError(f"unknown NER {kind!r} (choose {' or '.join(NER_KINDS)})")


def add_ner(pipe: Pipeline, kind: str) -> None:
    """Add the ``ner`` stage for ``kind`` to ``pipe`` (nothing for "rules")."""
    require_ner(kind)
    if kind == "lac":
        pipe.add_stage("ner", LacStage.for_gazetteer(pipe.gazetteer), after="mentions")


# --- the LAC stage ---------------------------------------------------------------------------

_CHUNK = re.compile(r"[^\s。！？；!?;]+[。！？；!?;]?")
_LEAD_WORDS = sorted(ZH_BLOCK_WORDS, key=len, reverse=True)


def chunks(mtext: str) -> list[tuple[int, str]]:
    """(offset, chunk) of the stretches of ``mtext`` worth tagging: no whitespace, at most one
    sentence, at least two Han characters."""
    return [
        (m.start(), m.group(0))
        for m in _CHUNK.finditer(mtext)
        if sum(1 for ch in m.group(0) if is_han(ch)) >= 2
    ]


def token_spans(chunk: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Offsets of LAC's tokens in ``chunk``, walking it left to right. A token that is not where
    it should be (LAC changed it) is looked for further on; one not found at all ends the walk
    (the tokens after it get no span: ``(-1, -1)``)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for token in tokens:
        if pos < 0:
            spans.append((-1, -1))
            continue
        at = pos if chunk.startswith(token, pos) else chunk.find(token, pos)
        if at < 0 or not token:
            spans.append((-1, -1))
            pos = -1 if token else pos
            continue
        spans.append((at, at + len(token)))
        pos = at + len(token)
    return spans


def _trim(token: str) -> int:
    """How many leading characters of an ORG token are a generic word, not the name
    (合资公司唐立科技 -> 4)."""
    for word in _LEAD_WORDS:
        if token.startswith(word) and len(token) - len(word) >= 2:
            return len(word)
    return 0


Tagged = tuple[int, str, list[str], list[str]]  # chunk offset, chunk, tokens, tags


def org_spans(mtext: str, tagged: list[Tagged]) -> list[tuple[int, int]]:
    """Document offsets of the ORG tokens of tagged chunks."""
    out: list[tuple[int, int]] = []
    for offset, chunk, tokens, tags in tagged:
        for (start, end), token, tag in zip(token_spans(chunk, tokens), tokens, tags, strict=True):
            if tag != "ORG" or start < 0:
                continue
            if mtext[offset + start : offset + end] != token:
                continue  # the walk went wrong: no span rather than a wrong one
            start += _trim(token)
            body = chunk[start:end]
            if sum(1 for ch in body if is_han(ch)) < 2 or body in _ZH_GENERIC:
                continue
            out.append((offset + start, offset + end))
    return out


@dataclass
class LacStage:
    """The ``ner`` stage: LAC's ORG spans as mentions, where no rule-based mention is."""

    lac: Any
    gazetteer: Gazetteer | None = None
    words: list[str] = field(default_factory=list)  # Han names given to LAC as ORG
    custom: Any = None

    @classmethod
    def for_gazetteer(cls, gazetteer: Gazetteer) -> LacStage:
        lac = load_lac()
        words = sorted(
            {
                entry.name
                for entry in gazetteer.by_core.values()
                if entry.kind == "org" and entry.name and all(is_han(ch) for ch in entry.name)
            }
        )
        stage = cls(lac=lac, gazetteer=gazetteer, words=words)
        stage.custom = stage._customisation()
        return stage

    def _customisation(self) -> Any:
        if not self.words:
            return None
        from LAC.custom import Customization

        custom = Customization()
        for word in self.words:
            custom.add_word(f"{word}/ORG")
        return custom

    def tag(self, mtext: str) -> list[Tagged]:
        pieces = chunks(mtext)
        if not pieces:
            return []
        self.lac.model.custom = self.custom  # what LAC.add_word / load_customization set
        results = self.lac.run([chunk for _, chunk in pieces])
        return [
            (offset, chunk, list(tokens), list(tags))
            for (offset, chunk), (tokens, tags) in zip(pieces, results, strict=True)
        ]

    def __call__(self, state: State) -> None:
        spans = org_spans(state.mtext, self.tag(state.mtext))
        state.mentions = merge_mentions(state.text, state.mentions, spans, self.gazetteer)


def merge_mentions(
    text: str,
    mentions: list[Mention],
    spans: list[tuple[int, int]],
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """``mentions`` plus an ``org`` mention (``via="ner"``) for each span that overlaps none of
    them (nor an earlier span); a span whose name the gazetteer knows takes its identity."""
    taken = [False] * (len(text) + 1)
    for m in mentions:
        for i in range(m.start, m.end):
            taken[i] = True
    added: list[Mention] = []
    for start, end in sorted(spans):
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        surface = text[start:end]
        entry = gazetteer.lookup(surface) if gazetteer is not None else None
        if entry is not None and entry.kind == "org":
            entity_id, key = entry.entity_id, entry.key
        else:
            entity_id, key = None, "name:" + name_key(core_name(surface))
        added.append(Mention(start, end, surface, "org", entity_id, key, surface, "ner"))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)
