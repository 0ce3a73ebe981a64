"""Names across scripts: normalisation, matching, the candidate index."""

from importlib.util import find_spec


def blocking() -> str:
    """Which code adds up the name index's blocks: its C extension, or numpy without it."""
    if find_spec("complicity.names._native") is not None:
        return "C extension"
    return "numpy (the C extension was not built at install: no C compiler?)"
