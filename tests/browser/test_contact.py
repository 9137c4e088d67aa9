import pytest

from cancercenter.contact import ContactRequest
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_contact_form_by_keyboard_with_an_error_then_sent(page, live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/contact/")
    assert_accessible(page)

    page.get_by_label("Travel and lodging").check()
    page.get_by_label("Your name").fill("Ana Gómez")
    page.get_by_role("textbox", name="Email").fill("not-an-email")
    page.get_by_label("Your message").fill("Where can my family stay during CAR T?")
    page.get_by_label("You may contact me").check()
    page.get_by_label("Your message").focus()
    page.keyboard.press("Tab")  # consent box
    page.keyboard.press("Tab")  # send button
    page.keyboard.press("Enter")

    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    assert (
        page.get_by_label("Your message").input_value() == "Where can my family stay during CAR T?"
    )
    assert page.get_by_label("Your name").input_value() == "Ana Gómez"

    page.get_by_role("textbox", name="Email").fill("ana@example.org")
    page.get_by_role("textbox", name="Email").press("Enter")
    page.wait_for_url("**/contact/thank-you/**")
    assert_accessible(page)
    reference = ContactRequest.objects.get().reference
    assert reference in page.locator("main").inner_text()
