"""The exposure and ownership commands on graphs given as FollowTheMoney JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from complicity.cli import main


def company(eid: str, name: str, schema: str = "Company") -> dict[str, Any]:
    return {"id": eid, "schema": schema, "properties": {"name": [name]}}


def owns(owner: str, asset: str, pct: float | None = None, **dates: str) -> dict[str, Any]:
    props: dict[str, list[str]] = {"owner": [owner], "asset": [asset]}
    if pct is not None:
        props["percentage"] = [str(pct)]
    props.update({k: [v] for k, v in dates.items()})
    return {"id": f"own-{owner}-{asset}", "schema": "Ownership", "properties": props}


def sanction(entity: str, authority: str, program: str, start: str | None = None) -> dict[str, Any]:
    props = {"entity": [entity], "authority": [authority], "program": [program]}
    if start:
        props["startDate"] = [start]
    return {"id": f"san-{entity}-{program}", "schema": "Sanction", "properties": props}


def load(tmp_path: Path, rows: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "graph.ftm.json"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main([*argv, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


CASCADE = [
    company("x", "Xenon Holdings"),
    company("a", "Alpha Industries"),
    company("b", "Beta Vision"),
    sanction("x", "Office of Foreign Assets Control", "SDN List"),
    owns("x", "a", 50),
    owns("a", "b", 50),
]


def test_ownership_cascade_json(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tmp_path, CASCADE, capsys)
    res = run_json(capsys, "ownership", "b", "--regime", "ofac50", "--as-of", "2024-01-01")
    assert res["caught"] is True
    assert res["aggregate_percent"] == 50
    assert res["as_of"] == "2024-01-01"
    assert res["rule"]["name"] == "ofac50"
    assert "OFAC 50 Percent Rule guidance, 2014-08-13" in res["rule"]["citation"]
    [owner] = res["owners"]
    assert [p["id"] for p in owner["path"]] == ["x", "a", "b"]
    assert owner["percent"] == 50
    assert owner["listing"][0]["kind"] == "sdn"
    assert res["evidence"] and all("quote" in ev for ev in res["evidence"])
    eff = run_json(capsys, "ownership", "Beta Vision", "--regime", "effective")
    assert eff["aggregate_percent"] == pytest.approx(25.0)
    assert eff["caught"] is False


def test_ownership_human_output(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tmp_path, CASCADE, capsys)
    assert main(["ownership", "b", "--regime", "ofac50", "--as-of", "2024-01-01"]) == 0
    out = capsys.readouterr().out
    assert "CAUGHT" in out
    assert "Xenon Holdings —owns 50% of→ Alpha Industries —owns 50% of→ Beta Vision" in out
    assert "OFAC 50 Percent Rule guidance, 2014-08-13" in out


def test_two_owners_and_unknown_stake(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        company("p", "Pico Group"), company("q", "Quark Group"), company("r", "Rho Capital"),
        company("t", "Target One"), company("u", "Target Two"),
        sanction("p", "Office of Foreign Assets Control", "SDN List"),
        sanction("q", "Office of Foreign Assets Control", "SDN List"),
        sanction("r", "Office of Foreign Assets Control", "SDN List"),
        owns("p", "t", 30), owns("q", "t", 30),
        owns("p", "u", 49), owns("r", "u"),
    ]  # fmt: skip
    load(tmp_path, rows, capsys)
    t = run_json(capsys, "ownership", "t", "--regime", "ofac50", "--as-of", "2024-01-01")
    assert t["caught"] is True and t["aggregate_percent"] == 60
    u = run_json(capsys, "ownership", "u", "--regime", "ofac50", "--as-of", "2024-01-01")
    assert u["caught"] is False
    assert u["undetermined"] is True
    assert u["aggregate_percent"] is None
    assert [o["id"] for o in u["unknown_owners"]] == ["r"]
    assert main(["ownership", "u", "--regime", "ofac50", "--as-of", "2024-01-01"]) == 0
    assert "UNDETERMINED" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("day", "caught"),
    [("2025-09-28", False), ("2025-09-29", True), ("2025-11-09", True),
     ("2025-11-10", False), ("2026-11-09", False), ("2026-11-10", True)],
)  # fmt: skip
def test_bis_affiliates_dates(
    day: str, caught: bool, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        company("el", "Listed Vision"), company("sub", "Vision Subsidiary"),
        sanction("el", "US Bureau of Industry and Security", "Entity List", start="2019-10-09"),
        owns("el", "sub", 50),
    ]  # fmt: skip
    load(tmp_path, rows, capsys)
    res = run_json(capsys, "ownership", "sub", "--regime", "bis-affiliates", "--as-of", day)
    assert res["caught"] is caught
    assert res["rule"]["in_force"] is caught
    assert "90 FR 47201" in res["rule"]["citation"]
    assert main(["ownership", "sub", "--regime", "bis-affiliates", "--as-of", day]) == 0
    out = capsys.readouterr().out
    assert ("not in force" in out) is not caught


def test_exposure_chain_and_as_of(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        company("fund", "Harbor Fund"), company("st", "SenseVision"), company("jv", "Tang Vision"),
        sanction("st", "US Bureau of Industry and Security", "Entity List", start="2019-10-09"),
        {"id": "inv", "schema": "Ownership", "properties": {
            "owner": ["fund"], "asset": ["st"], "ownershipType": ["investment"],
            "startDate": ["2017"]}},
        owns("st", "jv", 51, startDate="2018-08", endDate="2019-04"),
        sanction("jv", "US Bureau of Industry and Security", "Entity List", start="2018-01-01"),
    ]  # fmt: skip
    load(tmp_path, rows, capsys)
    assert main(["exposure", "Harbor Fund", "--as-of", "2024-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Harbor Fund —invested in→ SenseVision —is listed on→" in out
    assert "“" in out  # the quotes are shown under the chain
    data = run_json(capsys, "exposure", "fund", "--as-of", "2024-01-01")
    assert data["exposed"] is True
    step = data["paths"][0]["steps"][0]
    assert step["type"] == "investment" and step["evidence"][0]["quote"]
    # SenseVision's own exposure through the JV's listing ended with the stake in April 2019
    later = run_json(capsys, "exposure", "st", "--as-of", "2020-01-01", "--anchors", "all")
    assert [p["anchor"]["id"] for p in later["paths"]] == ["st"]
    earlier = run_json(capsys, "exposure", "st", "--as-of", "2019-01-01")
    assert [p["anchor"]["id"] for p in earlier["paths"]] == ["jv"]  # not listed itself yet
    assert earlier["paths"][0]["steps"][0]["end"] == "2019-04"


def test_exposure_of_unexposed_entity(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tmp_path, CASCADE, capsys)
    assert main(["exposure", "b"]) == 0
    assert "no path to a risk anchor" in capsys.readouterr().out
    data = run_json(capsys, "exposure", "b")
    assert data["exposed"] is False and data["paths"] == []


def test_user_errors(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [*CASCADE, company("a2", "Alpha Industries Limited")]  # same core name as "a"
    load(tmp_path, rows, capsys)
    assert main(["exposure", "Alpha Industries Co"]) == 2
    err = capsys.readouterr().err
    assert "several entities" in err and "a2" in err
    assert main(["exposure", "x", "--as-of", "2024-13-01"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["exposure", "x", "--anchors", "bogus"]) == 2
    assert "unknown anchor" in capsys.readouterr().err
    assert main(["ownership", "nobody-at-all", "--regime", "ofac50"]) == 2
    assert "no entity" in capsys.readouterr().err


def test_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exposure", "x", "--db", str(tmp_path / "none.db")]) == 2
    assert "no store" in capsys.readouterr().err
