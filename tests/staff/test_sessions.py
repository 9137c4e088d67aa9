"""Staff sessions: idle timeout, absolute lifetime, a new session on sign-in, re-typing the
password before an export, and signing out everywhere."""

from http import HTTPStatus

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from cancercenter.staff import services
from cancercenter.submissions.admin import REAUTH_SESSION_KEY
from tests.conftest import verify_mfa

PASSWORD = "correct horse battery staple"


@pytest.fixture
def nurse(django_user_model):
    return django_user_model.objects.create_user(
        username="nurse", password=PASSWORD, is_staff=True, is_superuser=True
    )


def signed_in(nurse) -> Client:
    client = Client()
    client.post("/admin/login/", {"username": "nurse", "password": PASSWORD})
    verify_mfa(client, nurse)
    return client


def shift(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.mark.django_db
def test_an_idle_staff_session_ends_after_30_minutes(nurse):
    client = signed_in(nurse)
    assert client.get("/admin/").status_code == HTTPStatus.OK
    shift(client, services.LAST_SEEN_AT, 29 * 60)
    assert client.get("/admin/").status_code == HTTPStatus.OK
    shift(client, services.LAST_SEEN_AT, 31 * 60)
    response = client.get("/admin/auth/user/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/admin/login/?next=%2Fadmin%2Fauth%2Fuser%2F"
    assert "_auth_user_id" not in client.session
    assert "You were signed out" in client.get(response.headers["Location"]).text


@pytest.mark.django_db
def test_a_busy_staff_session_still_ends_12_hours_after_sign_in(nurse):
    client = signed_in(nurse)
    shift(client, services.SIGNED_IN_AT, 11 * 3600)
    assert client.get("/admin/").status_code == HTTPStatus.OK
    shift(client, services.SIGNED_IN_AT, 3600 + 1)
    assert client.get("/admin/").status_code == HTTPStatus.FOUND
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_timeouts_are_settings(nurse, settings):
    from datetime import timedelta

    settings.STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    client = signed_in(nurse)
    shift(client, services.LAST_SEEN_AT, 6 * 60)
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_signing_in_starts_a_new_session(client, nurse):
    client.get("/admin/login/")
    session = client.session
    session["before"] = "yes"
    session.save()
    before = session.session_key
    client.post("/admin/login/", {"username": "nurse", "password": PASSWORD})
    assert client.session.session_key != before


@pytest.mark.django_db
def test_export_asks_for_the_password_again(nurse, settings):
    from cancercenter.contact.models import ContactRequest

    rows = [
        ContactRequest.objects.create(
            topic="billing", name=f"Pat {n}", email="pat@example.org", message="Hi", consent=True
        )
        for n in range(2)
    ]
    client = signed_in(nurse)
    action = {"action": "export_csv", "_selected_action": [row.pk for row in rows]}
    url = "/admin/contact/contactrequest/"
    # Signing in counts as typing the password, for STAFF_REAUTH_MINUTES (5 by default).
    assert client.post(url, action).headers["Content-Type"].startswith("text/csv")
    shift(client, REAUTH_SESSION_KEY, (settings.STAFF_REAUTH_MINUTES + 1) * 60)

    asked = client.post(url, action)
    assert asked.status_code == HTTPStatus.OK
    assert "Confirm your password to export" in asked.text
    assert "text/csv" not in asked.headers["Content-Type"]

    wrong = client.post(url, {**action, "reauth_password": "not it"})
    assert "That password is not right" in wrong.text

    exported = client.post(url, {**action, "reauth_password": PASSWORD})
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert rows[0].reference in exported.content.decode()
    # Within the next few minutes, no need to type it again.
    assert client.post(url, action).headers["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_sign_out_everywhere_ends_every_session_of_the_user(nurse):
    laptop, phone = signed_in(nurse), signed_in(nurse)
    assert phone.get("/admin/").status_code == HTTPStatus.OK
    response = laptop.post("/admin/account/sign-out-everywhere/")
    assert response.status_code == HTTPStatus.FOUND
    assert phone.get("/admin/").status_code == HTTPStatus.FOUND
    assert laptop.get("/admin/").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_a_superuser_signs_someone_out_everywhere(nurse, admin_client):
    phone = signed_in(nurse)
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "sign_out_everywhere", "_selected_action": [nurse.pk]},
        follow=True,
    )
    assert "1 session ended." in response.text
    assert phone.get("/admin/").status_code == HTTPStatus.FOUND


def test_passwords_need_12_characters():
    with pytest.raises(ValidationError):
        validate_password("Tr0ub4dor&3")
    validate_password("a long walk by the river")
