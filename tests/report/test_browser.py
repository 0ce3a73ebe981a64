"""The report in a real browser (Debian Chromium, headless): what a reader sees, including Chinese
text, with no script running and links that go where the evidence says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def test_report_in_chromium(report: Path, tmp_path: Path) -> None:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
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
    finally:
        driver.quit()
