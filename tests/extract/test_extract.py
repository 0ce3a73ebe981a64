"""What a user of `complicity extract / ingest / eval` sees, and the properties behind it."""

from __future__ import annotations

import json
import shutil
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
    assert leon["target"]["name"] == "汤立科技" and "entity_id" not in leon["target"]  # type: ignore[index,operator]
    assert leon["target"]["resolved"]["how"] == "new"  # type: ignore[index]
    assert (leon["percent"], leon["amount"], leon["currency"]) == (49.0, 7350000, "CNY")
    assert owners["商汤科技"]["percent"] == 51.0
    text = f.read_text("utf-8")
    for r in rows:
        ev = r["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["quote"]  # type: ignore[index]


def test_the_corps_is_an_organisation_without_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 兵团 names a body as 公安厅 does: the Corps is found in running text with no gazetteer
    f = tmp_path / "news.txt"
    f.write_text("海康威视与新疆生产建设兵团签署战略合作协议，共建云计算中心。", encoding="utf-8")
    rows = run_extract(capsys, str(f))
    assert [(r["type"], r["source"]["name"], r["target"]["name"]) for r in rows] == [  # type: ignore[index]
        ("partnership", "海康威视", "新疆生产建设兵团")
    ]


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
            # the parties' names are as a document writes them, and cite it
            for end in (r.source, r.target):
                entity = store.entity(end)
                assert entity is not None
                for n in entity.names:
                    assert n.sources and all(store.document(d) for d in n.sources), n
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


@pytest.fixture()
def no_lac(monkeypatch: pytest.MonkeyPatch) -> None:
    """LAC and paddle absent, as on CI: their imports fail and nothing is loaded yet."""
    import sys

    from complicity.extract import ner

    monkeypatch.setattr(ner, "_LAC", None)
    for module in ("LAC", "paddle", "paddle.base", "paddle.fluid", "paddle.fluid.core"):
        monkeypatch.setitem(sys.modules, module, None)  # `import LAC` raises ImportError


@pytest.mark.parametrize("command", ["extract", "ingest", "eval"])
def test_lac_missing_is_a_clear_message(
    tmp_path: Path, db: Path, no_lac: None, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "a.txt"
    f.write_text(JV_ZH, encoding="utf-8")
    assert main([command, "--ner", "lac", *([str(f)] if command != "eval" else [])]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("complicity: error:") and "\n" not in err and "Traceback" not in err
    assert "LAC" in err and "optional extra" in err and "--ner rules" in err
    assert "pip install paddlepaddle==2.6.2 'setuptools<81' wheel" in err
    assert "pip install --no-build-isolation lac==2.1.2" in err
    assert not db.exists()  # nothing written before the check


def test_rules_need_no_lac(
    tmp_path: Path, no_lac: None, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "a.txt"
    f.write_text(JV_ZH, encoding="utf-8")
    assert run_extract(capsys, "--ner", "rules", str(f))


def test_importing_complicity_applies_no_paddle_shim() -> None:
    import subprocess
    import sys

    code = (
        "import sys, complicity.cli, complicity.extract.ner, complicity.extract.commands;"
        "print('paddle.fluid' in sys.modules, 'paddle' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_token_offsets_walk_the_text() -> None:
    from complicity.extract.ner import chunks, org_spans, token_spans

    chunk = "京东方与海康威视签署合作协议。"
    tokens = ["京东方", "与", "海康威视", "签署", "合作", "协议", "。"]
    spans = token_spans(chunk, tokens)
    assert [chunk[a:b] for a, b in spans] == tokens
    # a token LAC changed is looked for further on; one never found ends the walk
    assert token_spans("甲乙丙", ["甲", "X", "丙"]) == [(0, 1), (-1, -1), (-1, -1)]
    text = "前言 Hikvision\n京东方与海康威视签署合作协议。再见"
    pieces = chunks(text)
    assert [c for _, c in pieces] == ["前言", "京东方与海康威视签署合作协议。", "再见"]
    offset = text.index("京东方")
    tags = ["ORG", "p", "ORG", "v", "vn", "n", "w"]
    spans = org_spans(text, [(offset, chunk, tokens, tags)])
    assert [text[a:b] for a, b in spans] == ["京东方", "海康威视"]
    # a generic word LAC merged into the name is cut off
    text2 = "设立合资公司唐立科技"
    spans = org_spans(text2, [(2, "合资公司唐立科技", ["合资公司唐立科技"], ["ORG"])])
    assert [text2[a:b] for a, b in spans] == ["唐立科技"]


def _lac_or_skip() -> None:
    from complicity.extract.ner import lac_available

    if not lac_available():
        pytest.skip(
            "Baidu LAC not installed (optional extra: pip install paddlepaddle==2.6.2 "
            "'setuptools<81' wheel && pip install --no-build-isolation lac==2.1.2)"
        )


def test_lac_stage_adds_mentions_beside_the_gazetteer() -> None:
    _lac_or_skip()
    from complicity.extract.ner import add_ner

    text = "前言。\n京東方與海康威視簽署合作協議。美國財政部將商湯科技列入投資黑名單。"
    doc = Document.from_text(text, title="t")
    rules = Pipeline.default().run(doc)
    pipe = Pipeline.default()
    add_ner(pipe, "lac")
    assert [n for n, _ in pipe.stages][2:4] == ["mentions", "ner"]
    state = pipe.run(doc)
    added = [m for m in state.mentions if m.via == "ner"]
    assert {m.text for m in added} >= {"京東方", "美國財政部"}
    for m in state.mentions:
        assert text[m.start : m.end] == m.text  # offsets into the original (traditional) text
    # every rule-based mention is kept as it was: LAC only fills gaps
    assert [m for m in state.mentions if m.via != "ner"] == rules.mentions
    assert ("partnership", "京東方", "海康威視") in {
        (x.type, x.source.name, x.target.name) for x in state.extracted
    }
    assert not any(x.source.name == "京東方" for x in rules.extracted)


def test_lac_cli_and_eval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lac_or_skip()
    f = tmp_path / "a.txt"
    f.write_text("京东方与海康威视签署合作协议。", encoding="utf-8")
    rows = run_extract(capsys, "--ner", "lac", str(f))
    assert [(r["type"], r["source"]["name"]) for r in rows] == [("partnership", "京东方")]  # type: ignore[index]
    assert main(["eval", "--json", "--ner", "lac"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["all"]["micro"]["f1"] >= 0.85


# --- ingest resolves names through the matcher ----------------------------------------------

MATCHER_DOC = (
    "2019年4月，海康威視將其持有的湯立科技51%的股權全部出售給立昂技術。\n"
    "HIKVISION DIGITAL TECHNOLOGY CO LTD won a contract from the Urumqi Public Security Bureau.\n"
    "Hangzhou Hikvision Digital Tech Co won a contract from the Kashgar Public Security Bureau.\n"
    "大华银行持有汤立科技5%的股份。\n"
)


@pytest.fixture()
def kb_store(db: Path) -> Path:
    from complicity.sources.kb import read_kb
    from complicity.store import open_store

    store = open_store(db)
    store.write(read_kb(), label="kb")
    store.close()
    return db


def test_ingest_resolves_names_through_the_matcher(
    tmp_path: Path, kb_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.store import open_store

    f = tmp_path / "doc.txt"
    f.write_text(MATCHER_DOC, encoding="utf-8")
    assert main(["ingest", str(f)]) == 0
    store = open_store(kb_store)
    hik = {
        (r.type, r.target)
        for r in store.relations(entity_id="hikvision")
        if r.source == "hikvision"
    }
    assert ("share_transfer", "leon-technology") in hik  # 海康威視 (traditional, short)
    # both contracts (HIKVISION DIGITAL TECHNOLOGY CO LTD, Hangzhou Hikvision Digital Tech Co)
    contracts = [r for r in store.relations(type="contract") if r.source == "hikvision"]
    assert len(contracts) == 2, [(r.source, r.target) for r in store.relations(type="contract")]
    assert not any(
        e.id.startswith("x-") and "hikvision" in str(e.names).lower() for e in store.entities()
    )
    # the near-homonym 大华银行 (a bank) is not Dahua: a new entity owns the stake
    (bank_stake,) = [
        r
        for r in store.relations(type="ownership")
        if r.target == "tangli-technology" and r.attrs.get("percent") == 5.0
    ]
    assert bank_stake.source != "dahua" and bank_stake.source.startswith("x-")
    assert not [
        r for r in store.relations(entity_id="dahua") if r.evidence[0].quote.startswith("大华银行")
    ]
    counts = store.counts()
    store.close()
    # re-ingesting adds nothing (the names the matcher resolved are not written as new entities)
    assert main(["ingest", str(f)]) == 0
    store = open_store(kb_store)
    after = store.counts()
    store.close()
    assert {k: v for k, v in after.items() if k != "imports"} == {
        k: v for k, v in counts.items() if k != "imports"
    }


def test_extract_json_says_how_each_name_was_resolved(
    tmp_path: Path, kb_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "doc.txt"
    f.write_text(MATCHER_DOC, encoding="utf-8")
    rows = run_extract(capsys, "--db", str(kb_store), str(f))
    contract = next(r for r in rows if "Tech Co" in r["source"]["name"])  # type: ignore[index]
    src = contract["source"]
    assert src["entity_id"] == "hikvision"  # type: ignore[index]
    assert src["resolved"]["how"] == "matcher" and src["resolved"]["score"] >= 0.85  # type: ignore[index]
    transfer = next(r for r in rows if r["type"] == "share_transfer")
    assert transfer["target"]["resolved"] == {"how": "exact"}  # type: ignore[index]
    bank = next(r for r in rows if r["source"]["name"] == "大华银行")  # type: ignore[index]
    resolved = bank["source"]["resolved"]  # type: ignore[index]
    assert resolved["how"] == "new" and resolved["nearest"]["entity_id"] == "dahua"
    assert "threshold" in resolved["why"]


def test_extract_without_a_store_mints_new_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COMPLICITY_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "doc.txt"
    f.write_text(MATCHER_DOC, encoding="utf-8")
    rows = run_extract(capsys, str(f))
    assert rows and all(r["source"]["resolved"]["how"] == "new" for r in rows)  # type: ignore[index]
    assert not (tmp_path / "complicity.db").exists()


def test_extract_uses_the_store_in_the_folder_as_every_command_does(
    tmp_path: Path,
    kb_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # after `complicity demo`, ./complicity.db: its names resolve the mentions, and stderr
    # says which store gave them
    monkeypatch.delenv("COMPLICITY_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    shutil.copy(kb_store, tmp_path / "complicity.db")
    f = tmp_path / "doc.txt"
    f.write_text(MATCHER_DOC, encoding="utf-8")
    assert main(["extract", "--json", str(f)]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert any(r["source"].get("entity_id") == "hikvision" for r in rows)
    assert "names from the store complicity.db" in err


def test_matcher_tie_or_wrong_kind_makes_a_new_entity() -> None:
    from complicity.extract.mentions import Mention
    from complicity.extract.resolve import Resolver
    from complicity.names.index import NameIndex

    index = NameIndex.build(
        [
            ("expo-4", "4th China-Eurasia Security Expo"),
            ("expo-5", "5th China-Eurasia Security Expo"),
            ("acme", "Acme Vision Technology Co., Ltd."),
            ("acme-list", "Acme Vision Technology List"),
        ]
    )
    kinds = {"expo-4": "event", "expo-5": "event", "acme": "company", "acme-list": "list"}
    resolver = Resolver(index, kinds.get)
    event = Mention(
        0,
        5,
        "6th China-Eurasia Security Expo",
        "event",
        key="name:x",
        name="6th China-Eurasia Security Expo",
    )
    assert resolver.resolve(event).how == "new"  # events: exact or new, never the matcher
    org = Mention(
        0,
        5,
        "ACME VISION TECHNOLOGY CO LTD",
        "org",
        key="name:acme",
        name="ACME VISION TECHNOLOGY CO LTD",
    )
    res = resolver.resolve(org)
    assert (res.how, res.entity_id) == ("matcher", "acme")
    tie = Resolver(
        NameIndex.build([("a", "Acme Vision Technology"), ("b", "Acme Vision Technology Ltd")])
    )
    res = tie.resolve(org)
    assert res.how == "new" and res.why is not None and "tie" in res.why


@pytest.mark.parametrize(
    ("text", "antecedent"),
    [
        ("Let's not let Face++ off the hook. They also participated in the expo.", "Face++"),
        ("商汤科技成立于2014年。其还参加了安博会。", "商汤科技"),
        ("Hikvision and Dahua sell cameras. They also participated in the expo.", None),
        ("Megvii sells cameras. It is unclear whether it exhibited.", None),
    ],
)
def test_sentence_initial_pronoun_subject(text: str, antecedent: str | None) -> None:
    from complicity.extract.mentions import Gazetteer, find_mentions

    mentions = find_mentions(text, Gazetteer.build())
    refs = [m for m in mentions if m.via == "reference"]
    assert [m.name for m in refs] == ([antecedent] if antecedent else [])
    for m in refs:
        assert text[m.start : m.end] == m.text


def test_ingest_keeps_names_a_document_gives_in_the_other_script(
    tmp_path: Path, kb_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from complicity.store import open_store

    # invented sentences (not quoted from any article)
    doc = tmp_path / "press.txt"
    doc.write_text(
        "2018年8月，立昂技术（Liontech Group）与旷视科技签署战略合作协议。\n"
        "海康威视（Hong Kong）与甲乙丙科技有限公司（Jiayibing Tech）签订采购合同。\n"
        "旷视科技（以下简称“旷视”）参加了安博会。\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(doc)]) == 0
    capsys.readouterr()
    store = open_store(kb_store)
    leon = store.entity("leon-technology")
    assert leon is not None
    given = {n.text: n.sources for n in leon.names}
    (document,) = [d for d in given["Liontech Group"]]
    assert store.document(document) is not None  # the press text, as its source
    megvii = store.entity("megvii")
    assert megvii is not None and "旷视" not in {n.text for n in megvii.names}  # same script
    hik = store.entity("hikvision")
    assert hik is not None and "Hong Kong" not in {n.text for n in hik.names}  # a place
    new = [e for e in store.entities() if "Jiayibing Tech" in {n.text for n in e.names}]
    assert len(new) == 1 and "甲乙丙科技有限公司" in {n.text for n in new[0].names}
    store.close()
    # the matcher now knows the alias, and says where it was stated
    assert main(["match", "Liontech Group", "立昂技术股份有限公司", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["same"] and out["aliases"][0]["entity"] == "leon-technology"
    assert any(s["title"].startswith("2018年8月") for s in out["aliases"][0]["sources"])
