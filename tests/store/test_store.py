from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from complicity.errors import UserError
from complicity.model import (
    Batch,
    Document,
    Entity,
    Evidence,
    Identifier,
    Name,
    Relation,
    ReviewItem,
)
from complicity.store import open_store
from tests.factories import jv_batch


def test_write_is_idempotent_and_merges(db: Path) -> None:
    store = open_store(db)
    first = store.write(jv_batch(), "a")
    again = store.write(jv_batch(), "a")
    assert (first.entities, first.relations, first.evidence) == (3, 2, 2)
    assert (again.entities, again.relations, again.evidence, again.names) == (0, 0, 0, 0)
    assert again.merged == 3
    assert store.counts()["relations"] == 2
    # Merging: a new name for an existing id is added, nothing is lost.
    store.write(Batch(entities=[Entity("alpha", "company", [Name("Alpha Holdings", "en")])]), "b")
    names = {n.text for n in store.entity("alpha").names}  # type: ignore[union-attr]
    assert names == {"甲公司", "Alpha Ltd", "Alpha Holdings"}


def test_search_finds_chinese_substrings_across_scripts(db: Path) -> None:
    store = open_store(db)
    store.write(jv_batch(), "a")
    assert [h.entity.id for h in store.search("合资科技")] == ["venture"]
    assert [h.entity.id for h in store.search("合資科技有限")] == ["venture"]  # traditional query
    assert [h.entity.id for h in store.search("甲公")] == ["alpha"]  # 2 chars: below trigram size
    assert [h.entity.id for h in store.search("alpha ltd")] == ["alpha"]
    assert store.search("不存在的公司") == []


def test_bad_batch_writes_nothing(db: Path) -> None:
    store = open_store(db)
    store.write(jv_batch(), "a")
    before = store.counts()
    batch = jv_batch()
    batch.entities.append(Entity("gamma", "company", [Name("Gamma", "en")]))
    batch.relations.append(
        Relation("ownership", "gamma", "nobody", evidence=batch.relations[0].evidence)
    )
    with pytest.raises(UserError, match="unknown entity 'nobody'"):
        store.write(batch, "bad")
    assert store.counts() == before
    assert store.entity("gamma") is None
    assert store.search("Gamma") == []  # nor in the name search


def test_a_store_made_before_names_were_indexed_per_write_keeps_finding_them(db: Path) -> None:
    # a store at schema 3 indexed names with a trigger; migration 4 drops it and the store
    # indexes each write's names itself: the old names and the new are both found, once
    import sqlite3

    from complicity.store.db import _migrations

    conn = sqlite3.connect(db, isolation_level=None)
    for number, sql in _migrations()[:3]:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={number};\nCOMMIT;")
    conn.execute("INSERT INTO entities VALUES ('old', 'company', NULL, '{}')")
    conn.execute(
        "INSERT INTO names(entity_id, text, norm, lang, kind, script) "
        "VALUES ('old', '旧合资科技有限公司', '旧合资科技有限公司', 'zh', 'legal', 'Hans')"
    )
    conn.close()
    store = open_store(db)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 4
    store.write(jv_batch(), "a")
    assert [h.entity.id for h in store.search("旧合资科技")] == ["old"]
    assert {h.entity.id for h in store.search("合资科技")} == {"old", "venture"}
    store.write(jv_batch(), "again")  # adds no name, indexes none twice
    indexed = store.conn.execute("SELECT count(*) FROM names_fts_docsize").fetchone()[0]
    assert indexed == store.conn.execute("SELECT count(*) FROM names").fetchone()[0]


def test_quote_must_match_offsets(db: Path) -> None:
    batch = jv_batch()
    ev = batch.relations[0].evidence[0]
    batch.relations[0].evidence = [
        Evidence(ev.document_id, ev.quote, ev.start + 1, ev.end + 1, "t")
    ]  # type: ignore[operator]
    with pytest.raises(UserError, match="quote does not match"):
        open_store(db).write(batch, "bad")


def test_relation_without_evidence_is_refused(db: Path) -> None:
    batch = jv_batch()
    batch.relations[0].evidence = []
    with pytest.raises(UserError, match="no evidence"):
        open_store(db).write(batch, "bad")


