"""Possible matches wait for a person; the decision is kept and, when 'same', merges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.model import Batch, Document, Entity, Evidence, Name, Relation, ReviewItem
from complicity.store import open_store
from tests.factories import jv_batch


def _incoming() -> Batch:
    """A list entry that may be 'alpha' under another name, with its own listing."""
    doc = Document.from_text("9001,ALPHA LIMITED,SDN", title="a list file", kind="list")
    incoming = Entity(
        "list:9001", "company", [Name("ALPHA LIMITED", "en", "list", sources=(doc.id,))]
    )
    sdn = Entity("list-x", "list", [Name("SDN List", "en", "list")])
    listing = Relation("listing", "list:9001", "list-x", {"program": "SDN"},
                       evidence=[Evidence(doc.id, "9001,ALPHA LIMITED,SDN", 0, 22, "test")])  # fmt: skip
    item = ReviewItem("list:9001", "alpha", 0.8, "similar name, no shared identifier", "test load")
    return Batch(entities=[incoming, sdn], relations=[listing], documents=[doc], review=[item])


def test_review_same_merges_everything(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db)
    store.write(jv_batch(), "seed")
    assert store.write(_incoming(), "load").review == 1
    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert "ALPHA LIMITED [list:9001]  ?=  Alpha Ltd [alpha]" in out
    item = json.loads(_run_json(capsys))[0]["id"]
    assert (
        main(["review", str(item), "--same", "--who", "analyst-1", "--note", "same address"]) == 0
    )
    assert "merged into alpha" in capsys.readouterr().out
    store = open_store(db)
    alpha = store.entity("alpha")
    assert alpha is not None and "ALPHA LIMITED" in {n.text for n in alpha.names}
    # the merged name keeps the list file that gave it
    given = {n.text: n.sources for n in alpha.names}
    assert given["ALPHA LIMITED"] == (_incoming().documents[0].id,)
    assert {r.type for r in store.relations("alpha")} == {"ownership", "listing"}
    assert store.entity("list:9001").id == "alpha"  # type: ignore[union-attr]
    # the name search finds the moved name under the entity that kept it, once
    assert [h.entity.id for h in store.search("ALPHA LIMITED")] == ["alpha"]
    (judgement,) = store.judgements()
    assert (judgement.same, judgement.who, judgement.note) == (True, "analyst-1", "same address")
    # The next load of the same list lands on alpha and asks nothing again.
    again = store.write(_incoming(), "load again")
    assert again.review == 0 and again.relations == 0
    assert [r.source for r in store.relations(type="listing")] == ["alpha"]


def test_review_different_is_kept(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db)
    store.write(jv_batch(), "seed")
    store.write(_incoming(), "load")
    item = json.loads(_run_json(capsys))[0]["id"]
    assert main(["review", str(item), "--different", "--who", "analyst-2"]) == 0
    store = open_store(db)
    assert store.entity("list:9001").id == "list:9001"  # type: ignore[union-attr]
    assert store.write(_incoming(), "again").review == 0  # not asked again
    assert main(["review", str(item), "--same"]) == 2
    assert "already decided" in capsys.readouterr().err


def _run_json(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["review", "--json"]) == 0
    return capsys.readouterr().out
