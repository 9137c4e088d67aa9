import pytest

from cancercenter.giving.models import GiftPledge
from tests.browser.conftest import assert_accessible, focused
from tests.factories import FundFactory

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, element_id, limit=60):
    """Press Tab until the element with this id has focus, as a keyboard user would."""
    for _ in range(limit):
        if focused(page)["id"] == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached #{element_id} with Tab; stuck at {focused(page)}")


def test_gift_form_by_keyboard_with_an_error_then_sent(page, live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    FundFactory(name="Immunotherapy research", order=1)
    FundFactory(name="Patient travel and support", order=2)
    page.goto(live_server.url + "/give/")
    assert_accessible(page)

    # Without a choice of "Other amount" its box is hidden, and so are tribute details.
    assert not page.locator("#id_other_amount").is_visible()
    assert not page.locator("#id_honoree_name").is_visible()

    page.locator("#main-content").focus()
    tab_to(page, "id_amount_choice_0")  # "$25", the first amount
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # arrows move through a radio group
    assert page.get_by_label("Other amount", exact=True).is_checked()
    page.keyboard.press("Tab")  # the box appears and is next in the tab order
    assert focused(page)["id"] == "id_other_amount"
    page.keyboard.type("0.50")  # below the $1 minimum: an error to fix

    tab_to(page, "id_frequency_0")
    page.keyboard.press("ArrowDown")  # monthly
    tab_to(page, "id_fund_0")
    page.keyboard.press("ArrowDown")  # patient travel
    tab_to(page, "id_tribute_0")
    page.keyboard.press("ArrowDown")  # in honor of
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_honoree_name"
    page.keyboard.type("Dr. Okafor")
    tab_to(page, "id_name")
    page.keyboard.type("Sam Rivera")
    page.keyboard.press("Tab")
    page.keyboard.type("sam@example.org")
    tab_to(page, "id_address")
    page.keyboard.type("12 Oak Street")
    page.keyboard.press("Enter")  # a new line in the address, not a submit
    page.keyboard.type("Springfield, CA 90000")
    tab_to(page, "id_message")
    page.keyboard.type("For the fourth-floor nurses.")
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "BUTTON"
    page.keyboard.press("Enter")

    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    assert GiftPledge.objects.count() == 0
    assert "The smallest gift we can accept online is $1." in page.inner_text(".error-summary")
    # Everything typed is still there, and the chosen "other" box is shown.
    assert page.locator("#id_other_amount").input_value() == "0.50"
    assert page.locator("#id_other_amount").is_visible()
    assert page.locator("#id_honoree_name").input_value() == "Dr. Okafor"
    assert page.locator("#id_address").input_value() == "12 Oak Street\nSpringfield, CA 90000"
    assert page.get_by_label("Monthly").is_checked()

    # The summary links to the field; fix it by keyboard and send.
    page.locator(".error-summary a").first.focus()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_other_amount"
    page.keyboard.press("Control+A")
    page.keyboard.type("75")
    page.keyboard.press("Enter")  # Enter in a text box sends the form

    page.wait_for_url("**/give/thank-you/**")
    assert_accessible(page)
    pledge = GiftPledge.objects.get()
    assert str(pledge.amount) == "75.00" and pledge.frequency == "monthly"
    assert pledge.fund.name == "Patient travel and support"
    assert pledge.honoree_name == "Dr. Okafor"
    main = page.locator("main").inner_text()
    assert pledge.reference in main
    assert "development office will contact you" in main


def test_gift_form_works_without_javascript(browser, live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    FundFactory(name="Where it is needed most")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/give/")
    assert page.locator("#id_other_amount").is_visible()  # every field shows
    page.get_by_label("Other amount", exact=True).check()
    page.locator("#id_other_amount").fill("40")
    page.get_by_label("Where it is needed most").check()
    page.get_by_label("Your name").fill("Lee Park")
    page.get_by_label("Email (required)", exact=True).fill("lee@example.org")
    page.get_by_label("Postal address, for your receipt").fill("4 Elm Road")
    page.get_by_role("button", name="Send my pledge").click()
    page.wait_for_url("**/give/thank-you/**")
    assert str(GiftPledge.objects.get().amount) == "40.00"
    context.close()
