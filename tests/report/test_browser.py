"""The report in a real browser (Debian Chromium, headless): what a reader sees, including Chinese
text, with no script running and links that go where the evidence says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian chromium and chromium-driver (apt-get install chromium chromium-driver "
    "fonts-wqy-microhei; .ci/run installs them)",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cwd = tmp_path_factory.mktemp("browser")
    subprocess.run([sys.executable, "-m", "complicity.cli", "demo"], cwd=cwd, check=True,
                   capture_output=True)  # fmt: skip
    return cwd / "report" / "exposure.html"


@pytest.fixture()
def driver(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium through Selenium, quit after the test."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


def test_report_in_chromium(report: Path, tmp_path: Path, driver: Any) -> None:
    from selenium.webdriver.common.by import By

    driver.get(report.as_uri())
    rows = driver.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
    status = {
        r.find_elements(By.TAG_NAME, "td")[1].text: r.get_attribute("data-status") for r in rows
    }
    assert status["Fidelity International"] == "flagged"
    assert status["海康威视"] == "flagged"  # Chinese rendered as text, not lost
    assert status["大华银行有限公司"] == "no match"
    sections = driver.find_elements(By.CSS_SELECTOR, "section.holding")
    assert len(sections) == sum(v == "flagged" for v in status.values())
    fidelity = driver.find_element(By.ID, "h4")
    assert "Fidelity International —invested in→ SenseTime" in fidelity.text
    assert fidelity.find_elements(By.TAG_NAME, "svg"), "no path picture"
    links = [a.get_attribute("href") for a in fidelity.find_elements(By.TAG_NAME, "a")]
    assert links and all(h.startswith(("http://", "https://")) for h in links)
    # The report allows no script: the CSP forbids it, and none is on the page.
    assert driver.execute_script("return document.scripts.length") == 0
    driver.save_screenshot(str(tmp_path / "report.png"))


def test_a_row_to_review_in_chromium(tmp_path: Path, driver: Any) -> None:
    """A row matched by initials alone (HDT: Hikvision Digital Technology) is shown to review,
    apart from the flagged, with the entity's path and evidence."""
    from selenium.webdriver.common.by import By

    db, page = tmp_path / "kb.db", tmp_path / "screen.html"
    (tmp_path / "h.csv").write_text("name\nHDT\nHikvision\n", encoding="utf-8")
    run = [sys.executable, "-m", "complicity.cli"]
    subprocess.run([*run, "--db", str(db), "demo", "--out", str(tmp_path / "demo")], cwd=tmp_path,
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([*run, "--db", str(db), "screen", "h.csv", "--out", str(page)], cwd=tmp_path,
                   check=True, capture_output=True)  # fmt: skip
    driver.get(page.as_uri())
    rows = driver.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
    assert [r.get_attribute("data-status") for r in rows] == ["review", "flagged"]
    headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
    assert headings[0] == "To review: matched by initials alone"
    review = driver.find_element(By.ID, "h2")
    assert "HDT → Hikvision (hikvision)" in review.text
    assert "Hikvision —is listed on→ Entity List" in review.text
    assert review.find_elements(By.TAG_NAME, "blockquote"), "no quote for the path"
