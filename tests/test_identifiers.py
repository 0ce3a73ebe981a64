from __future__ import annotations

import pytest

from complicity.identifiers import identifiers_in, tickers_of, valid_isin, valid_lei
from complicity.model import Identifier


@pytest.mark.parametrize(
    ("cell", "tickers"),
    [
        ("002415.SZ", ("002415.SZ",)),
        (" 002415.sz ", ("002415.SZ",)),
        ("002415 CH", ("002415.SZ",)),  # Bloomberg: the code says the exchange
        ("300188 CH Equity", ("300188.SZ",)),
        ("600000 C1", ("600000.SH", "600000.SS")),  # Shanghai, written either way
        ("601360.SS", ("601360.SH", "601360.SS")),
        ("0020.HK", ("0020.HK",)),
        ("20.HK", ("0020.HK",)),
        ("9988 HK Equity", ("9988.HK",)),
        # no code: a name, a bare number, a code of no exchange read here
        ("Hikvision", ()),
        ("002415", ()),
        ("2415 CH", ()),
        ("AAPL US", ()),
        ("HIKVISION 002415.SZ", ()),
    ],
)
def test_a_listed_shares_code_as_holdings_files_write_it(
    cell: str, tickers: tuple[str, ...]
) -> None:
    assert tickers_of(cell) == tickers


def test_the_identifiers_a_cell_gives() -> None:
    assert identifiers_in("CNE100000PM8") == [Identifier("isin", "CNE100000PM8")]
    assert identifiers_in("USCC 91330000733796106P") == [Identifier("uscc", "91330000733796106P")]
    assert identifiers_in("300188 CH Equity") == [Identifier("ticker", "300188.SZ")]
    # a check digit wrong: no identifier
    assert identifiers_in("CNE100000PM9") == []
    assert identifiers_in("91330000733796106Q") == []
    assert valid_isin("CNE100000PM8") and not valid_isin("CNE100000PM9")
    assert valid_lei("5493000IBP32UQZ0KL24") and not valid_lei("5493000IBP32UQZ0KL25")
