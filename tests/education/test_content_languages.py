"""Content in Spanish: edited side by side, shown once published in Spanish, English with a
notice (and lang="en") until then, per-language review dates, fixed query counts."""

import re
from datetime import date
from http import HTTPStatus

import pytest

from education.models import Topic
from tests.factories import FAQFactory, TopicFactory, TreatmentFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

NOTICE = "todavía no está disponible en español"


def spanish_topic(**extra):
    return TopicFactory(
        title="CAR T-cell therapy",
        summary="Your own cells, changed to fight cancer.",
        title_es="Terapia de células T con CAR",
        summary_es="Sus propias células, modificadas para combatir el cáncer.",
        body_es="## Cómo funciona\n\nSe extraen sus células T.",
        status_es="published",
        **extra,
    )


def test_a_topic_published_in_spanish_shows_its_spanish_text(client):
    topic = spanish_topic(last_reviewed_on=date(2026, 1, 5), last_reviewed_on_es=date(2026, 3, 9))
    body = client.get(f"/es/education/{topic.slug}/").content.decode()
    assert "<h1>Terapia de células T con CAR</h1>" in body
    assert '<h2 id="section-como-funciona">Cómo funciona</h2>' in body
    assert NOTICE not in body
    assert "9 de marzo de 2026" in body  # the Spanish text's own review date
    assert f'hreflang="es" href="http://127.0.0.1:8000/es/education/{topic.slug}/"' in body
    english = client.get(f"/education/{topic.slug}/").content.decode()
    assert "<h1>CAR T-cell therapy</h1>" in english
    assert "January 5, 2026" in english


def test_a_topic_without_spanish_shows_english_marked_as_english_with_a_notice(client):
    topic = TopicFactory(title="Travel and lodging", summary="Where to stay.")
    body = client.get(f"/es/education/{topic.slug}/").content.decode()
    assert '<html lang="es">' in body
    assert NOTICE in body
    assert '<h1 lang="en">Travel and lodging</h1>' in body
    assert '<p class="lead" lang="en">Where to stay.</p>' in body
    assert 'hreflang="es"' not in body  # no Spanish version to point crawlers at
    assert "Tratamientos" in body  # the interface is still Spanish


def test_spanish_text_still_in_draft_is_not_shown(client):
    topic = spanish_topic()
    Topic.objects.filter(pk=topic.pk).update(status_es="draft")
    body = client.get(f"/es/education/{topic.slug}/").content.decode()
    assert "Terapia de células" not in body
    assert '<h1 lang="en">CAR T-cell therapy</h1>' in body


def test_cards_and_faqs_carry_their_own_language(client):
    spanish_topic()
    english = TopicFactory(title="Only in English")
    FAQFactory(topic=english, question="Does it hurt?", question_es="¿Duele?", answer_es="Poco.")
    FAQFactory(topic=english, question="Is it long?")
    listing = client.get("/es/education/").content.decode()
    assert "Terapia de células T con CAR" in listing
    assert '<article class="card topic-card" lang="en">' in listing
    faqs = client.get("/es/education/faq/").content.decode()
    assert "¿Duele?" in faqs
    assert re.search(r'lang="en">\s*<summary class="faq__question">Is it long\?', faqs)


def test_story_without_spanish_is_english_with_a_notice_and_with_spanish_is_spanish(client):
    english = StoryFactory(title="Back on my bike")
    spanish = StoryFactory(
        title="Three years later", title_es="Tres años después", teaser_es="Volví a casa.",
        body_es="Estoy bien.", status_es="published",
    )  # fmt: skip
    body = client.get(f"/es/stories/{english.slug}/").content.decode()
    assert NOTICE in body and 'lang="en">Back on my bike</h1>' in body
    body = client.get(f"/es/stories/{spanish.slug}/").content.decode()
    assert '<h1 class="story__title">Tres años después</h1>' in body and NOTICE not in body


def test_admin_edits_both_languages_side_by_side(staff_client):
    topic = spanish_topic()
    body = staff_client.get(f"/admin/education/topic/{topic.pk}/change/").content.decode()
    assert 'name="title_en"' in body and 'name="title_es"' in body
    assert (
        body.index('name="title_en"')
        < body.index('name="title_es"')
        < body.index('name="summary_en"')
    )
    assert 'name="status_es"' in body and 'name="last_reviewed_on_es"' in body
    for url in ["/admin/stories/story/add/", "/admin/education/faq/add/",
                "/admin/education/treatment/add/", "/admin/education/cancertype/add/",
                "/admin/giving/fund/add/"]:  # fmt: skip
        page = staff_client.get(url).content.decode()
        assert "_es" in page and 'name="' in page, url


def test_publishing_spanish_needs_the_spanish_text(staff_client):
    topic = TopicFactory()
    response = staff_client.post(
        f"/admin/education/topic/{topic.pk}/change/",
        {
            "title_en": topic.title, "slug": topic.slug, "summary_en": topic.summary,
            "body_en": topic.body, "status_en": "published", "title_es": "Solo el título",
            "status_es": "published", "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00", "order": 0,
            "faqs-TOTAL_FORMS": 0, "faqs-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    assert "Write this in Spanish before publishing the Spanish version." in (
        response.content.decode()
    )


@pytest.mark.parametrize("count", [1, 20])
def test_spanish_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    treatment = TreatmentFactory(name_es="Terapia CAR T")
    topics = [spanish_topic(treatment=treatment) for _ in range(count)]
    topics += [TopicFactory(treatment=treatment) for _ in range(count)]
    for topic in topics:
        FAQFactory(topic=topic, question_es="¿Pregunta?", answer_es="Respuesta.")
    topics[0].related_topics.add(*topics[1:6])
    stories = [StoryFactory(featured=True, treatments=[treatment]) for _ in range(count)]
    urls = {
        "/es/": 6,
        "/es/education/": 6,
        "/es/education/faq/": 6,
        f"/es/education/{topics[0].slug}/": 7,  # + the doctors of its treatment
        "/es/stories/": 4,
        f"/es/stories/{stories[0].slug}/": 5,
    }
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == HTTPStatus.OK, url
