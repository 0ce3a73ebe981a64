from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.model import Batch, Entity, Name
from complicity.store import open_store
from tests.factories import jv_batch


@pytest.fixture()
def filled(db: Path) -> Path:
    open_store(db).write(jv_batch(), "seed")
    return db


def test_search_json(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "合資", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["venture"]


def test_search_falls_back_to_the_name_matcher(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # no stored name contains "alpha limited": the matcher, as screen has it, finds Alpha Ltd
    assert main(["search", "ALPHA LIMITED"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("alpha ") and "[matched: Alpha Ltd, score 1.00 by known_alias]" in out
    assert main(["search", "ALPHA LIMITED", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["id"], row["found_by"], row["matched_by"]) == (
        "alpha",
        "name matcher",
        "known_alias",
    )
    assert main(["search", "Gamma Holdings"]) == 1
    assert "no entity matches 'Gamma Holdings'" in capsys.readouterr().out


def test_search_tells_what_a_name_is_related_to_when_it_matches_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the store knows CETC, not its 14th institute: no match, but whose unit it is
    cetc = Entity(
        "cetc",
        "company",
        [Name("中国电子科技集团公司", "zh", "legal"), Name("CETC", "en", "short")],
    )
    open_store(db).write(Batch(entities=[cetc]), "seed")
    assert main(["search", "14th Research Institute of CETC"]) == 1
    out = capsys.readouterr().out
    assert "no entity matches '14th Research Institute of CETC'" in out
    assert (
        "related, not matched: cetc " in out and "names a unit of CETC, which matches CETC" in out
    )
    assert main(["search", "14th Research Institute of CETC", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # the JSON lists matches only


def test_search_reads_a_chinese_name_in_an_english_only_store(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the SDN list names the XPCC in English only; one name asked for is worth translating
    xpcc = Entity(
        "xpcc", "organization", [Name("XINJIANG PRODUCTION AND CONSTRUCTION CORPS", "en", "list")]
    )
    open_store(db).write(Batch(entities=[xpcc]), "seed")
    assert main(["search", "新疆生产建设兵团"]) == 0
    assert "[matched: XINJIANG PRODUCTION AND CONSTRUCTION CORPS, score 0.86 by translation]" in (
        capsys.readouterr().out
    )
    # and a division of it, named with its city, is told as related
    assert main(["search", "新疆生产建设兵团第一师阿拉尔市"]) == 1
    assert "related, not matched: xpcc " in capsys.readouterr().out


def test_show_prints_evidence(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Alpha Ltd"]) == 0
    out = capsys.readouterr().out
    assert "Alpha Ltd —owns→ 合资科技有限公司" in out
    assert "“甲公司出资735万元，占股49%”" in out
    assert "Test announcement, 2018-08 @0:16" in out


def test_show_says_where_a_uscc_registers_an_entity(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.model import Batch, Entity, Identifier, Name

    leon = Entity("leon", "company", [Name("立昂技术股份有限公司", "zh", "legal")])
    leon.identifiers = [Identifier("uscc", "916501002999341738"), Identifier("isin", "X")]
    open_store(db).write(Batch(entities=[leon]), "t")
    assert main(["show", "leon"]) == 0
    out = capsys.readouterr().out
    assert "uscc: 916501002999341738  (registered in 新疆)" in out
    assert "isin: X\n" in out


def test_show_says_which_document_gives_each_identifier(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.model import Batch, Document, Entity, Identifier, Name

    listing = Document.from_text("HIKVISION CNE100000PM8", title="a list", url="https://x.org/l")
    filing = Document.from_text("海康威视 002415", title="a filing")
    hik = Entity(
        "hik", "company", [Name("Hikvision", "en", "short", sources=(filing.id,))],
        [Identifier("isin", "CNE100000PM8", sources=(listing.id,)),
         Identifier("ticker", "002415.SZ", sources=(filing.id,))],
    )  # fmt: skip
    open_store(db).write(Batch(entities=[hik], documents=[listing, filing]), "t")
    assert main(["show", "hik"]) == 0
    out = capsys.readouterr().out
    assert "name  Hikvision  [short, en, Latn]  (source 1)" in out
    assert "source 1  a filing" in out and "source 2  a list  https://x.org/l" in out
    assert "id    isin: CNE100000PM8  (source 2)" in out
    assert "id    ticker: 002415.SZ  (source 1)" in out
    assert main(["show", "hik", "--json"]) == 0
    ids = json.loads(capsys.readouterr().out)["identifiers"]
    assert [[c["title"] for c in i["sources"]] for i in ids] == [["a list"], ["a filing"]]


def test_show_json(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "beta", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (rel,) = data["relations"]
    assert rel["end"] == "2019-04" and rel["evidence"][0]["url"] == "https://example.org/a"


def test_show_ambiguous_and_missing(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "公司"]) == 2
    assert "matches several entities" in capsys.readouterr().err
    assert main(["show", "nothing like it"]) == 2
    assert "no entity" in capsys.readouterr().err


def test_missing_store_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "x", "--db", str(tmp_path / "none.db")]) == 2
    assert "no store at" in capsys.readouterr().err


def test_csv_export(filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader((out / "relations.csv").open(encoding="utf-8")))
    assert {r["quote"] for r in rows} == {"甲公司出资735万元，占股49%", "乙公司占股51%"}
    ents = list(csv.DictReader((out / "entities.csv").open(encoding="utf-8")))
    assert len(ents) == 3


def test_csv_export_holds_no_formulas(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a name as a list or a document gave it, which a spreadsheet would run as a formula
    hostile = Entity(
        "hostile", "company", [Name('=HYPERLINK("http://example.org")', "en", "legal")]
    )
    open_store(db).write(Batch(entities=[hostile]), "seed")
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    (row,) = csv.DictReader((out / "entities.csv").open(encoding="utf-8"))
    assert row["caption"] == row["names"] == '\'=HYPERLINK("http://example.org")'


def test_import_unknown_format(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04")
    assert main(["import", str(path)]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_db_option_before_or_after_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "elsewhere.db"
    open_store(path).write(jv_batch(), "seed")
    assert main(["--db", str(path), "search", "合资科技"]) == 0
    assert "venture" in capsys.readouterr().out
    assert main(["search", "合资科技", "--db", str(path)]) == 0
    assert "venture" in capsys.readouterr().out
