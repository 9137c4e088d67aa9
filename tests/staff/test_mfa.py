"""Two-step sign-in: no admin page before the second factor, for every admin URL."""

import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"
# Pages a signed-in staff member may open before the second factor.
OPEN = ("/admin/login/", "/admin/logout/", "/admin/account/")


def admin_paths() -> list[str]:
    """Every URL pattern under /admin/, with sample values in place of its parameters."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern):
                paths.append(text)

    walk(get_resolver().url_patterns, "/")
    samples = []
    for raw in paths:
        if not raw.startswith(("/admin/", "/^admin/")):
            continue
        # Named regex groups: the first alternative if it is plain text (an app label).
        path = re.sub(
            r"\(\?P<\w+>([^)|]*)[^)]*\)",
            lambda m: m.group(1) if re.fullmatch(r"\w+", m.group(1)) else "1",
            raw,
        )
        path = re.sub(r"<[^>]+>", "1", path)  # path converters: an object id of 1
        path = re.sub(r"[\^$()?*+:\\]|\\Z", "", path)
        samples.append(path if path.startswith("/") else "/" + path)
    return sorted(set(samples))


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="boss", password=PASSWORD)


def test_the_walk_finds_the_admin():
    paths = admin_paths()
    assert "/admin/" in paths
    assert "/admin/auth/user/1/change/" in paths
    assert "/admin/stories/storysubmission/1/photo/" in paths
    assert len(paths) > 100


@pytest.mark.django_db
def test_no_admin_page_before_the_second_factor(client, superuser):
    client.force_login_without_mfa(superuser)
    reached = []
    for path in admin_paths():
        if path.startswith(OPEN):
            continue
        for method in (client.get, client.post):
            response = method(path)
            location = response.headers.get("Location", "")
            if not (
                response.status_code == HTTPStatus.FOUND
                and location.startswith("/admin/account/two-step/setup/")
            ):
                reached.append(f"{method.__name__} {path}: {response.status_code}")
    assert reached == []


@pytest.mark.django_db
def test_first_sign_in_sets_up_an_app_then_shows_recovery_codes(client, superuser):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/admin/account/two-step/setup/")
    assert "Set up two-step sign-in" in response.text
    assert 'src="data:image/svg+xml' in response.text
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)

    wrong = client.post("/admin/account/two-step/setup/", {"code": "000000", "next": "/admin/"})
    assert "That code did not match" in wrong.text
    assert client.get("/admin/").status_code == HTTPStatus.FOUND

    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a wrong code slows the next try down
    device.throttle_reset()
    code = f"{totp(device.bin_key):06d}"
    response = client.post(
        "/admin/account/two-step/setup/", {"code": code, "next": "/admin/"}, follow=True
    )
    assert "Your recovery codes" in response.text
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.text)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=superuser).count() == 10
    assert client.get("/admin/").status_code == HTTPStatus.OK
    # Shown once only.
    assert client.get("/admin/account/two-step/recovery-codes/").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_next_sign_in_asks_for_a_code_and_takes_each_recovery_code_once(client, superuser):
    from cancercenter.staff import services

    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    codes = services.recovery_codes_create(user=superuser)
    client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    response = client.get("/admin/auth/user/")
    assert response.headers["Location"].startswith("/admin/account/two-step/?next=")
    # Nothing can be added before the existing factor is shown.
    assert client.get("/admin/account/two-step/setup/").status_code == HTTPStatus.FOUND

    wrong = client.post("/admin/account/two-step/", {"code": "nonsense1"})
    assert "That code did not work" in wrong.text
    StaticDevice.objects.get(user=superuser).throttle_reset()  # else wait a second
    response = client.post(
        "/admin/account/two-step/", {"code": codes[0], "next": "/admin/auth/user/"}
    )
    assert response.headers["Location"] == "/admin/auth/user/"
    assert client.get("/admin/auth/user/").status_code == HTTPStatus.OK

    other = Client()
    other.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    reused = other.post("/admin/account/two-step/", {"code": codes[0]})
    assert "That code did not work" in reused.text
    assert other.get("/admin/").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_next_is_never_another_site(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    from cancercenter.staff import services

    codes = services.recovery_codes_create(user=superuser)
    client.force_login_without_mfa(superuser)
    response = client.post(
        "/admin/account/two-step/", {"code": codes[1], "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/admin/"


@pytest.mark.django_db
def test_the_shared_fixtures_are_past_the_second_factor(staff_client, admin_client):
    assert staff_client.get("/admin/").status_code == HTTPStatus.OK
    assert admin_client.get("/admin/auth/user/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_passkey_registration_is_offered_and_its_api_answers(client, superuser):
    client.force_login_without_mfa(superuser)
    page = client.get("/admin/account/two-step/setup/")
    assert 'id="passkey-registration-placeholder"' in page.text
    assert "otp_webauthn_register.js" in page.text
    response = client.post("/admin/account/passkeys/registration/begin/")
    assert response.status_code == HTTPStatus.OK
    options = response.json()
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == "boss"


@pytest.mark.django_db
def test_a_passkey_cannot_be_added_with_the_password_alone(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    client.force_login_without_mfa(superuser)
    response = client.post("/admin/account/passkeys/registration/begin/")
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.django_db
def test_development_superuser_skips_only_with_debug_on(client, settings, superuser):
    from cancercenter.staff import services

    services.mfa_development_skip_grant(user=superuser)
    client.force_login_without_mfa(superuser)
    settings.DEBUG = True
    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.OK
    assert "two-step sign-in is skipped because DEBUG is on" in response.text
    settings.DEBUG = False
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_create_dev_superuser_marks_the_skip(settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("create_dev_superuser", stdout=__import__("io").StringIO())
    user = get_user_model().objects.get(username="admin")
    assert user.development_mfa_skip
