"""A per-user cache for tables derived from packaged data (CC-CEDICT's senses and their reverse,
for names across scripts): built once per machine and input, then loaded in a tenth of the time.

The folder is ``$COMPLICITY_CACHE``, else ``$XDG_CACHE_HOME/complicity``, else
``~/.cache/complicity``; deleting it is always safe. A table is keyed by a hash of everything it
is derived from (the caller says what), so a new dictionary or new code builds a new one; a
folder that cannot be written to only means the table is built each time.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def user_cache_dir() -> Path:
    explicit = os.environ.get("COMPLICITY_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "complicity"


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``, or what it returned for the same ``name`` and ``key`` before."""
    folder = user_cache_dir()
    path = folder / f"{name}-{key[:24]}.pkl"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
        return value
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        return value
    for old in folder.glob(f"{name}-*.pkl"):  # earlier keys of this table
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return value
