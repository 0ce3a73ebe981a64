"""Name-index speed: build, save/load, batched search; names/s and peak RSS.

    python -m benchmarks.names_speed [--names N] [--queries M] [--workers W] [--baseline K]

The index holds real list names (every company name in ../shared/data/lists) plus generated
variants up to N: Chinese names built as place + head + descriptors + legal form from the real
Chinese names' heads, and Latin names that recombine real words. Queries are variants of indexed
names (traditional characters, dropped place or legal form, capitals, a typo) so that recall can be
measured: a query is found when its source entity is the top hit at or above THRESHOLD.

With ``--baseline K`` the same first K names and K/10 queries also go through OpenSanctions'
nomenklatura (logic-v2, its DuckDB index) in ``benchmarks/.cache/baseline-venv`` when that venv
exists (``python3.11 -m venv benchmarks/.cache/baseline-venv && .../pip install nomenklatura``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

from benchmarks.common import CACHE, peak_rss_mb, shared_data, table, timer
from complicity.names.index import NameIndex
from complicity.names.match import THRESHOLD
from complicity.names.normalize import NameInputError, data, normalize

HAN = re.compile(r"[\u4e00-\u9fff]")


def real_names(root: Path) -> list[str]:
    names: set[str] = set()
    lists = root / "lists"
    with (lists / "jackdwyer-specially-designated-nationals-list__sdn.csv").open(
        encoding="utf-8", errors="replace"
    ) as fh:
        for row in csv.reader(fh):
            if len(row) > 2 and row[2].strip() in ("-0-", ""):
                names.add(row[1].strip())
    with (lists / "covyr-uk-sanctions-list__subject_names.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            names.add(r.get("full_name", "").strip())
    for path in lists.glob("opensanctions-*.csv"):
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                for col in ("name", "Name", "Chinese name", "alias", "Alias"):
                    for v in re.split(r";", r.get(col) or ""):
                        names.add(v.strip())
    for r in json.loads(
        (lists / "xyna-bpinelab-security-export-control-registry__cn.json").read_text("utf-8")
    ):
        names.add(r["entity_name"])
        names.update(r.get("aliases", []))
    return sorted(n for n in names if 2 <= len(n) <= 200)


def generate(real: list[str], n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(entity_id, name) pairs: the real names, then generated ones up to n."""
    d = data()
    heads: list[str] = []
    words: list[str] = []
    for name in real:
        try:
            x = normalize(name)
        except NameInputError:
            continue
        if x.is_han and len(x.head) >= 2:
            heads.append(x.head)
        elif not x.is_han:
            words.extend(t for t in x.tokens if t.isalpha() and len(t) > 2)
    chars = sorted({c for h in heads for c in h})
    places = [p for p in d.zh_places if d.zh_place_kind[p] in ("city", "province")]
    desc = list(d.zh_descriptors)
    forms = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司", ""]
    lforms = ["Co., Ltd.", "Ltd", "LLC", "Inc.", "Corporation", "Group", ""]
    pairs = [(f"r{i}", name) for i, name in enumerate(real)]
    i = 0
    while len(pairs) < n:
        i += 1
        if i % 2:
            head = "".join(rng.choice(chars) for _ in range(rng.choice((2, 2, 3, 4))))
            name = rng.choice(places) + head + rng.choice(desc) + rng.choice(forms)
        else:
            k = rng.choice((1, 2, 2, 3))
            name = " ".join(rng.choice(words).title() for _ in range(k)) + " " + rng.choice(lforms)
        pairs.append((f"g{i}", name.strip()))
    return pairs


