"""What a user of `complicity extract / ingest / eval` sees, and the properties behind it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml

from complicity.cli import main
from complicity.errors import UserError
from complicity.extract.evaluate import default_gold_dir, load_gold, score
from complicity.extract.ingest import read_document
from complicity.extract.pipeline import Pipeline, extract_document
from complicity.extract.textnorm import match_text
from complicity.extract.values import find_values
from complicity.model import Document

JV_ZH = "立昂技术与商汤科技共同出资设立合资公司汤立科技，其中立昂技术出资735万元，占股49%；商汤科技出资765万元，占股51%。"
TRANSFER_HANT = "2019年4月，商湯科技將其持有的湯立科技51%的股權全部出售給立昂技術。"


def run_extract(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["extract", "--json", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_cli_json_joint_venture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "jv.txt"
    f.write_text(JV_ZH, encoding="utf-8")
    rows = run_extract(capsys, str(f))
    owners = {r["source"]["name"]: r for r in rows if r["type"] == "ownership"}  # type: ignore[index]
    assert set(owners) == {"立昂技术", "商汤科技"}
    leon = owners["立昂技术"]
    assert leon["target"] == {"name": "汤立科技"}
    assert (leon["percent"], leon["amount"], leon["currency"]) == (49.0, 7350000, "CNY")
    assert owners["商汤科技"]["percent"] == 51.0
    text = f.read_text("utf-8")
    for r in rows:
        ev = r["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["quote"]  # type: ignore[index]


def test_traditional_share_transfer_offsets_in_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "t.txt"
    f.write_text("前言。\n" + TRANSFER_HANT, encoding="utf-8")
    (row,) = run_extract(capsys, str(f))
    assert row["type"] == "share_transfer"
    assert row["source"]["name"] == "商湯科技" and row["target"]["name"] == "立昂技術"  # type: ignore[index]
    assert row["asset"]["name"] == "湯立科技"  # type: ignore[index]
    assert row["percent"] == 51.0 and row["date"] == "2019-04"
    assert "湯立科技51%" in row["evidence"]["quote"]  # type: ignore[index,operator]


@pytest.mark.parametrize(
    "text",
    [
        "商汤科技从未向新疆任何公安机关提供人脸识别系统。",
        "科大讯飞股份有限公司否认与新疆某监狱存在合作关系。",
        "Hikvision did not supply cameras to the Pishan County Public Security Bureau.",
        "Megvii denied that it had signed a cooperation agreement with the Xinjiang Public Security Department.",
        "Intel said it had never sold processors to Sugon.",
    ],
)
def test_negation_yields_nothing(text: str) -> None:
    batch = extract_document(Document.from_text(text, title="t"))
    assert batch.relations == []


def test_same_sentence_without_negation_yields_relation() -> None:
    batch = extract_document(Document.from_text("Nvidia supplied chips to SenseTime.", title="t"))
    assert [r.type for r in batch.relations] == ["supply"]


@pytest.mark.parametrize(
    ("text", "kind", "value", "currency"),
    [
        ("出资735万元", "money", 7350000, "CNY"),
        ("中标金额2.35亿元", "money", 235000000, "CNY"),
        ("a $53m contract", "money", 53000000, "USD"),
        ("7.35 million RMB", "money", 7350000, "CNY"),
        ("4.6億美元", "money", 460000000, "USD"),
        ("占股49%", "percent", 49.0, None),
        ("佔股４９％", "percent", 49.0, None),
        ("2017年11月", "date", "2017-11", None),
        ("今年4月", "date", "2018-04", None),
        ("去年", "date", "2017", None),
        ("on October 9, 2019", "date", "2019-10-09", None),
        ("last month", "date", "2018-10", None),
    ],
)
def test_value_normalisation(text: str, kind: str, value: object, currency: str | None) -> None:
    found = [v for v in find_values(match_text(text), "2018-11-20") if v.kind == kind]
    assert found, text
    assert found[0].value == value and found[0].currency == currency


def test_match_text_keeps_length() -> None:
    text = "湯立科技於2019年４月（「出售」）— Face++ İstanbul"
    assert len(match_text(text)) == len(text)


def _gold_passages() -> list[dict[str, object]]:
    return load_gold(sorted(default_gold_dir().glob("*.yaml")))


def test_gold_set_size_and_languages() -> None:
    passages = _gold_passages()
    assert len(passages) >= 60
    assert sum(len(p["relations"]) for p in passages) >= 120  # type: ignore[arg-type,misc]
    langs = {p["lang"] for p in passages}
    assert {"zh-Hans", "zh-Hant", "en"} <= langs
    assert any(not p["relations"] for p in passages)


def test_evidence_offsets_exact_on_every_gold_passage() -> None:
    pipe = Pipeline.default()
    for p in _gold_passages():
        doc = Document.from_text(str(p["text"]), title=str(p["id"]), published=str(p["published"]))
        batch = pipe.run(doc).batch
        for rel in batch.relations:
            for ev in rel.evidence:
                assert doc.text is not None
                assert doc.text[ev.start : ev.end] == ev.quote, (p["id"], ev)
                ev.validate(doc)
            rel.validate()


def test_eval_meets_goals_on_gold_set() -> None:
    result = score(_gold_passages())
    _, _, f1 = result.micro()
    assert f1 >= 0.85, result.errors
    assert result.attribute_accuracy() >= 0.90, result.errors
    assert result.offsets_ok


def test_eval_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"dev", "heldout", "all"} <= set(data)
    assert data["all"]["micro"]["f1"] >= 0.85


def test_seed_newsletter(shared_seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_extract(capsys, str(shared_seed))
    own = {(r["source"]["name"], r["target"]["name"]): r for r in rows if r["type"] == "ownership"}  # type: ignore[index]
    leon = own[("Leon Technology", "Tang Li Technology")]
    assert (leon["percent"], leon["amount"], leon["currency"]) == (49.0, 7350000, "CNY")
    assert own[("Sensetime", "Tang Li Technology")]["percent"] == 51.0
    tsu = [r for r in rows if r["type"] == "partnership" and r["source"]["name"] == "Megvii"]  # type: ignore[index]
    assert tsu and tsu[0]["role"] == "technical support unit"
    assert "Public Security Video Laboratory" in tsu[0]["target"]["name"]  # type: ignore[index,operator]
    exhibitors = {r["source"]["name"] for r in rows if r["type"] == "participation"}  # type: ignore[index]
    assert {"Hikvision", "Dahua", "Sailing Information Technology", "Liantronics"} <= exhibitors
    events = {r["target"]["name"] for r in rows if r["type"] == "participation"}  # type: ignore[index]
    assert events == {"5th China-Eurasia Security Expo"}
    text = shared_seed.read_text("utf-8")
    for r in rows:
        for ev in [r["evidence"], *r.get("more_evidence", [])]:  # type: ignore[list-item]
            assert text[ev["start"] : ev["end"]] == ev["quote"]


# --- ingest: encodings and bad input --------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("gb18030", b""),
        ("big5", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b""),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = (
        TRANSFER_HANT
        if encoding == "big5"
        else JV_ZH
        if encoding == "gb18030"
        else TRANSFER_HANT + JV_ZH
    )
    f = tmp_path / f"doc-{encoding}.txt"
    f.write_bytes(prefix + text.encode(encoding))
    doc = read_document(f)
    assert doc.text == text
    assert doc.language == "zh"
    assert extract_document(doc).relations


def test_html_boilerplate_and_metadata(tmp_path: Path) -> None:
    html = (
        "<html><head><title>页面标题</title>"
        '<meta property="article:published_time" content="2018-11-20T08:00:00+08:00">'
        '<link rel="canonical" href="https://example.org/a/1"></head><body>'
        '<nav>首页 | 新闻 | 海康威视中标某项目</nav><script>var x = "商汤科技";</script>'
        f"<div class='content'><p>{JV_ZH}</p><p>第二段。</p></div>"
        "<footer>版权所有 大华股份</footer></body></html>"
    )
    f = tmp_path / "a.html"
    f.write_text(html, encoding="utf-8")
    doc = read_document(f)
    assert (
        doc.title == "页面标题"
        and doc.url == "https://example.org/a/1"
        and doc.published == "2018-11-20"
    )
    assert JV_ZH in (doc.text or "")
    assert (
        "首页" not in (doc.text or "")
        and "var x" not in (doc.text or "")
        and "版权" not in (doc.text or "")
    )


def test_broken_html_still_reads(tmp_path: Path) -> None:
    f = tmp_path / "b.htm"
    f.write_bytes(("<html><body><div><p>" + JV_ZH + "<p>未闭合<div><b>").encode("gb18030"))
    doc = read_document(f)
    assert JV_ZH in (doc.text or "")


def test_script_only_html_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "c.html"
    f.write_text(
        "<html><head><script>1</script></head><body><nav>x</nav></body></html>", encoding="utf-8"
    )
    with pytest.raises(UserError, match="HTML without readable text"):
        read_document(f)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x01" * 50, "binary"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_document(f)


def test_size_limit_is_a_parameter(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(JV_ZH * 100, encoding="utf-8")
    with pytest.raises(UserError, match="limit"):
        read_document(f, max_bytes=1000)
    assert read_document(f).text


def test_cli_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert main(["extract", str(f)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("complicity: error:") and "empty file" in err and "\n" not in err


def _pdf_bytes(text: str | None) -> bytes:
    """A one-page PDF, with a text layer when ``text`` is given (hand-written objects)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_pdf_with_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("pypdf", reason="pypdf not installed (add it to pyproject dependencies)")
    f = tmp_path / "a.pdf"
    f.write_bytes(_pdf_bytes("Nvidia supplied chips to SenseTime for its training clusters."))
    doc = read_document(f)
    assert "Nvidia supplied chips to SenseTime" in (doc.text or "")
    assert [r.type for r in extract_document(doc).relations] == ["supply"]


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    pytest.importorskip("pypdf", reason="pypdf not installed (add it to pyproject dependencies)")
    f = tmp_path / "scan.pdf"
    f.write_bytes(_pdf_bytes(None))
    with pytest.raises(UserError, match="needs OCR"):
        read_document(f)


