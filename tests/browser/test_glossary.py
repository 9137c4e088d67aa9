"""The definition popup: opened from a dictionary link by keyboard, announced as a dialog,
closed with Escape or its button, focus back on the link; without script, the term page."""

import pytest
from playwright.sync_api import expect

from education.glossary import glossary_import
from tests.browser.conftest import assert_accessible, focused
from tests.conftest import TEST_DATA
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def topic():
    glossary_import(path=TEST_DATA / "terms" / "nci_glossary_sample.jsonl")
    return TopicFactory(
        slug="about-leukemia",
        body="Leukemia is a cancer of the blood-forming tissue.",
        title_es="Sobre la leucemia", summary_es="Resumen.", status_es="published",
        body_es="La leucemia es un cáncer de la sangre.",
    )  # fmt: skip


def _tab_to(page, text: str):
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["text"].strip() == text:
            return
    pytest.fail(f"{text!r} was not reachable by keyboard")


@pytest.mark.parametrize(("path", "word", "close"), [
    ("/education/about-leukemia/", "Leukemia", "Close"),
    ("/es/education/about-leukemia/", "leucemia", "Cerrar"),
])  # fmt: skip
def test_keyboard_opens_and_closes_a_definition_in_place(
    page, live_server, topic, path, word, close
):
    page.goto(live_server.url + path)
    popover = page.locator(".glossary-popover").first
    assert not popover.is_visible()
    _tab_to(page, word)
    link = page.locator("a.glossary-link").first
    assert link.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert popover.is_visible()
    assert page.url == live_server.url + path  # opened in place, no navigation
    assert link.get_attribute("aria-expanded") == "true"
    assert popover.get_attribute("role") == "dialog"
    expect(page.locator(".glossary-popover__close").first).to_be_focused()
    assert focused(page)["text"].strip() == close
    assert_accessible(page)  # with the popup open
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(link).to_be_focused()
    expect(link).to_have_attribute("aria-expanded", "false")
    # Open again, close with its button (once the script has moved focus onto it).
    page.keyboard.press("Enter")
    assert popover.is_visible()
    expect(page.locator(".glossary-popover__close").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(popover).to_be_hidden()
    expect(link).to_be_focused()


def test_without_javascript_the_link_goes_to_the_term_page(browser, live_server, topic):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/education/about-leukemia/")
    assert not page.locator(".glossary-popover").first.is_visible()
    page.locator("a.glossary-link").first.click()
    page.wait_for_url("**/glossary/leukemia/")
    assert page.locator("h1").inner_text() == "leukemia"
    context.close()
