"""`lists update` against a local HTTP server on 127.0.0.1 serving fixtures, then `lists diff`."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from complicity.cli import main
from complicity.sources.lists.versions import load_config


@pytest.fixture()
def served(tmp_path: Path, fx: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        (root / name).write_bytes((fx / name).read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def config(
    tmp_path: Path, base: str, files: tuple[str, ...] = ("sdn.csv", "alt.csv", "add.csv")
) -> Path:
    path = tmp_path / "sources.yaml"
    urls = "\n".join(f"      - {base}/{f}" for f in files)
    path.write_text(f"sources:\n  ofac-sdn:\n    format: ofac-csv\n    urls:\n{urls}\n", "utf-8")
    return path


def test_shipped_config_points_at_official_https_urls() -> None:
    sources = load_config(None)
    assert {"ofac-sdn", "ofac-cons", "us-csl", "uflpa", "un-sc"} <= set(sources)
    assert all(u.startswith("https://") for s in sources.values() for u in s.urls)


def test_update_keeps_versions_and_diff_shows_changes(
    db: Path, tmp_path: Path, served: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, root = served
    cfg = config(tmp_path, base)
    assert main(["lists", "update", "--config", str(cfg), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ofac-sdn: new version" in out and "3 new entities" in out
    assert main(["lists", "update", "--config", str(cfg), "--db", str(db)]) == 0
    assert "unchanged since" in capsys.readouterr().out

    # the list changes: an entry added, an alias added, a program changed, an entry removed
    sdn = (root / "sdn.csv").read_bytes().decode().replace('"SDGT] [IFSR"', '"SDGT"')
    sdn = (
        sdn.replace("\x1a", "") + '9100,"NEW EXAMPLE CO",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,'
        "-0- ,-0- ,-0- ,-0- \r\n"
    )
    sdn = "\r\n".join(line for line in sdn.split("\r\n") if not line.startswith("9002,"))
    (root / "sdn.csv").write_text(sdn, newline="")
    alt = (root / "alt.csv").read_bytes().decode().replace(
        "\x1a", ""
    ) + '9001,905,"aka","EX-SURV",-0- \r\n'
    (root / "alt.csv").write_text(alt, newline="")
    assert main(["lists", "update", "--config", str(cfg), "--db", str(db)]) == 0
    capsys.readouterr()

    folder = db.parent / "lists" / "ofac-sdn"
    index = json.loads((folder / "index.json").read_text())
    assert len(index["versions"]) == 2
    assert all((folder / f["path"]).exists() for v in index["versions"] for f in v["files"])

    assert main(["lists", "diff", "ofac-sdn", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "1 added, 1 removed, 1 changed" in text
    assert "+ ofac-9100  NEW EXAMPLE CO" in text and "- ofac-9002" in text
    assert "+EX-SURV" in text and "-list-ofac-sdn SDGT; IFSR" in text

    assert main(["lists", "diff", "ofac-sdn", "--json", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in data["added"]] == ["ofac-9100"]
    assert data["changed"][0]["names"] == {"added": ["EX-SURV"], "removed": []}

    first, second = (v["id"] for v in index["versions"])
    assert (
        main(
            [
                "lists",
                "diff",
                "ofac-sdn",
                "--from",
                second[:20],
                "--to",
                first[:20],
                "--json",
                "--db",
                str(db),
            ]
        )
        == 0
    )
    back = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in back["removed"]] == ["ofac-9100"]


def test_update_offline_is_an_error_and_changes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = config(tmp_path, "http://127.0.0.1:9", ("sdn.csv",))  # discard port: refused
    assert main(["lists", "update", "--config", str(cfg), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "not updated" in err and "nothing changed" in err
    assert not (db.parent / "lists" / "ofac-sdn").exists()


def test_diff_needs_two_versions(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "diff", "ofac-sdn", "--db", str(db)]) == 2
    assert "lists update ofac-sdn" in capsys.readouterr().err
