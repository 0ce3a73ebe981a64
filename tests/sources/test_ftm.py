"""FtM export is validated with the real followthemoney package; import round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.store import open_store
from tests.factories import jv_batch

followthemoney = pytest.importorskip("followthemoney")


def _export(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    open_store(db).write(jv_batch(), "seed")
    out = tmp_path / "out.ftm.json"
    assert main(["export", "--format", "ftm", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def test_export_opens_in_followthemoney(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from followthemoney import model

    out = _export(db, tmp_path, capsys)
    proxies = [model.get_proxy(json.loads(line)) for line in out.read_text().splitlines()]
    by_schema: dict[str, list] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
    assert {p.id for p in by_schema["Company"]} == {"alpha", "beta", "venture"}
    owners = {p.first("owner"): p for p in by_schema["Ownership"]}
    assert owners["alpha"].first("percentage") == "49"
    assert owners["beta"].first("endDate") == "2019-04"
    assert "乙公司占股51%" in owners["beta"].get("summary")
    doc = by_schema["Document"][0]
    assert owners["alpha"].first("proof") == doc.id
    assert doc.first("sourceUrl") == "https://example.org/a"


def test_import_round_trip_keeps_evidence(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _export(db, tmp_path, capsys)
    other = tmp_path / "other.db"
    assert main(["import", str(out), "--db", str(other)]) == 0
    assert "3 new entities" in capsys.readouterr().out
    store = open_store(other)
    rels = {r.source: r for r in store.relations(type="ownership")}
    assert rels["alpha"].attrs["percent"] == 49
    assert rels["alpha"].evidence[0].quote == "甲公司出资735万元，占股49%"
    assert rels["alpha"].evidence[0].start == 0
    assert rels["beta"].end == "2019-04"


def test_foreign_ftm_is_evidenced_by_its_own_lines(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"id": "x", "schema": "Company", "properties": {"name": ["X Corp"]}},
        {"id": "a", "schema": "Company", "properties": {"name": ["A Corp"]}},
        {
            "id": "o1",
            "schema": "Ownership",
            "properties": {
                "owner": ["x"],
                "asset": ["a"],
                "percentage": ["50"],
                "startDate": ["2020-01-01"],
            },
        },
        {
            "id": "s1",
            "schema": "Sanction",
            "properties": {
                "entity": ["x"],
                "authority": ["Office of Foreign Assets Control"],
                "program": ["SDN"],
            },
        },
    ]
    path = tmp_path / "g.ftm.json"
    text = "\n".join(json.dumps(x) for x in lines) + "\n"
    path.write_text(text)
    assert main(["import", str(path)]) == 0
    store = open_store(db)
    own = next(store.relations(type="ownership"))
    ev = own.evidence[0]
    assert text[ev.start : ev.end] == ev.quote == json.dumps(lines[2])
    listing = next(store.relations(type="listing"))
    assert store.entity(listing.target).caption == "Office of Foreign Assets Control / SDN"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"id": "x", "schema": "Company", "properties": {"name": ["X"]}}\n{"id": "y", "sch',
            "line 2: not valid JSON",
        ),
        ("", "empty file"),
        ("[1, 2]\n", "line 1: not a FollowTheMoney entity"),
    ],
)
def test_bad_ftm_is_a_one_line_error_and_store_unchanged(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    open_store(db).write(jv_batch(), "seed")
    before = open_store(db).counts()
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert open_store(db).counts() == before


def test_string_properties_and_blank_names(db: Path, tmp_path: Path) -> None:
    """Files in the wild write a bare string where FtM says list; blank names are not names."""
    path = tmp_path / "wild.json"
    path.write_text(json.dumps({"id": "q", "schema": "Company",
                                "properties": {"name": "Acme Ltd", "previousName": [" ", "Acme Old"]}}))  # fmt: skip
    assert main(["import", str(path)]) == 0
    names = {n.text for n in open_store(db).entity("q").names}  # type: ignore[union-attr]
    assert names == {"Acme Ltd", "Acme Old"}
