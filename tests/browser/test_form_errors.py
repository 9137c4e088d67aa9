"""A keyboard user after a failed submit, on every public form: focus lands on the error
summary, and a summary link to a radio group puts focus on its first option."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, focused
from tests.factories import FundFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORMS = {
    # form: (path, the first radio of a group the summary links to, or None)
    "contact": ("/contact/", "id_topic_0"),
    "gift": ("/give/", "id_amount_choice_0"),
    "story": ("/stories/share/", None),
    "trial inquiry": ("/trials/NCT00000091/inquire/", None),
}


@pytest.mark.parametrize("form", FORMS)
def test_after_a_failed_submit_focus_is_on_the_error_summary(page, live_server, settings, form):
    settings.FORM_MIN_FILL_SECONDS = 0
    FundFactory(name="Immunotherapy research")
    TrialFactory(nct_id="NCT00000091", at_center="yes")
    path, first_radio = FORMS[form]
    page.goto(live_server.url + path)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("#error-summary")).to_be_focused()  # autofocus, once loaded
    assert_accessible(page)

    links = page.locator("#error-summary a")
    assert links.count() > 0
    if first_radio:
        link = page.locator(f'#error-summary a[href="#{first_radio}"]')
    else:
        link = links.first
    target = link.get_attribute("href").removeprefix("#")
    link.focus()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == target
    if first_radio:
        assert page.locator(f"#{first_radio}").get_attribute("type") == "radio"
