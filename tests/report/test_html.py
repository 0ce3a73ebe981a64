"""Anything from a source is escaped in the report."""

from __future__ import annotations

from pathlib import Path

from complicity.model import Batch, Document, Entity, Evidence, Name, Relation
from complicity.report.html import render_html
from complicity.screen.screen import Screener
from complicity.screen.table import Rejected, Row
from complicity.store import open_store

EVIL = '<script>alert("x")</script>Evil & Sons <img src=x onerror=alert(1)>'


def test_hostile_names_and_quotes_are_escaped(db: Path) -> None:
    quote = f"{EVIL} bought cameras from the Bureau"
    doc = Document.from_text(quote, title="<b>title</b>", url="javascript:alert(1)")
    batch = Batch(
        entities=[
            Entity("evil", "company", [Name(EVIL, "en", "legal")]),
            Entity("list", "list", [Name("Entity List", "en", "list")]),
        ],
        relations=[
            Relation(
                "listing",
                "evil",
                "list",
                {"program": "Entity List"},
                evidence=[Evidence(doc.id, quote, 0, len(quote), "test")],
            )
        ],  # fmt: skip
        documents=[doc],
    )
    store = open_store(db)
    store.write(batch, "evil")
    results = Screener(store).screen([Row(2, EVIL)])
    assert results[0].status == "flagged"
    html = render_html(
        results,
        input_name="<x>.csv",
        counts=store.counts(),
        rejected=[Rejected(3, "<bad>")],
        as_of=None,
    )
    assert "<script>" not in html and "<img" not in html and "<b>title" not in html
    assert "&lt;script&gt;" in html
    # a name of another direction (an Arabic one on a list) is set apart from the text around
    assert "<bdi>&lt;script&gt;" in html
    assert 'href="javascript:' not in html
