"""The demo content has a Spanish version of every topic, FAQ and story, kept on reload."""

from io import StringIO

import pytest
from django.core.management import call_command

from cancercenter.giving.models import Fund
from education.models import FAQ, CancerType, Topic, Treatment
from stories.models import Story

pytestmark = pytest.mark.django_db


def test_every_demo_topic_faq_and_story_is_published_in_spanish(client):
    call_command("load_demo_content", stdout=StringIO())
    for model in (Topic, Story):
        # Every published one: the demo also has an English draft waiting for review.
        rows = list(model.objects.filter(status_en="published"))
        assert rows and all(row.title_es and row.status_es == "published" for row in rows)
    assert all(
        faq.question_es and faq.answer_es and faq.is_published_es for faq in FAQ.objects.all()
    )
    assert all(t.name_es for t in Treatment.objects.all())
    assert all(c.name_es for c in CancerType.objects.all())
    assert all(f.name_es for f in Fund.objects.all())
    body = client.get("/es/education/car-t-cell-therapy/").content.decode()
    assert "<h1>Terapia de células T con CAR</h1>" in body
    assert "todavía no está disponible" not in body
    assert "¿Quién puede recibir KYMRIAH o YESCARTA?" in body
    home = client.get("/es/").content.decode()
    assert "De vuelta en la cancha" in home


def test_reloading_keeps_spanish_that_editors_changed():
    call_command("load_demo_content", stdout=StringIO())
    Topic.objects.filter(slug="what-is-immunotherapy").update(title_es="Inmunoterapia, paso a paso")
    call_command("load_demo_content", stdout=StringIO())
    assert Topic.objects.get(slug="what-is-immunotherapy").title_es == "Inmunoterapia, paso a paso"
