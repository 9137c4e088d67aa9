"""The gift form: a pledge is saved first; card data never touches the site."""

import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from cancercenter.giving.models import GiftPledge
from cancercenter.giving.services import gift_tributes_send
from cancercenter.submissions import antispam
from cancercenter.submissions.models import Notification, NotificationStatus
from tests.contact.test_contact import fresh_token
from tests.factories import FundFactory, GiftPledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    return FundFactory(name="Immunotherapy research", slug="immunotherapy-research", order=1)


def gift_data(fund_, /, **overrides) -> dict:
    data = {
        "amount_choice": "50",
        "other_amount": "",
        "frequency": "monthly",
        "fund": str(fund_.pk),
        "tribute": "none",
        "honoree_name": "",
        "notify_name": "",
        "notify_email": "",
        "notify_address": "",
        "name": "Sam Rivera",
        "email": "sam@example.org",
        "phone": "+1 555 0199",
        "address": "12 Oak Street\nSpringfield, CA 90000",
        "employer": "Acme Health",
        "message": "For the nurses on the fourth floor.",
        "website": "",
        "form_token": fresh_token(),
    }
    data.update(overrides)
    return data


def mail_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_form_page_has_no_card_fields_and_is_never_cached(client, fund):
    response = client.get("/give/")
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response.headers["Cache-Control"]
    body = response.content.decode()
    # Form fields only: <meta name="twitter:card"> in the head is a link-preview tag.
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', body))
    assert "amount" in names or "fund" in names
    assert not [n for n in names if re.search(r"card|cvv|cvc|expir|ccnum", n, re.I)]
    assert "cc-" not in body  # no card autocomplete tokens either
    for amount in ("$25", "$50", "$100", "$250", "Other amount"):
        assert amount in body
    assert "development office will contact you" in body
    assert 'src="/static/js/gift-form.js"' in body


def test_a_phone_we_cannot_dial_is_refused(post_form, fund):
    response = post_form("/give/", gift_data(fund, phone="call me maybe"))
    assert response.status_code == HTTPStatus.OK
    assert "at least 7 digits" in response.content.decode()
    assert GiftPledge.objects.count() == 0


def test_only_active_funds_show_in_their_order(client):
    FundFactory(name="Second fund", order=2)
    FundFactory(name="First fund", order=1)
    FundFactory(name="Closed fund", order=0, is_active=False)
    body = client.get("/give/").content.decode()
    assert "Closed fund" not in body
    assert body.index("First fund") < body.index("Second fund")


def test_a_closed_fund_is_refused_with_a_clear_message(post_form, fund):
    closed = FundFactory(name="Closed fund", is_active=False)
    response = post_form("/give/", gift_data(fund, fund=str(closed.pk)))
    assert response.status_code == HTTPStatus.OK
    assert "no longer open for gifts" in response.content.decode()
    assert GiftPledge.objects.count() == 0


def test_fund_can_be_preselected_from_a_link(client, fund):
    other = FundFactory(name="Patient travel", slug="patient-travel", order=2)
    body = client.get("/give/?fund=patient-travel").content.decode()
    assert re.search(rf'value="{other.pk}"[^>]*checked', body)


def test_happy_path_saves_emails_and_redirects_to_a_reference(post_form, client, fund):
    response = post_form("/give/", gift_data(fund))
    assert response.status_code == HTTPStatus.FOUND
    pledge = GiftPledge.objects.get()
    assert pledge.reference.startswith("G-")
    assert pledge.amount == Decimal("50.00")
    assert pledge.frequency == "monthly" and pledge.fund == fund
    assert pledge.message == "For the nurses on the fourth floor."

    thanks = client.get(response["Location"])
    assert thanks.status_code == HTTPStatus.OK
    assert "no-store" in thanks.headers["Cache-Control"]
    page = thanks.content.decode()
    assert pledge.reference in page
    assert "$50.00, monthly, to Immunotherapy research" in page
    assert "development office will contact you" in page
    assert "secure payment page" not in page

    assert len(mail.outbox) == 2
    [staff] = mail_to("info@cancercenter.example")
    assert pledge.reference in staff.subject
    assert f"/admin/giving/giftpledge/{pledge.pk}/change/" in staff.body
    for private in ("Sam Rivera", "Oak Street", "fourth floor", "sam@example.org"):
        assert private not in staff.body
    [donor] = mail_to("sam@example.org")
    assert pledge.reference in donor.body and "$50.00" in donor.body
    assert "fourth floor" not in donor.body
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2


