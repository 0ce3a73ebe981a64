# Types of the optional C extension built from _native.c (see the comment at its top).
from collections.abc import Sequence
from typing import Any

from numpy import ndarray

def top_blocked(
    postings: ndarray,
    spans: Sequence[tuple[int, int, float]],
    gathered: int,
    depth: int,
    names: int,
) -> list[int]: ...
def unpack_names(
    ids: Sequence[int],
    names: Any,  # index.Texts (imported here it would be a cycle)
    pys: tuple[str, ...],
    packed: Any,  # index.Texts
    forms: list[Any],  # list[LegalForm | None]
    cls: type[Any],  # NormalizedName
) -> list[Any]: ...
def exact_names(
    h: int,
    starts: Any,  # buffer of int64
    hashes: Any,  # buffer of uint32
    ids: Any,  # buffer of int32
    shift: int,
    han: bytes,
    is_han: bool,
    keys: tuple[str, ...],
    core: str,
    most: int,
) -> list[int] | None: ...
def reach(prep: tuple[object, ...], candidate: Any, bar: float) -> bool: ...
def measures(a: str, b: str) -> tuple[float, float, float, bool]: ...
def prescored(
    ids: Sequence[int],
    han: bytes,
    is_han: bool,
    keys: tuple[str, ...],
    core: str,
    pys: tuple[str, ...],
    pinyin: str,
    keep: int,
) -> list[int]: ...
def align(
    ta: tuple[str, ...], tb: tuple[str, ...], en: frozenset[str], w_desc: float
) -> tuple[float, list[str], list[str]]: ...
