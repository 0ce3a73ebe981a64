"""Exposure paths: direction semantics, weights, dates, anchors, explanation."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from complicity.errors import UserError
from complicity.graph import Graph, best_path, exposure, path_svg, screen_flags
from complicity.model import Entity, Name
from complicity.store import open_store
from tests.graph.facts import Facts


def _world() -> Facts:
    f = Facts()
    f.entity("qualcomm", "Qualcomm")
    f.entity("sensetime", "SenseTime")
    f.entity("nvidia", "Nvidia")
    f.listed("sensetime", "entity-list", start="2019-10-09")
    f.rel("investment", "qualcomm", "sensetime", start="2017")
    f.rel("supply", "nvidia", "sensetime")
    f.rel("supply", "sensetime", "customer")  # sensetime sells to "customer"
    return f


def test_investor_exposed_through_investee_with_readable_chain() -> None:
    path = best_path(_world().graph(), "qualcomm")
    assert path is not None
    assert path.chain == "Qualcomm —invested in→ SenseTime —is listed on→ US Entity List"
    assert path.anchor == "sensetime"
    assert path.anchor_key == "entity-list"
    assert len(path.hops) == 1
    assert 0 < path.score < 1
    hop = path.hops[0]
    assert hop.evidence[0]["quote"] == "qualcomm investment sensetime"
    assert hop.evidence[0]["title"] == "Test facts"
    assert hop.evidence[0]["url"] == "https://example.org/facts"


def test_supplier_exposed_customer_not() -> None:
    g = _world().graph()
    supplier = best_path(g, "nvidia")
    assert supplier is not None and supplier.chain.startswith("Nvidia —supplies→ SenseTime")
    # "customer" buys from a listed supplier: not exposed through its supplier
    assert best_path(g, "customer") is None


def test_owner_exposed_through_what_it_owns_not_the_reverse() -> None:
    f = Facts()
    f.listed("sub", "uflpa")
    f.own("parent", "sub", 100)
    f.own("sub", "grandchild", 100)
    g = f.graph()
    path = best_path(g, "parent")
    assert path is not None and path.anchor == "sub"
    assert best_path(g, "grandchild") is None  # the ownership rules cover owned companies


def test_jv_partner_exposed_through_venture_with_xinjiang_contract() -> None:
    f = Facts()
    f.entity("psb", "Urumqi Public Security Bureau", kind="public_body")
    f.own("leon", "venture", 49)
    f.own("sense", "venture", 51)
    f.rel("contract", "venture", "psb")
    g = f.graph()
    for partner in ("leon", "sense"):
        path = best_path(g, partner)
        assert path is not None
        assert path.anchor == "venture"
        assert path.anchor_key == "xinjiang-contract"
        assert path.reason.to == "psb"


def test_partnership_both_ways_and_expo() -> None:
    f = Facts()
    f.entity("lab", "Public Security Video Laboratory in Xinjiang", kind="public_body")
    f.entity("expo", "5th China-Eurasia Security Expo", kind="event")
    f.entity("beijing-expo", "Security China 2018 (Beijing)", kind="event")
    f.entity("fair", "Xinjiang Cotton Fair", kind="event")
    f.rel("partnership", "lab", "megvii", role="technical support unit")  # lab is the source
    f.rel("participation", "dahua", "expo", role="exhibitor")
    f.rel("participation", "acme", "beijing-expo", role="exhibitor")
    f.rel("participation", "cotton", "fair", role="exhibitor")
    f.rel("partnership", "megvii", "friend")  # a partner of an anchor
    g = f.graph()
    megvii = best_path(g, "megvii")
    assert megvii is not None and megvii.anchor_key == "xinjiang-partnership"
    assert megvii.chain == "Megvii —partners with→ Public Security Video Laboratory in Xinjiang"
    friend = best_path(g, "friend")
    assert friend is not None and friend.anchor == "megvii"
    dahua = best_path(g, "dahua")
    assert dahua is not None and dahua.anchor_key == "xinjiang-expo"
    assert best_path(g, "acme") is None  # a security expo, not in Xinjiang
    assert best_path(g, "cotton") is None  # in Xinjiang, not security
    assert best_path(g, "dahua", anchors="lists") is None


def test_as_of_drops_ended_edges_and_marks_them_otherwise() -> None:
    f = Facts()
    f.listed("tangli", "entity-list")
    f.own("sensetime", "tangli", 51, start="2018-08", end="2019-04")
    g = f.graph()
    assert best_path(g, "sensetime", as_of="2020-01-01") is None
    assert best_path(g, "sensetime", as_of="2018-12-01") is not None
    path = best_path(g, "sensetime")  # no date: past links count, shown as ended
    assert path is not None and path.hops[0].ended
    assert path.hops[0].end == "2019-04"


def test_anchor_listing_date_respected() -> None:
    f = _world()
    assert best_path(f.graph(), "qualcomm", as_of="2019-01-01") is None
    assert best_path(f.graph(), "qualcomm", as_of="2019-10-09") is not None


def test_max_hops_and_cycles() -> None:
    f = Facts()
    f.listed("e5", "sdn")
    chain = ["e0", "e1", "e2", "e3", "e4", "e5"]
    for a, b in zip(chain, chain[1:], strict=False):
        f.own(a, b, 100)
    f.own("e3", "e1", 100)  # a loop
    f.own("e2", "e0", 100)
    g = f.graph()
    assert best_path(g, "e0", max_hops=4) is None
    path = best_path(g, "e0", max_hops=5)
    assert path is not None and len(path.hops) == 5
    assert best_path(g, "e1", max_hops=4) is not None
    with pytest.raises(UserError):
        best_path(g, "e0", max_hops=-1)


def test_ranking_weights_and_one_path_per_anchor() -> None:
    f = Facts()
    f.listed("strong", "sdn")
    f.listed("weak", "ns-cmic")
    f.own("fund", "strong", 100)
    f.rel("supply", "fund", "weak")
    f.own("fund", "mid", 100)
    f.own("mid", "strong", 100)  # a second, equally strong route to the same anchor
    paths = exposure(f.graph(), "fund")
    assert [p.anchor for p in paths] == ["strong", "weak"]
    assert paths[0].score == pytest.approx(1.0)
    assert paths[1].score == pytest.approx(0.5 * 0.9)  # supply weight x ns-cmic weight
    assert paths[0].score > paths[1].score


def test_percent_and_confidence_scale_the_score() -> None:
    f = Facts()
    f.listed("l", "sdn")
    f.own("small", "l", 10)
    f.own("big", "l", 80, confidence=0.5)
    g = f.graph()
    small = best_path(g, "small")
    big = best_path(g, "big")
    assert small is not None and small.score == pytest.approx(0.25)  # floor
    assert big is not None and big.score == pytest.approx(0.4)


def test_anchor_selection() -> None:
    f = Facts()
    f.listed("x", "ns-cmic")
    f.rel("investment", "inv", "x")
    g = f.graph()
    assert best_path(g, "inv", anchors="entity-list") is None
    assert best_path(g, "inv", anchors="ns-cmic,entity-list") is not None
    with pytest.raises(UserError, match="unknown anchor"):
        best_path(g, "inv", anchors="nonsense")


def test_screen_flags_and_svg() -> None:
    f = Facts()
    f.entity("inv", 'Fund <&> "Quoted"')
    f.listed("x", "sdn")
    f.own("x", "sub", 60)
    f.rel("investment", "inv", "sub")
    f.rel("investment", "inv", "x")
    g = f.graph()
    flags = screen_flags(g, "sub", as_of="2024-01-01")
    assert flags["rules"]["ofac50"]["caught"] is True
    assert flags["rules"]["bis-affiliates"]["caught"] is False
    assert flags["exposed"] is False  # sub owns nothing: exposure does not flow down
    flags = screen_flags(g, "inv", as_of="2024-01-01")
    assert flags["exposed"] is True and flags["best_path"]["anchor"]["id"] == "x"
    path = best_path(g, "inv")
    assert path is not None
    svg = path_svg(path)
    root = ET.fromstring(svg)  # well-formed, text escaped
    assert root.tag.endswith("svg")
    assert "<&>" not in svg and "&lt;&amp;&gt;" in svg
    assert "script" not in svg


def test_from_store_is_cached_on_generation(db: Path) -> None:
    f = _world()
    store = open_store(db)
    store.write(f.batch(), "facts")
    g1 = Graph.from_store(store)
    assert Graph.from_store(store) is g1
    path = best_path(store, "qualcomm")
    assert path is not None and path.hops[0].evidence[0]["title"] == "Test facts"
    g = Facts()
    g.doc = f.doc
    g.entities = {"newco": Entity("newco", "company", [Name("NewCo", "en", "short")])}
    g.entities["sensetime"] = f.entities["sensetime"]
    g.rel("investment", "newco", "sensetime")
    store.write(g.batch(), "more")
    g2 = Graph.from_store(store)
    assert g2 is not g1
    assert best_path(store, "newco") is not None
