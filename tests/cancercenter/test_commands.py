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
