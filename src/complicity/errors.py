"""One exception type for everything a user can fix: bad input, a missing file, a corrupt store.

The CLI prints these as one line (`complicity: error: ...`) and exits non-zero; anything else is a
bug and keeps its traceback."""


class UserError(Exception):
    """An error the user can act on. The message says what is wrong and where."""