def test_docx(tmp_path: Path) -> None:
    f = tmp_path / "a.docx"
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = f"<w:document {w}><w:body><w:p><w:r><w:t>{JV_ZH}</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("word/document.xml", body)
    doc = read_document(f)
    assert (doc.text or "").splitlines() == [JV_ZH, "第二段"]


# --- ingest into the store ------------------------------------------------------------------


def test_ingest_writes_once_and_is_idempotent(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.store import open_store

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "jv.txt").write_text(JV_ZH, encoding="utf-8")
    (folder / "t.txt").write_bytes(TRANSFER_HANT.encode("big5"))
    assert main(["ingest", str(folder)]) == 0
    store = open_store(db)
    counts = store.counts()
    rels = list(store.relations())
    assert {r.type for r in rels} == {"ownership", "share_transfer"}
    for r in rels:
        for ev in r.evidence:
            doc = store.document(ev.document_id)
            assert (
                doc is not None and doc.text is not None and doc.text[ev.start : ev.end] == ev.quote
            )
    store.close()
    assert main(["ingest", str(folder)]) == 0
    store = open_store(db)
    assert (
        store.counts() == counts | {"imports": store.counts().get("imports", 0)}
        or store.counts()["relations"] == counts["relations"]
    )
    assert store.counts()["relations"] == counts["relations"]
    assert store.counts()["documents"] == counts["documents"] == 2
    store.close()
    capsys.readouterr()
    # the store's names are used by `extract` when the store exists
    rows = run_extract(capsys, "--db", str(db), str(folder / "jv.txt"))
    assert all("entity_id" in r["source"] for r in rows)  # type: ignore[operator]


def test_ingest_bad_file_leaves_store_unchanged(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.store import open_store

    bad = tmp_path / "scan.pdf"
    bad.write_bytes(_pdf_bytes(None))
    assert main(["ingest", str(bad)]) == 2
    assert "needs OCR" in capsys.readouterr().err
    store = open_store(db)
    assert store.counts()["documents"] == 0 and store.counts()["relations"] == 0
    store.close()


def test_gold_files_parse() -> None:
    for path in sorted(default_gold_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert data["passages"]


def test_lac_missing_is_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from complicity.extract.ner import lac_available

    if lac_available():
        pytest.skip("LAC is installed here")
    f = tmp_path / "a.txt"
    f.write_text(JV_ZH, encoding="utf-8")
    assert main(["extract", "--ner", "lac", str(f)]) == 2
    err = capsys.readouterr().err
    assert "LAC" in err and "optional extra" in err and "--ner rules" in err
