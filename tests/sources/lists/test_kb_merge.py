"""A list loaded on top of the starter knowledge base lands on the same entities and lists:
one company, one list entity, one listing relation with evidence from both sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from complicity.cli import main
from complicity.sources.kb import read_kb
from complicity.store import open_store


def test_list_load_merges_into_kb(db: Path, fx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db)
    store.write(read_kb(), "kb")
    assert main(["lists", "load", "ofac-csv", str(fx / "cons_prim.csv")]) == 0
    capsys.readouterr()
    store = open_store(db)
    assert len([e for e in store.entities("list") if "Military-Industrial" in e.caption]) == 1
    listings = [
        r for r in store.relations("hikvision", type="listing") if r.target == "list-ofac-ns-cmic"
    ]
    assert len(listings) == 1
    extractors = {ev.extractor for ev in listings[0].evidence}
    assert "kb-curated" in extractors and any(x.startswith("lists:") for x in extractors)
