"""Optional statistical Chinese NER (Baidu LAC) as an extra mentions source.

Not implemented beyond detection yet: the default pipeline (gazetteer + name patterns) needs no
model. LAC needs paddlepaddle 2.6.2 and a ``paddle.fluid`` shim (see
shared/notes/dependencies-checked.md); when it is missing, asking for it is a clear error."""

from __future__ import annotations

import importlib.util

from complicity.errors import UserError

LAC_MISSING = (
    "the Chinese NER model (Baidu LAC) is not installed; it is an optional extra: "
    "pip install paddlepaddle==2.6.2 'setuptools<81' wheel && pip install --no-build-isolation lac==2.1.2. "
    "Without it, extraction uses the gazetteer and name patterns (the default, --ner rules)"
)


def lac_available() -> bool:
    return (
        importlib.util.find_spec("LAC") is not None
        and importlib.util.find_spec("paddle") is not None
    )


def require_ner(kind: str) -> None:
    """Check that the requested mention recogniser can run; "rules" always can."""
    if kind == "rules":
        return
    if kind == "lac":
        if not lac_available():
            raise UserError(LAC_MISSING)
        raise UserError(
            "--ner lac: LAC is installed but not wired into the pipeline yet; use --ner rules"
        )
    raise UserError(f"unknown NER {kind!r} (choose rules or lac)")
