"""The explorer on the session's generated data: against the generator's truth, then in
Debian's chromium driven by Playwright (`c360 explore` on a free port on 127.0.0.1).

A person the truth knows is looked up by a messy form of their phone; the profile must
show exactly the records the truth says belong together, the identity graph and the
timeline must open, masked mode must show no clear email or phone, and an erased
person must not be found. Screenshots go to test-artifacts/explorer/.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.config import BIN_DIR, PROJECT_DIR
from orchestration.explorer import queries
from orchestration.explorer.masking import has_clear_contact

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]

ARTIFACTS = PROJECT_DIR / "test-artifacts" / "explorer"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    "the explorer's browser test needs Debian's chromium at /usr/bin/chromium: "
    "apt-get install -y chromium fonts-liberation (never `playwright install`)"
)


@dataclass(frozen=True)
class KnownPerson:
    person_id: str
    customer_id: str
    records: frozenset[tuple[str, str]]
    messy_phone: str
    has_email: bool


def messy_phone(e164: str) -> str:
    """`+66812345678` as a person types it: `(081) 234 5678`."""
    national = e164[3:]
    return f"(0{national[:2]}) {national[2:5]} {national[5:]}"


@pytest.fixture(scope="module")
def published(pipeline_run) -> Path:
    assert pipeline_run.success, "the session's pipeline run failed"
    assert pipeline_run.published_path.exists()
    return pipeline_run.published_path


@pytest.fixture(scope="module")
def known_person(published, pipeline_run) -> KnownPerson:
    """A person the warehouse resolved exactly as the truth says, findable by phone."""
    truth: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with (pipeline_run.truth_dir / "customer_xref_truth.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            truth[row["person_id"]].add((row["source_system"], row["source_record_id"]))
    with queries.connect(published) as conn:
        xref = conn.execute(
            "select source_system, source_record_id, customer_id from marts.customer_xref"
        ).fetchall()
        golden = {
            customer_id: (phone, email)
            for customer_id, phone, email in conn.execute(
                "select customer_id, phone, email from marts.customer_golden_records"
            ).fetchall()
        }
        customer_of = {(s, r): c for s, r, c in xref}
        records_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for s, r, c in xref:
            records_of[c].add((s, r))
        reader = queries.Reader(conn)
        for person_id in sorted(truth):
            loaded = {record for record in truth[person_id] if record in customer_of}
            customers = {customer_of[record] for record in loaded}
            if len(customers) != 1:
                continue
            (customer_id,) = customers
            phone, email = golden[customer_id]
            systems = {system for system, _ in loaded}
            if (
                records_of[customer_id] != loaded
                or not 4 <= len(loaded) <= 12
                or len(systems) < 3
                or phone is None
                or email is None
            ):
                continue
            found = queries.search(reader, messy_phone(phone)).matches
            if [m.customer_id for m in found] == [customer_id]:
                return KnownPerson(
                    person_id, customer_id, frozenset(loaded), messy_phone(phone), True
                )
    pytest.fail("no person in the truth is resolved exactly and findable by a unique phone")


@pytest.fixture(scope="module")
def erased_contacts(pipeline_run) -> list[tuple[str, str]]:
    """(email, phone) of every erasure request the generator wrote."""
    contacts = []
    for path in sorted((pipeline_run.landing_dir / "privacy").glob("erasure_requests_*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            contacts += [(row["email"], row["phone"]) for row in csv.DictReader(handle)]
    assert contacts, "the generator wrote no erasure request"
    return contacts


# against the truth, without a browser ---------------------------------------------------------


def test_a_known_person_is_found_by_a_messy_phone_with_all_their_records(published, known_person):
    with queries.connect(published) as conn:
        reader = queries.Reader(conn)
        (match,) = queries.search(reader, known_person.messy_phone).matches
        assert match.customer_id == known_person.customer_id
        found = queries.identity(reader, match.customer_id)
    shown = set(found.records.itertuples(index=False, name=None))
    assert shown == known_person.records
    assert len(found.links) >= len(known_person.records) - 1  # enough links to join them


def test_erased_persons_cannot_be_found(published, pipeline_run, erased_contacts):
    erased_people = set()
    with (pipeline_run.truth_dir / "erasure_requests_truth.csv").open(newline="") as handle:
        erased_people = {row["person_id"] for row in csv.DictReader(handle)}
    erased_records = set()
    with (pipeline_run.truth_dir / "customer_xref_truth.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["person_id"] in erased_people:
                erased_records.add(row["source_record_id"])
    with queries.connect(published) as conn:
        reader = queries.Reader(conn)
        for email, _phone in erased_contacts:
            if email:
                assert queries.search(reader, email).matches == [], email
        for record_id in sorted(erased_records)[:200]:
            assert queries.search(reader, record_id).matches == [], record_id


def test_published_tables_are_in_customer_order_for_fast_lookups(published):
    with duckdb.connect(str(published), read_only=True) as conn:
        ids = [
            r[0] for r in conn.execute("select customer_id from marts.fct_touchpoints").fetchall()
        ]
    assert ids == sorted(ids)


def test_lookups_take_well_under_a_second(published, known_person):
    seconds = queries.lookup_seconds(published, [known_person.messy_phone] * 5)
    assert sorted(seconds)[2] < 1.0, seconds


# in the browser -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the explorer exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f}s")


@pytest.fixture(scope="module")
def explorer(published, tmp_path_factory):
    """`c360 explore` in its own process group; stopped by signalling the group."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("explorer") / "explorer.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(BIN_DIR / "c360"), "explore", "--published", str(published), "--port", str(port)],
            cwd=PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/_stcore/health", 60, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    print(log_path.read_text()[-2000:])


