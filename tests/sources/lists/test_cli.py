"""`complicity lists load` as a user runs it: counts that add up, one entity per company across
lists, review instead of forced merges, clear one-line errors and an unchanged store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.store import open_store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def counts(db: Path) -> dict[str, int]:
    store = open_store(db)
    try:
        return store.counts()
    finally:
        store.close()


def test_load_prints_counts_that_account_for_every_row(
    db: Path, fx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "lists",
        "load",
        "ofac-csv",
        str(fx / "sdn.csv"),
        str(fx / "alt.csv"),
        str(fx / "add.csv"),
        "--db",
        str(db),
    )
    assert code == 0
    assert "sdn.csv" in out and "4 rows = 3 entries + 1 rejected" in out
    assert "3 rows = 2 attached to an entry + 1 rejected" in out
    assert "vessel: no entity kind for it" in out
    assert "ent_num not in the primary file(s) loaded" in out
    assert "3 new entities" in out
    store = open_store(db)
    ent = store.entity("ofac-9001")
    assert ent is not None and {n.text for n in ent.names} >= {"EXAMPLE SECURITY CO"}
    rel = list(store.relations(entity_id="ofac-9001", type="listing"))[0]
    doc = store.document(rel.evidence[0].document_id)
    assert doc is not None and doc.kind == "list" and doc.text is not None
    ev = rel.evidence[0]
    assert doc.text[ev.start : ev.end] == ev.quote and ev.quote.startswith("9001,")
    store.close()


def test_reload_is_idempotent(db: Path, fx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["lists", "load", "csl-json", str(fx / "csl.json"), "--db", str(db)]
    assert run(capsys, *args)[0] == 0
    before = counts(db)
    code, out, _ = run(capsys, *args)
    assert code == 0 and "entries: 0 new entities" in out
    assert counts(db) == before


def test_same_company_on_three_lists_is_one_entity(
    db: Path, fx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(capsys, "lists", "load", "ofac-csv", str(fx / "cons_prim.csv"), "--db", str(db))[0] == 0
    )
    code, out, _ = run(capsys, "lists", "load", "csl-json", str(fx / "csl.json"), "--db", str(db))
    # the Entity List entry (same name) and the NS-CMIC row (same OFAC number) join ofac-30946
    assert code == 0 and "entries: 0 new entities, 1 merged into existing" in out
    assert "1 merged within this load" in out
    code, out, _ = run(
        capsys, "lists", "load", "dod-1260h", str(fx / "dod_1260h.csv"), "--db", str(db)
    )
    assert code == 0
    store = open_store(db)
    lists = {r.target for r in store.relations(entity_id="ofac-30946", type="listing")}
    assert lists == {"list-ofac-ns-cmic", "list-bis-entity-list", "list-dod-1260h"}
    hits = {h.entity.id for h in store.search("Hikvision")}
    assert hits == {"ofac-30946"}
    # each identifier keeps the list file that gives it
    given = {i.scheme: i.sources for i in store.entity("ofac-30946").identifiers}  # type: ignore[union-attr]
    assert given and all(given.values())
    # the DoD parent edge lands on the merged entity
    owners = [r for r in store.relations(entity_id="ofac-30946", type="ownership")]
    assert len(owners) == 1
    store.close()


def test_similar_names_go_to_review_not_merged(
    db: Path, fx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "lists", "load", "un-xml", str(fx / "un.xml"), "--db", str(db))[0] == 0
    similar = tmp_path / "mofcom.json"
    similar.write_text(
        json.dumps(
            [
                {
                    "id": "x-1",
                    "list_id": "cn-unreliable-entity-list",
                    "entity_type": "organization",
                    "entity_name": "Example Trading Hong Kong Company",
                    "aliases": [],
                    "date_added": "2025-01-02",
                    "source_url": "",
                    "source_list_name": "",
                    "reason": "",
                }
            ]
        ),
        "utf-8",
    )
    code, out, _ = run(capsys, "lists", "load", "mofcom-json", str(similar), "--db", str(db))
    assert code == 0 and "1 new entities" in out and "1 uncertain match" in out
    code, out, _ = run(capsys, "review", "--json", "--db", str(db))
    items = json.loads(out)
    assert items[0]["right"] == "un-kpe.999" and items[0]["left"] == "mofcom-x-1"
    assert items[0]["source"] == "lists load mofcom-json"


@pytest.mark.parametrize(
    ("fmt", "name", "message"),
    [
        ("un-xml", "truncated.xml", "XML is not well-formed"),
        ("dod-1260h", "wrong_columns.csv", "missing column(s)"),
        ("mofcom-json", "gb18030.json", "not utf-8"),
        ("ofac-csv", "csl.csv", "columns"),
    ],
)
def test_bad_input_is_one_clear_line_and_an_unchanged_store(
    db: Path, fx: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str, message: str
) -> None:
    assert run(capsys, "lists", "load", "un-xml", str(fx / "un.xml"), "--db", str(db))[0] == 0
    before = counts(db)
    code, out, err = (
        run(capsys, "lists", "load", fmt, str(fx / "mofcom.json"), str(fx / name), "--db", str(db))
        if fmt == "mofcom-json"
        else run(capsys, "lists", "load", fmt, str(fx / name), "--db", str(db))
    )
    assert code == 2
    assert err.count("\n") == 1 and message in err and name in err
    assert counts(db) == before


def test_a_quote_never_closed_is_an_error_not_one_long_row(
    db: Path, fx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the last column opened with a quote on line 3: a lenient reader would take every line
    # after it as that one field, and the row count would still fit the header
    lines = (fx / "dod_1260h.csv").read_text("utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + '"https://example.org/a\n'
    bad = tmp_path / "unclosed.csv"
    bad.write_text("".join(lines), "utf-8")
    before = counts(db)
    code, _, err = run(capsys, "lists", "load", "dod-1260h", str(bad), "--db", str(db))
    assert code == 2
    assert "unclosed.csv: line 3: bad CSV (a quoted field opens here and is never closed" in err
    assert counts(db) == before


def test_gb18030_loads_when_the_encoding_is_named(
    db: Path, fx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "lists",
        "load",
        "mofcom-json",
        str(fx / "gb18030.json"),
        "--encoding",
        "gb18030",
        "--db",
        str(db),
    )
    assert code == 0
    store = open_store(db)
    assert "示例航空系统公司" in {n.text for n in store.entity("mofcom-cn-uel-test-1").names}
    store.close()


def test_a_bom_inside_a_file_is_an_error(
    db: Path, fx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    joined = tmp_path / "joined.csv"
    joined.write_bytes((fx / "bom.csv").read_bytes() + (fx / "bom.csv").read_bytes())
    code, _, err = run(capsys, "lists", "load", "dod-1260h", str(joined), "--db", str(db))
    assert code == 2 and "line 6: a byte-order mark inside the file" in err


def test_every_fixture_format_loads(
    db: Path, fx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "ofac-xml": ["sdn_advanced.xml"],
        "csl-csv": ["csl.csv"],
        "uflpa-html": ["uflpa.html"],
        "uflpa-csv": ["uflpa.csv"],
        "eu-csv": ["eu.csv"],
        "uk-csv": ["uk_subjects.csv", "uk_subject_names.csv", "uk_subject_identifiers.csv"],
        "opensanctions-csv": ["targets.simple.csv"],
        "gleif": [
            "single_lei_record_5299000CMPLCHILD0081.json",
            "direct-parent_5299000CMPLCHILD0081.json",
        ],
    }
    for fmt, files in cases.items():
        code, out, err = run(
            capsys, "lists", "load", fmt, *[str(fx / f) for f in files], "--db", str(db)
        )
        assert code == 0, (fmt, err)
    store = open_store(db)
    # EU, UK and OpenSanctions name one company with one USCC: one entity
    found = store.find_by_identifier("uscc", "91330100MA2EXAMPLJ")
    assert len(found) == 1
    lists = {r.target for r in store.relations(entity_id=found[0], type="listing")}
    assert {"list-eu-32014r0833", "list-uk-sanctions", "list-ofac-sdn"} <= lists
    # every listed party's names cite the list files whose rows give them
    listed = {r.source for r in store.relations(type="listing")}
    for entity_id in listed:
        entity = store.entity(entity_id)
        assert entity is not None
        for name in entity.names:
            docs = [store.document(d, with_text=False) for d in name.sources]
            assert docs and all(d is not None and d.kind == "list" for d in docs), name
    titles = {store.document(d, with_text=False).title  # type: ignore[union-attr]
              for n in store.entity(found[0]).names for d in n.sources}  # type: ignore[union-attr]  # fmt: skip
    assert len(titles) >= 3  # the EU, UK and OpenSanctions files
    code, out, _ = run(capsys, "show", found[0], "--db", str(db))
    assert code == 0 and "source 1  " in out and "UK Sanctions List subjects" in out
    store.close()
    shutil.rmtree(tmp_path, ignore_errors=True)
