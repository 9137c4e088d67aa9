from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from education.models import PublicationStatus
from stories.models import Story
from tests.stories.factories import DraftStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_a_draft_without_authorization_can_be_saved():
    story = DraftStoryFactory()
    story.full_clean()
    assert Story.objects.filter(pk=story.pk).exists()


@pytest.mark.parametrize(
    ("received_on", "reference", "missing"),
    [
        (None, "", {"consent_received_on", "consent_reference"}),
        (None, "Legal file 7", {"consent_received_on"}),
        (date(2026, 1, 5), "", {"consent_reference"}),
        (date(2026, 1, 5), "   ", {"consent_reference"}),
    ],
)
def test_model_refuses_to_publish_without_written_authorization(received_on, reference, missing):
    story = DraftStoryFactory(consent_received_on=received_on, consent_reference=reference)
    story.status = PublicationStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert missing <= set(error.value.message_dict)
    assert "written authorization" in str(error.value)


def test_model_accepts_publishing_with_the_consent_fields_and_an_expiry():
    story = DraftStoryFactory()
    story.status = PublicationStatus.PUBLISHED
    story.consent_received_on = date(2026, 2, 1)
    story.consent_reference = "Legal file 2026-001"
    story.consent_expires_on = date(2099, 2, 1)
    story.full_clean()
    story.save()
    assert story in Story.objects.published()


@pytest.mark.parametrize("status_column", ["status_en", "status_es"])
@pytest.mark.parametrize(
    "assignments",
    [
        "consent_received_on = NULL, consent_reference = ''",
        "consent_received_on = NULL",
        "consent_reference = ''",
    ],
)
def test_database_refuses_a_raw_update_that_publishes_without_authorization(
    assignments, status_column
):
    story = DraftStoryFactory(
        consent_received_on=date(2026, 1, 1),
        consent_reference="File 1",
        consent_expires_on=date(2099, 1, 1),
    )
    with pytest.raises(IntegrityError, match='story_published_requires_consent"'):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE stories_story SET {status_column} = 'published', {assignments} "
                "WHERE id = %s",
                [story.pk],
            )


def test_database_refuses_removing_consent_from_a_published_story():
    story = StoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(consent_reference="")


def test_queryset_update_cannot_bypass_the_gate():
    DraftStoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.update(status=PublicationStatus.PUBLISHED)


def test_a_photo_needs_alt_text():
    story = StoryFactory.build(photo="stories/photos/x.jpg", photo_alt="")
    with pytest.raises(ValidationError) as error:
        story.full_clean(exclude=["slug"])
    assert "photo_alt_en" in error.value.message_dict  # the column the admin shows


def test_photo_without_alt_text_is_refused_by_the_database():
    story = StoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(photo="stories/photos/x.jpg", photo_alt="")


def test_body_markdown_is_rendered_and_sanitised_once_on_save():
    story = StoryFactory(body="## Home again\n\n<script>alert(1)</script>**Well.**")
    assert '<h2 id="section-home-again">Home again</h2>' in story.body_html
    assert "<strong>Well.</strong>" in story.body_html
    assert "<script" not in story.body_html


def test_published_excludes_drafts_and_future_stories():
    shown = StoryFactory()
    DraftStoryFactory()
    StoryFactory(published_at=timezone.now() + timedelta(days=3))
    assert list(Story.objects.published()) == [shown]


def test_staff_see_drafts_and_the_public_does_not(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    draft = DraftStoryFactory()
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("editor", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_story"))
    assert draft in Story.objects.visible_to(staff)
    assert draft not in Story.objects.visible_to(AnonymousUser())


@pytest.mark.parametrize("reference", ["   ", "\t\n "])
def test_database_refuses_a_published_story_whose_reference_is_only_spaces(reference):
    story = StoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(consent_reference=reference)
