"""The contact form, and through it the shared form layer every public form uses."""

import time
from http import HTTPStatus

import pytest
from django.core import mail

from cancercenter.contact.models import ContactRequest
from cancercenter.submissions import antispam
from cancercenter.submissions.models import Notification, NotificationStatus

pytestmark = pytest.mark.django_db


def fresh_token(seconds_ago: float = 30) -> str:
    """A form token as if the form had been shown `seconds_ago`."""
    import uuid

    from django.core import signing

    return signing.dumps(
        {"t": time.time() - seconds_ago, "k": uuid.uuid4().hex}, salt=antispam.TOKEN_SALT
    )


def contact_data(**overrides) -> dict:
    data = {
        "topic": "travel",
        "name": "Ana Gómez",
        "email": "ana@example.org",
        "phone": "+1 555 0100",
        "preferred_method": "email",
        "preferred_time": "morning",
        "message": "We are coming from Phoenix for CAR T. Where can we stay?",
        "consent": "on",
        "website": "",
        "form_token": fresh_token(),
    }
    data.update(overrides)
    return data


def test_form_page_is_never_cached_and_shows_promises(client):
    response = client.get("/contact/")
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response.headers["Cache-Control"]
    body = response.content.decode()
    assert "within one business day" in body
    assert "(555) 010-4000" in body
    assert "do not send medical records" in body
    assert 'name="website"' in body and 'name="form_token"' in body


def test_happy_path_saves_emails_and_redirects_to_a_reference(post_form, client):
    response = post_form("/contact/", contact_data())
    assert response.status_code == HTTPStatus.FOUND
    request = ContactRequest.objects.get()
    assert request.reference.startswith("C-")
    assert request.message == "We are coming from Phoenix for CAR T. Where can we stay?"

    thanks = client.get(response["Location"])
    assert thanks.status_code == HTTPStatus.OK
    assert request.reference in thanks.content.decode()
    assert "no-store" in thanks.headers["Cache-Control"]

    assert len(mail.outbox) == 2
    staff, person = sorted(mail.outbox, key=lambda m: m.to != ["info@cancercenter.example"])
    assert staff.to == ["info@cancercenter.example"]
    assert request.reference in staff.subject
    assert f"/admin/contact/contactrequest/{request.pk}/change/" in staff.body
    assert "Phoenix" not in staff.body  # staff emails link to the record, not the message
    assert person.to == ["ana@example.org"]
    assert request.reference in person.body
    assert "Phoenix" not in person.body
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2


def test_thanks_page_refuses_a_forged_reference(client):
    assert client.get("/contact/thank-you/?r=C-AAAA-BBBB").status_code == HTTPStatus.NOT_FOUND


def test_recipients_are_configurable(post_form, client, settings):
    settings.SUBMISSION_RECIPIENTS = {"contact": ["concierge@example.org", "desk@example.org"]}
    post_form("/contact/", contact_data())
    assert ["concierge@example.org", "desk@example.org"] in [m.to for m in mail.outbox]


def test_validation_errors_keep_everything_typed(client):
    response = client.post(
        "/contact/", contact_data(email="not-an-email", consent="", preferred_time="evening")
    )
    assert response.status_code == HTTPStatus.OK
    assert ContactRequest.objects.count() == 0
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "We are coming from Phoenix for CAR T. Where can we stay?" in body
    assert 'value="Ana Gómez"' in body
    assert 'value="not-an-email"' in body
    assert 'value="evening" checked' in body or 'value="evening" selected' in body
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_email_helptext id_email_error"' in body


def test_email_or_phone_follows_the_chosen_method(post_form, client):
    response = post_form("/contact/", contact_data(preferred_method="phone", phone=""))
    assert "Enter a phone number" in response.content.decode()
    response = post_form(
        "/contact/", contact_data(preferred_method="phone", email="", phone="555 0100")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ContactRequest.objects.get().email == ""
    assert len(mail.outbox) == 1  # staff only: no address for an acknowledgement


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("phone", "call me maybe", "at least 7 digits"),
        ("phone", "555 0100\r\nBcc: x@example.org", "without line breaks"),
        ("name", "Ana\r\nBcc: x@example.org", "without line breaks"),
    ],
)
def test_refuses_a_phone_we_cannot_dial_and_line_breaks(post_form, field, value, error):
    data = contact_data(preferred_method="phone", email="", **{field: value})
    response = post_form("/contact/", data)
    assert response.status_code == HTTPStatus.OK
    assert error in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_message_over_2000_characters_is_refused_with_a_clear_message(post_form, client):
    response = post_form("/contact/", contact_data(message="x" * 2001))
    assert "at most 2000 characters" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_honeypot_drops_bots_silently(post_form, client):
    response = post_form("/contact/", contact_data(website="http://spam.example"))
    assert response.status_code == HTTPStatus.FOUND
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["", "tampered", None])
def test_too_fast_or_missing_token_asks_once_more_and_keeps_the_text(post_form, client, token):
    data = contact_data(form_token=fresh_token(seconds_ago=0.5) if token is None else token)
    response = post_form("/contact/", data)
    assert response.status_code == HTTPStatus.OK
    assert ContactRequest.objects.count() == 0
    body = response.content.decode()
    assert "press the button again" in body
    assert "Where can we stay?" in body
    # The re-shown form carries a fresh token, so the person's next press goes through.
    new_token = response.context["form"].data["form_token"]
    assert antispam.read_token(new_token) is not None


