"""Name-index speed: build, save/load, batched search; names/s and peak RSS.

    python -m benchmarks.names_speed [--names N] [--queries M] [--workers W]
        [--baseline-queries K] [--baseline-small N2]

The index holds real list names (every company name in ../shared/data/lists) plus generated
variants up to N: Chinese names built as place + head + descriptors + legal form from the real
Chinese names' heads, and Latin names that recombine real words. Queries are variants of indexed
names (traditional characters, dropped place or legal form, capitals, a typo) so that recall can be
measured: a query is found when its source entity is the top hit at or above THRESHOLD.

The M queries run with W workers on the index built in this process, then on the same index
loaded from its file. Then the baseline: OpenSanctions' nomenklatura (its DuckDB blocker ``Index``
and the logic-v2 matcher, run by ``benchmarks/_names_baseline_nk.py`` in
``benchmarks/.cache/baseline-venv``, which `make bench` makes: ``python3.11 -m venv
benchmarks/.cache/baseline-venv && .../pip install nomenklatura==4.17.4``) indexes the same N
names and answers the first K queries; complicity answers the same K queries on its index, in
one process. Both are printed side by side with the throughput ratio and recall@1 on Latin and
on Chinese queries. With ``--baseline-small N2`` the two are also compared on the first N2 names
only (up to 2,000 of their queries), as earlier runs did.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
        "--baseline-queries",
        type=int,
        default=5_000,
        metavar="K",
        help="the first K queries through nomenklatura on the same index of all --names names, "
        "and through complicity in one process (0: no nomenklatura run)",
    )
    ap.add_argument(
        "--baseline-small",
        type=int,
        default=100_000,
        metavar="N",
        help="also compare both on the first N names only, with up to 2,000 of their queries "
        "(0: skip)",
    )
    ap.add_argument(
        "--translate-queries",
        type=int,
        default=20_000,
        metavar="K",
        help="the first K queries again on the loaded index with the second look through "
        "translation (search_many(translate=True), what `complicity screen` does; 0: skip)",
    )
    ap.add_argument(
        "--show-missed",
        type=int,
        default=0,
        metavar="K",
        help="print up to K baseline queries nomenklatura finds and complicity does not",
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
    names = [q for _, q in queries]
    stop = not args.exhaustive
    rows = []
    header = ["system", "names indexed", "queries", "build s", "reload s", "queries/s"]
    header += ["workers", "recall@1", "peak RSS MB"]
    with tempfile.TemporaryDirectory() as tmp:
        with timer() as t_build:
            index = NameIndex.build(pairs, cache=tmp)
        rss_build = peak_rss_mb()
        # the same queries on the index built in this process, then (the built one let go
        # first, so that the two are never in memory together) on the same index loaded from
        # its file, as a screening run has it: laid out compactly, not interleaved with what
        # building left behind
        runs: list[tuple[str, float, float]] = []
        for label in ("built in this process", "loaded from its file"):
            if label.startswith("loaded"):
                del index
                gc.collect()
                with timer() as t_load:
                    index = NameIndex.build(pairs, cache=tmp)
            qps, recall = _run(index, queries, args.workers, stop)
            runs.append((label, qps, recall))
            rows.append(
                (
                    f"complicity NameIndex, {label}",
                    f"{len(index):,}",
                    f"{len(names):,}",
                    f"{t_build[0]:.1f}",
                    f"{t_load[0]:.1f}" if label.startswith("loaded") else "",
                    f"{qps:,.0f}",
                    args.workers,
                    recall,
                    f"{max(rss_build, peak_rss_mb()):,.0f}",
                )
            )
        if args.translate_queries:
            some = queries[: args.translate_queries]
            qps, recall = _run(index, some, args.workers, stop, translate=True)
            rows.append(
                (
                    "complicity NameIndex, loaded, with the second look through translation",
                    f"{len(index):,}",
                    f"{len(some):,}",
                    "",
                    "",
                    f"{qps:,.0f}",
                    args.workers,
                    recall,
                    "",
                )
            )
    mode = "every pre-scored candidate scored" if args.exhaustive else "stop at an exact 1.0"
    print(
        f"{mode}. Index of {len(pairs):,} names ({len(real):,} real list names + generated variants), "
        f"{len(names):,} variant queries, threshold {THRESHOLD}. Peak RSS: this process "
        f"(generating the names, building, then loading the index; {rss_build:,.0f} MB by the "
        "end of the build).\n"
    )
    print(table(header, rows))
    if args.baseline_queries:
        print()
        ours = Ours(index, t_build[0], rss_build, runs[-1][1], args.workers)
        print(
            baseline(
                pairs,
                queries[: args.baseline_queries],
                queries[args.baseline_queries :][:WARMUP],
                ours,
                stop,
                args.show_missed,
                headline=True,
                alone=queries[args.baseline_queries + WARMUP :][: args.baseline_queries],
                rewarm=queries[2 * args.baseline_queries + WARMUP :][: CHUNKS * REWARM],
            )
        )
        if args.baseline_small:
            small = pairs[: args.baseline_small]
            ids = {e for e, _ in small}
            with timer() as t_small:
                sub = NameIndex.build(small)
            theirs = [(e, q) for e, q in queries if e in ids]
            print()
            print(
                baseline(
                    small,
                    theirs[:2000],
                    theirs[2000:][:WARMUP],
                    Ours(sub, t_small[0], None, None, 1),
                    stop,
                    args.show_missed,
                    headline=False,
                    rewarm=theirs[2000 + WARMUP :][: CHUNKS * REWARM],
                )
            )
    return 0


def _run(
    index: NameIndex,
    queries: list[tuple[str, str]],
    workers: int,
    stop: bool,
    translate: bool = False,
) -> tuple[float, float]:
    """Queries/s and recall@1 of one run; the normalisation caches emptied first, so that no
    run finds the queries normalised by another."""
    _normalize.cache_clear()
    pinyin_key.cache_clear()
    names = [q for _, q in queries]
    with timer() as t:
        results = index.search_many(
            names, limit=5, workers=workers, stop_at_exact=stop, translate=translate
        )
    found = sum(
        1
        for (eid, _), hits in zip(queries, results, strict=True)
        if hits and hits[0].entity_id == eid and hits[0].score >= THRESHOLD
    )
    return len(names) / t[0], found / max(len(names), 1)


Top = tuple[str, str, float] | None  # a query's top hit: entity id, name, score


CHUNKS = 10  # turns each system takes at the baseline queries
WARMUP = 500  # other queries both answer, untimed, before the turns
# other queries each answers, untimed, at the start of each of its turns: a process that waited
# through the other's turn runs at about half speed for its first 0.1 s or so (README-names, 5
# Dec); about 0.1 s of each system's queries
REWARM = 1000  # complicity's, of its own unseen queries
NK_REWARM = 25  # nomenklatura's, of its warm-up queries' candidates, scored again


def _take_turns(
    proc: subprocess.Popen[str],
    qs: list[tuple[str, str]],
    warm: list[tuple[str, str]],
    ours: Ours,
    stop_at_exact: bool,
    rewarm: list[str],
) -> tuple[dict[str, Any], list[tuple[float, float]], list[Top], float] | None:
    """Answer ``qs`` in ``CHUNKS`` slices, nomenklatura (``proc``) first, then complicity, one
    slice each in turn: a machine that slows down for a while (a shared host) then slows both,
    where one long run of each at different times would credit the slowdown to one of them.
    Each query is answered once by each; before the first slice both answer ``warm`` (other
    queries, untimed), so that neither pays for loading data or warming its caches in the
    timed part, and neither finds the timed queries in a cache. Each turn then starts with
    other queries, untimed (complicity: the next ``len(rewarm) // CHUNKS`` of ``rewarm``;
    nomenklatura: ``NK_REWARM`` of its warm-up queries' candidates scored again): waking after
    the other's turn, a process runs slowly for a while, and complicity's turns (some 0.1 s)
    would be all that while where nomenklatura's (some 4 s) are not. Returns nomenklatura's
    totals (with its per-slice seconds as ``chunks``), complicity's (seconds, CPU seconds) per
    slice, its top hits and its queries/s on the untimed starts of its turns; None when
    nomenklatura failed.

    Of each slice's results only the top hit is kept, after the slice is timed: nomenklatura's
    side keeps only its counts, and holding every Candidate of the slices before made the
    garbage collector walk them in complicity's timed slices (a 30 ms collection in the last
    of ten, some 5% of its turns)."""
    assert proc.stdin is not None and proc.stdout is not None

    def message() -> dict[str, Any] | None:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        return json.loads(line) if line.strip() else None

    ready = message()
    if ready is None or ready.get("event") != "ready":
        return None
    ours.index.search_many([q for _, q in warm], limit=5, workers=1, stop_at_exact=stop_at_exact)
    # nomenklatura yields the queries in the order of their ids as strings (query-0, query-1,
    # query-10, ...); each turn is a range of that order, for both
    order = sorted(range(len(qs)), key=lambda k: f"query-{k}")
    names = [qs[k][1] for k in order]
    # a first turn of no queries: nomenklatura runs its blocking query (DuckDB, for all the
    # queries at once) and reads the first rows; counted in its total, apart from the halves
    proc.stdin.write("0 0\n")
    proc.stdin.flush()
    blocking = message()
    if blocking is None:
        return None
    step = -(-len(qs) // CHUNKS)
    per_turn = len(rewarm) // CHUNKS
    nk_chunks: list[float] = []
    mine: list[tuple[float, float]] = []
    ranked: list[Top] = []
    cold = 0.0  # seconds complicity spent on the untimed starts of its turns
    for turn, lo in enumerate(range(0, len(qs), step)):
        hi = min(lo + step, len(qs))
        proc.stdin.write(f"{lo} {hi} {NK_REWARM}\n")
        proc.stdin.flush()
        theirs = message()
        if theirs is None:
            return None
        nk_chunks.append(theirs["search"])
        with timer() as t:
            ours.index.search_many(
                rewarm[turn * per_turn : (turn + 1) * per_turn],
                limit=5,
                workers=1,
                stop_at_exact=stop_at_exact,
            )
        cold += t[0]
        cpu = time.process_time()
        with timer() as t:
            found = ours.index.search_many(
                names[lo:hi], limit=5, workers=1, stop_at_exact=stop_at_exact
            )
        mine.append((t[0], time.process_time() - cpu))
        ranked += [(h[0].entity_id, h[0].name, h[0].score) if h else None for h in found]
        del found
    results: list[Top] = [None for _ in qs]
    for r, k in enumerate(order):
        results[k] = ranked[r]
    proc.stdin.write("end\n")
    proc.stdin.flush()
    totals = message()
    if totals is None:
        return None
    totals["chunks"] = nk_chunks
    totals["blocking"] = blocking["search"]
    return totals, mine, results, per_turn * CHUNKS / cold if cold else 0.0


@dataclass
class Ours:
    """complicity's side of a baseline table: its index, build seconds and peak RSS (None: not
    measured apart), and the queries/s of the main run with ``workers`` (None: none)."""

    index: NameIndex
    build: float
    rss: float | None
    parallel_qps: float | None
    workers: int


def baseline(
    pairs: list[tuple[str, str]],
    qs: list[tuple[str, str]],
    warm: list[tuple[str, str]],
    ours: Ours,
    stop_at_exact: bool,
    show_missed: int = 0,
    headline: bool = True,
    alone: list[tuple[str, str]] | None = None,
    rewarm: list[tuple[str, str]] | None = None,
) -> str:
    """Both systems on the same names (``pairs``, which ``ours.index`` holds) and the same
    queries ``qs``, one process each, taking turns (``_take_turns``): a side-by-side table and
    the ratios. ``warm``, other queries, are answered by both first, untimed; ``rewarm``, other
    queries again, are what complicity answers untimed at the start of each turn.

    ``alone``: as many other queries, unseen, answered by complicity after the turns in one
    uninterrupted run, for a line apart from the headline: how far the turns, untimed starts
    and all, still are from a run that never waits (README-names). The headline stays the
    turns' ratio."""
    py = CACHE / "baseline-venv" / "bin" / "python"
    if not py.exists():
        return "nomenklatura baseline skipped: benchmarks/.cache/baseline-venv does not exist"
    han = [bool(HAN.search(q)) for _, q in qs]
    n_han = sum(han)
    n_en = len(qs) - n_han
    script = Path(__file__).with_name("_names_baseline_nk.py")
    # DuckDB held to one thread: both systems then run on one core (it gains nothing from a
    # second one here: its query is a small part of the time, the matcher's loop the rest)
    env = {**os.environ, "NOMENKLATURA_DUCKDB_THREADS": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.json"
        payload = {"pairs": pairs, "queries": qs, "warmup": warm, "threshold": NK_THRESHOLD}
        inp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        del payload
        with (Path(tmp) / "stderr").open("w+", encoding="utf-8") as err:
            proc = subprocess.Popen(
                [str(py), str(script), str(inp), tmp],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=env,
            )
            try:
                turns = _take_turns(
                    proc, qs, warm, ours, stop_at_exact, [q for _, q in rewarm or []]
                )
            finally:
                if proc.poll() is None:
                    proc.kill()
                proc.wait()
            if turns is None:
                err.seek(0)
                return f"nomenklatura baseline failed:\n```\n{err.read()[-1500:]}\n```"
    nk, mine_times, res, cold_qps = turns
    search, search_cpu = sum(t for t, _ in mine_times), sum(c for _, c in mine_times)
    hit = [bool(h and h[0] == e and h[2] >= THRESHOLD) for (e, _), h in zip(qs, res, strict=True)]
    mine = {
        "build": ours.build,
        "search": search,
        "search_cpu": search_cpu,
        "found": sum(hit),
        "found_han": sum(x for x, z in zip(hit, han, strict=True) if z),
        "han_with_candidates": sum(1 for r, z in zip(res, han, strict=True) if z and r),
        "rss": ours.rss,
    }
    # the two halves of the turns (nomenklatura's blocking query left out), each a few thousand
    # queries of the same mix: how far apart they are tells how steady the machine was (single
    # slices differ by their queries too)
    half = len(mine_times) // 2
    halves = [
        sum(nk["chunks"][part]) / sum(t for t, _ in mine_times[part])
        for part in (slice(0, half), slice(half, None))
    ]

    def row(system: str, r: dict[str, Any], threshold: float) -> list[object]:
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
            "" if r.get("rss") is None else f"{r['rss']:,.0f}",
        ]

    header = ["system (1 process, 1 core)", "threshold", "build s", "queries/s", "recall@1"]
    header += ["recall@1 en", "recall@1 zh", "zh queries with any candidate", "peak RSS MB"]
    rows = [
        row("complicity NameIndex", mine, THRESHOLD),
        row("nomenklatura Index + logic-v2", nk, NK_THRESHOLD),
    ]
    ours_qps = len(qs) / search
    nk_qps = len(qs) / nk["search"]
    missed = ""
    if show_missed:
        by_id: dict[str, list[str]] = {}
        for e, name in pairs:
            by_id.setdefault(e, []).append(name)
        lost = [k for k in nk.get("hits", []) if not hit[k]]
        lines = [f"\n\nFound by nomenklatura, not by complicity: {len(lost)}"]
        for k in lost[:show_missed]:
            e, q = qs[k]
            top = res[k]
            ours_top = f"{top[1]!r} {top[2]:.2f}" if top else "-"
            lines.append(f"- {q!r} (entity {by_id[e]!r}); our top: {ours_top}")
        missed = "\n".join(lines)
    if headline:
        intro = (
            f"Baseline, the same index: all {len(pairs):,} names in both systems, the first "
            f"{len(qs):,} of the queries ({n_en:,} Latin, {n_han:,} Chinese), one process each "
            f"(complicity with workers=1; nomenklatura with DuckDB on one thread), taking turns "
            f"in {CHUNKS} slices after both answered {len(warm):,} other queries untimed; each "
            f"turn starts with other queries, untimed (complicity {len(rewarm or []) // CHUNKS:,}"
            f" unseen ones, nomenklatura {NK_REWARM} of its warm-up queries scored again), so that "
            "neither is timed while it wakes from the other's turn. Build s and peak RSS: "
            "complicity's from the run above."
        )
    else:
        intro = (
            f"The same on a smaller index: the first {len(pairs):,} names only, {len(qs):,} of "
            f"the queries whose entity is among them ({n_en:,} Latin, {n_han:,} Chinese)."
        )
    ratio = (
        f"Throughput ratio complicity / nomenklatura, same index, same queries, one process "
        f"each: **{ours_qps / nk_qps:,.1f}x** (goal >= 50x); nomenklatura's "
        f"blocking query took {nk['blocking']:.1f} s of its {nk['search']:.1f} s; without it, "
        f"the first half of the turns {halves[0]:,.1f}x, the second {halves[1]:,.1f}x."
    )
    if cold_qps:
        # what the untimed starts of complicity's turns cost: the harness's, not the system's
        ratio += (
            f" complicity on the untimed starts of its turns, just woken: {cold_qps:,.0f} "
            f"queries/s ({cold_qps / nk_qps:,.1f}x)."
        )
    if nk.get("search_cpu"):
        # wall time on a shared machine may include time the process was not running; CPU
        # seconds do not (when the two ratios agree, the run lost no time that way)
        ratio += (
            f" In CPU time per query (each process's own CPU seconds): "
            f"{nk['search_cpu'] / search_cpu:,.1f}x."
        )
    if ours.parallel_qps is not None:
        ratio += (
            f" complicity with {ours.workers} workers (the run above, all the queries, loaded "
            f"index): {ours.parallel_qps:,.0f} queries/s, {ours.parallel_qps / nk_qps:,.1f}x "
            "nomenklatura's one process."
        )
    if alone:
        qps_alone, _ = _run(ours.index, alone, 1, stop_at_exact)
        ratio += (
            f" Not the headline: complicity alone, {len(alone):,} other queries in one "
            f"uninterrupted run after the turns, {qps_alone:,.0f} queries/s, "
            f"{qps_alone / nk_qps:,.1f}x nomenklatura's rate in its turns."
        )
    if not headline:
        ratio = ratio.replace("**", "")
    return (
        intro
        + "\n\n"
        + table(header, rows)
        + f"\n\n{ratio} Recall@1 en {rows[0][5]:.3f} vs {rows[1][5]:.3f}, "
        f"zh {rows[0][6]:.3f} vs {rows[1][6]:.3f}." + missed
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
