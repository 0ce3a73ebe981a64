"""Names across scripts: normalisation, matching, the candidate index."""

from types import ModuleType


def native() -> ModuleType | None:
    """The index's blocking, exact-core and unpacking steps in C (``_native.c``), or None when
    it was not built at install (no C compiler) or does not load: ``NameIndex`` then does the
    same in numpy and Python."""
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