def test_with_a_payment_page_the_donor_is_sent_there_with_the_reference(
    post_form, client, fund, settings
):
    settings.GIFT_PAYMENT_URL = "https://pay.example.org/checkout?ref={reference}&amt={amount}"
    assert "secure payment page" in client.get("/give/").content.decode()
    response = post_form("/give/", gift_data(fund, amount_choice="100"))
    pledge = GiftPledge.objects.get()
    page = client.get(response["Location"]).content.decode()
    expected = f"https://pay.example.org/checkout?ref={pledge.reference}&amp;amt=100.00"
    assert f'href="{expected}"' in page
    assert "development office will contact you" not in page
    [donor] = mail_to("sam@example.org")
    assert f"https://pay.example.org/checkout?ref={pledge.reference}&amt=100.00" in donor.body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("75", "75.00"), ("$1,000.50", "1000.50"), ("1", "1.00"), ("50000", "50000.00"),
     ("1,250", "1250.00"), ("12,345.6", "12345.60"), (" $ 20 ", "20.00"), ("007", "7.00")],
)  # fmt: skip
def test_other_amount_is_stored_as_decimal(post_form, fund, typed, stored):
    response = post_form("/give/", gift_data(fund, amount_choice="other", other_amount=typed))
    assert response.status_code == HTTPStatus.FOUND
    assert GiftPledge.objects.get().amount == Decimal(stored)


TYPE_DIGITS = "Type the amount in dollars using digits"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the amount you would like to give."),
        ("0.99", "The smallest gift we can accept online is $1."),
        ("50000.01", "Gifts online are up to $50,000."),
        ("-5", TYPE_DIGITS),
        ("12.345", TYPE_DIGITS),
        ("lots", TYPE_DIGITS),
        ("1e9", TYPE_DIGITS),
        ("1e3", TYPE_DIGITS),
        ("5,5", TYPE_DIGITS),
        ("1,00", TYPE_DIGITS),
        ("12,34.50", TYPE_DIGITS),
        ("１００", TYPE_DIGITS),  # full-width digits
        ("١٠٠", TYPE_DIGITS),  # Arabic-Indic digits
        ("1 000", TYPE_DIGITS),
        ("NaN", TYPE_DIGITS),
        ("Infinity", TYPE_DIGITS),
        ("$$5", TYPE_DIGITS),
        ("5.", TYPE_DIGITS),
    ],
)
def test_amount_limits_are_enforced_on_the_server(post_form, fund, typed, message):
    response = post_form("/give/", gift_data(fund, amount_choice="other", other_amount=typed))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert message in body
    assert f'value="{typed}"' in body or typed == ""
    assert GiftPledge.objects.count() == 0


def test_the_maximum_comes_from_settings(post_form, fund, settings):
    settings.GIFT_MAX_AMOUNT = 500
    response = post_form("/give/", gift_data(fund, amount_choice="other", other_amount="501"))
    assert "Gifts online are up to $500." in response.content.decode()
    response = post_form("/give/", gift_data(fund, amount_choice="other", other_amount="500"))
    assert response.status_code == HTTPStatus.FOUND


def test_the_database_refuses_an_amount_below_one(fund):
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftPledgeFactory(fund=fund, amount="0.50")


def test_the_database_refuses_a_tribute_without_a_name(fund):
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftPledgeFactory(fund=fund, tribute="memory", honoree_name="")


def test_no_amount_chosen_is_a_clear_error(post_form, fund):
    response = post_form("/give/", gift_data(fund, amount_choice=""))
    assert "Choose an amount" in response.content.decode()


