"""`complicity demo` as a user runs it: the issue's done-criteria, read from the files it writes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

CONTROLS = {"Nestle SA", "Unilever PLC", "Toyota Motor Corp", "Ferrari NV", "United Overseas Bank Ltd",
            "大华银行有限公司", "Hangzhou Lion Microelectronics Co Ltd", "杭州立昂微电子股份有限公司"}  # fmt: skip
MUST_FLAG = {
    "Fidelity International": {"sensetime", "megvii"},
    "QUALCOMM Inc": {"sensetime", "megvii"},
    "SK Inc.": {"sensetime", "megvii"},
    "Alibaba Group Holding Ltd": {"sensetime", "megvii"},
    "Silver Lake Partners": {"sensetime", "megvii"},
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    cwd = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [sys.executable, "-m", "complicity.cli", "demo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    return proc, cwd


def test_demo_runs_and_prints_a_table(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, cwd = demo
    assert proc.returncode == 0, proc.stderr
    assert "screening demo_portfolio.csv 28/28" in proc.stderr  # progress shown
    lines = {line.split("  ")[0].strip(): line for line in proc.stdout.splitlines()}
    assert "flagged" in lines["QUALCOMM Inc"]
    assert "no match" in lines["Nestle SA"]
    assert (cwd / "complicity.db").is_file()


def test_demo_json_flags_investors_with_evidence_and_no_control(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, cwd = demo
    data = json.loads((cwd / "report" / "exposure.json").read_text(encoding="utf-8"))
    by_input = {r["input"]: r for r in data["results"]}
    for holding, anchors in MUST_FLAG.items():
        row = by_input[holding]
        assert row["status"] == "flagged", holding
        path = row["exposure"]
        ids = {step["to"]["id"] for step in path["steps"]} | {path["anchor"]["id"]}
        assert ids & anchors, (holding, path["chain"])
        for step in path["steps"]:
            assert step["evidence"], step
            assert all(ev["quote"] and ev["title"] for ev in step["evidence"])
    for holding in CONTROLS:
        assert by_input[holding]["status"] != "flagged", holding
        assert by_input[holding]["entity_id"] in (None, ""), holding


def test_demo_html_shows_chains_pictures_and_quotes(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, cwd = demo
    html = (cwd / "report" / "exposure.html").read_text(encoding="utf-8")
    data = json.loads((cwd / "report" / "exposure.json").read_text(encoding="utf-8"))
    flagged = [r for r in data["results"] if r["status"] == "flagged"]
    assert html.count("complicity-path") >= len(flagged) > 0  # a picture per flagged holding
    text = unescape(re.sub(r"<[^>]*>", "", html))  # the page's text as a reader sees it
    for row in flagged:
        assert row["exposure"]["chain"] in text
        for step in row["exposure"]["steps"]:
            for ev in step["evidence"]:
                assert ev["quote"] in text, ev["quote"]
    for row in flagged:  # and where each matched name comes from
        assert f"{row['matched_name']} is a name of {row['caption']} as given by: " in text
        assert all(src["title"] in text for src in row["name_sources"])
    assert "<script" not in html.lower()


def test_demo_is_idempotent(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, cwd = demo
    # the same clean environment as the first run: the store is ./complicity.db in cwd
    again = subprocess.run([sys.executable, "-m", "complicity.cli", "demo"], cwd=cwd,
                           capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})  # fmt: skip
    assert again.returncode == 0
    assert "(0 new)" in again.stdout


def test_demo_says_which_holdings_are_to_review(tmp_path: Path) -> None:
    # HDT: the initials of Hikvision Digital Technology, which initials alone cannot confirm
    (tmp_path / "p.csv").write_text("holding\nHDT\nHikvision\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "complicity.cli", "demo", "--portfolio", "p.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 of 2 holdings linked to the Xinjiang surveillance industry" in proc.stdout
    assert proc.stdout.rstrip().endswith("1 matched by initials alone, to review: HDT")
