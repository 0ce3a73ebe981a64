"""UN Security Council consolidated list XML (``CONSOLIDATED_LIST`` with ``INDIVIDUALS`` and
``ENTITIES``). An entry is its REFERENCE_NUMBER (e.g. KPe.001), also kept as ``un_reference`` so
the same party on the UK list (which cites it) resolves to one entity. Names: FIRST_NAME ..
FOURTH_NAME joined, NAME_ORIGINAL_SCRIPT, aliases by QUALITY (f.k.a. -> former). Evidence quotes
the whole INDIVIDUAL / ENTITY element.
"""

from __future__ import annotations

from pathlib import Path

from complicity.errors import UserError

from .base import (
    LISTS,
    Collector,
    ListBatch,
    country_code,
    entity_id,
    kind_for,
    parse_xml,
    read_source,
    text_of,
)

FORMAT = "un-xml"
INFO = LISTS["list-un-sc"]


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        root, spans = parse_xml(src, {"INDIVIDUAL", "ENTITY"})
        if root.tag != "CONSOLIDATED_LIST":
            raise UserError(f"{path.name}: root element <{root.tag}>, not <CONSOLIDATED_LIST>")
        generated = root.get("dateGenerated")
        doc = col.document(
            src,
            f"UN SC Consolidated List ({path.name})",
            INFO.url,
            published=generated[:10] if generated else None,
        )
        fc = col.count(path)
        for el in root.iter():
            if el.tag not in ("INDIVIDUAL", "ENTITY"):
                continue
            fc.rows += 1
            ref = text_of(el, "REFERENCE_NUMBER") or text_of(el, "DATAID")
            where = f"{path.name}: <{el.tag}> {ref} (line {src.line_of(spans[id(el)][0])})"
            parts = [
                text_of(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            name = " ".join(p for p in parts if p)
            if not name or not ref:
                col.reject(fc, where, "no name" if not name else "no reference number")
                continue
            kind = kind_for("individual" if el.tag == "INDIVIDUAL" else "entity", name)
            assert kind is not None
            ent, new = col.entity(entity_id("un", ref), kind, entry=ref)
            fc.entries += new
            fc.attached += not new
            col.name(ent, name, "list")
            col.name(ent, text_of(el, "NAME_ORIGINAL_SCRIPT"), "alias")
            for alias in el.iter():
                if alias.tag in ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
                    quality = text_of(alias, "QUALITY").lower()
                    kind_name = "former" if quality.startswith("f.k.a") else "alias"
                    col.name(ent, text_of(alias, "ALIAS_NAME"), kind_name)
            col.identifier(ent, "un_reference", ref)
            if el.tag == "ENTITY":
                for addr in el.iter("ENTITY_ADDRESS"):
                    ent.country = ent.country or country_code(text_of(addr, "COUNTRY"))
            col.identifiers_in(ent, text_of(el, "COMMENTS1"))
            start, end = spans[id(el)]
            col.listing(
                ent,
                INFO,
                col.evidence(doc, start, end),
                entry=ref,
                program=text_of(el, "UN_LIST_TYPE") or None,
                start=text_of(el, "LISTED_ON") or None,
            )
    return col.finish()
