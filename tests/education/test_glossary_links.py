"""Definitions where the words are: first uses of dictionary terms link to them, decided at
save time in the text's language; editors switch terms off; trials are never glossified."""

import re
from http import HTTPStatus

import pytest

from education.glossary import glossary_import
from education.models import FAQ, GlossaryTerm, Topic
from tests.conftest import TEST_DATA
from tests.factories import FAQFactory, TopicFactory
from tests.stories.factories import StoryFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="glossary-link" href="([^"]+)"[^>]*>([^<]+)</a>')


@pytest.fixture
def dictionary():
    glossary_import(path=TEST_DATA / "terms" / "nci_glossary_sample.jsonl")


def test_first_use_of_each_term_links_to_its_definition(client, dictionary):
    topic = TopicFactory(
        body="Immunotherapy helps. More immunotherapy later.\n\n## Leukemia\n\n"
        "Leukemia and lymphoma are blood cancers. [Chemotherapy](https://example.org) too.",
    )
    links = LINK.findall(topic.body_html)
    assert ("/glossary/immunotherapy/", "Immunotherapy") in links
    assert [text for _url, text in links].count("Immunotherapy") == 1  # first use only
    assert ("/glossary/leukemia/", "Leukemia") in links  # the heading was skipped
    assert "Chemotherapy" not in [text for _url, text in links]  # already a link
    body = client.get(topic.get_absolute_url()).content.decode()
    assert 'popover role="dialog"' in body and "js/glossary.js" in body
    assert "A type of biological therapy that uses substances to stimulate or suppress" in body
    assert "mp3" not in body


def test_links_are_stored_not_worked_out_per_request(
    client, dictionary, django_assert_max_num_queries
):
    topic = TopicFactory(body="Immunotherapy helps.")
    GlossaryTerm.objects.filter(name="immunotherapy").update(is_hidden=True)
    assert "glossary-link" in Topic.objects.get(pk=topic.pk).body_html  # until the next save
    topic.save()
    assert "glossary-link" not in Topic.objects.get(pk=topic.pk).body_html


def test_spanish_text_links_to_spanish_definitions(client, dictionary):
    topic = TopicFactory(
        title_es="Inmunoterapia", summary_es="Resumen.", status_es="published",
        body_es="La inmunoterapia ayuda con la leucemia y el linfoma.",
    )  # fmt: skip
    links = LINK.findall(topic.body_html_es)
    assert ("/es/glossary/inmunoterapia/", "inmunoterapia") in links
    assert ("/es/glossary/leucemia/", "leucemia") in links
    body = client.get(f"/es/education/{topic.slug}/").content.decode()
    assert "Más información sobre esta palabra" in body and ">Cerrar</button>" in body


def test_editors_switch_a_term_off_for_one_page(staff_client, dictionary):
    topic = TopicFactory(body="Leukemia and lymphoma.", glossary_off="lymphoma\nno-such-word")
    assert [text for _url, text in LINK.findall(topic.body_html)] == ["Leukemia"]
    page = staff_client.get(f"/admin/education/topic/{topic.pk}/change/").content.decode()
    assert 'name="glossary_off"' in page
    assert 'name="glossary_off"' in staff_client.get("/admin/stories/story/add/").content.decode()


def test_faqs_and_stories_are_linked_and_trials_are_not(client, dictionary):
    faq = FAQFactory(answer="It can help with leukemia.")
    story = StoryFactory(body="My lymphoma came back.")
    assert LINK.findall(FAQ.objects.get(pk=faq.pk).answer_html)
    assert LINK.findall(story.body_html)
    trial = TrialFactory(brief_summary="A study of immunotherapy for leukemia.")
    body = client.get(trial.get_absolute_url()).content.decode()
    assert client.get(trial.get_absolute_url()).status_code == HTTPStatus.OK
    assert "glossary-link" not in body


def test_popover_ids_stay_unique_on_a_page_with_several_texts(client, dictionary):
    topic = TopicFactory(body="Leukemia.")
    FAQFactory(topic=topic, answer="Leukemia again.")
    FAQFactory(topic=topic, answer="Leukemia, a third time.")
    body = client.get(topic.get_absolute_url()).content.decode()
    ids = re.findall(r' id="(glossary-[^"]+)"', body)
    assert len(ids) == len(set(ids)) >= 3


def test_the_url_walk_samples_carry_dictionary_links_in_both_languages(client):
    from tests.public_urls import public_urls

    public_urls()
    english = client.get("/education/sample-topic/").content.decode()
    spanish = client.get("/es/education/sample-topic/").content.decode()
    assert LINK.search(english).groups() == ("/glossary/immunotherapy/", "Immunotherapy")
    assert LINK.search(spanish).groups() == ("/es/glossary/inmunoterapia/", "inmunoterapia")
