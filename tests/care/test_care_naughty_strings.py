"""Every naughty string and payload in every text field of both forms: never a 500.

Each string is stored as typed (one-line fields lose only surrounding whitespace) or
refused with a field error; stored strings come out escaped in the admin, formula-safe in
the CSV export, and unable to break an email's headers.
"""

from http import HTTPStatus

import pytest
from django.core import mail

from cancercenter.care.models import AppointmentRequest, Referral
from tests.care.test_appointments import appointment_data
from tests.care.test_referrals import referral_data
from tests.conftest import data_file_lines
from tests.naughty import (
    SOURCES,
    assert_clear_field_error,
    assert_escaped_in_admin,
    assert_formula_safe_csv,
    assert_plain_emails,
)

pytestmark = pytest.mark.django_db

FORMS = {
    "appointment": (
        "/appointments/request/", appointment_data, AppointmentRequest,
        {"name": True, "relationship": True, "phone": True, "language": True,
         "diagnosis": False},
        "the diagnosis, in your words",
    ),
    "referral": (
        "/referrals/", referral_data, Referral,
        {"provider_name": True, "practice": True, "patient_name": True,
         "provider_phone": True, "diagnosis": False, "request_details": False},
        "diagnosis",
    ),
}  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("source", SOURCES)
def test_naughty_strings_in_every_text_field(post_form, staff_client, settings, source, form):
    settings.FORM_RATE_LIMIT = (100_000, 600)
    url, make_data, model, text_fields, csv_column = FORMS[form]
    stored_lines = {}
    for line in data_file_lines(source):
        mail.outbox = []
        data = make_data()
        data.update(dict.fromkeys(text_fields, line))
        response = post_form(url, data)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.OK), repr(line)
        if response.status_code == HTTPStatus.OK:
            assert_clear_field_error(response, line)
            continue
        row = model.objects.latest("created_at")
        for field, strips in text_fields.items():
            expected = line.strip() if strips else line
            assert getattr(row, field) == expected, (field, repr(line))
        stored_lines[row.pk] = line
        assert len(mail.outbox) == 2, repr(line)
        assert_plain_emails(mail.outbox, line)
    meta = model._meta
    changelist = f"/admin/{meta.app_label}/{meta.model_name}/"
    assert_escaped_in_admin(staff_client, changelist + "{pk}/change/", stored_lines)
    assert_formula_safe_csv(staff_client, changelist, stored_lines, csv_column)


@pytest.mark.parametrize("url", ["/appointments/request/", "/referrals/"])
def test_odd_bytes_and_shapes_never_500(client, url):
    for data in [
        {"name": "\x00", "diagnosis": "a\x00b", "npi": "\x00" * 10},
        {"preferred_days": ["\x00", "mon" * 1000], "cancer_type": "1 OR 1=1"},
        {"location": "-1", "treatment": "0x10", "kind": ["a", "b"]},
    ]:
        response = client.post(url, data)
        assert response.status_code == HTTPStatus.OK, data
