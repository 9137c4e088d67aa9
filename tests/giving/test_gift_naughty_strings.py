"""Every naughty string in every text field of the gift form: no 500, no harm anywhere.

One POST per string fills all the free-text fields at once; the two email fields and the
phone (fields with a format check) get the string through the form class. Each string either
round-trips (single-line fields lose only the leading and trailing whitespace Django strips;
the message is kept exactly) or gets a clear field error. Stored strings are then checked
escaped in the admin, formula-safe in the CSV export, and unable to break out of a
plain-text email's headers.
"""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.core import mail

from cancercenter.giving.forms import GiftForm
from cancercenter.giving.models import GiftPledge
from cancercenter.giving.services import gift_tributes_send
from tests.conftest import TEST_DATA, data_file_lines
from tests.factories import FundFactory
from tests.giving.test_gifts import gift_data
from tests.naughty import (
    SOURCES,
    assert_clear_field_error,
    assert_escaped_in_admin,
    assert_formula_safe_csv,
    assert_plain_emails,
)

pytestmark = pytest.mark.django_db

# Free-text fields, with whether Django strips surrounding whitespace from them.
TEXT_FIELDS = {
    "honoree_name": True,
    "notify_name": True,
    "notify_address": True,
    "name": True,
    "address": True,
    "employer": True,
    "message": False,
}
# Fields with a format check, which almost every string fails: tried through the form alone,
# so the strings still reach the other fields, the admin and the CSV export.
FORMAT_FIELDS = ["email", "notify_email", "phone"]


def expected(field: str, line: str) -> str:
    return line.strip() if TEXT_FIELDS[field] else line


def test_every_payload_file_is_covered():
    assert len(SOURCES) == 1 + len(list(Path(TEST_DATA / "payloads").glob("*.txt")))
    assert len(SOURCES) >= 2


@pytest.mark.parametrize("source", SOURCES)
def test_naughty_strings_in_every_text_field(
    post_form, staff_client, settings, source, django_capture_on_commit_callbacks
):
    settings.FORM_RATE_LIMIT = (100_000, 600)
    fund = FundFactory(name="Research", slug="research")
    stored_lines = {}
    for line in data_file_lines(source):
        mail.outbox = []
        data = gift_data(fund, tribute="memory", notify_email="told@example.org")
        data.update(dict.fromkeys(TEXT_FIELDS, line))
        response = post_form("/give/", data)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.OK), repr(line)
        if response.status_code == HTTPStatus.OK:
            assert_clear_field_error(response, line)
            continue
        pledge = GiftPledge.objects.latest("created_at")
        for field in TEXT_FIELDS:
            assert getattr(pledge, field) == expected(field, line), (field, repr(line))
        stored_lines[pledge.pk] = line

        # Emails are plain text, single-line subjects, and go only where they should.
        assert len(mail.outbox) == 2, repr(line)  # staff and donor; the tribute comes later
        with django_capture_on_commit_callbacks(execute=True):
            gift_tributes_send(queryset=GiftPledge.objects.filter(pk=pledge.pk))
        assert len(mail.outbox) == 3, repr(line)
        assert_plain_emails(mail.outbox, line)
        [told] = [m for m in mail.outbox if m.to == ["told@example.org"]]
        assert expected("honoree_name", line) in told.body, repr(line)

        # The same string in the email and phone fields, through the form alone (a POST per
        # string costs too much; the page that re-shows a refused value is exercised above).
        format_data = gift_data(fund, tribute="memory", honoree_name="R", notify_name="L")
        format_data.update(dict.fromkeys(FORMAT_FIELDS, line))
        form = GiftForm(data=format_data)
        if not form.is_valid():
            assert set(form.errors) <= set(FORMAT_FIELDS), (form.errors, repr(line))
        else:
            assert form.cleaned_data["email"] == line.strip(), repr(line)
            assert form.cleaned_data["phone"] == line.strip(), repr(line)

    assert_escaped_in_admin(staff_client, "/admin/giving/giftpledge/{pk}/change/", stored_lines)
    assert_formula_safe_csv(staff_client, "/admin/giving/giftpledge/", stored_lines, "message")
