"""Gold-set scorer: precision, recall and F1 per relation type and micro-averaged, and accuracy of
the attributes percent, amount, currency and date on matched relations.

Gold files (``eval/gold/*.yaml``) hold passages with their relations (see eval/README.md). Names
match when their keys (simplified, lower case, no punctuation, without region prefix and legal
form) are equal or one contains the other; partnership is undirected."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from complicity.errors import UserError
from complicity.extract.mentions import core_name
from complicity.extract.pipeline import Pipeline
from complicity.extract.textnorm import name_key
from complicity.model import Document, relation_types

ATTRIBUTES = ("percent", "amount", "currency", "date")


def default_gold_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "eval" / "gold").is_dir():
            return parent / "eval" / "gold"
    return Path("eval/gold")


def load_gold(paths: list[Path]) -> list[dict[str, Any]]:
    passages: list[dict[str, Any]] = []
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UserError(f"{path}: cannot read gold file: {exc}") from exc
        for i, p in enumerate(data.get("passages") or []):
            if "text" not in p:
                raise UserError(f"{path}: passage {i + 1} has no text")
            p.setdefault("id", f"{path.stem}-{i + 1}")
            p["file"] = path.stem
            for r in p.get("relations") or []:
                if r.get("type") not in relation_types():
                    raise UserError(
                        f"{path}: passage {p['id']}: unknown relation type {r.get('type')!r}"
                    )
            passages.append(p)
    return passages


def _keys(name: str | None) -> set[str]:
    if not name:
        return set()
    return {k for k in (name_key(name), name_key(core_name(name))) if k}


def names_match(a: str | None, b: str | None) -> bool:
    ka, kb = _keys(a), _keys(b)
    if not ka or not kb:
        return not ka and not kb
    if ka & kb:
        return True
    return any((x in y or y in x) and min(len(x), len(y)) >= 2 for x in ka for y in kb)


def _value_equal(attr: str, gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if attr in ("percent", "amount"):
        return math.isclose(float(gold), float(pred), rel_tol=1e-6, abs_tol=1e-6)
    return str(gold) == str(pred)


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    attr_right: Counter[str] = field(default_factory=Counter)
    attr_total: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    passages: int = 0
    offsets_ok: bool = True

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def micro(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def attribute_accuracy(self) -> float:
        total = sum(self.attr_total.values())
        return sum(self.attr_right.values()) / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        p, r, f = self.micro()
        return {
            "passages": self.passages,
            "micro": {
                "precision": p,
                "recall": r,
                "f1": f,
                "tp": sum(self.tp.values()),
                "fp": sum(self.fp.values()),
                "fn": sum(self.fn.values()),
            },
            "types": {
                t: dict(
                    zip(
                        ("precision", "recall", "f1"),
                        self.prf(self.tp[t], self.fp[t], self.fn[t]),
                        strict=True,
                    )
                )
                | {"tp": self.tp[t], "fp": self.fp[t], "fn": self.fn[t]}
                for t in types
            },
            "attributes": {
                a: {"right": self.attr_right[a], "total": self.attr_total[a]} for a in ATTRIBUTES
            },
            "attribute_accuracy": self.attribute_accuracy(),
            "offsets_ok": self.offsets_ok,
        }


def predicted_date(rel: Any) -> str | None:
    return rel.attrs.get("date") or rel.start


def score(passages: list[dict[str, Any]], pipeline: Pipeline | None = None) -> Score:
    pipe = pipeline or Pipeline.default()
    result = Score()
    for p in passages:
        result.passages += 1
        published = str(p["published"]) if p.get("published") else None
        doc = Document.from_text(p["text"], title=str(p["id"]), published=published)
        state = pipe.run(doc)
        preds = state.extracted
        for x in preds:
            for a, b, q in [(x.start, x.end, x.quote), *x.more]:
                if doc.text is None or doc.text[a:b] != q:
                    result.offsets_ok = False
        by_rel = {id(x): r for x, r in zip(preds, state.batch.relations, strict=True)}
        used: set[int] = set()
        for g in p.get("relations") or []:
            match = None
            for x in preds:
                if id(x) in used or x.type != g["type"]:
                    continue
                direct = names_match(g["source"], x.source.name) and names_match(
                    g["target"], x.target.name
                )
                flipped = (
                    g["type"] == "partnership"
                    and names_match(g["source"], x.target.name)
                    and names_match(g["target"], x.source.name)
                )
                if (direct or flipped) and names_match(
                    g.get("asset"), x.asset.name if x.asset else None
                ):
                    match = x
                    break
            if match is None:
                result.fn[g["type"]] += 1
                result.errors.append(
                    f"{p['id']}: missed {g['type']} {g['source']} -> {g['target']}"
                )
                continue
            used.add(id(match))
            result.tp[g["type"]] += 1
            pr = by_rel[id(match)]
            pred_attrs = {
                "percent": pr.attrs.get("percent"),
                "amount": pr.attrs.get("amount"),
                "currency": pr.attrs.get("currency"),
                "date": predicted_date(pr),
            }
            for attr in ATTRIBUTES:
                gv = g.get(attr)
                if attr == "date" and gv is not None:
                    gv = str(gv)
                pv = pred_attrs[attr]
                if gv is None and pv is None:
                    continue
                result.attr_total[attr] += 1
                if _value_equal(attr, gv, pv):
                    result.attr_right[attr] += 1
                else:
                    result.errors.append(
                        f"{p['id']}: {g['type']} {g['source']} -> {g['target']}: {attr} gold {gv!r} predicted {pv!r}"
                    )
        for x in preds:
            if id(x) not in used:
                result.fp[x.type] += 1
                result.errors.append(
                    f"{p['id']}: spurious {x.type} {x.source.name} -> {x.target.name} ({x.rule})"
                )
    return result


def format_table(name: str, s: Score) -> str:
    d = s.as_dict()
    lines = [
        f"### {name} ({d['passages']} passages)",
        "",
        "| type | precision | recall | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for t, v in d["types"].items():
        lines.append(
            f"| {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |"
        )
    m = d["micro"]
    lines.append(
        f"| **micro** | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['tp']} | {m['fp']} | {m['fn']} |"
    )
    lines.append("")
    attrs = ", ".join(f"{a} {v['right']}/{v['total']}" for a, v in d["attributes"].items())
    lines.append(
        f"attribute accuracy {d['attribute_accuracy']:.3f} ({attrs}); evidence offsets exact: {d['offsets_ok']}"
    )
    return "\n".join(lines)