def test_validation_errors_keep_everything_typed(post_form, fund):
    data = gift_data(
        fund,
        amount_choice="other",
        other_amount="80",
        email="not-an-email",
        tribute="honor",
        honoree_name="",
        notify_name="Lee Park",
        notify_email="lee@example.org",
        notify_address="4 Elm Road",
        anonymous="on",
    )
    response = post_form("/give/", data)
    assert response.status_code == HTTPStatus.OK
    assert GiftPledge.objects.count() == 0
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "Enter the name of the person this gift honors or remembers." in body
    for typed in ("80", "not-an-email", "Sam Rivera", "+1 555 0199", "Acme Health",
                  "Lee Park", "lee@example.org"):  # fmt: skip
        assert f'value="{typed}"' in body, typed
    for typed in ("12 Oak Street\nSpringfield, CA 90000", "For the nurses on the fourth floor.",
                  "4 Elm Road"):  # fmt: skip
        assert f">\n{typed}</textarea>" in body, typed
    for name, value in (("amount_choice", "other"), ("frequency", "monthly"),
                        ("tribute", "honor"), ("fund", str(fund.pk))):  # fmt: skip
        assert re.search(rf'name="{name}" value="{value}"[^>]*checked', body), name
    assert re.search(r'name="anonymous"[^>]*checked', body)
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_email_error' in body


def test_tribute_fields_are_ignored_without_a_tribute(post_form, fund):
    post_form("/give/", gift_data(fund, honoree_name="Typed by mistake", notify_email="x@y.org"))
    pledge = GiftPledge.objects.get()
    assert pledge.honoree_name == "" and pledge.notify_email == ""
    assert len(mail.outbox) == 2  # nobody else is told


def test_someone_to_tell_needs_an_email_or_a_postal_address(post_form, fund):
    data = gift_data(fund, tribute="memory", honoree_name="Rosa Díaz", notify_name="Lee Park")
    response = post_form("/give/", data)
    assert "Enter their email or postal address" in response.content.decode()
    data = gift_data(fund, tribute="memory", honoree_name="Rosa Díaz", notify_email="l@e.org")
    response = post_form("/give/", data)
    assert "Enter the name of the person we should tell." in response.content.decode()
    assert GiftPledge.objects.count() == 0


