"""Redis down never loses a form: the rate limit fails open, pages answer, /healthz says so."""

import logging
import shutil
import subprocess
import time
from http import HTTPStatus

import pytest
import redis

from cancercenter.contact.models import ContactRequest
from cancercenter.giving.models import GiftPledge
from stories.models import StorySubmission
from tests.contact.test_contact import contact_data
from tests.factories import FundFactory
from tests.giving.test_gifts import gift_data
from tests.ports import closed_port, free_port
from tests.stories.test_share import share_data
from tests.trials.factories import TrialFactory
from tests.trials.test_views import inquiry_data
from trials.models import TrialInquiry

pytestmark = pytest.mark.django_db


def redis_cache(port: int) -> dict:
    """The CACHES setting settings.py builds from CACHE_URL=redis://127.0.0.1:<port>/0."""
    return {
        "default": {
            "BACKEND": "cancercenter.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


class RedisServer:
    def __init__(self, port: int):
        self.port = port
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed: the Redis outage test needs it")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


def test_with_redis_unreachable_all_four_forms_save(
    post_form, client, settings, caplog, monkeypatch
):
    # The warning is logged once per 30 s per process: an earlier test's outage must not
    # hide this one's.
    from cancercenter.cache import FailOpenRedisCache

    monkeypatch.setattr(FailOpenRedisCache, "_last_warning", 0.0)
    settings.CACHES = redis_cache(closed_port())
    settings.FORM_RATE_LIMIT = (1, 600)  # would refuse the second post, if it could count
    fund = FundFactory()
    trial = TrialFactory(at_center="yes")  # a trial our center runs offers the form
    caplog.set_level(logging.WARNING)
    posts = [
        ("/contact/", contact_data(), ContactRequest),
        ("/contact/", contact_data(), ContactRequest),
        ("/give/", gift_data(fund), GiftPledge),
        (f"/trials/{trial.nct_id}/inquire/", inquiry_data(), TrialInquiry),
        ("/stories/share/", share_data(), StorySubmission),
    ]
    for url, data, model in posts:
        before = model.objects.count()
        response = post_form(url, data)
        assert response.status_code == HTTPStatus.FOUND, url
        assert model.objects.count() == before + 1, url
    assert "Rate limit not applied" in caplog.text
    assert "Cache unavailable" in caplog.text


def test_with_redis_unreachable_pages_answer_and_healthz_says_degraded(client, settings):
    settings.CACHES = redis_cache(closed_port())
    for url in ["/", "/sitemap.xml", "/robots.txt", "/contact/", "/stories/"]:
        assert client.get(url).status_code == HTTPStatus.OK, url
    health = client.get("/healthz")
    assert health.status_code == HTTPStatus.OK  # degraded, not down: keep sending traffic
    assert health.json()["status"] == "degraded"
    assert health.json()["cache"] == "unavailable"
    assert health.json()["database"] == "ok"


def test_a_redis_outage_and_recovery(post_form, client, settings, redis_server):
    settings.CACHES = redis_cache(redis_server.port)
    settings.FORM_RATE_LIMIT = (2, 600)
    assert client.get("/healthz").json()["cache"] == "ok"
    statuses = [post_form("/contact/", contact_data()).status_code for _ in range(3)]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]

    redis_server.stop()
    started = time.monotonic()
    assert post_form("/contact/", contact_data()).status_code == HTTPStatus.FOUND
    assert time.monotonic() - started < 5
    assert client.get("/healthz").json()["status"] == "degraded"

    redis_server.start()  # a fresh, empty Redis: the count starts again
    assert client.get("/healthz").json()["status"] == "ok"
    statuses = [post_form("/contact/", contact_data()).status_code for _ in range(3)]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
    assert ContactRequest.objects.count() == 5
