"""Commands of this package (see complicity.cli): extract, ingest, eval."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from complicity.errors import UserError

NER_HELP = "mention recogniser: rules (gazetteer + patterns, default) or lac (optional extra)"


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "extract",
        parents=[common],
        help="relations with their evidence from documents (no store needed)",
        description="Read documents (text, HTML, PDF, DOCX; any common Chinese or Unicode encoding) "
        "and print the relations found, each with the exact quote and its offsets. Uses the "
        "names of the store (--db, else $COMPLICITY_DB, else ./complicity.db) when there is "
        "one, and says so; without one, every organisation found gets a new id.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per line and relation")
    p.add_argument("--max-mb", type=float, default=50.0, help="largest document read (default 50)")
    p.add_argument("--ner", choices=("rules", "lac"), default="rules", help=NER_HELP)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "ingest",
        parents=[common],
        help="read documents, extract relations and write them to the store",
        description="Each file is written in one transaction (all of it or nothing); documents are "
        "de-duplicated by content hash, so ingesting a file twice adds nothing.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE|DIR")
    p.add_argument("--max-mb", type=float, default=50.0, help="largest document read (default 50)")
    p.add_argument("--ner", choices=("rules", "lac"), default="rules", help=NER_HELP)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("eval", help="score the extractor on the gold set (eval/gold/*.yaml)")
    p.add_argument(
        "gold", nargs="*", metavar="GOLD.yaml", help="gold files (default: eval/gold/*.yaml)"
    )
    p.add_argument("--json", action="store_true", help="scores as JSON")
    p.add_argument(
        "--errors", action="store_true", help="list misses, spurious relations and wrong attributes"
    )
    p.add_argument("--ner", choices=("rules", "lac"), default="rules", help=NER_HELP)
    p.set_defaults(func=cmd_eval)


def _existing_store(db: str | None) -> Any:
    """The store at --db, else $COMPLICITY_DB, else ./complicity.db, as every command finds
    it, when there is one (``extract`` needs none; a --db that names none is an error), else
    None. Which one is said on stderr: the relations' ids depend on it."""
    from complicity.store import open_store
    from complicity.store.db import resolve_path

    path = resolve_path(db)
    if not path.is_file():
        if db:
            raise UserError(f"no store at {db}")
        return None
    print(f"names from the store {path}", file=sys.stderr)
    return open_store(path, create=False)


def store_pipeline(store: Any, ner: str = "rules") -> Any:
    """The extraction pipeline for ``ner``, with the store's names (gazetteer) and its name index
    (matcher), both built once; without a store, the built-in lexicon and patterns only."""
    from complicity.extract.ner import add_ner
    from complicity.extract.pipeline import Pipeline
    from complicity.extract.resolve import Resolver

    if store is None:
        pipe = Pipeline.default()
    else:
        known = [(eid, n.text) for eid, n in store.all_names()]
        pipe = Pipeline.default(known, resolver=Resolver.from_store(store))
    add_ner(pipe, ner)
    return pipe


def _end(mention: Any, resolution: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": mention.name}
    if mention.entity_id:
        out["entity_id"] = mention.entity_id
    if mention.text != mention.name:
        out["as_written"] = mention.text
    if resolution is not None:
        out["resolved"] = resolution.to_dict()
    return out


def relation_json(x: Any, document: str, resolved: dict[str, Any] | None = None) -> dict[str, Any]:
    """One relation as JSON; ``resolved`` (by mention key) says how each end got its entity."""
    how = resolved or {}
    out: dict[str, Any] = {
        "type": x.type,
        "source": _end(x.source, how.get(x.source.key)),
        "target": _end(x.target, how.get(x.target.key)),
    }
    if x.asset is not None:
        out["asset"] = _end(x.asset, how.get(x.asset.key))
    for key in ("percent", "amount", "currency", "role", "round"):
        if x.attrs.get(key) is not None:
            out[key] = x.attrs[key]
    if x.date:
        out["date"] = x.date
    out["evidence"] = {"document": document, "start": x.start, "end": x.end, "quote": x.quote}
    if x.more:
        out["more_evidence"] = [
            {"document": document, "start": a, "end": b, "quote": q} for a, b, q in x.more
        ]
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    from complicity.extract.ner import require_ner

    require_ner(args.ner)
    store = _existing_store(args.db)
    try:
        _extract_files(args, store_pipeline(store, args.ner))
    finally:
        if store is not None:
            store.close()
    return 0


def _extract_files(args: argparse.Namespace, pipe: Any) -> None:
    from complicity.extract.ingest import read_document

    max_bytes = int(args.max_mb * 1024 * 1024)
    for name in args.files:
        doc = read_document(name, max_bytes=max_bytes)
        state = pipe.run(doc)
        for x in state.extracted:
            item = relation_json(x, name, state.resolved)
            if args.json:
                print(json.dumps(item, ensure_ascii=False))
            else:
                attrs = ", ".join(
                    f"{k}={item[k]}"
                    for k in ("percent", "amount", "currency", "date", "role")
                    if k in item
                )
                asset = f" [{item['asset']['name']}]" if "asset" in item else ""
                print(
                    f"{x.type}: {x.source.name} -> {x.target.name}{asset}"
                    + (f" ({attrs})" if attrs else "")
                )
                print(f"    {name}:{x.start}-{x.end} \u201c{x.quote}\u201d")
        if not args.json and not state.extracted:
            print(f"{name}: no relation found", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from complicity.extract.ingest import iter_files, read_document
    from complicity.extract.ner import require_ner
    from complicity.store import open_store

    require_ner(args.ner)
    files: list[Path] = []
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
        files += iter_files(path)
    if not files:
        raise UserError("no documents found (text, HTML, PDF or DOCX)")
    store = open_store(args.db)
    failed = 0
    try:
        pipe = store_pipeline(store, args.ner)  # names and matcher index built once per run
        max_bytes = int(args.max_mb * 1024 * 1024)
        for path in files:
            try:
                doc = read_document(path, max_bytes=max_bytes)
                batch = pipe.run(doc).batch
                result = store.write(batch, label=f"ingest {path.name}")
            except UserError as exc:
                if len(files) == 1:
                    raise
                failed += 1
                print(f"complicity: error: {exc}", file=sys.stderr)
                continue
            print(result.summary())
    finally:
        store.close()
    if failed:
        print(
            f"{failed} of {len(files)} files not ingested (the store has the others)",
            file=sys.stderr,
        )
        return 2
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from complicity.extract.evaluate import default_gold_dir, format_table, load_gold, score

    pipe = store_pipeline(None, args.ner)  # the gold set is scored without a store
    if args.gold:
        files = [Path(g) for g in args.gold]
    else:
        folder = default_gold_dir()
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise UserError(f"no gold files in {folder}")
    results: dict[str, Any] = {}
    tables = []
    errors: list[str] = []
    for f in files:
        s = score(load_gold([f]), pipe)
        results[f.stem] = s.as_dict()
        tables.append(format_table(f.stem, s))
        errors += s.errors
    if len(files) > 1:
        s = score(load_gold(files), pipe)
        results["all"] = s.as_dict()
        tables.append(format_table("all", s))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(tables))
        if args.errors and errors:
            print("\n" + "\n".join(errors))
    return 0
