"""End to end in headless Chromium: the app served by uvicorn on a free loopback port.

Uses Debian's /usr/bin/chromium (`scripts/install-browser.sh` installs it) driven by Playwright;
skipped with the reason when either is missing. Screenshots of every page go to tests/screenshots/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from e2e.articles import HOSTILE_NAME
from e2e.webstore import web_store  # noqa: F401 (fixture)
from newsledger.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).parent / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: run scripts/install-browser.sh", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed in this environment")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(web_store):
    server = uvicorn.Server(uvicorn.Config(create_app(web_store.db), host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs (an alert means injected script ran) and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_from_search_to_article_to_speaker_to_timeline(page, base_url):
    page.goto(base_url)
    page.fill("header input[name=q]", "dam gates")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"\?q=dam\+gates"))
    assert page.locator("#quotes, #events").count() == 2
    screenshot(page, "search")
    page.locator("#documents a", has_text="Norland and Sudria talk about the river").click()
    page.wait_for_url(re.compile(r"/documents/lakeside-talks$"))
    assert page.locator("#article-text .trigger").count() == 3
    assert "Norland and Sudria hold river talks" in page.locator("#readout").inner_text()
    screenshot(page, "article")

    page.locator('a.quote[data-quote="q1"]').click()
    page.wait_for_url(re.compile(r"/actors/"))
    assert page.locator("h1").inner_text() == "Anna Berg"
    assert "We came to listen" in page.locator("#said").inner_text()
    screenshot(page, "actor")

    page.locator("#profile a", has_text="NOR").click()
    page.wait_for_url(re.compile(r"/timeline\?actor_code=NOR"))
    assert page.locator("#timeline .day").count() >= 2
    scheduled = page.locator("#timeline .day.scheduled")
    assert scheduled.count() == 1 and "2024-04" in scheduled.inner_text()
    screenshot(page, "timeline")
    assert page.errors == []


def test_network_renders_with_cytoscape(page, base_url):
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#network[data-rendered]")
    assert int(page.get_attribute("#network", "data-rendered")) >= 2
    assert page.locator("#network canvas").count() >= 1
    assert page.evaluate("() => cytoscape !== undefined")
    screenshot(page, "network")
    assert page.errors == []


def test_map_renders_outlines_and_points(page, base_url):
    page.goto(f"{base_url}/map")
    page.wait_for_selector("#map[data-rendered]")
    assert page.locator("#map path.leaflet-interactive").count() > 100  # country outlines and event dots
    assert int(page.get_attribute("#map", "data-rendered")) >= 3
    screenshot(page, "map")
    assert page.errors == []


def test_hostile_article_runs_nothing(page, base_url):
    mallory = page.request.get(f"{base_url}/api/actors", params={"q": "Mallory"}).json()["items"]
    mallory_id = next(item["id"] for item in mallory if item["name"] == HOSTILE_NAME)
    for path in ("/documents/hostile", f"/actors/{mallory_id}", "/?q=pwned", "/timeline", "/map", "/network"):
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("#injected, #injected-outlet, script:not([src]):not([type='application/json'])").count() == 0, path
        if path == "/map":
            page.wait_for_selector("#map[data-rendered]")
            page.locator("#map path.leaflet-interactive").last.click(force=True)
        if path == "/documents/hostile":
            screenshot(page, "hostile")
            assert '<script>alert("pwned")</script> is what we think,' in page.locator("#article-text").inner_text()
    assert page.dialogs == []
    assert page.errors == []


def test_example_article_quote_leads_to_its_speaker(page, base_url, web_store):
    if not web_store.has_corpus:
        pytest.skip("no example article could be analyzed and stored")
    page.goto(f"{base_url}/documents/geneva-talks")
    screenshot(page, "article-geneva")
    quote = page.locator("#article-text a.quote").first
    speaker = quote.get_attribute("title").split(": ", 1)[1]
    quote.click()
    page.wait_for_url(re.compile(r"/actors/"))
    assert page.locator("h1").inner_text() == speaker
    assert page.locator("#said li.quote-item").count() >= 1
    assert page.errors == []
