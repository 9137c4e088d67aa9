from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from education.models import PublicationStatus
from tests.factories import CancerTypeFactory, FAQFactory, TopicFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def test_education_index_groups_published_topics_by_treatment(client):
    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t")
    TopicFactory(title="How CAR T works", treatment=car_t)
    TopicFactory(title="What is immunotherapy?", treatment=None)
    TopicFactory(title="Secret draft", status=PublicationStatus.DRAFT)
    response = client.get("/education/")
    body = response.content.decode()
    assert "How CAR T works" in body
    assert "What is immunotherapy?" in body
    assert "Secret draft" not in body
    assert body.index("Immunotherapy basics") < body.index("CAR T-cell therapy</h2>")
    assert 'href="/education/faq/"' in body


def test_draft_topic_is_404_for_the_public(client):
    topic = TopicFactory(status=PublicationStatus.DRAFT)
    assert client.get(topic.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_future_topic_is_404_until_its_publish_date(client):
    topic = TopicFactory(published_at=timezone.now() + timedelta(days=2))
    assert client.get(topic.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_staff_preview_a_draft_under_a_draft_banner(staff_client):
    topic = TopicFactory(status=PublicationStatus.DRAFT, title="Work in progress")
    response = staff_client.get(topic.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Work in progress" in response.content.decode()
    assert "draft-banner" in response.content.decode()


def test_published_topic_has_no_draft_banner_even_for_staff(staff_client):
    topic = TopicFactory()
    assert "draft-banner" not in staff_client.get(topic.get_absolute_url()).content.decode()


def test_topic_page_shows_contents_review_dates_faqs_and_related(client):
    topic = TopicFactory(
        title="Stem cell transplant",
        body="## Before\n\nTests.\n\n## During\n\nInfusion.\n\n### Day zero\n\nCells.",
        last_reviewed_on=date(2026, 9, 15),
        next_review_due=date(2027, 9, 15),
        reviewed_by="Dana Ortiz, MD",
    )
    related = TopicFactory(title="Travel guide")
    topic.related_topics.add(related)
    FAQFactory(topic=topic, question="Do I need a matched donor?")
    FAQFactory(topic=topic, question="Hidden question", is_published=False)
    body = client.get(topic.get_absolute_url()).content.decode()
    assert '<a href="#section-before">Before</a>' in body
    assert '<h2 id="section-during">During</h2>' in body
    assert "Last reviewed" in body and "September 15, 2026" in body and "Dana Ortiz, MD" in body
    assert "Next review due" in body and "September 15, 2027" in body
    assert "Do I need a matched donor?" in body
    assert "Hidden question" not in body
    assert "Travel guide" in body


def test_related_drafts_are_not_linked(client):
    topic = TopicFactory()
    topic.related_topics.add(TopicFactory(title="Unfinished page", status=PublicationStatus.DRAFT))
    assert "Unfinished page" not in client.get(topic.get_absolute_url()).content.decode()


def test_faq_page_groups_questions_in_details_elements(client):
    topic = TopicFactory(title="CAR T-cell therapy")
    FAQFactory(topic=topic, question="How long does it take?")
    FAQFactory(topic=None, question="How do I get a second opinion?")
    FAQFactory(question="Unpublished?", is_published=False)
    body = client.get("/education/faq/").content.decode()
    assert "<details" in body
    assert "How long does it take?" in body
    assert "How do I get a second opinion?" in body
    assert "General questions" in body
    assert "Unpublished?" not in body


def test_questions_filed_under_a_draft_topic_stay_private(client):
    """The FAQ page heads questions with their topic's title: a draft's must not leak."""
    draft = TopicFactory(title="Embargoed new therapy", status=PublicationStatus.DRAFT)
    later = TopicFactory(
        title="Announced next month", published_at=timezone.now() + timedelta(days=30)
    )
    FAQFactory(question="Who can get the embargoed therapy?", topic=draft)
    FAQFactory(question="When is it announced?", topic=later)
    FAQFactory(question="Where do I park?", topic=None)
    body = client.get("/education/faq/").content.decode()
    assert "Where do I park?" in body
    for secret in ["Embargoed", "embargoed", "Announced next month", "When is it announced"]:
        assert secret not in body
    search = client.get("/search/", {"q": "embargoed therapy"}).content.decode()
    assert "Who can get the embargoed therapy?" not in search


def test_topic_slug_faq_is_refused():
    from django.core.exceptions import ValidationError

    topic = TopicFactory.build(slug="faq")
    with pytest.raises(ValidationError) as error:
        topic.full_clean()
    assert "slug" in error.value.message_dict


def test_home_page_lists_treatments_that_have_published_topics(client):
    shown = TreatmentFactory(name="Checkpoint inhibitors", slug="checkpoint-inhibitors")
    TopicFactory(treatment=shown, slug="checkpoint-inhibitors-guide")
    TreatmentFactory(name="Nothing published yet", slug="empty")
    body = client.get("/").content.decode()
    assert "Checkpoint inhibitors" in body
    assert 'href="/education/checkpoint-inhibitors-guide/"' in body
    assert "Nothing published yet" not in body
    assert '"@type": "MedicalOrganization"' in body


def test_interim_search_finds_topics_by_title(client):
    TopicFactory(title="CAR T-cell therapy", summary="Engineered cells.")
    TopicFactory(title="Travel guide", summary="Where to stay.")
    body = client.get("/search/", {"q": "CAR T-cell"}).content.decode()
    assert "CAR T-cell therapy" in body
    assert "Travel guide" not in body


@pytest.mark.parametrize("count", [1, 30])
def test_education_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    treatments = [TreatmentFactory() for _ in range(3)]
    cancer_type = CancerTypeFactory()
    topics = []
    for index in range(count):
        topic = TopicFactory(treatment=treatments[index % 3])
        topic.cancer_types.add(cancer_type)
        FAQFactory(topic=topic)
        topics.append(topic)
    topics[0].related_topics.add(*topics[1:6])
    # A topic page also lists the doctors of its treatment and cancer types: one query more.
    urls = {"/": 6, "/education/": 6, "/education/faq/": 6, topics[0].get_absolute_url(): 7}
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == HTTPStatus.OK