def test_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(UserError, match="not a usable store"):
        open_store(junk)
    with pytest.raises(UserError, match="no store at"):
        open_store(tmp_path / "missing.db", create=False)


def test_name_too_long_is_refused(db: Path) -> None:
    batch = Batch(entities=[Entity("x", "company", [Name("A" * 10_000)])])
    with pytest.raises(UserError, match="longer than"):
        open_store(db).write(batch, "bad")


def test_killed_import_leaves_store_unchanged(db: Path, tmp_path: Path) -> None:
    """A process killed in the middle of a write (here: between two inserts of one transaction)
    leaves the file as it was before that write."""
    open_store(db).write(jv_batch(), "a")
    script = tmp_path / "killer.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os, signal
            from complicity.model import Batch, Entity, Name
            from complicity.store import open_store
            store = open_store({str(db)!r})
            original = store._write_entity
            def write_then_die(entity, result):
                original(entity, result)
                if entity.id == "e5":
                    os.kill(os.getpid(), signal.SIGKILL)
            store._write_entity = write_then_die
            store.write(Batch(entities=[Entity(f"e{{i}}", "company", [Name(f"N{{i}}")]) for i in range(10)]), "x")
            """
        )
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True)
    assert proc.returncode == -9
    store = open_store(db)
    assert store.entity("e1") is None
    assert store.counts()["entities"] == 3


def test_names_keep_the_documents_that_give_them(db: Path) -> None:
    store = open_store(db)
    filing = Document.from_text("立昂技术（Leon Technology）", title="a filing", kind="filing")
    leon = Entity("leon", "company", [Name("立昂技术", "zh", "short", sources=(filing.id,)),
                                      Name("Leon Technology", "en", "short", sources=(filing.id,))])  # fmt: skip
    store.write(Batch(entities=[leon], documents=[filing]), "filing")
    names = {n.text: n.sources for n in store.entity("leon").names}  # type: ignore[union-attr]
    assert names == {"立昂技术": (filing.id,), "Leon Technology": (filing.id,)}
    # a second document giving one of the names adds itself; the first stays
    report = Document.from_text("Leon Technology annual report", title="a report")
    again = Entity(
        "leon", "company", [Name("Leon Technology", "en", "short", sources=(report.id,))]
    )
    store.write(Batch(entities=[again], documents=[report]), "report")
    names = {n.text: n.sources for n in store.entity("leon").names}  # type: ignore[union-attr]
    assert names["Leon Technology"] == (filing.id, report.id)
    # a name citing a document the store does not hold: refused, nothing written
    before = store.counts()
    stray = Entity("leon", "company", [Name("立昂", "zh", "short", sources=("no-such-doc",))])
    with pytest.raises(UserError, match="cites unknown document 'no-such-doc'"):
        store.write(Batch(entities=[stray]), "bad")
    assert store.counts() == before


def test_identifiers_keep_the_documents_that_give_them_through_a_merge(db: Path) -> None:
    store = open_store(db)
    listing = Document.from_text("30946 HANGZHOU HIKVISION ... CNE100000PM8", title="a list")
    filing = Document.from_text("Hikvision 002415 CNE100000PM8", title="a filing")
    isin = Identifier("isin", "CNE100000PM8", sources=(listing.id,))
    hik = Entity("hik", "company", [Name("Hikvision")], [isin])
    store.write(Batch(entities=[hik], documents=[listing]), "list")
    # an entry of the same company, whose filing gives the ISIN too, judged the same: merged
    other = Entity(
        "hik2", "company", [Name("Hikvision Co")],
        [Identifier("isin", "CNE100000PM8", sources=(filing.id,)), Identifier("ticker", "002415.SZ")],
    )  # fmt: skip
    item = ReviewItem("hik2", "hik", 0.8, "similar name", "test")
    store.write(Batch(entities=[other], documents=[filing], review=[item]), "filing")
    store.decide(store.review_items()[0]["id"], same=True, who="analyst")
    kept = store.entity("hik")
    assert kept is not None and store.entity("hik2") == kept
    held = {(i.scheme, i.value): i.sources for i in kept.identifiers}
    assert held == {("isin", "CNE100000PM8"): (listing.id, filing.id), ("ticker", "002415.SZ"): ()}
    assert [c["title"] for c in store.citations([isin]).values()] == ["a list"]
