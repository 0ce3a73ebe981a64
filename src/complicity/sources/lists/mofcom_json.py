"""PRC MOFCOM lists as JSON (the xyna ``cn.json`` layout): an array of ``{id, list_id,
entity_name, aliases[], country, date_added, reason, source_list_name, source_url, ...}`` covering
the Unreliable Entity List, the Export Control Control List and the Attention List. The ``country``
field is the listing country, not the entity's; aliases in Chinese keep lang zh.
"""

from __future__ import annotations

from pathlib import Path

from complicity.errors import UserError

from .base import (
    LISTS,
    Collector,
    ListBatch,
    entity_id,
    json_items,
    json_load,
    kind_for,
    read_source,
)

FORMAT = "mofcom-json"
LIST_IDS = {
    "cn-unreliable-entity-list": "list-mofcom-unreliable",
    "cn-export-control-watchlist": "list-mofcom-export-control",
    "cn-export-control-list": "list-mofcom-export-control",
    "cn-attention-list": "list-mofcom-attention",
}


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        data = json_load(src)
        if not isinstance(data, list):
            raise UserError(f"{path.name}: expected a JSON array of list entries")
        doc = col.document(src, f"MOFCOM lists ({path.name})", None, language="zh")
        fc = col.count(path)
        for i, (start, end, item) in enumerate(json_items(src)):
            fc.rows += 1
            where = f"{path.name}: item {i + 1} (line {src.line_of(start)})"
            if not isinstance(item, dict) or not item.get("entity_name"):
                col.reject(fc, where, "no entity_name")
                continue
            list_id = LIST_IDS.get(str(item.get("list_id", "")))
            if list_id is None:
                col.reject(fc, where, f"unknown list_id {item.get('list_id')!r}")
                continue
            info = LISTS[list_id]
            entry = str(item.get("id") or item["entity_name"])
            kind = kind_for(str(item.get("entity_type") or "organization"), item["entity_name"])
            if kind is None:
                col.reject(fc, where, f"{item.get('entity_type')}: no entity kind for it")
                continue
            ent, new = col.entity(entity_id("mofcom", entry), kind, entry=entry)
            fc.entries += new
            fc.attached += not new
            col.name(ent, item["entity_name"], "list")
            for alias in item.get("aliases") or []:
                col.name(ent, str(alias), "alias")
            col.identifiers_in(ent, str(item.get("reason") or ""))
            col.listing(
                ent,
                info,
                col.evidence(doc, start, end),
                entry=entry,
                program=item.get("source_list_name") or None,
                start=item.get("date_added"),
                url=item.get("source_url") or None,
                reason=item.get("reason") or None,
            )
    return col.finish()