def make_query(name: str, rng: random.Random, s2t: opencc.OpenCC) -> str:
    if HAN.search(name):
        x = normalize(name)
        choice = rng.random()
        if choice < 0.4:
            return str(s2t.convert(name))
        if choice < 0.8:
            return "".join(x.tokens) + "有限公司"
        return (x.prefix or "") + x.head
    choice = rng.random()
    if choice < 0.4:
        return name.upper()
    if choice < 0.7:
        return re.sub(r"\b(Co\.?,? Ltd\.?|Ltd|LLC|Inc\.?|Corporation|Group)$", "", name).strip()
    if len(name) > 6:  # one typo
        k = rng.randrange(1, len(name) - 1)
        return name[:k] + name[k + 1] + name[k] + name[k + 2 :]
    return name


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.names_speed")
    ap.add_argument("--names", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline", type=int, default=0, help="names for the nomenklatura run")
    args = ap.parse_args(argv)
    rng = random.Random(42)
    real = real_names(shared_data())
    pairs = generate(real, args.names, rng)
    s2t = opencc.OpenCC("s2t")
    sample = rng.sample(range(len(pairs)), min(args.queries, len(pairs)))
    queries = [(pairs[i][0], make_query(pairs[i][1], rng, s2t)) for i in sample]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        with timer() as t_build:
            index = NameIndex.build(pairs, cache=tmp)
        rss_build = peak_rss_mb()
        with timer() as t_load:
            NameIndex.build(pairs, cache=tmp)
    names = [q for _, q in queries]
    with timer() as t1:
        results = index.search_many(names, limit=5, workers=args.workers)
    found = sum(
        1
        for (eid, _), hits in zip(queries, results, strict=True)
        if hits and hits[0].entity_id == eid and hits[0].score >= THRESHOLD
    )
    rows.append(
        (
            "complicity NameIndex",
            f"{len(index):,}",
            f"{len(names):,}",
            f"{t_build[0]:.1f}",
            f"{t_load[0]:.1f}",
            f"{len(names) / t1[0]:,.0f}",
            args.workers,
            found / len(names),
            f"{max(rss_build, peak_rss_mb()):,.0f}",
        )
    )
    header = ["system", "names indexed", "queries", "build s", "reload s", "queries/s"]
    header += ["workers", "recall@1", "peak RSS MB"]
    print(
        f"Index of {len(pairs):,} names ({len(real):,} real list names + generated variants), "
        f"{len(names):,} variant queries, threshold {THRESHOLD}.\n"
    )
    if args.baseline:
        rows += baseline(pairs[: args.baseline], queries, args.baseline // 10, index)
    print(table(header, rows))
    return 0


def baseline(
    pairs: list[tuple[str, str]], queries: list[tuple[str, str]], nq: int, index: NameIndex
) -> list[tuple[object, ...]]:
    py = CACHE / "baseline-venv" / "bin" / "python"
    if not py.exists():
        print("\nnomenklatura baseline skipped: benchmarks/.cache/baseline-venv does not exist\n")
        return []
    ids = {e for e, _ in pairs}
    qs = [(e, q) for e, q in queries if e in ids][:nq]
    sub = NameIndex.build(pairs)
    with timer() as t:
        res = sub.search_many([q for _, q in qs], limit=5, workers=1)
    ours = sum(
        1
        for (e, _), h in zip(qs, res, strict=True)
        if h and h[0].entity_id == e and h[0].score >= THRESHOLD
    )
    script = Path(__file__).with_name("names_baseline_nk.py")
    if not script.exists():
        print("\nnomenklatura baseline: the runner (names_baseline_nk.py) is not written yet\n")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.json"
        inp.write_text(json.dumps({"pairs": pairs, "queries": qs}), encoding="utf-8")
        proc = subprocess.run(
            [str(py), str(script), str(inp), tmp], capture_output=True, text=True, timeout=3600
        )
    if proc.returncode != 0:
        print(f"\nnomenklatura baseline failed:\n```\n{proc.stderr[-1500:]}\n```\n")
        return []
    nk = json.loads(proc.stdout.strip().splitlines()[-1])
    return [
        ("complicity (same subset, 1 worker)", f"{len(sub):,}", f"{len(qs):,}", "", "",
         f"{len(qs) / t[0]:,.0f}", 1, ours / max(len(qs), 1), ""),
        ("nomenklatura logic-v2 (subset)", f"{len(pairs):,}", f"{len(qs):,}",
         f"{nk['build']:.1f}", "", f"{len(qs) / nk['search']:,.0f}", 1,
         nk["found"] / max(len(qs), 1), f"{nk['rss']:,.0f}"),
    ]  # fmt: skip


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
