"""Shared test setup: real PostgreSQL (never SQLite), fast hashing, files in a temp folder."""

import tempfile
from pathlib import Path

import pytest

# moto's S3 server on loopback, for the tests of media on object storage.
from tests.s3 import s3_media, s3_server  # noqa: F401  (fixtures)

# Real-world test data, copied into the repository unedited (see tests/data/PROVENANCE.md).
TEST_DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest needs collectstatic; tests serve static files straight from static/.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    media = Path(tempfile.mkdtemp(prefix="cancercenter-media-"))
    settings.MEDIA_ROOT = media / "public"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    settings.STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(settings.PRIVATE_MEDIA_ROOT), "base_url": None},
    }
    _force_login_passes_the_second_factor()


def verify_mfa(client, user):
    """Give `user` a confirmed authenticator app and mark the client's session as having
    passed two-step sign-in with it, as the real second step would."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _force_login_passes_the_second_factor():
    """`client.force_login(staff)` (staff_client, pytest-django's admin_client, any test)
    signs in past two-step sign-in as well, so admin tests need not know about MFA.
    Tests of two-step sign-in itself use `client.force_login_without_mfa(user)`."""
    from django.test import Client

    if hasattr(Client, "force_login_without_mfa"):
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            verify_mfa(self, user)

    Client.force_login_without_mfa = original
    Client.force_login = force_login


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate limits and cached fragments live in the cache; each test starts clean, except
    for the menus, which every page shows and a running site has cached: warmed, so a
    page's query count is the same whichever request comes first."""
    from django.core.cache import cache

    from cancercenter.pages import menus

    cache.clear()
    if request.node.get_closest_marker("django_db"):
        database = "_django_db_helper"
    elif "transactional_db" in request.fixturenames:
        database = "transactional_db"
    elif "db" in request.fixturenames:
        database = "db"
    else:
        menus.use_built_in()  # a page rendered without the database shows these
        database = None
    if database:
        request.getfixturevalue(database)
        from cancercenter.pages.models import Menu, MenuItem, Page

        # A transactional test's flush empties the tables the migrations seeded.
        if not Menu.objects.exists():
            menus.seed_menus(Menu, MenuItem, Page)
        menus.warm()
        from django.conf import settings

        if settings.PAGE_CACHE:
            from cancercenter import pagecache

            pagecache.warm()
    yield
    cache.clear()


def data_file_lines(relative: str) -> list[str]:
    """Non-empty, non-comment lines of a file in tests/data (e.g. payloads/*.txt)."""
    path = TEST_DATA / relative
    return [
        line
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@pytest.fixture(autouse=True)
def _english_between_requests():
    """Each test starts in English, and so does the code after each request it makes: the
    locale middleware leaves the request's language active in the thread, and content
    attributes (modeltranslation) follow the active language."""
    from django.conf import settings
    from django.core.signals import request_finished
    from django.utils import translation

    def reset(**kwargs):
        translation.activate(settings.LANGUAGE_CODE)

    translation.activate(settings.LANGUAGE_CODE)
    request_finished.connect(reset, dispatch_uid="tests-english-between-requests")
    yield
    request_finished.disconnect(dispatch_uid="tests-english-between-requests")
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="staff", password="pw", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    """POST a public form and run what it queued for after the commit (its emails).

    Tests run inside a transaction that never commits, so on_commit callbacks are
    captured and run here, as they would be after a real commit.
    """

    def post(url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


class Clock:
    """A controllable `timezone.now()` (and so `localdate()`, `auto_now` and the querysets'
    "now"): tests set or advance it instead of sleeping."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def set(self, moment) -> None:
        self.now = moment

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    from django.utils import timezone

    controlled = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", controlled)
    return controlled
