"""Guessing passwords at /admin/login/ stops after 10 tries, for the account and the address."""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.7"


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(username="nurse", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def guess(client, username, times, address=ATTACKER):
    for attempt in range(times):
        response = sign_in(client, username, f"wrong-{attempt}", address)
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}


@pytest.mark.django_db
def test_nine_wrong_passwords_still_let_the_right_one_in(client, staff_user):
    guess(client, "nurse", 9)
    response = sign_in(client, "nurse", PASSWORD, ATTACKER)
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_from_any_address(client, staff_user):
    guess(client, "nurse", 10)
    response = sign_in(client, "nurse", PASSWORD, "198.51.100.20")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Sign-in is paused" in response.text
    assert "30 minutes" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_address_for_every_account(
    client, staff_user, django_user_model
):
    django_user_model.objects.create_user(username="other", password=PASSWORD, is_staff=True)
    for number in range(10):  # spread over many names, as a sprayer would
        sign_in(client, f"guess{number}", "wrong", ATTACKER)
    assert sign_in(client, "other", PASSWORD, ATTACKER).status_code == 429
    # The same account from an honest address is fine: only the address is locked.
    assert sign_in(client, "other", PASSWORD, "198.51.100.20").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, staff_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    guess(client, "nurse", 10)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = sign_in(client, "nurse", PASSWORD, "198.51.100.20")
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_a_superuser_unlocks_an_account(client, staff_user, django_user_model):
    guess(client, "nurse", 10)
    boss = django_user_model.objects.create_superuser(username="boss", password=PASSWORD)
    client.force_login(boss)
    response = client.post(
        "/admin/auth/user/",
        {"action": "unlock_sign_in", "_selected_action": [staff_user.pk]},
        follow=True,
    )
    assert "Sign-in unlocked for 1 account." in response.text
    client.logout()
    assert sign_in(client, "nurse", PASSWORD, "198.51.100.20").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_get_round_the_address_lock(client, staff_user, settings):
    settings.TRUSTED_PROXIES = []
    for number in range(10):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).count() == 10
