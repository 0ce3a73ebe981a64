"""Ownership rules on hand-built graphs with known answers."""

from __future__ import annotations

import pytest

from complicity.graph import ownership
from tests.graph.facts import Facts


def test_cascade_caught_under_ofac50_but_effective_is_25() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.own("x", "a", 50)
    f.own("a", "b", 50)
    g = f.graph()
    res = ownership(g, "b", "ofac50", as_of="2024-01-01")
    assert res["caught"] is True
    assert res["aggregate_percent"] == 50
    assert res["rule"]["name"] == "ofac50"
    assert "2014-08-13" in res["rule"]["citation"]
    [owner] = res["owners"]
    assert owner["id"] == "a"
    assert owner["status"] == "caught by ownership"
    assert [p["id"] for p in owner["path"]] == ["x", "a", "b"]
    assert owner["listing"][0]["kind"] == "sdn"
    assert owner["evidence"], "each owner carries the evidence of its chain"
    eff = ownership(g, "b", "effective", as_of="2024-01-01")
    assert eff["aggregate_percent"] == pytest.approx(25.0)
    assert eff["caught"] is False
    assert eff["owners"][0]["id"] == "x"


def test_cascade_stops_below_fifty() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.own("x", "a", 49)
    f.own("a", "b", 100)
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["caught"] is False
    assert res["owners"] == []
    assert res["aggregate_percent"] == 0


def test_two_listed_owners_aggregate() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.listed("y", "sdn")
    f.own("x", "b", 30)
    f.own("y", "b", 30)
    f.own("z", "b", 40)
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["caught"] is True
    assert res["aggregate_percent"] == 60
    assert sorted(o["id"] for o in res["owners"]) == ["x", "y"]


def test_49_plus_unknown_is_undetermined_not_zero() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.listed("y", "sdn")
    f.own("x", "b", 49)
    f.own("y", "b")  # stake not stated
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["caught"] is False
    assert res["undetermined"] is True
    assert res["status"] == "undetermined"
    assert res["aggregate_percent"] is None
    assert res["known_percent"] == 49
    assert res["max_percent"] == 100
    assert [o["id"] for o in res["unknown_owners"]] == ["y"]
    unknown = next(o for o in res["owners"] if o["id"] == "y")
    assert unknown["percent"] is None


def test_unknown_stake_bounded_by_stated_stakes_of_others() -> None:
    f = Facts()
    f.listed("y", "sdn")
    f.own("y", "b")  # unknown, but someone unlisted is stated to hold 60%
    f.own("z", "b", 60)
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["undetermined"] is False
    assert res["caught"] is False
    assert res["max_percent"] == 40
    assert res["aggregate_percent"] is None  # still not a number: y's stake is unknown


def test_investment_without_stake_is_unknown_stake() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.own("x", "b", 49)
    f.rel("investment", "x2", "b")
    f.listed("x2", "sdn")
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["undetermined"] is True


def test_known_part_catches_even_with_unknowns() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.listed("y", "sdn")
    f.own("x", "b", 55)
    f.own("y", "b")
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["caught"] is True
    assert res["aggregate_percent"] is None
    assert res["known_percent"] == 55


def test_unlisted_unknown_owner_changes_nothing() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.own("x", "b", 49)
    f.own("z", "b")
    res = ownership(f.graph(), "b", "ofac50", as_of="2024-01-01")
    assert res["caught"] is False
    assert res["undetermined"] is False
    assert res["aggregate_percent"] == 49


def test_cycles_terminate() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.own("x", "a", 50)
    f.own("a", "b", 60)
    f.own("b", "a", 40)  # a and b own each other
    f.own("c", "d", 50)
    f.own("d", "c", 50)  # a cycle with nobody listed
    g = f.graph()
    assert ownership(g, "b", "ofac50", as_of="2024-01-01")["caught"] is True
    assert ownership(g, "a", "ofac50", as_of="2024-01-01")["caught"] is True
    assert ownership(g, "c", "ofac50", as_of="2024-01-01")["caught"] is False
    eff = ownership(g, "b", "effective", as_of="2024-01-01")
    assert eff["aggregate_percent"] == pytest.approx(30.0)  # 50% x 60%; the loop back adds nothing
    assert ownership(g, "c", "effective", as_of="2024-01-01")["owners"] == []


def test_edge_ended_before_as_of_is_dropped() -> None:
    f = Facts()
    f.listed("x", "sdn")
    f.own("x", "a", 60, start="2015", end="2019-04")
    g = f.graph()
    assert ownership(g, "a", "ofac50", as_of="2019-05-01")["caught"] is False
    assert ownership(g, "a", "ofac50", as_of="2019-03-31")["caught"] is True
    # "2019-04" may mean any day of April: kept on 2019-04-15 (the conservative side)
    assert ownership(g, "a", "ofac50", as_of="2019-04-15")["caught"] is True
    assert ownership(g, "a", "ofac50", as_of="2014-12-31")["caught"] is False  # not yet started


def test_listing_must_be_in_force() -> None:
    f = Facts()
    f.listed("x", "sdn", start="2020-06-01")
    f.own("x", "a", 60)
    g = f.graph()
    assert ownership(g, "a", "ofac50", as_of="2020-05-31")["caught"] is False
    assert ownership(g, "a", "ofac50", as_of="2020-06-01")["caught"] is True


def test_directly_listed_entity() -> None:
    f = Facts()
    f.listed("x", "sdn")
    res = ownership(f.graph(), "x", "ofac50", as_of="2024-01-01")
    assert res["caught"] is True
    assert res["basis"] == "listed"
    assert res["listings"][0]["kind"] == "sdn"


def test_ofac50_ignores_entity_list_parties() -> None:
    f = Facts()
    f.listed("x", "entity-list")
    f.own("x", "a", 80)
    g = f.graph()
    assert ownership(g, "a", "ofac50", as_of="2025-10-01")["caught"] is False
    assert ownership(g, "a", "ofac50", as_of="2025-10-01", lists=["entity-list"])["caught"]


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        ("2025-09-28", False),
        ("2025-09-29", True),
        ("2025-11-09", True),
        ("2025-11-10", False),
        ("2026-11-09", False),
        ("2026-11-10", True),
    ],
)
def test_bis_affiliates_rule_dates(day: str, in_force: bool) -> None:
    f = Facts()
    f.listed("x", "entity-list")
    f.own("x", "a", 50)
    res = ownership(f.graph(), "a", "bis-affiliates", as_of=day)
    assert res["in_force"] is in_force
    assert res["rule"]["in_force"] is in_force
    assert res["caught"] is in_force
    assert res["would_be_caught"] is True
    assert "90 FR 47201" in res["rule"]["citation"]
    assert res["as_of"] == day


def test_unknown_regime_and_list() -> None:
    from complicity.errors import UserError

    g = Facts().graph()
    with pytest.raises(UserError, match="unknown regime"):
        ownership(g, "a", "ofac25")
    with pytest.raises(UserError, match="unknown list"):
        ownership(g, "a", "ofac50", lists=["nope"])
