"""Names across scripts: normalisation, matching, the candidate index."""

from types import ModuleType


def native() -> ModuleType | None:
    """The name index's and the matcher's hottest steps in C (``_native.c``: blocking, the
    exact-core look-up, unpacking and pre-scoring candidates, ``match.Reach``, the word
    alignment), or None when it was not built at install (no C compiler) or does not load:
    ``index`` and ``match`` then do the same in numpy and Python."""
    try:
        from complicity.names import _native
    except ImportError:
        return None
    return _native


def index_code() -> str:
    """Which code runs the name index's hot steps, for ``complicity --version``."""
    if native() is not None:
        return "C extension"
    return "numpy and Python (the C extension was not built at install: no C compiler?)"
