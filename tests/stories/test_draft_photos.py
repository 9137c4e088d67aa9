"""A draft story's photo is private: staff see it through the admin, the public never does.

It moves to public media when the story is published and back out when it is unpublished
(issue 15, point 7): an unpublished story's photo must not be reachable by its address.
"""

from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import timezone

from cancercenter import views
from stories import services
from stories.models import Story
from tests.stories.factories import DraftStoryFactory
from tests.stories.test_images import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def all_files(story: Story) -> list[str]:
    names = [story.photo.name]
    for entry in story.photo_renditions:
        names += [entry["jpg"], entry["webp"]]
    return names


def publicly_served(name: str) -> bool:
    """What `make serve` (SERVE_MEDIA) answers for /media/<name>."""
    try:
        return views.media(RequestFactory().get(f"/media/{name}"), name).status_code == 200
    except Http404:
        return False


@pytest.fixture
def draft(django_capture_on_commit_callbacks) -> Story:
    story = DraftStoryFactory(
        consent_received_on="2026-01-05",
        consent_reference="File 7",
        consent_expires_on=timezone.localdate() + timedelta(days=400),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.story_photo_set(story=story, upload=upload(jpeg_with_gps()), alt="Hills")
    return story


def test_a_draft_photo_is_not_publicly_reachable_and_is_after_publishing(
    draft, staff_client, django_capture_on_commit_callbacks
):
    files = all_files(draft)
    assert len(files) == 7
    assert not any((Path(settings.MEDIA_ROOT) / name).exists() for name in files)
    assert all((Path(settings.PRIVATE_MEDIA_ROOT) / name).exists() for name in files)
    assert not any(publicly_served(name) for name in files)
    image = draft.photo_image
    assert not image["src"].startswith(settings.MEDIA_URL)
    # The address the staff preview uses sends anyone else to the sign-in page.
    assert Client().get(image["src"]).status_code == HTTPStatus.FOUND
    response = staff_client.get(image["src"])
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert draft.photo_image["src"] in staff_client.get(draft.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.stories_publish(stories=Story.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    published = all_files(draft)
    assert all(publicly_served(name) for name in published)
    assert draft.photo_image["src"].startswith(settings.MEDIA_URL)
    assert Client().get(draft.photo_image["src"]).status_code != HTTPStatus.FOUND
    # The private copies are gone.
    assert not any((Path(settings.PRIVATE_MEDIA_ROOT) / name).exists() for name in files)


def test_unpublishing_takes_the_photo_out_of_public_media(
    draft, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.stories_publish(stories=Story.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    public = all_files(draft)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            "/admin/stories/story/",
            {"action": "unpublish", "_selected_action": [draft.pk]},
        )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not any(publicly_served(name) for name in public)
    assert not any(publicly_served(name) for name in all_files(draft))
    assert staff_client.get(draft.photo_image["src"]).status_code == HTTPStatus.OK


def test_the_draft_photo_is_refused_to_staff_without_view_permission(
    draft, client, django_user_model
):
    user = django_user_model.objects.create_user(username="giving", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_storysubmission"))
    client.force_login(user)
    assert client.get(draft.photo_image["src"]).status_code == HTTPStatus.FORBIDDEN


def test_a_name_that_is_no_story_photo_is_not_served(draft, staff_client):
    url = draft.photo_image["src"].replace(".jpg", "x.jpg")
    assert staff_client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert staff_client.get("/admin/stories/story/photo/../../etc/passwd").status_code in {
        HTTPStatus.NOT_FOUND,
        HTTPStatus.BAD_REQUEST,
    }


def test_the_migration_moves_photos_of_existing_drafts_out_of_public_media(
    draft, django_capture_on_commit_callbacks
):
    import importlib

    from django.apps import apps
    from django.db import connection

    # A draft from before this change: its photo in public media.
    with django_capture_on_commit_callbacks(execute=True):
        services.stories_publish(stories=Story.objects.filter(pk=draft.pk))
    Story.objects.filter(pk=draft.pk).update(status_en="draft")
    draft.refresh_from_db()
    public = all_files(draft)
    assert all(publicly_served(name) for name in public)
    migration = importlib.import_module("stories.migrations.0010_story_photo_private_while_draft")
    with django_capture_on_commit_callbacks(execute=True):
        with connection.schema_editor(atomic=False) as editor:
            migration.move_draft_photos_to_private_storage(apps, editor)
    draft.refresh_from_db()
    assert not any(publicly_served(name) for name in public)
    assert all((Path(settings.PRIVATE_MEDIA_ROOT) / name).exists() for name in all_files(draft))


def test_reverting_a_published_story_leaves_its_photo_files_where_they_are(
    draft, staff_client, django_capture_on_commit_callbacks
):
    """A version saved while the story was a draft names the photo's private files; the
    revert keeps today's (public) photo and publication instead (education/revisions.py)."""
    import reversion
    from reversion.models import Version

    from tests.stories.test_images import admin_form_data

    with reversion.create_revision():
        draft.teaser = "The teaser worth keeping."
        draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.stories_publish(stories=Story.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    public = all_files(draft)
    old = Version.objects.get_for_object(draft).last()
    assert old.field_dict["photo"].name.startswith("stories/drafts/")

    url = f"/admin/stories/story/{draft.pk}/history/{old.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {**admin_form_data(draft), "photo_alt_en": "Hills"})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.teaser == "The teaser worth keeping."
    assert draft.status == "published"
    assert all_files(draft) == public
    assert all(publicly_served(name) for name in public)