def test_the_person_to_tell_hears_of_the_gift_once_received_never_the_amount(
    post_form, staff_client, fund, django_capture_on_commit_callbacks
):
    data = gift_data(
        fund,
        amount_choice="250",
        tribute="memory",
        honoree_name="Rosa Díaz",
        notify_name="Lee Park",
        notify_email="lee@example.org",
    )
    assert post_form("/give/", data).status_code == HTTPStatus.FOUND
    pledge = GiftPledge.objects.get()
    # A pledge is not yet a gift: only staff and the donor hear of it now.
    assert len(mail.outbox) == 2 and not mail_to("lee@example.org")
    [staff] = mail_to("info@cancercenter.example")
    assert "once the gift is received" in staff.body

    # The development office has the gift and tells Lee, once, from the admin.
    changelist = "/admin/giving/giftpledge/"
    action = {"action": "tell_tribute_contacts", "_selected_action": [pledge.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(changelist, action, follow=True)
    assert "1 person will be told of the gift" in response.content.decode()
    response = staff_client.post(changelist, action, follow=True)
    assert "Nobody to tell" in response.content.decode()
    [told] = mail_to("lee@example.org")
    assert told.subject == "A gift in memory of Rosa Díaz"
    assert "Dear Lee Park" in told.body
    assert "Sam Rivera has made a gift" in told.body
    assert "Immunotherapy research" in told.body
    assert "250" not in told.body and "250" not in told.subject
    assert "$" not in told.body
    notification = Notification.objects.get(audience=Notification.Audience.NOTIFIED)
    assert notification.reference == pledge.reference
    assert notification.status == NotificationStatus.SENT


def test_an_anonymous_donor_is_not_named_to_the_person_told(
    post_form, fund, django_capture_on_commit_callbacks
):
    data = gift_data(
        fund,
        anonymous="on",
        tribute="honor",
        honoree_name="Dr. Okafor",
        notify_name="Dr. Okafor",
        notify_email="okafor@example.org",
    )
    post_form("/give/", data)
    with django_capture_on_commit_callbacks(execute=True):
        gift_tributes_send(queryset=GiftPledge.objects.all())
    [told] = mail_to("okafor@example.org")
    assert told.subject == "A gift in honor of Dr. Okafor"
    assert "Sam Rivera" not in told.body
    assert "A donor who wishes to remain anonymous" in told.body


def test_a_postal_notification_is_left_to_staff(post_form, fund):
    data = gift_data(
        fund,
        tribute="honor",
        honoree_name="Ana Gómez",
        notify_name="Ana Gómez",
        notify_address="9 Pine Lane\nSpringfield",
    )
    post_form("/give/", data)
    assert len(mail.outbox) == 2
    [staff] = mail_to("info@cancercenter.example")
    assert "please send them a card" in staff.body
    assert "Pine Lane" not in staff.body


def test_gift_recipients_are_configurable(post_form, fund, settings):
    settings.SUBMISSION_RECIPIENTS = {"gift": ["giving@example.org"]}
    post_form("/give/", gift_data(fund))
    assert mail_to("giving@example.org")
    assert not mail_to("info@cancercenter.example")


def test_honeypot_drops_bots_silently(post_form, fund):
    response = post_form("/give/", gift_data(fund, website="http://spam.example"))
    assert response.status_code == HTTPStatus.FOUND
    assert GiftPledge.objects.count() == 0 and mail.outbox == []


def test_too_fast_asks_once_more_and_keeps_the_text(post_form, fund):
    response = post_form("/give/", gift_data(fund, form_token=fresh_token(seconds_ago=0.5)))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "press the button again" in body and "fourth floor" in body
    assert GiftPledge.objects.count() == 0
    assert antispam.read_token(response.context["form"].data["form_token"]) is not None


def test_rate_limit_answers_429_and_keeps_the_text(post_form, fund, settings):
    settings.FORM_RATE_LIMIT = (1, 600)
    assert post_form("/give/", gift_data(fund)).status_code == HTTPStatus.FOUND
    response = post_form("/give/", gift_data(fund, message="Second pledge, keep me"))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    body = response.content.decode()
    assert "Second pledge, keep me" in body and "(555) 010-4000" in body
    assert GiftPledge.objects.count() == 1


def test_same_form_posted_twice_is_stored_once(post_form, fund):
    data = gift_data(fund)
    post_form("/give/", data)
    post_form("/give/", data)
    assert GiftPledge.objects.count() == 1


def test_failing_email_keeps_the_pledge_and_retries(post_form, fund, settings):
    settings.EMAIL_BACKEND = "tests.contact.test_contact.BrokenEmailBackend"
    data = gift_data(
        fund, tribute="honor", honoree_name="Lee", notify_name="Lee", notify_email="l@e.org"
    )
    response = post_form("/give/", data)
    assert response.status_code == HTTPStatus.FOUND
    pledge = GiftPledge.objects.get()
    notifications = Notification.objects.filter(reference=pledge.reference)
    assert notifications.count() == 2
    for notification in notifications:
        # Not given up: due again in a minute, on a slowing schedule, for days.
        assert notification.status == NotificationStatus.PENDING
        assert notification.attempts == 1
        assert notification.next_attempt_at > notification.created_at
        assert "SMTP server is down" in notification.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from cancercenter.submissions.services import notifications_retry

    assert notifications_retry() == 2
    assert len(mail.outbox) == 2


def test_thanks_page_refuses_a_forged_reference(client):
    assert client.get("/give/thank-you/?r=G-AAAA-BBBB").status_code == HTTPStatus.NOT_FOUND


def test_demo_funds_load_once_and_show_on_the_form(client):
    from io import StringIO

    from django.core.management import call_command

    from cancercenter.giving.models import Fund

    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_content", stdout=StringIO())
    assert list(Fund.objects.active().values_list("slug", flat=True)) == [
        "immunotherapy-research",
        "where-most-needed",
        "patient-travel-and-support",
        "stem-cell-transplant-program",
    ]
    body = client.get("/give/?fund=immunotherapy-research").content.decode()
    assert "Patient travel and support" in body


def test_a_line_break_in_a_name_is_refused_so_it_cannot_reach_an_email_header(post_form, fund):
    data = gift_data(
        fund,
        tribute="honor",
        honoree_name="Rosa\r\nBcc: victim@example.org",
        notify_name="Lee",
        notify_email="lee@example.org",
    )
    response = post_form("/give/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Please keep this to one line" in response.content.decode()
    assert GiftPledge.objects.count() == 0 and mail.outbox == []
