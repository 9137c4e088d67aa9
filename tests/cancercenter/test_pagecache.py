"""The page cache (issue 19): anonymous visitors get whole pages from the cache, never
stale after a change or a scheduled publish, never someone else's form or message."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from csp.constants import NONCE
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import timezone

from cancercenter import pagecache
from education.models import PublicationStatus, Topic
from tests.factories import TopicFactory
from tests.ports import closed_port
from tests.submissions.test_cache_outage import redis_cache, redis_server  # noqa: F401
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    pagecache.warm()


def cached(response) -> str | None:
    return response.headers.get(pagecache.HEADER)


def test_an_anonymous_page_is_built_once_then_served_from_the_cache(client):
    TopicFactory(title="How CAR T works")
    first = client.get("/education/")
    second = client.get("/education/")
    assert (cached(first), cached(second)) == ("miss", "hit")
    assert second.content == first.content
    assert "How CAR T works" in second.content.decode()
    control = second.headers["Cache-Control"]
    assert "public" in control and "max-age=60" in control and "s-maxage=60" in control
    assert second.headers["ETag"] == first.headers["ETag"]
    assert "Last-Modified" in second.headers
    vary = second.headers["Vary"].lower()
    assert "cookie" in vary and "accept-language" in vary
    # The security headers the inner middleware set are kept with the page.
    assert "default-src 'none'" in second.headers["Content-Security-Policy"]
    assert second.headers["X-Frame-Options"] == "DENY"


def test_a_publish_is_visible_on_the_next_request(client):
    topic = TopicFactory(title="Coming soon", status=PublicationStatus.DRAFT)
    assert "Coming soon" not in client.get("/education/").content.decode()
    assert cached(client.get("/education/")) == "hit"
    topic.status = PublicationStatus.PUBLISHED
    topic.save()
    response = client.get("/education/")
    assert cached(response) == "miss"
    assert "Coming soon" in response.content.decode()


def test_an_admin_bulk_publish_is_visible_on_the_next_request(client, staff_client):
    topic = TopicFactory(title="Published in bulk", status=PublicationStatus.DRAFT)
    visitor = client.__class__()
    assert "Published in bulk" not in visitor.get("/education/").content.decode()
    response = staff_client.post(
        "/admin/education/topic/",
        {"action": "publish", "_selected_action": [topic.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Topic.objects.get(pk=topic.pk).status == PublicationStatus.PUBLISHED
    assert "Published in bulk" in visitor.get("/education/").content.decode()


def test_a_trial_import_batch_renews_the_pages(client):
    from trials.models import Trial
    from trials.services import trials_imported

    client.get("/trials/")
    assert cached(client.get("/trials/")) == "hit"
    trials_imported.send(sender=Trial, report=None)
    assert cached(client.get("/trials/")) == "miss"


def test_a_scheduled_topic_appears_when_its_time_comes(client, monkeypatch):
    start = timezone.now()
    TopicFactory(title="Scheduled topic", published_at=start + timedelta(minutes=5))
    response = client.get("/education/")
    assert "Scheduled topic" not in response.content.decode()
    # Browsers and proxies are not told to keep it past the publish time either.
    assert "max-age=60" in response.headers["Cache-Control"]
    assert cached(client.get("/education/")) == "hit"
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=5, seconds=1))
    response = client.get("/education/")
    assert cached(response) == "miss"
    assert "Scheduled topic" in response.content.decode()


def test_the_lifetime_sent_is_cut_short_before_a_scheduled_publish(client):
    TopicFactory(title="Soon", published_at=timezone.now() + timedelta(seconds=20))
    control = client.get("/education/").headers["Cache-Control"]
    max_age = int(control.split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 20


def test_staff_pages_are_never_cached_nor_served_from_the_cache(client, staff_client):
    topic = TopicFactory(title="Draft for review", status=PublicationStatus.DRAFT)
    TopicFactory(title="Public topic")
    anonymous = client.__class__()
    anonymous.get("/education/")  # fills the cache for anonymous visitors
    for _ in range(2):
        response = staff_client.get("/education/")
        assert cached(response) is None
        assert "private" in response.headers["Cache-Control"]
    # A staff preview of a draft never reaches anyone else.
    preview = staff_client.get(topic.get_absolute_url())
    assert preview.status_code == HTTPStatus.OK and cached(preview) is None
    assert anonymous.get(topic.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


FORM_PAGES = [
    "/contact/", "/give/", "/appointments/request/", "/referrals/", "/stories/share/",
]  # fmt: skip


@pytest.mark.parametrize("url", FORM_PAGES)
def test_form_pages_are_never_cached(client, url):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert cached(response) is None
        assert "no-store" in response.headers["Cache-Control"]


def test_a_trial_inquiry_form_is_never_cached(client):
    trial = TrialFactory(at_center="yes")  # a trial our center runs offers the form
    for _ in range(2):
        response = client.get(f"/trials/{trial.nct_id}/inquire/")
        assert cached(response) is None and "no-store" in response.headers["Cache-Control"]


def _messages_cookie(text: str) -> str:
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    return storage._encode([_message(text)])


def _message(text: str):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, text)


def test_a_page_with_a_message_is_not_cached_and_its_message_not_shown_to_others(client):
    client.get("/education/")  # the anonymous page is in the cache
    client.cookies["messages"] = _messages_cookie("Your settings were saved.")
    response = client.get("/education/")
    assert cached(response) is None
    assert "Your settings were saved." in response.content.decode()
    other = client.__class__()
    response = other.get("/education/")
    assert cached(response) == "hit"
    assert "Your settings were saved." not in response.content.decode()


def test_if_none_match_answers_304(client):
    first = client.get("/education/")
    again = client.get("/education/", headers={"if-none-match": first.headers["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    changed = client.get("/education/", headers={"if-none-match": '"something-else"'})
    assert changed.status_code == HTTPStatus.OK


def test_the_query_string_is_part_of_the_address_in_any_order(client):
    TrialFactory()
    client.get("/trials/?phase=2&status=recruiting")
    assert cached(client.get("/trials/?status=recruiting&phase=2")) == "hit"
    assert cached(client.get("/trials/?status=completed&phase=2")) == "miss"


def test_languages_and_the_language_offer_are_kept_apart(client):
    TopicFactory(title="Topic", title_es="Tema", status_es="published")
    english = client.get("/education/")
    spanish = client.get("/es/education/")
    assert cached(spanish) == "miss"
    assert 'lang="es"' in spanish.content.decode()
    # An English page offers Spanish to a browser that asks for it, and only to that one.
    offered = client.get("/education/", headers={"accept-language": "es"})
    assert cached(offered) == "miss"
    assert offered.content != english.content
    assert cached(client.get("/education/")) == "hit"


def test_a_visitor_who_chose_spanish_is_still_sent_to_the_spanish_page(client):
    client.get("/education/")
    client.cookies["django_language"] = "es"
    response = client.get("/education/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/es/education/"


def test_with_redis_unreachable_pages_are_built_uncached(client, settings):
    settings.CACHES = redis_cache(closed_port())
    TopicFactory(title="Still here")
    for _ in range(2):
        response = client.get("/education/")
        assert response.status_code == HTTPStatus.OK
        assert cached(response) != "hit"
        assert "Still here" in response.content.decode()


def test_with_redis_the_cache_serves_and_survives_an_outage(client, settings, redis_server):  # noqa: F811
    settings.CACHES = redis_cache(redis_server.port)
    pagecache.warm()
    TopicFactory(title="From Redis")
    assert cached(client.get("/education/")) == "miss"
    assert cached(client.get("/education/")) == "hit"
    redis_server.stop()
    response = client.get("/education/")
    assert response.status_code == HTTPStatus.OK and cached(response) != "hit"
    assert "From Redis" in response.content.decode()


def test_page_cache_off_means_no_caching(client, settings):
    settings.PAGE_CACHE = False
    for _ in range(2):
        response = client.get("/education/")
        assert cached(response) is None
        assert "public" not in response.headers.get("Cache-Control", "")


def test_the_sites_pages_carry_no_per_request_nonce(client):
    """The site's policy allows nothing inline: cached pages depend on no nonce."""
    client.get("/")
    second = client.get("/")
    assert cached(second) == "hit"
    assert "nonce" not in second.headers["Content-Security-Policy"]
    assert "nonce=" not in second.content.decode()


