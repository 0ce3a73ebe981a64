"""search, show, import, export: the store as a user sees it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from complicity.errors import UserError
from complicity.model import Entity, Identifier, Name, Relation, relation_types
from complicity.store.db import Store, citation_line, open_store


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="find entities by any name, in any script")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "show", parents=[common], help="an entity, its names and its relations with evidence"
    )
    p.add_argument("entity", help="entity id, or a name (resolved by search)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import FollowTheMoney JSON lines or a knowledge-base folder",
    )
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "review",
        parents=[common],
        help="possible matches waiting for a person: list them, decide same or different",
        description="Without ITEM: list open review items. With ITEM and --same or --different: "
        "record the decision (who, when) as a judgement that later loads respect; --same also "
        "merges the two entities, their names, identifiers, relations and evidence.",
    )
    p.add_argument("item", nargs="?", type=int, help="review item number")
    decision = p.add_mutually_exclusive_group()
    decision.add_argument("--same", action="store_true", help="the two are one organisation")
    decision.add_argument("--different", action="store_true", help="they are not")
    p.add_argument("--who", default=None, help="who decides (default: the login name)")
    p.add_argument("--note", default="", help="why, for whoever reads the judgement later")
    p.add_argument("--all", action="store_true", help="list decided items too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("export", parents=[common], help="export the store as FtM JSON lines or CSV")
    p.add_argument("--format", choices=["ftm", "csv"], required=True)
    p.add_argument("--out", type=Path, help="FtM: a file (default stdout); CSV: a folder")
    p.set_defaults(func=cmd_export)


def cmd_search(args: argparse.Namespace) -> int:
    store = open_store(args.db, create=False)
    rows = [_hit(h.entity, h.name.text, "text") for h in store.search(args.query, limit=args.limit)]
    related: list[dict[str, Any]] = []
    if not rows:
        rows, related = _by_name_matcher(store, args.query, args.limit)
    if args.json:
        for row in rows:
            del row["caption_zh"]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"no entity matches {args.query!r}")
        for row in related:
            print(f"related, not matched: {row['id']} {row['caption']}: {row['why']}")
        return 1
    for row in rows:
        zh = row["caption_zh"]
        extra = f" / {zh}" if zh and zh != row["caption"] else ""
        how = f", score {row['score']:.2f} by {row['matched_by']}" if row["score"] else ""
        print(
            f"{row['id']:32} {row['kind']:12} {row['caption']}{extra}  "
            f"[matched: {row['matched_name']}{how}]"
        )
    return 0


def _by_name_matcher(
    store: Store, query: str, limit: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """When no name contains the query as written: the entities the name matcher (what
    ``screen`` uses) finds at or above its threshold, so that HIKVISION DIGITAL TECHNOLOGY CO
    LTD or 海康威视数字技术有限公司 find Hikvision as a screen would; and the entities it is
    related to but no match for, as a screen tells them (a unit of CETC, a company of
    Hikvision's group: the ``unit_of`` and ``group_company`` notes), with the note's words."""
    from complicity.names.index import NameIndex
    from complicity.names.match import RELATED_NOTES, THRESHOLD
    from complicity.names.normalize import NameInputError
    from complicity.screen.screen import matched_by

    index = NameIndex.from_store(store, cache=store.cache_dir)
    try:
        found = index.search(query, limit=limit, translate=True)
    except NameInputError:
        return [], []
    rows, related = [], []
    for c in found:
        entity = store.entity(c.entity_id)
        if entity is None:
            continue
        if c.score >= THRESHOLD:
            decided = matched_by([f.to_dict() for f in c.explanation])
            rows.append(_hit(entity, c.name, "name matcher", round(c.score, 3), decided))
        elif note := next((f for f in c.explanation[:2] if f.name in RELATED_NOTES), None):
            related.append({"id": entity.id, "caption": entity.caption, "why": note.detail})
    return rows, related


def _hit(
    entity: Entity,
    matched_name: str,
    found_by: str,
    score: float | None = None,
    decided: str | None = None,
) -> dict[str, Any]:
    """One row of ``search``'s answer (``caption_zh`` is for the table, not the JSON)."""
    return {
        "id": entity.id,
        "kind": entity.kind,
        "caption": entity.caption,
        "caption_zh": entity.caption_zh,
        "matched_name": matched_name,
        "names": [n.text for n in entity.names],
        "found_by": found_by,
        "score": score,
        "matched_by": decided,
    }


def relation_view(store: Store, rel: Relation) -> dict[str, Any]:
    """A relation with names and full evidence, as JSON-able data (used by show and reports)."""

    def end(entity_id: str | None) -> dict[str, Any] | None:
        if entity_id is None:
            return None
        entity = store.entity(entity_id)
        return {"id": entity_id, "name": entity.caption if entity else entity_id}

    evidence = [store.evidence_view(ev) for ev in rel.evidence]
    return {
        "id": rel.id,
        "type": rel.type,
        "label": relation_types()[rel.type]["label"],
        "source": end(rel.source),
        "target": end(rel.target),
        "asset": end(rel.asset),
        "attrs": rel.attrs,
        "start": rel.start,
        "end": rel.end,
        "evidence": evidence,
    }


def cmd_show(args: argparse.Namespace) -> int:
    from complicity.names.normalize import uscc_place
    from complicity.screen.resolve import resolve_entity

    store = open_store(args.db, create=False)
    entity = resolve_entity(store, args.entity)
    relations = [relation_view(store, r) for r in store.relations(entity.id)]
    # the documents that give the names and identifiers, numbered in order of first use
    given: list[Name | Identifier] = [*entity.names, *entity.identifiers]
    citations = {d: {"document": d, **c} for d, c in store.citations(given).items()}
    number = {d: i for i, d in enumerate(citations, 1)}
    if args.json:
        data = {
            "id": entity.id,
            "kind": entity.kind,
            "country": entity.country,
            "names": [
                {**vars(n), "sources": [citations[d] for d in n.sources if d in citations]}
                for n in entity.names
            ],
            "identifiers": [
                {**vars(i), "sources": [citations[d] for d in i.sources if d in citations]}
                for i in entity.identifiers
            ],
            "relations": relations,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{entity.caption}  ({entity.id}, {entity.kind}{', ' + entity.country if entity.country else ''})"
    )
    # every name and identifier from the same sources: said once
    shared = len({x.sources for x in given}) == 1
    for n in entity.names:
        cited = "" if shared else ", ".join(str(number[d]) for d in n.sources if d in number)
        print(f"  name  {n.text}  [{n.kind}, {n.lang or '?'}, {n.script}]"
              + (f"  (source {cited})" if cited else ""))  # fmt: skip
    for doc_id, c in citations.items():
        both = "names and identifiers" if entity.identifiers else "names"
        label = f"{both} from" if shared else f"source {number[doc_id]}"
        print(f"  {label}  {citation_line(c)}")
    for i in entity.identifiers:
        # where a USCC says the entity is registered: what tells a name said in another
        # province apart from the entity's own (names.index ``_registered_apart``)
        place = uscc_place(i.value) if i.scheme == "uscc" else None
        cited = "" if shared else ", ".join(str(number[d]) for d in i.sources if d in number)
        print(f"  id    {i.scheme}: {i.value}"
              + (f"  (registered in {place})" if place else "")
              + (f"  (source {cited})" if cited else ""))  # fmt: skip
    for r in relations:
        detail = ", ".join(f"{k} {v}" for k, v in r["attrs"].items())
        when = f" [{r['start'] or '?'} .. {r['end'] or ''}]" if r["start"] or r["end"] else ""
        asset = f" (shares of {r['asset']['name']})" if r["asset"] else ""
        print(f"\n  {r['source']['name']} —{r['label']}→ {r['target']['name']}{asset}{when}")
        if detail:
            print(f"    {detail}")
        for ev in r["evidence"]:
            where = f" @{ev['start']}:{ev['end']}" if ev["start"] is not None else ""
            print(f"    “{ev['quote']}”")
            print(
                f"      — {ev['title']}{', ' + ev['published'] if ev['published'] else ''}{where}"
            )
            if ev["url"]:
                print(f"        {ev['url']}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    import getpass

    store = open_store(args.db, create=False)
    if args.item is None:
        if args.same or args.different:
            raise UserError("--same/--different need the ITEM number (see `complicity review`)")
        items = store.review_items(None if args.all else "open")
        for item in items:
            for side in ("left", "right"):
                entity = store.entity(item[side])
                item[side + "_name"] = entity.caption if entity else None
        if args.json:
            print(json.dumps(items, ensure_ascii=False, indent=2))
            return 0
        if not items:
            print("nothing to review")
            return 0
        for item in items:
            print(f"#{item['id']:<5} score {item['score']:.2f}  {item['left_name']} [{item['left']}]"
                  f"  ?=  {item['right_name']} [{item['right']}]  ({item['status']})")  # fmt: skip
            print(f"       {item['reason']}; proposed by {item['source']}")
        print(f"\n{len(items)} item(s); decide with `complicity review ITEM --same|--different`")
        return 0
    if not (args.same or args.different):
        raise UserError("say --same or --different")
    who = args.who or getpass.getuser()
    kept = store.decide(args.item, same=args.same, who=who, note=args.note)
    if kept:
        print(f"#{args.item}: judged the same by {who}; merged into {kept}")
    else:
        print(f"#{args.item}: judged different by {who}; kept apart from now on")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from complicity.sources.ftm import read_ftm
    from complicity.sources.kb import read_kb

    path: Path = args.file
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    if path.is_dir():
        batch = read_kb(path)
    elif path.suffix.lower() in (".json", ".jsonl", ".ftm", ".ndjson"):
        batch = read_ftm(path)
    else:
        raise UserError(
            f"{path}: unknown format; `import` reads FollowTheMoney JSON lines (.json, .jsonl, "
            ".ftm) or a knowledge-base folder; official lists go through `complicity lists load`"
        )
    store = open_store(args.db)
    result = store.write(batch, label=str(path))
    print(result.summary())
    for where, why in result.rejected:
        print(f"  rejected {where}: {why}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from complicity.sources.ftm import write_ftm

    store = open_store(args.db, create=False)
    if args.format == "ftm":
        if args.out:
            with args.out.open("w", encoding="utf-8") as out:
                count = write_ftm(store, out)
            print(f"wrote {count} FollowTheMoney entities to {args.out}", file=sys.stderr)
        else:
            write_ftm(store, sys.stdout)
        return 0
    if not args.out:
        raise UserError(
            "CSV export writes two files (entities.csv, relations.csv): give --out FOLDER"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    n_ent, n_rel = export_csv(store, args.out)
    print(f"wrote {n_ent} entities and {n_rel} relation-evidence rows to {args.out}/")
    return 0


def export_csv(store: Store, folder: Path) -> tuple[int, int]:
    """entities.csv (one row per entity) and relations.csv (one row per relation and evidence);
    no cell is a formula to a spreadsheet (``report.spreadsheet``)."""
    from complicity.report.spreadsheet import Writer

    n_ent = n_rel = 0
    with (folder / "entities.csv").open("w", newline="", encoding="utf-8") as f:
        w = Writer(f)
        w.writerow(["id", "kind", "country", "caption", "names", "identifiers"])
        for e in store.entities():
            w.writerow([e.id, e.kind, e.country or "", e.caption,
                        " | ".join(n.text for n in e.names),
                        " | ".join(f"{i.scheme}:{i.value}" for i in e.identifiers)])  # fmt: skip
            n_ent += 1
    with (folder / "relations.csv").open("w", newline="", encoding="utf-8") as f:
        w = Writer(f)
        w.writerow(["relation_id", "type", "source_id", "source", "target_id", "target", "asset_id",
                    "attributes", "start", "end", "quote", "document_title", "document_url",
                    "published", "start_offset", "end_offset", "extractor", "confidence"])  # fmt: skip
        for rel in store.relations():
            v = relation_view(store, rel)
            for ev in v["evidence"]:
                w.writerow([rel.id, rel.type, rel.source, v["source"]["name"], rel.target,
                            v["target"]["name"], rel.asset or "",
                            json.dumps(rel.attrs, ensure_ascii=False), rel.start or "",
                            rel.end or "", ev["quote"], ev["title"], ev["url"] or "",
                            ev["published"] or "", ev["start"], ev["end"], ev["extractor"],
                            ev["confidence"]])  # fmt: skip
                n_rel += 1
    return n_ent, n_rel
