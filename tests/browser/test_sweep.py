"""axe-core (WCAG 2.2 AA tags) and reflow at 320 CSS px over every page and state that the
HTML validator checks (tests/sweep.py): the same HTML, served at each page's own address."""

import pytest

from tests.browser.conftest import axe_violations
from tests.sweep import snapshots

pytestmark = pytest.mark.django_db(transaction=True)


def serve_snapshots(page, base_url: str, shots) -> None:
    by_url = {base_url + shot.url: shot for shot in shots}

    def fulfill(route):
        shot = by_url[route.request.url]
        route.fulfill(status=200, headers=shot.headers, body=shot.html)

    # Registered after the third-party guard, so it wins for these exact addresses.
    page.route(lambda url: url in by_url, fulfill)


def test_every_page_and_state_has_no_accessibility_violations(page, live_server, client):
    shots = snapshots(client)
    serve_snapshots(page, live_server.url, shots)
    problems = {}
    for shot in shots:
        page.goto(live_server.url + shot.url)
        violations = axe_violations(page)
        if violations:
            problems[f"{shot.label} ({shot.url})"] = violations
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert problems == {}
    assert csp_errors == []


# WCAG 1.4.12: text spacing a reader may force on every page, as the bookmarklets do.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)

REFLOW = {
    # condition: (viewport width, browser default font size in px, text-spacing override)
    "320 px": (320, 16, False),
    "200% text on a 390 px phone": (390, 32, False),
    "text spacing at 320 px": (320, 16, True),
}


@pytest.mark.parametrize("condition", REFLOW)
def test_every_page_and_state_reflows(browser, live_server, client, condition):
    """No sideways scrolling: at 320 CSS px, at 200% text on a phone (the browser's default
    font size doubled, as a reader sets it), and with the WCAG 1.4.12 text spacing."""
    width, font_size, spacing = REFLOW[condition]
    shots = snapshots(client)
    context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=spacing)
    page = context.new_page()
    if font_size != 16:
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": font_size, "fixed": font_size}})
    serve_snapshots(page, live_server.url, shots)
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    overflowing = {}
    for shot in shots:
        page.goto(live_server.url + shot.url)
        if spacing:
            page.add_style_tag(content=TEXT_SPACING)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            overflowing[f"{shot.label} ({shot.url})"] = overflow
    context.close()
    assert overflowing == {}
