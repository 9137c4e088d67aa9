import pytest

from cancercenter.contact.models import ContactRequest
from tests.browser.conftest import assert_accessible
from tests.browser.test_gift import tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_contact_form_by_keyboard_with_an_error_then_sent(page, live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/contact/")
    assert_accessible(page)

    page.locator("#main-content").focus()
    tab_to(page, "id_topic_0")  # the first topic; arrows move through the radio group
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Travel and lodging").is_checked()
    tab_to(page, "id_name")
    page.keyboard.type("Ana Gómez")
    page.keyboard.press("Tab")
    page.keyboard.type("not-an-email")  # a mistake to fix
    tab_to(page, "id_message")
    page.keyboard.type("Where can my family stay during CAR T?")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the send button
    page.keyboard.press("Enter")

    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    assert ContactRequest.objects.count() == 0
    assert (
        page.get_by_label("Your message").input_value() == "Where can my family stay during CAR T?"
    )
    assert page.get_by_label("Your name").input_value() == "Ana Gómez"
    assert page.get_by_label("Travel and lodging").is_checked()

    tab_to(page, "id_email", limit=80)
    page.keyboard.press("Control+A")
    page.keyboard.type("ana@example.org")
    page.keyboard.press("Enter")  # Enter in a text box sends the form
    page.wait_for_url("**/contact/thank-you/**")
    assert_accessible(page)
    request = ContactRequest.objects.get()
    assert request.topic == "travel" and request.email == "ana@example.org"
    assert request.reference in page.locator("main").inner_text()
