# Types of the optional C extension built from _native.c (see the comment at its top).
from collections.abc import Sequence

from numpy import ndarray

def top_blocked(
    postings: ndarray,
    spans: Sequence[tuple[int, int, float]],
    gathered: int,
    depth: int,
    acc: ndarray,
) -> list[int]: ...
