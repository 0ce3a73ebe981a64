"""The README's library example, as written."""

from __future__ import annotations

from pathlib import Path

from complicity.names.match import score
from complicity.screen.screen import Screener
from complicity.screen.table import Row
from complicity.sources.kb import read_kb
from complicity.store import open_store


def test_readme_library_example(db: Path) -> None:
    assert score("大华银行", "大华股份").same is False
    store = open_store(db)
    store.write(read_kb(), "kb")
    (result,) = Screener(store, as_of="2024-01-01").screen([Row(1, "QUALCOMM Inc")])
    assert result.status == "flagged"
    assert result.exposure is not None
    assert result.exposure["chain"].startswith("Qualcomm —")
