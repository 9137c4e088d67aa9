"""The referring-physician form (/referrals/) and the NPI check digit."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cancercenter.care.models import Referral, validate_npi
from tests.contact.test_contact import fresh_token

pytestmark = pytest.mark.django_db

URL = "/referrals/"
VALID_NPI = "1234567893"  # the example in CMS's check-digit note


def referral_data(**overrides) -> dict:
    data = {
        "provider_name": "Dr. Imani Okafor",
        "npi": VALID_NPI,
        "practice": "Riverside Family Medicine",
        "provider_phone": "+1 555 0190",
        "provider_fax": "+1 555 0191",
        "provider_email": "okafor@riverside.example",
        "patient_name": "Tomás Reyes",
        "patient_phone": "+1 555 0177",
        "patient_email": "",
        "cancer_type": "",
        "diagnosis": "Diffuse large B-cell lymphoma, relapsed after R-CHOP.",
        "urgency": "routine",
        "treatment": "",
        "request_details": "Evaluation for CAR T-cell therapy.",
        "patient_agreed": "on",
        "website": "",
        "form_token": fresh_token(),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("npi", ["1234567893", "1003000126", "1245319599"])
def test_valid_npis_pass(npi):
    validate_npi(npi)


@pytest.mark.parametrize(
    ("npi", "code"),
    [
        ("1234567890", "npi_check_digit"),
        ("1234567894", "npi_check_digit"),
        ("1003000127", "npi_check_digit"),
        ("123456789", "npi_length"),
        ("12345678931", "npi_length"),
        ("12345678a3", "npi_length"),
        ("１２３４５６７８９３", "npi_length"),  # full-width digits are not an NPI
    ],
)
def test_invalid_npis_are_refused(npi, code):
    with pytest.raises(ValidationError) as refused:
        validate_npi(npi)
    assert refused.value.error_list[0].code == code


def test_form_page_is_never_cached_and_states_both_promises(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response.headers["Cache-Control"]
    body = response.content.decode()
    assert "within one business day" in body and "within four business hours" in body
    assert 'type="file"' not in body


def test_referral_is_stored_and_both_emails_queued(post_form, client):
    response = post_form(URL, referral_data())
    assert response.status_code == HTTPStatus.FOUND
    referral = Referral.objects.get()
    assert referral.reference.startswith("R-")
    assert referral.npi == VALID_NPI
    thanks = client.get(response["Location"])
    assert referral.reference in thanks.content.decode()
    assert "no-store" in thanks.headers["Cache-Control"]
    assert len(mail.outbox) == 2
    staff, provider = sorted(mail.outbox, key=lambda m: m.to != ["info@cancercenter.example"])
    assert f"/admin/care/referral/{referral.pk}/change/" in staff.body
    assert "Tomás" not in staff.body and "Tomás" not in provider.body
    assert provider.to == ["okafor@riverside.example"]
    assert "within one business day" in provider.body


def test_urgent_referral_promises_a_faster_answer(post_form, client):
    response = post_form(URL, referral_data(urgency="urgent"))
    referral = Referral.objects.get()
    assert referral.response_hours_for() == 4
    assert "within four business hours" in client.get(response["Location"]).content.decode()
    assert any("within four business hours" in m.body for m in mail.outbox)


def test_wrong_check_digit_is_explained_next_to_the_field(post_form):
    response = post_form(URL, referral_data(npi="1234567890"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "last digit does not match" in body
    assert 'value="1234567890"' in body  # kept, to correct
    assert "Evaluation for CAR T-cell therapy." in body
    assert Referral.objects.count() == 0


def test_patient_agreement_is_required(post_form):
    response = post_form(URL, referral_data(patient_agreed=""))
    assert "confirm that the patient agreed" in response.content.decode()
    assert Referral.objects.count() == 0
