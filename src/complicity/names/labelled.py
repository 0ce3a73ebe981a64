"""Labelled name pairs for measuring the matcher, read from the shared data snapshots.

Nothing here ships data: each reader takes the folder ``../shared/data`` (or any copy of it) and
returns ``LabelledPair`` rows. Used by ``benchmarks/names_quality.py`` and ``tests/names``.

- ``nomenklatura_pairs``: Company and Organization rows of OpenSanctions' nomenklatura name
  benchmark (``matching/opensanctions-nomenklatura__name_bench_cases.csv``);
- ``easonanalytica_pairs``: the easonanalytica company-name test set;
- ``bilingual_entries``: English and Chinese names of one entry, mined from list snapshots
  (OpenSanctions cn_sanctions, xyna MOFCOM lists, EU 32014R0833 Annex IV).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from complicity.names.normalize import NameInputError, split_names

NOMENKLATURA = "matching/opensanctions-nomenklatura__name_bench_cases.csv"
EASONANALYTICA = "matching/easonanalytica-company_name_matcher__test_data.csv"
CN_SANCTIONS = "lists/opensanctions-opensanctions__cn_sanctions__sanctions.csv"
XYNA_CN = "lists/xyna-bpinelab-security-export-control-registry__cn.json"
EU_833 = "lists/opensanctions-opensanctions__eu_journal_sanctions__32014R0833.csv"
NS_CMIC = "lists/li-xiaohui-grab-companies__company_names.csv"  # Chinese names: the repo's author

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class LabelledPair:
    a: str
    b: str
    same: bool
    note: str = ""


@dataclass
class Entry:
    """One list entry: its id and the names it gives, split by script."""

    id: str
    english: list[str]
    chinese: list[str]


def nomenklatura_pairs(root: Path) -> list[LabelledPair]:
    with (root / NOMENKLATURA).open(encoding="utf-8") as fh:
        return [
            LabelledPair(r["name1"], r["name2"], r["is_match"] == "true", r["category"])
            for r in csv.DictReader(fh)
            if r["schema"] in ("Company", "Organization")
        ]


def easonanalytica_pairs(root: Path) -> list[LabelledPair]:
    with (root / EASONANALYTICA).open(encoding="utf-8-sig") as fh:
        return [
            LabelledPair(r["Name_x"], r["Name_y"], r["Targets"].strip() == "1")
            for r in csv.DictReader(fh)
        ]


def _entry(eid: str, names: Iterable[str]) -> Entry | None:
    english: list[str] = []
    chinese: list[str] = []
    for name in names:
        name = re.sub(r"\s*\(.*?\)\s*$", "", name).strip() if _HAN.search(name) else name
        if not name:
            continue
        target = chinese if _HAN.search(name) else english
        if name not in target:
            target.append(name)
    if english and chinese:
        return Entry(eid, english, chinese)
    return None


def bilingual_entries(root: Path) -> list[Entry]:
    """Organisations with at least one English and one Chinese name, from four lists."""
    out: list[Entry] = []
    with (root / CN_SANCTIONS).open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            if r["Type"] not in ("Company", "Organization"):
                continue
            names = [r["Name"], *split_names(r["Alias"]), *split_names(r["Chinese name"])]
            e = _entry(f"cn_sanctions:{i}", names)
            if e:
                out.append(e)
    for r in json.loads((root / XYNA_CN).read_text(encoding="utf-8")):
        e = _entry(f"xyna:{r.get('id')}", [r["entity_name"], *r.get("aliases", [])])
        if e:
            out.append(e)
    with (root / EU_833).open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["annex"] != "IV" or r["schema"] not in ("Company", "Organization", "LegalEntity"):
                continue
            # as the EU loader reads them: "A Co., B Co. LTD / 中文名" is three names
            names = [r["name"], *split_names(r["alias"]), *split_names(r["previousName"])]
            e = _entry(f"eu833:{r['recordId']}", names)
            if e:
                out.append(e)
    with (root / NS_CMIC).open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            e = _entry(f"ns-cmic:{r['ent_num']}", [r["Company Name"], r["Chinese Name"]])
            if e:
                out.append(e)
    return out


@dataclass(frozen=True)
class Quality:
    n: int
    tp: int
    fp: int
    fn: int
    tn: int
    errors: int  # pairs the matcher refused (bad input)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def scores(pairs: list[LabelledPair], scorer: Callable[[str, str], float]) -> list[float | None]:
    out: list[float | None] = []
    for pair in pairs:
        try:
            out.append(scorer(pair.a, pair.b))
        except NameInputError:
            out.append(None)
    return out


def quality(pairs: list[LabelledPair], values: list[float | None], threshold: float) -> Quality:
    tp = fp = fn = tn = errors = 0
    for pair, value in zip(pairs, values, strict=True):
        if value is None:
            errors += 1
        predicted = value is not None and value >= threshold
        if predicted and pair.same:
            tp += 1
        elif predicted:
            fp += 1
        elif pair.same:
            fn += 1
        else:
            tn += 1
    return Quality(len(pairs), tp, fp, fn, tn, errors)


def best_threshold(
    pairs: list[LabelledPair], values: list[float | None], lo: float = 0.5, hi: float = 0.99
) -> tuple[float, Quality]:
    """The threshold with the best F1 (the higher one on ties), in steps of 0.01."""
    best: tuple[float, Quality] | None = None
    steps = round((hi - lo) * 100)
    for i in range(steps + 1):
        t = round(lo + i / 100, 2)
        q = quality(pairs, values, t)
        if best is None or q.f1 >= best[1].f1:
            best = (t, q)
    assert best is not None
    return best
