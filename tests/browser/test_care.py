import pytest

from cancercenter.care.models import AppointmentRequest, Referral
from tests.browser.conftest import assert_accessible, focused
from tests.browser.test_gift import tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, group, index=0):
    """Tab into a radio group (one tab stop), then pick the option with the arrows."""
    tab_to(page, f"id_{group}_0", limit=120)
    page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def send(page, label):
    for _ in range(120):
        if focused(page)["text"].strip() == label:
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_appointment_request_by_keyboard_with_an_error_then_sent(page, live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/appointments/request/")
    assert_accessible(page)

    page.locator("#main-content").focus()
    choose(page, "kind", 1)  # a second opinion
    choose(page, "requested_for")
    tab_to(page, "id_name")
    page.keyboard.type("Rosa Delgado")
    tab_to(page, "id_phone")
    page.keyboard.type("+1 555 0142")
    tab_to(page, "id_diagnosis")
    page.keyboard.type("Lymphoma that came back.")
    choose(page, "diagnosis_confirmed")
    choose(page, "treatment_so_far", 2)
    choose(page, "insurance")
    send(page, "Send request")  # consent not given: an error to fix

    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    assert AppointmentRequest.objects.count() == 0
    assert page.get_by_label("The diagnosis, in your words").input_value() == (
        "Lymphoma that came back."
    )
    assert page.get_by_label("A second opinion").is_checked()

    tab_to(page, "id_consent", limit=160)
    page.keyboard.press("Space")
    send(page, "Send request")
    page.wait_for_url("**/appointments/request/thank-you/**")
    assert_accessible(page)
    request = AppointmentRequest.objects.get()
    assert request.kind == "second_opinion" and request.insurance == "medicare"
    assert request.reference in page.locator("main").inner_text()


def test_referral_by_keyboard_with_a_wrong_npi_then_sent(page, live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/referrals/")
    assert_accessible(page)

    page.locator("#main-content").focus()
    for field, text in [
        ("id_provider_name", "Dr. Imani Okafor"),
        ("id_npi", "1234567890"),  # wrong check digit
        ("id_practice", "Riverside Family Medicine"),
        ("id_provider_phone", "+1 555 0190"),
        ("id_provider_email", "okafor@riverside.example"),
        ("id_patient_name", "Tomás Reyes"),
        ("id_patient_phone", "+1 555 0177"),
        ("id_diagnosis", "Relapsed lymphoma."),
    ]:
        tab_to(page, field)
        page.keyboard.type(text)
    tab_to(page, "id_patient_agreed")
    page.keyboard.press("Space")
    send(page, "Send referral")

    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    assert "last digit does not match" in page.locator("#field-npi").inner_text()
    assert Referral.objects.count() == 0
    tab_to(page, "id_npi", limit=160)
    page.keyboard.press("Control+A")
    page.keyboard.type("1234567893")
    page.keyboard.press("Enter")
    page.wait_for_url("**/referrals/thank-you/**")
    assert_accessible(page)
    assert Referral.objects.get().npi == "1234567893"
