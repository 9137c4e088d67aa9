"""Every paginated list answers a bad or stale `page` with a real page, never a 404."""

import re
from http import HTTPStatus

import pytest

from tests.factories import FAQFactory, TopicFactory
from tests.stories.factories import StoryFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/trials/", "/stories/", "/education/", "/education/faq/"])
@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "last", ""])
def test_bad_or_stale_page_numbers_show_a_page(client, url, page):
    TrialFactory()
    StoryFactory()
    FAQFactory(topic=TopicFactory())
    response = client.get(url, {"page": page})
    assert response.status_code == HTTPStatus.OK


def trial_ids(response) -> list[str]:
    return re.findall(r'href="/trials/(NCT\d{8})/"', response.content.decode())


def test_trial_finder_clamps_the_page_to_the_nearest_one(client):
    for index in range(25):
        TrialFactory(nct_id=f"NCT{index:08d}")
    first = trial_ids(client.get("/trials/"))
    last = trial_ids(client.get("/trials/", {"page": "2"}))
    assert len(first) == 20 and len(last) == 5
    assert trial_ids(client.get("/trials/", {"page": "abc"})) == first
    assert trial_ids(client.get("/trials/", {"page": "0"})) == first
    past_the_end = client.get("/trials/", {"page": "7"})
    assert trial_ids(past_the_end) == last
    assert "Page 2 of 2" in past_the_end.content.decode()
