from datetime import timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.utils import timezone

from tests.stories.factories import DraftStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_feed_is_valid_atom_listing_only_published_stories(client):
    StoryFactory(title="Home for the holidays", teaser="After CAR T, <b>home</b> & well.")
    StoryFactory(title="Remission, twice", slug="remission-twice")
    DraftStoryFactory(title="Draft story")
    StoryFactory(title="Scheduled story", published_at=timezone.now() + timedelta(days=2))

    response = client.get("/stories/feed/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("Patient stories from")
    titles = sorted(entry.title for entry in feed.entries)
    assert titles == ["Home for the holidays", "Remission, twice"]
    entry = next(e for e in feed.entries if e.title == "Remission, twice")
    assert entry.link == "http://testserver/stories/remission-twice/"
    assert entry.author
    held = next(e for e in feed.entries if e.title == "Home for the holidays")
    # Plain text stays text in feed readers: no markup from a teaser is ever rendered.
    assert held.summary == "After CAR T, &lt;b&gt;home&lt;/b&gt; &amp; well."


def test_list_page_advertises_the_feed(client):
    body = client.get("/stories/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert 'href="/stories/feed/"' in body
