"""Shared fixtures. Tests that need the real list snapshots use ``shared_data`` and skip, with the
reason, when ../shared/data is not beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COMPLICITY_SHARED", ROOT.parent / "shared"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("RUN_SLOW"):
        return
    skip = pytest.mark.skip(
        reason="slow test: run with RUN_SLOW=1 (or `make bench` for benchmarks)"
    )
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"real data snapshots not found at {path} (../shared/data beside the checkout)")
    return path


@pytest.fixture(scope="session")
def shared_seed() -> Path:
    path = SHARED / "seed" / "chinai-newsletter-29.txt"
    if not path.is_file():
        pytest.skip(f"founding newsletter not found at {path}")
    return path


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store path; COMPLICITY_DB points at it so CLI calls without --db use it too."""
    path = tmp_path / "test.db"
    monkeypatch.setenv("COMPLICITY_DB", str(path))
    return path


@pytest.fixture(scope="session")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user cache (``complicity.cache``) for the whole run, not the developer's own."""
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _no_store_from_the_checkout(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, user_cache: Path
) -> None:
    """A test that names no store gets an empty one of its own: never the ./complicity.db that
    `make demo` leaves in the checkout, nor a $COMPLICITY_DB from the shell (``db`` overrides
    this). Derived tables go to the run's own user cache."""
    monkeypatch.setenv("COMPLICITY_DB", str(tmp_path_factory.mktemp("store") / "complicity.db"))
    monkeypatch.setenv("COMPLICITY_CACHE", str(user_cache))
