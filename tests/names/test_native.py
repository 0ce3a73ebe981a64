"""The C blocking step (``complicity.names._native.top_blocked``) on postings small enough to
work out by hand, its refusals of bad arguments, and that the install built it where it could.
``test_index_fast`` checks it against the numpy code on a real index."""

from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path

import numpy as np
import pytest

from complicity.cli import main
from complicity.names import index as index_module

native = index_module._native
needs_native = pytest.mark.skipif(native is None, reason="the C extension is not built here")

# three blocks, each sorted: ids 0..9
POSTINGS = np.array([1, 4, 7, 2, 4, 5, 7, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], dtype=np.int32)
RARE, MID, COMMON = (0, 3, 3.0), (3, 5, 2.0), (8, 10, 0.5)


def test_built_where_a_compiler_is() -> None:
    """The install builds the extension when it can; a machine with a C compiler and Python's
    headers that ends up without it has lost half the index's speed unnoticed."""
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if shutil.which("cc") is None or not headers.exists():
        pytest.skip("no C compiler or no Python headers: the numpy fallback is expected")
    assert native is not None, "reinstall (make install) to build src/complicity/names/_native.c"


def test_version_says_which_blocking_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out
    expected = "C extension" if native is not None else "numpy"
    assert out.startswith("complicity ") and f"name index blocking: {expected}" in out


@needs_native
def test_sums_in_order_ties_to_the_lower_id() -> None:
    acc = np.zeros(10)
    # rare + mid: 4 and 7 have 5.0; 1 has 3.0; 2, 5, 9 have 2.0
    assert native.top_blocked(POSTINGS, [RARE, MID], 2, 10, acc) == [4, 7, 1, 2, 5, 9]
    assert native.top_blocked(POSTINGS, [RARE, MID], 2, 4, acc) == [4, 7, 1, 2]
    assert not acc.any()  # left as zeros for the next query


@needs_native
def test_a_looked_up_block_adds_weight_but_no_names() -> None:
    acc = np.zeros(10)
    # the common block only adds 0.5 to the names the first two brought in: 0, 3, 6, 8 stay out
    assert native.top_blocked(POSTINGS, [RARE, MID, COMMON], 2, 10, acc) == [4, 7, 1, 2, 5, 9]
    got = native.top_blocked(POSTINGS, [RARE, COMMON], 1, 10, acc)
    assert got == [1, 4, 7]
    # gathered, the common block brings everyone in
    everyone = native.top_blocked(POSTINGS, [RARE, MID, COMMON], 3, 10, acc)
    assert everyone == [4, 7, 1, 2, 5, 9, 0, 3, 6, 8]
    assert not acc.any()


@needs_native
def test_matches_the_numpy_code_on_random_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    names = 500
    index = index_module.NameIndex()
    index.names = index_module.Texts(str(i) for i in range(names))
    for _ in range(200):
        blocks = [
            np.unique(rng.integers(0, names, rng.integers(1, 120))).astype(np.int32)
            for _ in range(rng.integers(1, 6))
        ]
        blocks.sort(key=len)
        index.postings = np.concatenate(blocks)
        starts = np.cumsum([0] + [len(b) for b in blocks[:-1]])
        # few distinct weights, so that ties are common
        spans = [
            (int(s), len(b), float(rng.choice([0.5, 1.0, 2.0])))
            for s, b in zip(starts, blocks, strict=True)
        ]
        gathered = int(rng.integers(1, len(spans) + 1))
        count = sum(size for _, size, _ in spans[:gathered])
        for depth in (1, 5, 30):
            got = native.top_blocked(index.postings, spans, gathered, depth, index._accumulator())
            assert got == index._top_numpy(spans, gathered, count, depth)


@needs_native
@pytest.mark.parametrize(
    ("spans", "error"),
    [
        ([(16, 5, 1.0)], IndexError),  # reaches past the postings
        ([(-1, 2, 1.0)], IndexError),
        ([(0, 3, 0.0)], ValueError),  # a weight of 0 would hide a name brought in
        ([(0, 3)], TypeError),
        ("not spans", TypeError),
    ],
)
def test_bad_spans_are_refused(spans: object, error: type[Exception]) -> None:
    acc = np.zeros(10)
    with pytest.raises(error):
        native.top_blocked(POSTINGS, spans, 1, 5, acc)
    assert not acc.any()


@needs_native
def test_a_posting_that_is_no_name_is_refused() -> None:
    acc = np.zeros(5)  # ids 7 and 9 are not names of a 5-name index
    with pytest.raises(IndexError):
        native.top_blocked(POSTINGS, [MID], 1, 5, acc)
    assert not acc.any()