def nonce_page(request):
    return HttpResponse(
        f'<!DOCTYPE html><script nonce="{request.csp_nonce}" src="/static/x.js"></script>',
        content_type="text/html; charset=utf-8",
    )


def _site_patterns():
    from cancercenter.urls import urlpatterns

    return urlpatterns


# The site's own addresses (menus reverse them) and one page that uses a nonce.
urlpatterns = [path("nonce/", nonce_page), *_site_patterns()]


@pytest.mark.urls("tests.cancercenter.test_pagecache")
def test_a_page_with_a_csp_nonce_is_never_cached(client, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**policy["DIRECTIVES"], "script-src": ["'self'", NONCE]}
    }
    first = client.get("/nonce/")
    second = client.get("/nonce/")
    assert "'nonce-" in second.headers["Content-Security-Policy"]
    assert cached(first) is None and cached(second) is None
    assert first.content != second.content  # each visitor gets a nonce of their own


def test_a_settings_change_is_not_hidden_by_a_page_cached_before_it(client, settings):
    """After a deploy with another phone number, no page shows the old one."""
    settings.CENTER = {**settings.CENTER, "phone_display": "(555) 010-1111"}
    assert "(555) 010-1111" in client.get("/education/").content.decode()
    assert cached(client.get("/education/")) == "hit"
    settings.CENTER = {**settings.CENTER, "phone_display": "(555) 010-2222"}
    response = client.get("/education/")
    assert cached(response) == "miss"
    assert "(555) 010-2222" in response.content.decode()


