from io import StringIO

import pytest
from django.core.management import call_command

from stories.models import Story

pytestmark = pytest.mark.django_db


def test_demo_stories_load_once_with_consent_tags_topics_and_illustrations(client):
    call_command("load_demo_content", stdout=StringIO())
    photos = dict(Story.objects.values_list("slug", "photo"))
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "stories: 3 stories, 0 illustrations drawn" in out.getvalue()
    assert dict(Story.objects.values_list("slug", "photo")) == photos  # nothing redrawn

    stories = Story.objects.published()
    assert stories.count() == 3
    for story in stories:
        assert story.consent_received_on and story.consent_reference.startswith("DEMO-")
        assert story.treatments.exists() and story.cancer_types.exists()
        assert story.related_topics.exists()
        assert len(story.photo_renditions) == 3 and story.photo_alt
    # The trial story links to an open demo trial of the same treatment.
    priya = Story.objects.get(slug="priya-clinical-trial-no-donor-match")
    assert priya.related_trials.exists()
    body = client.get("/stories/?treatment=car-t-cell-therapy").content.decode()
    assert "1 story" in body and "Marcus" in body
    home = client.get("/").content.decode()
    assert "Cord blood gave me a second chance" in home
