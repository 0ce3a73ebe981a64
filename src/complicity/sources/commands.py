"""Commands of this package (see complicity.cli): ``lists load``, ``lists update``, ``lists diff``."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from complicity.errors import UserError


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    from complicity.sources.lists import FORMATS

    lists = sub.add_parser(
        "lists",
        help="official sanctions / export-control lists: load, update, diff",
        description="Load official lists as published, keep their versions, see what changed.",
    )
    lsub = lists.add_subparsers(dest="lists_command", metavar="ACTION")
    lists.set_defaults(func=lambda args: (lists.print_help(), 2)[1])

    formats = "\n".join(f"  {k:<18} {v[2]}" for k, v in FORMATS.items())
    load = lsub.add_parser(
        "load",
        parents=[common],
        help="load list files into the store (one transaction)",
        description="Read list files, resolve entries against the store, write them in one "
        "transaction. Formats:\n" + formats,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument("format", choices=sorted(FORMATS), metavar="FORMAT")
    load.add_argument("paths", nargs="+", metavar="PATH")
    load.add_argument("--encoding", help="the files' encoding when not UTF-8 (e.g. gb18030)")
    load.add_argument(
        "--report",
        metavar="FILE",
        help="also write every count, rejected row and review item as JSON",
    )
    load.add_argument("--dry-run", action="store_true", help="read and resolve, write nothing")
    load.set_defaults(func=cmd_load)

    update = lsub.add_parser(
        "update",
        parents=[common],
        help="fetch the official files, keep each version, load new ones",
    )
    update.add_argument("sources", nargs="*", metavar="SOURCE", help="default: all configured")
    update.add_argument(
        "--config",
        metavar="FILE",
        help="YAML of source -> format + urls "
        "(default: the shipped sources.yaml with the official URLs)",
    )
    update.add_argument("--no-load", action="store_true", help="keep the versions, load nothing")
    update.set_defaults(func=cmd_update)

    diff = lsub.add_parser(
        "diff",
        parents=[common],
        help="entries added, removed and changed between two kept versions",
    )
    diff.add_argument("source", metavar="LIST", help="a source name of the update config")
    diff.add_argument("--from", dest="ref_from", metavar="V1", help="version (id or prefix)")
    diff.add_argument("--to", dest="ref_to", metavar="V2", help="version (default: the latest)")
    diff.add_argument("--json", action="store_true", help="machine-readable output")
    diff.set_defaults(func=cmd_diff)


def _lists_root(db: str | None) -> Path:
    from complicity.store import resolve_path

    return resolve_path(db).resolve().parent / "lists"


def load_files(
    fmt: str,
    paths: list[Path],
    db: str | None,
    encoding: str | None = None,
    dry_run: bool = False,
    label: str | None = None,
) -> dict[str, Any]:
    """Read, resolve, write (one transaction). Returns the report; prints nothing."""
    from complicity.model import ReviewItem
    from complicity.sources.lists import read_list
    from complicity.sources.lists.resolve import resolve
    from complicity.store import open_store

    batch = read_list(fmt, paths, encoding)
    store = open_store(db)
    try:
        res = resolve(batch, store)
        # Uncertain matches are written with the load, in the same transaction, for a person
        # to decide with `complicity review`.
        batch.review += [
            ReviewItem(r.entity, r.candidate, r.score, r.reason, f"lists load {fmt}")
            for r in res.review
        ]
        written = None
        if not dry_run:
            names = " ".join(p.name for p in paths) if len(paths) <= 4 else f"{len(paths)} files"
            written = store.write(batch, label=label or f"lists load {fmt} {names}")
    finally:
        store.close()
    return {
        "format": fmt,
        "files": [vars(f) for f in batch.files],
        "rejected": [{"where": w, "why": y} for w, y in batch.rejected],
        "resolution": {
            "new": len(res.new),
            "merged_into_store": {k: list(v) for k, v in res.merged_store.items()},
            "merged_within_load": {k: list(v) for k, v in res.merged_batch.items()},
            "summary": res.summary(),
        },
        "review": [r.as_dict() for r in res.review],
        "store": written.summary() if written else None,
        "dry_run": dry_run,
    }


def format_report(report: dict[str, Any]) -> str:
    files = report["files"]
    rows = sum(f["rows"] for f in files)
    out = [f"{report['format']}: {len(files)} file(s), {rows:,} rows"]
    width = max(len(Path(f["path"]).name) for f in files)
    for f in files:
        parts = (
            [f"{f['entries']:,} entries"]
            if f["entries"]
            or f["role"]
            in (
                "entries",
                "primary",
            )
            else []
        )
        if f["attached"]:
            parts.append(f"{f['attached']:,} attached to an entry")
        parts.append(f"{f['rejected']:,} rejected")
        out.append(
            f"  {Path(f['path']).name:<{width}}  {f['rows']:>8,} rows = " + " + ".join(parts)
        )
    if report["rejected"]:
        out.append("rejected, by reason:")
        for why, n in Counter(r["why"] for r in report["rejected"]).most_common():
            example = next(r["where"] for r in report["rejected"] if r["why"] == why)
            out.append(f"  {n:>8,}  {why}  (e.g. {example})")
    out.append("entries: " + report["resolution"]["summary"])
    if report["review"] and not report["dry_run"]:
        out.append(
            f"review: {len(report['review'])} uncertain match(es) not merged; "
            "decide with `complicity review`"
        )
    if report["store"]:
        out.append("store: " + report["store"])
    elif report["dry_run"]:
        out.append("dry run: nothing written")
    return "\n".join(out)


def cmd_load(args: argparse.Namespace) -> int:
    report = load_files(
        args.format,
        [Path(p) for p in args.paths],
        args.db,
        encoding=args.encoding,
        dry_run=args.dry_run,
    )
    print(format_report(report))
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from complicity.sources.lists.versions import Archive, fetch, load_config

    config = load_config(Path(args.config) if args.config else None)
    names = args.sources or list(config)
    unknown = [n for n in names if n not in config]
    if unknown:
        raise UserError(f"unknown source(s) {', '.join(unknown)}; configured: {', '.join(config)}")
    root = _lists_root(args.db)
    failures = 0
    for name in names:
        src = config[name]
        try:
            files = [(url, fetch(url)) for url in src.urls]
        except UserError as exc:
            print(f"{name}: not updated: {exc}", file=sys.stderr)
            failures += 1
            continue
        archive = Archive(root, name)
        version, new = archive.add(src.format, files)
        if not new:
            print(f"{name}: unchanged since {version.id}")
            continue
        size = sum(f["bytes"] for f in version.files)
        print(f"{name}: new version {version.id} ({len(version.files)} file(s), {size:,} bytes)")
        if not args.no_load:
            report = load_files(
                src.format,
                version.paths(archive.folder),
                args.db,
                label=f"lists update {name} {version.id}",
            )
            print("  " + format_report(report).replace("\n", "\n  "))
    if failures == len(names):
        raise UserError("no list could be fetched (offline?); nothing changed")
    return 1 if failures else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from complicity.sources.lists.versions import Archive, diff_versions, format_diff

    archive = Archive(_lists_root(args.db), args.source)
    if not archive.index_path.exists():
        raise UserError(
            f"no versions of {args.source!r} under {archive.folder}: run "
            f"`complicity lists update {args.source}` first"
        )
    v_from, v_to, diff = diff_versions(archive, args.ref_from, args.ref_to)
    if args.json:
        payload = {"list": args.source, "from": v_from.id, "to": v_to.id, **diff}
        print(json.dumps(payload, indent=1, ensure_ascii=False))
    else:
        print(format_diff(args.source, v_from, v_to, diff))
    return 0
