"""Spanish search: the `spanish` configuration over accent-folded stored vectors, the
Spanish synonym groups seeded by migration, and a fixed number of queries."""

import re

import pytest

from cancercenter.search.models import SearchSynonym
from tests.factories import FAQFactory, TopicFactory
from tests.stories.factories import StoryFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def spanish(title, body, **extra):
    return TopicFactory(
        title="A guide", title_es=title, summary_es=f"Sobre {title.lower()}.",
        body_es=body, status_es="published", **extra,
    )  # fmt: skip


def titles(client, query, **params):
    body = client.get("/es/search/", {"q": query, **params}).content.decode()
    return re.findall(r'class="search-hit__title"><a href="[^"]+">([^<]+)</a>', body)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("celula", "Las células del sistema inmunitario"),
        ("células", "Las células del sistema inmunitario"),
        ("CELULAS", "Las células del sistema inmunitario"),
        ("quimioterapia", "Qué esperar de la quimioterapia"),
        ("leucemia", "La leucemia en adultos"),
        ("linfoma", "El linfoma no Hodgkin"),
        ("medula osea", "Donar médula ósea"),
    ],
)
def test_accents_and_case_do_not_matter(client, query, title):
    spanish("Las células del sistema inmunitario", "Una célula T ataca a otras células.")
    spanish("Qué esperar de la quimioterapia", "La quimioterapia se da por una vena.")
    spanish("La leucemia en adultos", "La leucemia es un cáncer de la sangre.")
    spanish("El linfoma no Hodgkin", "El linfoma empieza en los ganglios.")
    spanish("Donar médula ósea", "La médula ósea produce la sangre.")
    assert title in titles(client, query)


def test_spanish_synonym_groups_are_seeded_and_used(client):
    assert SearchSynonym.objects.filter(language="es", terms__contains=["TMO"]).exists()
    assert SearchSynonym.objects.filter(
        language="es",
        terms__contains=["terapia de células T con receptores quiméricos", "células CAR T"],
    ).exists()
    spanish("Su trasplante, paso a paso", "Un trasplante de células madre reemplaza la médula.")
    spanish("Terapia CAR T", "La terapia de células T con receptores quiméricos usa sus células.")
    assert "Su trasplante, paso a paso" in titles(client, "TMO")
    assert "Su trasplante, paso a paso" in titles(client, "trasplante de medula osea")
    assert "Terapia CAR T" in titles(client, "células CAR T")


def test_spanish_search_shows_only_content_published_in_spanish(client):
    spanish("La leucemia en adultos", "La leucemia es un cáncer de la sangre.")
    draft = spanish("Leucemia en borrador", "Texto de leucemia sin publicar.")
    type(draft).objects.filter(pk=draft.pk).update(status_es="draft")
    TopicFactory(title="Leukemia in English only", body="Leukemia leucemia.")
    found = titles(client, "leucemia")
    assert found == ["La leucemia en adultos"]


def test_english_search_is_unchanged_by_spanish_text(client):
    spanish("La leucemia en adultos", "La leucemia es un cáncer de la sangre.")
    body = client.get("/search/", {"q": "leucemia"}).content.decode()
    assert "search-hit__title" not in body


def test_registry_results_on_spanish_pages_are_marked_english(client):
    TrialFactory(brief_title="Pembrolizumab for melanoma", brief_summary="Pembrolizumab.")
    body = client.get("/es/search/", {"q": "pembrolizumab"}).content.decode()
    assert '<article class="search-hit" lang="en">' in body
    assert "Pembrolizumab for melanoma" in body


def test_spanish_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(25):
        topic = spanish(f"Trasplante {n}", "Un trasplante de células madre.")
        FAQFactory(topic=topic, question_es=f"¿Trasplante {n}?", answer_es="Sí, trasplante.")
        StoryFactory(title_es=f"Mi trasplante {n}", teaser_es="Bien.", body_es="Trasplante.",
                     status_es="published")  # fmt: skip
        TrialFactory(brief_title=f"Transplant {n}")
    # synonyms + one per kind (topics, FAQs, stories, pages, trials) + the statement timeout
    # (set_config; in tests, also a savepoint and its release)
    with django_assert_max_num_queries(9):
        assert len(titles(client, "trasplante")) == 15
    with django_assert_max_num_queries(3):  # synonyms, count, page
        titles(client, "trasplante", kind="stories")
