"""The HTML report in a real browser: headless Chromium renders it, runs nothing from the
contract, and takes a screenshot. Skipped where Chromium is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from report_fixtures import fixture_review

from msa_review.reporters import Options, reporter

BROWSER = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                if (path := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed")


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    path = folder / "report.html"
    html = reporter("html")([fixture_review()], Options(tool_version="test"))
    assert isinstance(html, str)
    path.write_text(html, encoding="utf-8")
    return path


def test_contract_markup_stays_text_in_the_browser(page: Path, tmp_path: Path) -> None:
    completed = _chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = completed.stdout
    assert "<main" in dom, completed.stderr[-2000:]
    assert "<script" not in dom and "<img" not in dom and "<b>" not in dom
    assert "&lt;script&gt;alert(\"quote\")&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom


def test_screenshot(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    completed = _chromium(tmp_path, "--window-size=1200,2400", f"--screenshot={shot}",
                          page.as_uri())
    assert shot.exists(), completed.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    keep = os.environ.get("MSA_REVIEW_SCREENSHOTS")  # a folder to keep screenshots in
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
