from __future__ import annotations

import json
from pathlib import Path

import pytest

from complicity.cli import main


def test_match_json(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert not db.exists()
    assert main(["match", "杭州海康威视数字技术股份有限公司", "海康威視", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is True and 0.85 <= out["score"] <= 1.0
    assert {"name", "value", "weight", "contribution", "detail"} <= set(out["explanation"][0])
    assert not db.exists()  # no store is created by a comparison

    assert main(["match", "大华银行", "大华股份", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is False and out["score"] < 0.85
    assert any(f["name"] == "descriptor_mismatch" for f in out["explanation"])


def test_match_table(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert main(["match", "科大讯飞", "科大国创"]) == 0
    out = capsys.readouterr().out
    assert "not the same company" in out and "token_similarity" in out
    # no store: the reader is told that sources' aliases were not consulted, and how to get them
    assert "names only: no store" in out and "complicity demo" in out


def test_match_a_name_given_in_two_scripts(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    # as a screen takes such a cell: each name too, and the explanation says which counted
    assert main(["match", "海康威視 Hikvision", "HIKVISION", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is True and out["a"] == "海康威視 Hikvision"
    assert out["explanation"][0]["name"] == "name_part"
    assert out["explanation"][0]["detail"].endswith(": Hikvision")
    assert main(["match", "大华股份 Dahua", "大华银行", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is False  # each part compared is still not the bank


def test_match_a_name_given_with_another_it_is_known_by(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    assert main(["match", "Beijing Megvii Technology Co., Ltd. (d/b/a Face++)", "Face++"]) == 0
    out = capsys.readouterr().out
    assert "): same company" in out
    assert "of the names given, one known as the other: Face++" in out


@pytest.mark.parametrize("bad", ["", "!!!", "x" * 10_000])
def test_match_bad_input(capsys: pytest.CaptureFixture[str], db: Path, bad: str) -> None:
    assert main(["match", bad, "Hikvision", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("complicity: error:") and len(err.splitlines()) == 1


def test_match_missing_db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["match", "a co", "b co", "--db", str(tmp_path / "nope.db")]) == 2
    assert "no such store" in capsys.readouterr().err


def _store_company(
    db: Path, entity_id: str, legal: str, brand: str, title: str, url: str | None
) -> None:
    """A store holding one company, its Chinese legal name and its brand, both given by one
    document."""
    from complicity.model import Batch, Document, Entity, Name
    from complicity.store import open_store

    store = open_store(db)
    doc = Document.from_text(f"{legal} ({brand})", title=title, url=url)
    names = [
        Name(legal, "zh", "legal", sources=(doc.id,)),
        Name(brand, "en", "brand", sources=(doc.id,)),
    ]
    store.write(Batch(entities=[Entity(entity_id, "company", names)], documents=[doc]), "t")
    store.close()


def test_match_uses_store_aliases(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    _store_company(
        db, "hikvision", "杭州海康威视数字技术股份有限公司", "Hikvision",
        "An annual report", "https://example.org/ar",
    )  # fmt: skip
    assert main(["match", "海康威视", "HIKVISION", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is True and out["explanation"][0]["name"] == "known_alias"
    assert out["store"] == str(db)
    # where the alias was stated
    assert out["aliases"] == [{"entity": "hikvision", "caption": "Hikvision",
                               "sources": [{"title": "An annual report", "url": "https://example.org/ar",
                                            "published": None}]}]  # fmt: skip
    assert main(["match", "海康威视", "HIKVISION", "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "known alias: both are names of Hikvision (hikvision), as given by" in printed
    assert f"aliases and judgements from {db}" in printed and "names only" not in printed
    assert "An annual report  https://example.org/ar" in printed
    # a regional company of the brand is no name of the group: its score is its own, and no
    # source is cited for a name no source gave (the brand may be said of it; 海康威视 is not)
    assert main(["match", "Hikvision Europe B.V.", "HIKVISION", "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "same company" in printed and "known alias" not in printed and "europe" in printed
    assert main(["match", "Hikvision Europe B.V.", "海康威视", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is False and out["aliases"] == []
    # without a shared entity, no alias and no sources
    assert main(["match", "大华银行", "HIKVISION", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["aliases"] == []


def test_match_with_a_store_knows_a_homophone(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    _store_company(db, "dahua", "浙江大华技术股份有限公司", "Dahua", "A list", None)
    assert main(["match", "上海达华科技有限公司", "Dahua", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is False and out["score"] < 0.85
    assert out["explanation"][0]["name"] == "homophone"
    assert "大华" in out["explanation"][0]["detail"]
    # the entity's own Chinese name is still its romanisation's
    assert main(["match", "大华股份", "Dahua", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["same"] is True


def test_match_with_a_store_knows_where_an_entity_is_registered(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    # the store gives Leon Technology's USCC (Xinjiang, 65): as a screen says, a Leon
    # Technology registered in Hangzhou is not it, one in Urumqi is
    from complicity.model import Batch, Entity, Identifier, Name
    from complicity.store import open_store

    store = open_store(db)
    names = [Name("立昂技术股份有限公司", "zh", "legal"), Name("Leon Technology", "en", "brand")]
    leon = Entity("leon", "company", names, [Identifier("uscc", "916501002999341738")])
    store.write(Batch(entities=[leon]), "t")
    store.close()
    assert (
        main(["match", "杭州立昂技术有限公司", "立昂技术股份有限公司", "--json", "--db", str(db)])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["same"] is False and out["explanation"][0]["name"] == "group_company"
    assert "registered in 新疆" in out["explanation"][0]["detail"]
    assert (
        main(
            ["match", "乌鲁木齐立昂技术有限公司", "立昂技术股份有限公司", "--json", "--db", str(db)]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["same"] is True
