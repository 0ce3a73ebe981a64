"""The nomenklatura side of the baseline in ``python -m benchmarks.names_speed``.

Runs with the Python of ``benchmarks/.cache/baseline-venv`` (which has ``nomenklatura`` from the
registry), never with the project's: it imports nothing from ``complicity``.

    benchmarks/.cache/baseline-venv/bin/python benchmarks/_names_baseline_nk.py IN.json WORKDIR

``IN.json`` holds ``{"pairs": [[entity_id, name], ...], "queries": [[entity_id, query], ...],
"warmup": [[entity_id, query], ...], "threshold": 0.7}``. Names of one entity id become one FtM
``Company`` with several ``name`` values. The index is nomenklatura's DuckDB blocker
(``nomenklatura.blocker.Index``: build, then ``match_entities``); every blocked candidate is
scored with the logic-v2 algorithm, as yente's ``/match`` does, and the best one is the hit. A
query counts as found when that hit is its own entity with a score at or above the threshold
(yente's default 0.70).

The queries are answered in turns, when names_speed asks, so that the two systems take turns
on the machine and a slow minute on a shared host falls on both: after building (and answering
the ``warmup`` queries, untimed, as complicity does too) it prints ``{"event": "ready", ...}``,
then for each line ``START END [REWARM]`` read from stdin it first scores again, untimed, the
candidates of the next REWARM ``warmup`` queries (the process wakes from the other system's turn
with cold caches; names_speed gives complicity other queries untimed at the start of its turns
too), then answers the queries ranked START to END in
the order of their ids as strings ("query-0", "query-1", "query-10", ...: the order in which
``match_entities`` yields them, all the queries given to it in one batch) and prints
``{"event": "chunk", "search": s, "search_cpu": s}``; on the line ``end`` it prints the totals:
build and search seconds, found (and of them Han), queries, Han queries, Han queries that got any
candidate at all, mean candidates per query, peak RSS (MB), and the positions of the queries
found (``hits``). Every message is one line of JSON. ``NOMENKLATURA_DUCKDB_THREADS``
(names_speed sets 1) limits DuckDB's threads.
"""

from __future__ import annotations

import json
import logging
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HAN = re.compile(r"[\u4e00-\u9fff]")  # as names_speed.HAN


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that over
    from the parent that started this process, and the parent holds an index of its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    logging.disable(logging.CRITICAL)
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.blocker.index import Index
    from nomenklatura.matching import get_algorithm
    from nomenklatura.resolver import Linker
    from nomenklatura.store.memory import MemoryStore

    data = json.loads(Path(argv[0]).read_text("utf-8"))
    work = Path(argv[1])
    threshold = float(data.get("threshold", 0.7))
    dataset = Dataset.make({"name": "bench", "title": "bench"})
    names: dict[str, list[str]] = defaultdict(list)
    for entity_id, name in data.pop("pairs"):
        names[entity_id].append(name)

    def company(entity_id: str, values: list[str]) -> Any:
        return StatementEntity.from_data(
            dataset,
            {"id": entity_id, "schema": "Company", "properties": {"name": values}},
        )

    started = time.perf_counter()
    store: MemoryStore[Any, Any] = MemoryStore(dataset, Linker({}))
    with store.writer() as writer:
        for entity_id, values in names.items():
            writer.add_entity(company(entity_id, values))
    view = store.default_view()
    index = Index(view, work / "nk-index")
    index.build()
    build = time.perf_counter() - started

    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None
    config = algorithm.default_config()

    def score(
        queries: dict[str, tuple[int, str, str]], ident: Any, matches: Any, tally: dict[str, Any]
    ) -> None:
        """Score every blocked candidate of one query and add what was found to ``tally``."""
        qid = ident.id
        position, expected, text = queries[qid]
        query = by_id[qid]
        tally["candidates"] += len(matches)
        if matches and HAN.search(text):
            tally["han_with_candidates"] += 1
        best: tuple[float, str] | None = None
        for match_id, _ in matches:
            other = view.get_entity(match_id.id)
            if other is None:
                continue
            result = algorithm.compare(query, other, config)
            if best is None or result.score > best[0]:
                best = (result.score, match_id.id)
        if best is not None and best[1] == expected and best[0] >= threshold:
            tally["found"] += 1
            tally["hits"].append(position)
            tally["found_han"] += bool(HAN.search(text))

    def fresh() -> dict[str, Any]:
        return {"found": 0, "found_han": 0, "han_with_candidates": 0, "candidates": 0, "hits": []}

    # query ids are unique: logic-v2 caches name analysis by entity id
    warm = {f"warm-{k}": (-1, eid, q) for k, (eid, q) in enumerate(data.get("warmup", []))}
    queries = {f"query-{k}": (k, eid, q) for k, (eid, q) in enumerate(data["queries"])}
    by_id = {qid: company(qid, [q]) for qid, (_, _, q) in (warm | queries).items()}
    scratch = fresh()
    blocked_warm = list(index.match_entities([by_id[w] for w in warm])) if warm else []
    for ident, matches in blocked_warm:
        score(warm, ident, matches, scratch)
    rewarmed = 0  # of blocked_warm, scored again at the start of turns so far
    # All the queries go to match_entities at once, as in one batch run: its stop words depend
    # on the batch (a token is dropped when its count in the batch times its count in the index
    # is too high), so smaller batches would block differently. It yields the queries in the
    # order of their ids as strings; names_speed's turns are ranges of that order.
    rank = {qid: r for r, qid in enumerate(sorted(queries))}
    stream = index.match_entities([by_id[qid] for qid in queries])
    pending = None
    print(json.dumps({"event": "ready", "build": build}), flush=True)
    tally = fresh()
    search = search_cpu = 0.0
    for line in sys.stdin:
        if line.strip() == "end":
            break
        fields = line.split()
        end = int(fields[1])
        for _ in range(int(fields[2]) if len(fields) > 2 and blocked_warm else 0):
            ident, matches = blocked_warm[rewarmed % len(blocked_warm)]
            score(warm, ident, matches, scratch)
            rewarmed += 1
        started = time.perf_counter()
        cpu_started = time.process_time()  # DuckDB's thread included: the whole process's CPU
        while True:  # the first turn runs DuckDB's query too
            if pending is None:
                pending = next(stream, None)
                if pending is None:
                    break
            if rank[pending[0].id] >= end:
                break
            score(queries, pending[0], pending[1], tally)
            pending = None
        took, took_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        search += took
        search_cpu += took_cpu
        print(json.dumps({"event": "chunk", "search": took, "search_cpu": took_cpu}), flush=True)
    index.close()
    out = {
        "event": "end",
        "build": build,
        "search": search,
        "search_cpu": search_cpu,
        "queries": len(queries),
        "found": tally["found"],
        "found_han": tally["found_han"],
        "han_queries": sum(1 for _, _, q in queries.values() if HAN.search(q)),
        "han_with_candidates": tally["han_with_candidates"],
        "mean_candidates": tally["candidates"] / max(len(queries), 1),
        "threshold": threshold,
        "rss": peak_rss_mb(),
        "hits": sorted(tally["hits"]),
    }
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
