"""Browser tests: Playwright for Python driving Debian's Chromium, with axe-core.

They run wherever /usr/bin/chromium exists (`.ci/run` installs it) and are skipped, with
a clear reason, where it does not. Every request to another origin is blocked and
recorded, so a test fails if a page ever reaches for a CDN, font or tracker.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.third_party_requests = []
    own_host = urlsplit(live_server.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc in {own_host, ""}:
            route.continue_()
        else:
            page.third_party_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    assert page.third_party_requests == [], "pages must not call other sites"
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.2 AA rule set."""
    from axe_playwright_python.sync_playwright import Axe

    # A selector can appear before the page's stylesheet has loaded; measured then, every
    # link is bare inline text and fails target-size. Judge the page a person would see.
    page.wait_for_load_state("load")
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results.response["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    assert not [e for e in page.console_errors if "Content Security Policy" in e], (
        page.console_errors
    )


def focused(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, text: document.activeElement.innerText,"
        " href: document.activeElement.getAttribute('href'), id: document.activeElement.id})"
    )
