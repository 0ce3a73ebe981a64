from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lists"


@pytest.fixture()
def fx() -> Path:
    return FIXTURES