def test_a_scheduled_unpublish_takes_a_cached_page_down_on_time(client, monkeypatch):
    start = timezone.now()
    TopicFactory(title="Leaving soon", unpublish_at=start + timedelta(minutes=5))
    assert "Leaving soon" in client.get("/education/").content.decode()
    assert cached(client.get("/education/")) == "hit"
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=5, seconds=1))
    response = client.get("/education/")
    assert cached(response) == "miss"
    assert "Leaving soon" not in response.content.decode()


def test_a_story_leaves_the_cached_list_on_the_day_its_authorization_ends(client, monkeypatch):
    from tests.stories.factories import StoryFactory

    today = timezone.localdate()
    StoryFactory(title="Until tomorrow", consent_expires_on=today + timedelta(days=1))
    assert "Until tomorrow" in client.get("/stories/").content.decode()
    assert cached(client.get("/stories/")) == "hit"
    midnight = timezone.make_aware(
        timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time())
    )
    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(seconds=1))
    response = client.get("/stories/")
    assert cached(response) == "miss"
    assert "Until tomorrow" not in response.content.decode()


def test_with_replicas_a_page_built_right_after_a_change_reads_the_primary(client, settings):
    from cancercenter import replicas

    seen = []

    def view_reads(request):
        seen.append(replicas.pinned_to_primary())
        return HttpResponse("<p>page</p>", content_type="text/html")

    settings.DATABASE_REPLICA_ALIASES = ["replica1"]
    settings.REPLICA_MAX_LAG_SECONDS = 10
    middleware = pagecache.PageCacheMiddleware(view_reads)
    pagecache.content_changed()
    request = RequestFactory().get("/about/")
    token = replicas._pinned.set(False)
    try:
        middleware(request)
        assert seen == [True]  # a replica may not have replayed the change yet
        version = pagecache.warm()
        later = timezone.now() + timedelta(seconds=11)
        assert not pagecache._replica_may_lag(version, later.timestamp())
        settings.DATABASE_REPLICA_ALIASES = []
        assert not pagecache._replica_may_lag(version, timezone.now().timestamp())
    finally:
        replicas._pinned.reset(token)