@pytest.fixture(scope="module")
def page(explorer):
    if not CHROMIUM.exists():
        pytest.fail(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 2200})
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def _search(page, explorer: str, text: str) -> None:
    page.goto(explorer, wait_until="domcontentloaded")
    box = page.get_by_role("textbox", name="Find a customer")
    box.fill(text)
    page.get_by_role("button", name="Search").click()


def _settled(page, *selectors: str) -> None:
    """Wait until Streamlit has finished the script run and drawn the given elements."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)
    for selector in selectors:
        page.locator(selector).first.wait_for(state="attached")


# the last elements of each tab of a profile, once their content is drawn
PROFILE_DRAWN = (
    '[data-testid="stMetric"] >> nth=7',
    ".st-key-golden-record td",
    ".st-key-consent td",
    ".st-key-source-records td",
    ".st-key-links td",
    '[data-testid="stGraphVizChart"] svg g.edge',
)


def _body_text(page) -> str:
    # text_content includes the tabs that are not on screen
    return page.locator('[data-testid="stMain"]').text_content() or ""


def test_search_profile_graph_and_timeline(page, explorer, known_person):
    _search(page, explorer, known_person.messy_phone)
    page.get_by_text(f"Customer id {known_person.customer_id}").wait_for()
    _settled(page, *PROFILE_DRAWN)
    text = _body_text(page)
    for heading in ("Golden record", "Consent", "Segments", "Revenue", "CSAT", "NPS"):
        assert heading in text
    assert "RFM:" in text and "Lifecycle:" in text and "Value tier:" in text
    assert "Engagement:" in text and "Last order" in text
    page.screenshot(path=str(ARTIFACTS / "profile.png"))

    page.get_by_role("tab", name="Identity graph").click()
    graph = page.locator('[data-testid="stGraphVizChart"] svg')
    graph.wait_for()
    assert graph.locator("g.node").count() == len(known_person.records)
    assert graph.locator("g.edge").count() >= len(known_person.records) - 1
    assert "same_" in graph.text_content()  # every edge names its rule
    table_text = page.locator(".st-key-source-records").text_content()
    for system, record_id in known_person.records:
        assert record_id in table_text, (system, record_id)
    text = _body_text(page)
    assert "Links dropped by guardrails" in text and "Merge and split history" in text
    page.screenshot(path=str(ARTIFACTS / "identity_graph.png"))

    page.get_by_role("tab", name="Timeline").click()
    page.get_by_text("touchpoints, newest first").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))


def test_masked_mode_shows_no_clear_email_or_phone(page, explorer, known_person):
    _search(page, explorer, known_person.messy_phone)
    page.get_by_text(f"Customer id {known_person.customer_id}").wait_for()
    _settled(page, *PROFILE_DRAWN)
    assert has_clear_contact(_body_text(page))  # clear mode shows them: the check means something
    page.get_by_text("Masked mode", exact=True).click()
    page.get_by_text("Masked mode: bi schema").wait_for()
    page.get_by_role("tab", name="Identity graph").click()
    _settled(page, *PROFILE_DRAWN)
    # elements of the clear run are replaced as the masked run draws them: allow a moment
    deadline = time.monotonic() + 20
    while has_clear_contact(text := _body_text(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert not has_clear_contact(text), "masked mode shows a clear email or phone"
    assert "***@" in text and "+66*****" in text
    page.screenshot(path=str(ARTIFACTS / "masked_identity_graph.png"))
    page.get_by_role("tab", name="Profile").click()
    page.screenshot(path=str(ARTIFACTS / "masked_profile.png"))
    page.get_by_text("Masked mode", exact=True).click()  # back to clear for the other tests
    page.get_by_text("Masked mode: bi schema").wait_for(state="detached")


def test_an_erased_person_is_not_found_in_the_browser(page, explorer, erased_contacts):
    email = next(email for email, _ in erased_contacts if email)
    _search(page, explorer, email)
    page.get_by_text("No customer found.").wait_for()


def test_overview_draws_every_chart(page, explorer):
    page.goto(f"{explorer}/overview", wait_until="domcontentloaded")
    for heading in (
        "Customers by lifecycle stage",
        "Customers by RFM segment",
        "Engagement levels over time",
        "Revenue by channel and month",
        "Campaign return on spend",
        "NPS and CSAT",
        "Consent coverage per channel",
        "Identity health",
        "Links dropped by guardrails",
        "Merges and splits per run",
    ):
        page.get_by_role("heading", name=heading).wait_for()
    _settled(page, '[data-testid="stVegaLiteChart"] >> nth=8')
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
