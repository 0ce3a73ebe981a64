"""OFAC "advanced" XML (``sdn_advanced.xml``, ``cons_advanced.xml``): a normalised document where
names, identity documents, relationships and programs reference each other by id:

- ReferenceValueSets: AliasType (Name, A.K.A., F.K.A., N.K.A.), PartySubType -> PartyType
  (Individual, Entity, Vessel, Aircraft), IDRegDocType (ISIN, USCC, Registration Number, ...),
  RelationType ("Owned or Controlled By"...), List, SanctionsProgram, Script;
- IDRegDocuments: IDRegDocument(IDRegDocTypeID, IdentityID) / IDRegistrationNo;
- DistinctParties: DistinctParty(FixedRef = OFAC entry number) / Profile(PartySubTypeID) /
  Identity(ID) / Alias(AliasTypeID, Primary) / DocumentedName / DocumentedNamePart /
  NamePartValue(ScriptID);
- ProfileRelationships: ProfileRelationship(From-ProfileID, To-ProfileID, RelationTypeID);
- SanctionsEntries: SanctionsEntry(ProfileID, ListID) / EntryEvent / Date, SanctionsMeasure
  (SanctionsTypeID of "Program") / Comment = the program.

Namespaces are ignored (OFAC has used two). "Owned or Controlled By" becomes an ownership edge
(percent unknown) quoting the relationship element; names in Han script get lang zh.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from xml.etree.ElementTree import Element

from complicity.errors import UserError

from .base import (
    LISTS,
    Collector,
    ListBatch,
    kind_for,
    parse_xml,
    read_source,
    text_of,
)

FORMAT = "ofac-xml"
OWNERSHIP_TYPES = ("owned or controlled by",)
SCHEMES = {
    "isin": "isin",
    "unified social credit code (uscc)": "uscc",
    "legal entity number": "lei",
    "equity ticker": "ticker",
    "registration number": "registration",
    "registration id": "registration",
    "company number": "registration",
    "business registration number": "registration",
    "tax id no.": "tax",
    "vessel registration identification": "imo",
}


def _refs(root: Element, group: str) -> dict[str, str]:
    sets = root.find("ReferenceValueSets")
    node = sets.find(group) if sets is not None else None
    return {el.get("ID", ""): " ".join((el.text or "").split()) for el in (node or [])}


def _date(el: Element | None) -> str | None:
    if el is None:
        return None
    y, m, d = (text_of(el, t) for t in ("Year", "Month", "Day"))
    if not y:
        return None
    return y + (f"-{int(m):02d}" if m else "") + (f"-{int(d):02d}" if m and d else "")


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    col = Collector(FORMAT)
    for path in paths:
        src = read_source(path, encoding)
        root, spans = parse_xml(src, {"DistinctParty", "ProfileRelationship", "SanctionsEntry"})
        if root.tag != "Sanctions":
            raise UserError(f"{path.name}: root element <{root.tag}>, not OFAC's <Sanctions>")
        alias_types = _refs(root, "AliasTypeValues")
        party_types = _refs(root, "PartyTypeValues")
        sub_types = {
            el.get("ID", ""): party_types.get(el.get("PartyTypeID", ""), el.text or "")
            for el in (root.find("ReferenceValueSets/PartySubTypeValues") or [])
        }
        doc_types = _refs(root, "IDRegDocTypeValues")
        relation_types = _refs(root, "RelationTypeValues")
        list_names = _refs(root, "ListValues")
        sanction_types = _refs(root, "SanctionsTypeValues")
        consolidated = "cons" in path.name.lower()
        issued = _date(root.find("DateOfIssue"))
        url = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/" + (
            "CONS_ADVANCED.XML" if consolidated else "SDN_ADVANCED.XML"
        )
        doc = col.document(src, f"OFAC advanced XML ({path.name})", url, published=issued)
        documents: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for reg in root.iter("IDRegDocument"):
            kind = doc_types.get(reg.get("IDRegDocTypeID", ""), "").lower()
            documents[reg.get("IdentityID", "")].append((kind, text_of(reg, "IDRegistrationNo")))
        fc = col.count(path, "parties")
        parties: dict[str, str] = {}  # profile id -> entity id
        for party in root.iter("DistinctParty"):
            fc.rows += 1
            ref = party.get("FixedRef", "")
            profile = party.find("Profile")
            where = (
                f"{path.name}: <DistinctParty FixedRef={ref}> (line "
                f"{src.line_of(spans[id(party)][0])})"
            )
            if profile is None or not ref:
                col.reject(fc, where, "no Profile or FixedRef")
                continue
            party_type = sub_types.get(profile.get("PartySubTypeID", ""), "")
            names: list[tuple[str, str]] = []
            for alias in profile.iter("Alias"):
                a_type = alias_types.get(alias.get("AliasTypeID", ""), "").lower()
                for dn in alias.iter("DocumentedName"):
                    text = " ".join(text_of(v) for v in dn.iter("NamePartValue") if text_of(v))
                    if not text:
                        continue
                    if alias.get("Primary") == "true" and not names:
                        kind_name = "list"
                    elif a_type.startswith("f.k.a"):
                        kind_name = "former"
                    else:
                        kind_name = "list" if a_type == "name" else "alias"
                    names.append((text, kind_name))
            if not names:
                col.reject(fc, where, "no name")
                continue
            ent_kind = kind_for(party_type or "entity", names[0][0])
            if ent_kind is None:
                col.reject(fc, where, f"{party_type}: no entity kind for it")
                continue
            ent, new = col.entity(f"ofac-{ref}", ent_kind, entry=ref)
            fc.entries += new
            fc.attached += not new
            for text, kind_name in names:
                col.name(ent, text, kind_name)
            col.identifier(ent, "ofac_ent_num", ref)
            for identity in profile.iter("Identity"):
                for kind_doc, number in documents.get(identity.get("ID", ""), []):
                    scheme = SCHEMES.get(kind_doc)
                    if scheme:
                        col.identifier(ent, scheme, number)
                    col.identifiers_in(ent, number)
            parties[profile.get("ID", ref)] = ent.id
        for entry in root.iter("SanctionsEntry"):
            eid = parties.get(entry.get("ProfileID", ""))
            if eid is None:
                continue
            list_name = list_names.get(entry.get("ListID", ""), "")
            programs = [
                text_of(m, "Comment")
                for m in entry.iter("SanctionsMeasure")
                if sanction_types.get(m.get("SanctionsTypeID", ""), "").lower() == "program"
                and text_of(m, "Comment")
            ]
            if "CMIC" in list_name or "CMIC-EO13959" in programs:
                info = LISTS["list-ofac-ns-cmic"]
            elif "SDN" in list_name and "NON-SDN" not in list_name.upper():
                info = LISTS["list-ofac-sdn"]
            else:
                info = LISTS["list-ofac-cons" if consolidated or list_name else "list-ofac-sdn"]
            start = _date(entry.find("EntryEvent/Date"))
            s, e = spans[id(entry)]
            ent = col.entities[eid]
            col.listing(
                ent,
                info,
                col.evidence(doc, s, e),
                entry=ent.id.removeprefix("ofac-"),
                program="; ".join(programs) or None,
                start=start,
                ofac_list=list_name or None,
            )
        for rel in root.iter("ProfileRelationship"):
            rtype = relation_types.get(rel.get("RelationTypeID", ""), "").lower()
            src_id = parties.get(rel.get("From-ProfileID", ""))
            dst_id = parties.get(rel.get("To-ProfileID", ""))
            if rtype not in OWNERSHIP_TYPES or not src_id or not dst_id:
                continue
            s, e = spans[id(rel)]
            # "A Owned or Controlled By B": B -> A
            col.ownership(
                dst_id, src_id, col.evidence(doc, s, e), basis="OFAC: owned or controlled by"
            )
    return col.finish()
