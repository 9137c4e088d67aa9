"""Every naughty string in every text field of the contact form: no 500, no harm anywhere.

One POST per string fills the free-text fields at once; the email field gets the string
through the form class. Each string round-trips (single-line fields lose only surrounding
whitespace; the message is kept exactly) or gets a clear field error, and stored strings
are checked escaped in the admin, formula-safe in the CSV and safe in the emails.
"""

from http import HTTPStatus

import pytest
from django.core import mail

from cancercenter.contact.forms import ContactForm
from cancercenter.contact.models import ContactRequest
from tests.conftest import data_file_lines
from tests.contact.test_contact import contact_data
from tests.naughty import (
    SOURCES,
    assert_clear_field_error,
    assert_escaped_in_admin,
    assert_formula_safe_csv,
    assert_plain_emails,
)

pytestmark = pytest.mark.django_db

# Free-text fields, with whether Django strips surrounding whitespace from them.
TEXT_FIELDS = {"name": True, "phone": True, "message": False}


@pytest.mark.parametrize("source", SOURCES)
def test_naughty_strings_in_every_text_field(post_form, staff_client, settings, source):
    settings.FORM_RATE_LIMIT = (100_000, 600)
    stored_lines = {}
    for line in data_file_lines(source):
        mail.outbox = []
        data = contact_data()
        data.update(dict.fromkeys(TEXT_FIELDS, line))
        response = post_form("/contact/", data)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.OK), repr(line)
        if response.status_code == HTTPStatus.OK:
            assert_clear_field_error(response, line)
            continue
        request = ContactRequest.objects.latest("created_at")
        for field, strips in TEXT_FIELDS.items():
            expected = line.strip() if strips else line
            assert getattr(request, field) == expected, (field, repr(line))
        stored_lines[request.pk] = line
        assert len(mail.outbox) == 2, repr(line)
        assert_plain_emails(mail.outbox, line)
        for message in mail.outbox:  # neither email repeats the message
            assert line.strip() not in message.body or len(line.strip()) < 8, repr(line)

        form = ContactForm(data=contact_data(email=line))
        if not form.is_valid():
            assert set(form.errors) == {"email"}, (form.errors, repr(line))
        else:
            assert form.cleaned_data["email"] == line.strip(), repr(line)

    assert_escaped_in_admin(
        staff_client, "/admin/contact/contactrequest/{pk}/change/", stored_lines
    )
    assert_formula_safe_csv(
        staff_client, "/admin/contact/contactrequest/", stored_lines, "your message"
    )
