"""The starter knowledge base: every fact sourced, every checkable quote checked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from complicity.errors import UserError
from complicity.model import relation_types
from complicity.sources.kb import kb_dir, local_copies, read_kb
from complicity.store import open_store


def test_kb_size_and_evidence() -> None:
    batch = read_kb()
    assert len([e for e in batch.entities if e.kind != "list"]) >= 40
    assert len(batch.relations) >= 60
    docs = {d.id: d for d in batch.documents}
    for rel in batch.relations:
        assert rel.type in relation_types()
        assert rel.evidence, rel
        for ev in rel.evidence:
            assert ev.quote.strip()
            assert docs[ev.document_id].title and docs[ev.document_id].url


def test_kb_names_cite_their_entitys_sources() -> None:
    batch = read_kb()
    docs = {d.id: d for d in batch.documents}
    leon = next(e for e in batch.entities if e.id == "leon-technology")
    titles = {docs[d].title for d in leon.names[0].sources}
    assert any("ChinAI" in t for t in titles)  # 立昂技术 = Leon: as the newsletter gives it
    for entity in batch.entities:
        if entity.kind == "list":
            continue
        for name in entity.names:
            assert name.sources and all(d in docs for d in name.sources), (entity.id, name)


def test_a_name_may_cite_its_own_sources(tmp_path: Path) -> None:
    batch = read_kb()
    docs = {d.id: d for d in batch.documents}
    iflytek = next(e for e in batch.entities if e.id == "iflytek")
    cited = {n.text: {docs[d].title for d in n.sources} for n in iflytek.names}
    # the Chinese legal name comes from the filing that gives it with the stock code, not from
    # the English-language articles the entity cites for its listing
    (legal,) = cited["科大讯飞股份有限公司"]
    assert "科大讯飞股份有限公司2025年半年度报告摘要" in legal and legal in cited["科大讯飞"]
    assert not any("ChinAI" in t for t in cited["科大讯飞股份有限公司"])
    assert any("ChinAI" in t for t in cited["iFlytek"])
    # a name citing a source the file does not list is an error naming the entity
    for name in ("sources.yaml", "relations.yaml"):
        (tmp_path / name).write_text((kb_dir() / name).read_text("utf-8"), "utf-8")
    (tmp_path / "entities.yaml").write_text(
        "- id: x\n  kind: company\n  names:\n"
        "    - {text: X Co, lang: en, sources: [no-such-source]}\n  sources: [chinai-29]\n",
        "utf-8",
    )
    with pytest.raises(UserError, match=r"item 1 \(x\): unknown source 'no-such-source'"):
        read_kb(tmp_path)


def test_an_identifier_cites_its_own_sources_else_its_entitys() -> None:
    batch = read_kb()
    docs = {d.id: d for d in batch.documents}
    hikvision = next(e for e in batch.entities if e.id == "hikvision")
    cited = {i.scheme: {docs[d].title for d in i.sources} for i in hikvision.identifiers}
    # the ISIN is the OFAC list's, not the newsletter's the entity cites for its names
    (isin,) = cited["isin"]
    assert isin.startswith("OFAC Non-SDN Chinese Military-Industrial Complex Companies List")
    assert any("annual report" in t for t in cited["ticker"])
    for entity in batch.entities:
        for ident in entity.identifiers:
            assert ident.sources and all(d in docs for d in ident.sources), (entity.id, ident)


def test_kb_has_the_founding_facts() -> None:
    batch = read_kb()
    names = {e.id: {n.text for n in e.names} for e in batch.entities}
    assert "立昂技术" in names["leon-technology"] and "Leon Technology" in names["leon-technology"]
    own = {(r.source, r.target): r for r in batch.relations if r.type == "ownership"}
    jv = own[("leon-technology", "tangli-technology")]
    assert (jv.attrs["percent"], jv.attrs["amount"], jv.attrs["currency"]) == (49, 7350000, "CNY")
    assert own[("sensetime", "tangli-technology")].attrs["percent"] == 51
    partners = {
        (r.source, r.target, r.attrs.get("role"))
        for r in batch.relations
        if r.type == "partnership"
    }
    assert (
        "megvii",
        "xinjiang-public-security-video-laboratory",
        "technical support unit",
    ) in partners
    listed = {
        r.source
        for r in batch.relations
        if r.type == "listing" and r.target == "list-bis-entity-list"
    }
    assert {"sensetime", "megvii", "hikvision", "dahua"} <= listed
    # iFlytek's shareholder, as iFlytek's related-party notice gives it
    cmc = own[("china-mobile-communication", "iflytek")]
    assert cmc.attrs["percent"] == 12.23
    assert any("12.23%" in ev.quote for ev in cmc.evidence)


@pytest.mark.parametrize("source", local_copies(), ids=lambda s: s["id"])
def test_quotes_are_at_their_offsets_in_the_local_copy(source: dict, shared_data: Path) -> None:
    path = shared_data.parent / source["local_copy"]
    if not path.is_file():
        pytest.skip(f"local copy {path} not present")
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == source["sha256"], "local copy changed"
    text = data.decode("utf-8")
    batch = read_kb()
    checked = 0
    for rel in batch.relations:
        for ev in rel.evidence:
            if ev.document_id == source["sha256"] and ev.start is not None:
                assert text[ev.start : ev.end] == ev.quote
                checked += 1
    assert checked > 0


def test_kb_loads_into_store_idempotently(db: Path) -> None:
    store = open_store(db)
    first = store.write(read_kb(), "kb")
    again = store.write(read_kb(), "kb")
    assert first.relations >= 60 and again.relations == 0 and again.evidence == 0


def test_broken_kb_names_the_item(tmp_path: Path) -> None:
    for name in ("sources.yaml", "entities.yaml", "relations.yaml"):
        (tmp_path / name).write_text((kb_dir() / name).read_text("utf-8"), encoding="utf-8")
    rel = tmp_path / "relations.yaml"
    rel.write_text(
        rel.read_text("utf-8").replace("target: tangli-technology", "target: nowhere", 1)
    )
    with pytest.raises(UserError, match=r"relations.yaml item 1 .*unknown entity 'nowhere'"):
        read_kb(tmp_path)
