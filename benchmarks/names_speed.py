"""Name-index speed: build, save/load, batched search; names/s and peak RSS.

    python -m benchmarks.names_speed [--names N] [--queries M] [--workers W] [--baseline K]

The index holds real list names (every company name in ../shared/data/lists) plus generated
variants up to N: Chinese names built as place + head + descriptors + legal form from the real
Chinese names' heads, and Latin names that recombine real words. Queries are variants of indexed
names (traditional characters, dropped place or legal form, capitals, a typo) so that recall can be
measured: a query is found when its source entity is the top hit at or above THRESHOLD.

With ``--baseline K`` the first K names and up to K/10 of the queries whose entity is among them
go through both systems, one process each: complicity's ``NameIndex`` and OpenSanctions'
nomenklatura (its DuckDB blocker ``Index`` and the logic-v2 matcher, run by
``benchmarks/_names_baseline_nk.py`` in ``benchmarks/.cache/baseline-venv``, which `make bench` makes:
``python3.11 -m venv benchmarks/.cache/baseline-venv && .../pip install nomenklatura==4.17.4``). Both are
printed side by side with the throughput ratio and recall@1 on Latin and on Chinese queries.
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
from complicity.names.normalize import NameInputError, _normalize, data, normalize, pinyin_key

HAN = re.compile(r"[\u4e00-\u9fff]")
NK_THRESHOLD = 0.7  # yente's default match threshold for logic-v2


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
    ap.add_argument("--names", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--baseline", type=int, default=100_000, help="names for the nomenklatura run (0: skip)"
    )
    ap.add_argument(
        "--show-missed",
        type=int,
        default=0,
        metavar="K",
        help="with --baseline: print up to K queries nomenklatura finds and complicity does not",
    )
    ap.add_argument(
        "--exhaustive",
        action="store_true",
        help="score every pre-scored candidate (no stop once an exact-core name scores 1.0)",
    )
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
            loaded = NameIndex.build(pairs, cache=tmp)
    names = [q for _, q in queries]
    # the same queries on the index built in this process and on the one loaded from its file
    # (what a screening run does): the loaded one is laid out compactly in memory, the built one
    # is interleaved with what building left behind. Caches of query normalisation are emptied
    # before each run, so neither run finds the other's queries normalised.
    for label, ix in (("built in this process", index), ("loaded from its file", loaded)):
        _normalize.cache_clear()
        pinyin_key.cache_clear()
        with timer() as t1:
            results = ix.search_many(
                names, limit=5, workers=args.workers, stop_at_exact=not args.exhaustive
            )
        found = sum(
            1
            for (eid, _), hits in zip(queries, results, strict=True)
            if hits and hits[0].entity_id == eid and hits[0].score >= THRESHOLD
        )
        rows.append(
            (
                f"complicity NameIndex, {label}",
                f"{len(ix):,}",
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
    mode = "every pre-scored candidate scored" if args.exhaustive else "stop at an exact 1.0"
    print(
        f"{mode}. Index of {len(pairs):,} names ({len(real):,} real list names + generated variants), "
        f"{len(names):,} variant queries, threshold {THRESHOLD}.\n"
    )
    print(table(header, rows))
    if args.baseline:
        print()
        print(
            baseline(
                pairs[: args.baseline],
                queries,
                args.baseline // 10,
                not args.exhaustive,
                args.show_missed,
            )
        )
    return 0


def baseline(
    pairs: list[tuple[str, str]],
    queries: list[tuple[str, str]],
    nq: int,
    stop_at_exact: bool,
    show_missed: int = 0,
) -> str:
    """Both systems on the first ``len(pairs)`` names and up to ``nq`` of the queries whose entity
    is among them, one process each: a side-by-side table and the ratios."""
    py = CACHE / "baseline-venv" / "bin" / "python"
    if not py.exists():
        return "nomenklatura baseline skipped: benchmarks/.cache/baseline-venv does not exist"
    ids = {e for e, _ in pairs}
    qs = [(e, q) for e, q in queries if e in ids][:nq]
    han = [bool(HAN.search(q)) for _, q in qs]
    n_han = sum(han)
    n_en = len(qs) - n_han
    with timer() as t_build:
        sub = NameIndex.build(pairs)
    _normalize.cache_clear()  # the queries were normalised by the main run: start cold
    pinyin_key.cache_clear()
    with timer() as t:
        res = sub.search_many([q for _, q in qs], limit=5, workers=1, stop_at_exact=stop_at_exact)
    hit = [
        bool(h and h[0].entity_id == e and h[0].score >= THRESHOLD)
        for (e, _), h in zip(qs, res, strict=True)
    ]
    ours = {
        "build": t_build[0],
        "search": t[0],
        "found": sum(hit),
        "found_han": sum(x for x, z in zip(hit, han, strict=True) if z),
        "han_with_candidates": sum(1 for r, z in zip(res, han, strict=True) if z and r),
    }
    script = Path(__file__).with_name("_names_baseline_nk.py")
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.json"
        payload = {"pairs": pairs, "queries": qs, "threshold": NK_THRESHOLD}
        inp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run(
            [str(py), str(script), str(inp), tmp], capture_output=True, text=True, timeout=7200
        )
    if proc.returncode != 0:
        return f"nomenklatura baseline failed:\n```\n{proc.stderr[-1500:]}\n```"
    nk = json.loads(proc.stdout.strip().splitlines()[-1])

    def row(system: str, r: dict[str, float], threshold: float) -> list[object]:
        en = (r["found"] - r["found_han"]) / max(n_en, 1)
        zh = r["found_han"] / max(n_han, 1)
        return [
            system,
            threshold,
            f"{r['build']:.1f}",
            f"{len(qs) / r['search']:,.0f}",
            r["found"] / max(len(qs), 1),
            en,
            zh,
            f"{r['han_with_candidates']:,} / {n_han:,}",
        ]

    header = ["system (1 process)", "threshold", "build s", "queries/s", "recall@1"]
    header += ["recall@1 en", "recall@1 zh", "zh queries with any candidate"]
    rows = [
        row("complicity NameIndex", ours, THRESHOLD),
        row("nomenklatura Index + logic-v2", nk, NK_THRESHOLD),
    ]
    speed = (len(qs) / ours["search"]) / (len(qs) / nk["search"])
    missed = ""
    if show_missed:
        by_id: dict[str, list[str]] = {}
        for e, name in pairs:
            by_id.setdefault(e, []).append(name)
        lost = [k for k in nk.get("hits", []) if not hit[k]]
        lines = [f"\n\nFound by nomenklatura, not by complicity: {len(lost)}"]
        for k in lost[:show_missed]:
            e, q = qs[k]
            top = res[k][0] if res[k] else None
            ours_top = f"{top.name!r} {top.score:.2f}" if top else "-"
            lines.append(f"- {q!r} (entity {by_id[e]!r}); our top: {ours_top}")
        missed = "\n".join(lines)
    return (
        f"Baseline: the first {len(pairs):,} names, {len(qs):,} of the queries "
        f"({n_en:,} Latin, {n_han:,} Chinese).\n\n"
        + table(header, rows)
        + f"\n\nThroughput ratio complicity / nomenklatura: {speed:,.1f}x "
        f"(goal >= 50x). Recall@1 en {rows[0][5]:.3f} vs {rows[1][5]:.3f}, "
        f"zh {rows[0][6]:.3f} vs {rows[1][6]:.3f}." + missed
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
