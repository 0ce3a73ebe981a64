"""The shortcuts that make extraction fast must not change what it finds.

Rules are only tried on sentences holding one of their trigger words (``Rule.when``): each rule's
triggers must be implied by its pattern, i.e. every string the pattern matches contains one. The
check below reads the parsed pattern: some stretch of it that every match passes through (a
literal, an alternation, an optional word ...) must spell a trigger in each of its finitely many
forms."""

from __future__ import annotations

import itertools
import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest

from complicity.extract import relations
from complicity.extract.evaluate import default_gold_dir, load_gold
from complicity.extract.mentions import _EVENT_RE, _event_matches
from complicity.extract.pipeline import Pipeline
from complicity.model import Document

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CAP = 4000  # more forms than this: treat the stretch as open-ended


def _forms(items: Any) -> set[str] | None:
    """Every string a sequence of parsed items can match, or None when unbounded or too many."""
    out = {""}
    for op, av in items:
        one = _forms_of(op, av)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _CAP:
            return None
    return out


def _forms_of(op: Any, av: Any) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is sre.LITERAL:
                chars.add(chr(iav))
            elif iop is sre.RANGE and iav[1] - iav[0] < 32:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            else:
                return None
        return chars
    if op is sre.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            alt_forms = _forms(alt.data)
            if alt_forms is None:
                return None
            union |= alt_forms
        return union
    if op is sre.SUBPATTERN:
        return _forms(av[3].data)
    if op in _REPEATS:
        lo, hi, item = av
        base = _forms(item.data) if hi <= 3 else None
        if base is None:
            return None
        reps = {"".join(c) for k in range(lo, hi + 1) for c in itertools.product(base, repeat=k)}
        return reps if len(reps) <= _CAP else None
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}  # zero width
    return None


def _implied(items: Any, when: frozenset[str]) -> bool:
    """Does every match of this (mandatory) sequence contain one of ``when``?"""
    run: list[Any] = []
    for op, av in [*items, (None, None)]:
        if op is not None and _forms_of(op, av) is not None:
            run.append((op, av))
            continue
        forms = _forms(run) if run else None  # a stretch of bounded items just ended
        run = []
        if forms and "" not in forms and all(any(w in f.lower() for w in when) for f in forms):
            return True
        if op is sre.SUBPATTERN and _implied(av[3].data, when):
            return True
        if op in _REPEATS and av[0] >= 1 and _implied(av[2].data, when):
            return True
        if op is sre.BRANCH and all(_implied(alt.data, when) for alt in av[1]):
            return True
    return False


def implied(pattern: re.Pattern[str], when: frozenset[str]) -> bool:
    return _implied(sre_parse.parse(pattern.pattern, pattern.flags).data, when)


@pytest.mark.parametrize("rule", relations.RULES, ids=lambda r: r.name)
def test_rule_triggers_are_implied_by_its_pattern(rule: relations.Rule) -> None:
    assert rule.when, f"{rule.name} declares no trigger words"
    assert implied(rule.pattern, rule.when), (
        f"{rule.name}: a sentence can match without any of {sorted(rule.when)}"
    )


def test_trigger_check_catches_a_missing_word() -> None:
    rule = next(r for r in relations.RULES if r.name == "zh-transfer")
    assert implied(rule.pattern, frozenset({"出售", "转让", "出让", "卖"}))
    assert not implied(rule.pattern, frozenset({"出售", "转让", "出让"}))  # …卖给 slips through
    assert not implied(rule.pattern, frozenset({"收购"}))


def test_triggered_rules_find_the_same_as_all_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [
        Document.from_text(p["text"], title=str(p["id"]), published=str(p.get("published", "")))
        for p in load_gold([default_gold_dir() / "dev.yaml"])
    ]
    pipe = Pipeline.default()

    def found() -> list[list[tuple[Any, ...]]]:
        return [
            [
                (x.type, x.source.key, x.target.key, x.rule, x.start, sorted(x.attrs.items()))
                for x in pipe.run(d).extracted
            ]
            for d in docs
        ]

    fast = found()
    monkeypatch.setattr(relations, "triggered", lambda tagged: list(relations.RULES))
    assert fast == found()
    assert sum(map(len, fast)) > 20


@pytest.mark.parametrize(
    "text",
    [
        "2018年第五届中国(北京)国际安防博览会在京开幕，旷视参展。",
        "第十二届论坛；2019 年国际交易会，博览会。展览会大会",
        "中国国际公共安全博览会、深圳安博会和乌鲁木齐亚欧博览会",
        "no event here",
        "会",
    ],
)
def test_event_pattern_tried_only_near_suffixes_finds_the_same(text: str) -> None:
    assert [m.span() for m in _event_matches(text)] == [m.span() for m in _EVENT_RE.finditer(text)]
