"""The Dagster UI in a real browser: `dagster dev` on localhost, driven by Playwright.

The main job runs first (in-process, same DAGSTER_HOME), so the UI shows a real
run; then the test looks at the asset graph, the run and the checks the way an
operator would, and saves screenshots under test-artifacts/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from orchestration.config import BIN_DIR, PROJECT_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]

ARTIFACTS = PROJECT_DIR / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f}s")


@pytest.fixture(scope="module")
def dagster_ui(pipeline_run, tmp_path_factory):
    """`dagster dev` over the instance and warehouse of the session's pipeline run."""
    assert CHROMIUM.exists(), "browser tests need Debian's chromium: apt-get install chromium"
    port = _free_port()
    env = {
        **os.environ,
        "C360_LANDING_DIR": str(pipeline_run.landing_dir),
        "C360_WAREHOUSE": str(pipeline_run.warehouse_path),
        "DAGSTER_HOME": str(pipeline_run.dagster_home),
    }
    log = (tmp_path_factory.mktemp("dagster_ui") / "dagster.log").open("w")
    process = subprocess.Popen(
        [
            "setsid",
            "env",
            "--default-signal=INT,TERM",
            str(BIN_DIR / "dagster"),
            "dev",
            "-m",
            "orchestration.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/server_info", 180)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def page(dagster_ui):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(dagster_ui, wait_until="networkidle")
        skip = page.get_by_role("button", name="Skip")
        if skip.count():
            skip.first.click()
        yield page
        browser.close()


def test_asset_graph_shows_every_layer(page, dagster_ui):
    page.goto(f"{dagster_ui}/asset-groups", wait_until="networkidle")
    for group in ("raw", "staging", "identity", "marts", "publish"):
        page.get_by_text(group, exact=True).first.wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "dagster_asset_graph.png"), full_page=True)


def test_last_run_succeeded(page, dagster_ui):
    page.goto(f"{dagster_ui}/runs", wait_until="networkidle")
    page.get_by_text("customer360_main").first.wait_for(timeout=60_000)
    page.get_by_text("Success").first.wait_for(timeout=60_000)
    assert page.get_by_text("Failure").count() == 0
    page.screenshot(path=str(ARTIFACTS / "dagster_runs.png"), full_page=True)


def test_checks_are_visible(page, dagster_ui):
    page.goto(f"{dagster_ui}/assets/raw/crm_contacts?view=checks", wait_until="networkidle")
    for check in ("lines_reconciled", "quarantine_share", "freshness"):
        page.get_by_text(check).first.wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "dagster_checks.png"), full_page=True)
