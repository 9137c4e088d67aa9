import json
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from education.models import PublicationStatus
from tests.factories import CancerTypeFactory, TopicFactory, TreatmentFactory
from tests.stories.factories import DraftStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


def story_titles(response) -> list[str]:
    return re.findall(
        r'class="card__title story-card__title"><a [^>]*>([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def vocabulary():
    return {
        "car_t": TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy"),
        "transplant": TreatmentFactory(name="Stem cell transplant", slug="stem-cell-transplant"),
        "leukemia": CancerTypeFactory(name="Leukemia", slug="leukemia"),
        "lymphoma": CancerTypeFactory(name="Lymphoma", slug="lymphoma"),
    }


@pytest.fixture
def stories(vocabulary):
    v = vocabulary
    return {
        "cord": StoryFactory(
            title="Cord blood gave me a second chance",
            treatments=[v["transplant"]],
            cancer_types=[v["leukemia"]],
        ),
        "car_t": StoryFactory(
            title="Back to coaching soccer",
            treatments=[v["car_t"]],
            cancer_types=[v["lymphoma"]],
        ),
        "both": StoryFactory(
            title="Two treatments, one goal",
            treatments=[v["car_t"], v["transplant"]],
            cancer_types=[v["leukemia"]],
        ),
        "draft": DraftStoryFactory(title="Not ready yet", treatments=[v["car_t"]]),
    }


def test_story_list_shows_published_cards_with_a_count(client, stories):
    response = client.get("/stories/")
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "3 stories" in body
    assert sorted(story_titles(response)) == [
        "Back to coaching soccer",
        "Cord blood gave me a second chance",
        "Two treatments, one goal",
    ]
    assert "Not ready yet" not in body
    assert stories["cord"].display_name in body
    assert stories["cord"].teaser in body
    assert "CAR T-cell therapy</span>" in body


def test_filter_by_treatment_narrows_the_list_and_the_count(client, stories):
    response = client.get("/stories/", {"treatment": "car-t-cell-therapy"})
    body = response.content.decode()
    assert sorted(story_titles(response)) == ["Back to coaching soccer", "Two treatments, one goal"]
    assert "2 stories" in body
    # The chosen filter stays selected, so the page can be bookmarked and shared.
    assert '<option value="car-t-cell-therapy" selected>' in body
    # A card still names all of its story's treatments, not only the one filtered on.
    assert '<span class="tag">Stem cell transplant</span>' in body


def test_filters_combine_cancer_type_and_treatment(client, stories):
    response = client.get(
        "/stories/", {"treatment": "stem-cell-transplant", "cancer_type": "leukemia"}
    )
    assert sorted(story_titles(response)) == [
        "Cord blood gave me a second chance",
        "Two treatments, one goal",
    ]
    response = client.get(
        "/stories/", {"treatment": "car-t-cell-therapy", "cancer_type": "leukemia"}
    )
    assert story_titles(response) == ["Two treatments, one goal"]
    assert "1 story" in response.content.decode()


def test_filter_options_list_only_what_has_published_stories(client, stories):
    TreatmentFactory(name="Checkpoint inhibitors", slug="checkpoint-inhibitors")
    body = client.get("/stories/").content.decode()
    assert 'value="car-t-cell-therapy"' in body
    assert 'value="checkpoint-inhibitors"' not in body


def test_unknown_filter_value_is_ignored_not_an_error(client, stories):
    response = client.get("/stories/", {"treatment": "no-such-thing"})
    assert response.status_code == HTTPStatus.OK
    assert len(story_titles(response)) == 3


def test_empty_result_offers_a_way_back(client, stories, vocabulary):
    StoryFactory(title="Only lymphoma", cancer_types=[vocabulary["lymphoma"]])
    response = client.get(
        "/stories/", {"treatment": "stem-cell-transplant", "cancer_type": "lymphoma"}
    )
    body = response.content.decode()
    assert "0 stories" in body
    assert "No stories match these filters yet" in body
    assert 'href="/stories/">See all stories' in body


def test_empty_site_has_a_helpful_message(client):
    body = client.get("/stories/").content.decode()
    assert "0 stories" in body
    assert "on their way" in body


def test_pagination_keeps_the_filters_in_its_links(client, vocabulary):
    for _ in range(14):
        StoryFactory(treatments=[vocabulary["car_t"]])
    body = client.get("/stories/", {"treatment": "car-t-cell-therapy"}).content.decode()
    assert "14 stories" in body
    assert 'href="?treatment=car-t-cell-therapy&amp;page=2"' in body
    page_two = client.get("/stories/", {"treatment": "car-t-cell-therapy", "page": 2})
    assert len(story_titles(page_two)) == 2


def test_draft_story_is_404_for_the_public(client):
    draft = DraftStoryFactory()
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_staff_preview_a_draft_under_a_draft_banner(staff_client):
    draft = DraftStoryFactory(title="Still being written")
    response = staff_client.get(draft.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Still being written" in body
    assert "draft-banner" in body and "Draft" in body
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_only_staff_who_may_see_stories_preview_drafts(client, django_user_model):
    draft = DraftStoryFactory(title="Still being written")
    clerk = django_user_model.objects.create_user(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(Permission.objects.get(codename="view_story"))
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_published_story_has_no_draft_banner(staff_client):
    story = StoryFactory()
    assert "draft-banner" not in staff_client.get(story.get_absolute_url()).content.decode()


def test_story_page_links_onward_to_the_treatment_topic(client, vocabulary):
    TopicFactory(title="CAR T guide", slug="car-t-guide", treatment=vocabulary["car_t"])
    story = StoryFactory(treatments=[vocabulary["car_t"]], pull_quote="I coached again by spring.")
    body = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="/education/car-t-guide/">Learn about CAR T-cell therapy</a>' in body
    assert "I coached again by spring." in body
    assert (
        '<a href="/trials/?treatment=car-t-cell-therapy">Open trials for CAR T-cell therapy</a>'
        in body
    )


def test_story_page_lists_its_related_trials_but_never_hidden_ones(client):
    from tests.trials.factories import TrialFactory

    story = StoryFactory()
    story.related_trials.add(
        TrialFactory(nct_id="NCT01234567", brief_title="Blinatumomab for relapsed leukemia"),
        TrialFactory(nct_id="NCT07654321", brief_title="A trial staff hid", is_listed=False),
    )
    body = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="/trials/NCT01234567/" lang="en">Blinatumomab for relapsed leukemia</a>' in body
    assert "Recruiting" in body
    assert "A trial staff hid" not in body


def test_story_page_has_share_links_and_article_json_ld(client):
    story = StoryFactory(title="Cord blood & a second chance", slug="cord-blood")
    body = client.get(story.get_absolute_url()).content.decode()
    url = "http://testserver/stories/cord-blood/"
    assert (
        'href="mailto:?subject=Cord%20blood%20%26%20a%20second%20chance&amp;body=http%3A//testserver/stories/cord-blood/"'
        in body
    )
    assert f'value="{url}" readonly' in body
    assert 'data-copy-target="share-url"' in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    )
    assert data["@type"] == "Article"
    assert data["headline"] == "Cord blood & a second chance"
    assert data["url"] == url
    # No third-party share buttons (the Twitter *card* meta tags name no other site).
    assert "facebook.com" not in body and "twitter.com" not in body and "x.com/" not in body


def test_related_draft_topics_are_not_linked(client):
    story = StoryFactory()
    story.related_topics.add(
        TopicFactory(title="Visible topic"),
        TopicFactory(title="Hidden topic", status=PublicationStatus.DRAFT),
    )
    body = client.get(story.get_absolute_url()).content.decode()
    assert "Visible topic" in body
    assert "Hidden topic" not in body


def test_home_page_shows_only_featured_published_stories(client):
    StoryFactory(title="Featured and published", featured=True)
    StoryFactory(title="Published, not featured")
    DraftStoryFactory(title="Featured draft", featured=True)
    body = client.get("/").content.decode()
    assert "Featured and published" in body
    assert "Published, not featured" not in body
    assert "Featured draft" not in body
    assert 'href="/stories/">Read more patient stories' in body


def test_topic_page_shows_stories_with_the_same_treatment(client, vocabulary):
    topic = TopicFactory(treatment=vocabulary["car_t"])
    StoryFactory(title="A CAR T story", treatments=[vocabulary["car_t"]])
    StoryFactory(title="A transplant story", treatments=[vocabulary["transplant"]])
    DraftStoryFactory(title="A CAR T draft", treatments=[vocabulary["car_t"]])
    body = client.get(topic.get_absolute_url()).content.decode()
    assert "A CAR T story" in body
    assert "A transplant story" not in body
    assert "A CAR T draft" not in body
    assert 'href="/stories/?treatment=car-t-cell-therapy"' in body


def test_main_navigation_shows_patient_stories(client):
    body = client.get("/").content.decode()
    assert '<a class="main-nav__link" href="/stories/">Patient stories</a>' in body


@pytest.mark.parametrize("count", [1, 25])
def test_story_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, vocabulary, count
):
    from tests.trials.factories import TrialFactory

    stories = [
        StoryFactory(
            featured=True,
            treatments=[vocabulary["car_t"], vocabulary["transplant"]],
            cancer_types=[vocabulary["leukemia"], vocabulary["lymphoma"]],
        )
        for _ in range(count)
    ]
    stories[0].related_topics.add(*(TopicFactory() for _ in range(3)))
    stories[0].related_trials.add(*(TrialFactory() for _ in range(3)))
    topic = TopicFactory(treatment=vocabulary["car_t"])
    urls = {
        "/stories/": 4,
        "/stories/?treatment=car-t-cell-therapy&cancer_type=leukemia": 4,
        stories[0].get_absolute_url(): 5,
        reverse("stories:story-feed"): 1,
        "/": 6,
        topic.get_absolute_url(): 7,  # + the doctors of its treatment
    }
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == HTTPStatus.OK, url


def test_unknown_filter_value_shows_no_error_message(client, stories):
    body = client.get("/stories/", {"treatment": "no-such-thing"}).content.decode()
    assert "Select a valid choice" not in body
    assert 'aria-invalid="true"' not in body


@pytest.mark.parametrize("source", ["payloads/fuzzdb_xss-rsnake.txt", "blns/blns.txt"])
def test_hostile_story_text_is_stored_exactly_and_rendered_escaped(client, source):
    from django.utils.html import escape

    from stories.models import Story
    from tests.conftest import data_file_lines

    lines = [line for line in data_file_lines(source) if "<" in line][:60]
    assert lines
    for index, line in enumerate(lines):
        story = StoryFactory(
            slug=f"hostile-{index}",
            title=line[:200],
            display_name=line[:120],
            teaser=line[:300],
            pull_quote=line[:300],
        )
        assert Story.objects.get(pk=story.pk).teaser == line[:300]
        body = client.get(story.get_absolute_url()).content.decode()
        assert escape(line[:300]) in body, repr(line)
        assert line[:300] not in body, repr(line)
    listing = client.get("/stories/").content.decode()
    assert "<script>alert" not in listing.lower()
