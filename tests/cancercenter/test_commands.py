from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from education.models import FAQ, PublicationStatus, Topic, Treatment

pytestmark = pytest.mark.django_db


def test_demo_content_loads_and_a_second_run_changes_nothing():
    call_command("load_demo_content", stdout=StringIO())
    counts = (Topic.objects.count(), FAQ.objects.count(), Treatment.objects.count())
    call_command("load_demo_content", stdout=StringIO())
    assert (Topic.objects.count(), FAQ.objects.count(), Treatment.objects.count()) == counts
    assert Topic.objects.filter(status=PublicationStatus.PUBLISHED).count() >= 6
    assert FAQ.objects.count() >= 10
    car_t = Topic.objects.get(slug="car-t-cell-therapy")
    assert "YESCARTA" in car_t.body_html and "KYMRIAH" in car_t.body_html


def test_loading_the_demo_again_keeps_what_staff_changed(settings, tmp_path):
    """`make run` and `make serve` load the demo on every start; edits must survive it."""
    from stories.models import Story

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=StringIO())
    Topic.objects.filter(slug="car-t-cell-therapy").update(
        title="CAR T at our center", status=PublicationStatus.DRAFT
    )
    faq = FAQ.objects.order_by("order").first()
    FAQ.objects.filter(pk=faq.pk).update(answer="Our own answer.", is_published=False)
    story = Story.objects.order_by("pk").first()
    Story.objects.filter(pk=story.pk).update(featured=not story.featured, teaser="Edited.")
    story.treatments.clear()

    call_command("load_demo_content", stdout=StringIO())
    topic = Topic.objects.get(slug="car-t-cell-therapy")
    assert (topic.title, topic.status) == ("CAR T at our center", PublicationStatus.DRAFT)
    faq.refresh_from_db()
    assert (faq.answer, faq.is_published) == ("Our own answer.", False)
    edited = Story.objects.get(pk=story.pk)
    assert (edited.featured, edited.teaser) == (not story.featured, "Edited.")
    assert not edited.treatments.exists()


def test_dev_superuser_is_created_once_with_a_printed_password(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_dev_superuser", stdout=out)
    assert "Password:" in out.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    out = StringIO()
    call_command("create_dev_superuser", stdout=out)
    assert "Password:" not in out.getvalue()
    assert get_user_model().objects.count() == 1


def test_dev_superuser_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_dev_superuser", stdout=StringIO())