def test_same_form_posted_twice_is_stored_once(post_form, client):
    data = contact_data()
    first = post_form("/contact/", data)
    second = post_form("/contact/", data)
    assert ContactRequest.objects.count() == 1
    assert first["Location"].split("?")[0] == second["Location"].split("?")[0]
    assert len(mail.outbox) == 2


def test_rate_limit_answers_429_and_keeps_the_text(post_form, client, settings):
    settings.FORM_RATE_LIMIT = (2, 600)
    for _ in range(2):
        assert post_form("/contact/", contact_data()).status_code == HTTPStatus.FOUND
    response = post_form("/contact/", contact_data(message="Third message, please keep me"))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    body = response.content.decode()
    assert "Third message, please keep me" in body
    assert "(555) 010-4000" in body
    assert ContactRequest.objects.count() == 2


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server is down")


def test_failing_email_keeps_the_submission_and_retries(post_form, client, settings):
    settings.EMAIL_BACKEND = "tests.contact.test_contact.BrokenEmailBackend"
    response = post_form("/contact/", contact_data())
    assert response.status_code == HTTPStatus.FOUND
    request = ContactRequest.objects.get()
    notifications = Notification.objects.filter(reference=request.reference)
    assert notifications.count() == 2
    for notification in notifications:
        # Not given up: due again in a minute, on a slowing schedule, for days.
        assert notification.status == NotificationStatus.PENDING
        assert notification.attempts == 1
        assert notification.next_attempt_at > notification.created_at
        assert "SMTP server is down" in notification.last_error

    # Once mail works again, staff resend from the admin and nothing was lost.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from cancercenter.submissions.services import notifications_retry

    assert notifications_retry() == 2
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2
    assert len(mail.outbox) == 2


def write_catalog(locale_dir, language: str, messages: dict[str, str]) -> None:
    """Write a compiled gettext catalog (.mo) without needing gettext's tools."""
    import struct

    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(messages)
    ids = [k.encode() for k in keys]
    strs = [messages[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, blob = [], [], b""
    for data, table in [(ids, id_table), (strs, str_table)]:
        for item in data:
            table.append((len(item), start + len(blob)))
            blob += item + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("<2I", *entry) for entry in id_table + str_table)
    path = locale_dir / language / "LC_MESSAGES"
    path.mkdir(parents=True)
    (path / "django.mo").write_bytes(header + tables + blob)


def test_emails_are_translatable_and_staff_read_the_site_language(settings, tmp_path):
    """A Spanish reader's acknowledgement comes from the catalog; staff email stays English."""
    from django.utils import translation

    from cancercenter.submissions.services import submission_create

    write_catalog(
        tmp_path,
        "es",
        {
            "Hello,": "Hola,",
            "A new contact request has arrived.": "Ha llegado una nueva solicitud de contacto.",
        },
    )
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("es"):
        request, created = submission_create(
            instance=ContactRequest(
                topic="travel",
                name="Ana Gómez",
                email="ana@example.org",
                preferred_method="email",
                preferred_time="morning",
                message="¿Dónde podemos quedarnos?",
                consent=True,
            ),
            token=None,
        )
    assert created
    staff = Notification.objects.get(reference=request.reference, audience="staff")
    person = Notification.objects.get(reference=request.reference, audience="person")
    assert person.body.startswith("Hola,")
    assert "A new contact request has arrived." in staff.body
    assert "Ha llegado" not in staff.body


def test_line_breaks_count_once_as_they_do_in_the_browser(post_form):
    """Browsers post a line break as CRLF but count it, in maxlength and our counter, as 1."""
    message = "\r\n".join(["Day 1: ok"] * 195)  # 1,949 characters on screen, 2,143 posted
    response = post_form("/contact/", contact_data(message=message))
    assert response.status_code == HTTPStatus.FOUND
    assert ContactRequest.objects.get().message == message.replace("\r\n", "\n")
