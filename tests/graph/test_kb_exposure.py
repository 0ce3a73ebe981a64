"""Time-aware exposure on the starter knowledge base's real, sourced facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.sources.kb import read_kb
from complicity.store import open_store


def _anchors(as_of: str, capsys: pytest.CaptureFixture[str]) -> set[str]:
    assert main(["exposure", "alibaba", "--as-of", as_of, "--json"]) == 0
    return {p["anchor"]["id"] for p in json.loads(capsys.readouterr().out)["paths"]}


def test_alibaba_sensetime_link_ends_with_its_2023_exit(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_store(db).write(read_kb(), "kb")
    assert {"sensetime", "megvii"} <= _anchors("2019-01-01", capsys)
    after = _anchors("2024-01-01", capsys)
    assert "sensetime" not in after and "megvii" in after
