"""A photo never outlives its story or submission, and a replaced photo is gone too.

Files that stay on disk stay reachable at their old /media/ address, and a private photo
kept past retention breaks the promise made to the person who sent it.
"""

from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage

from stories import images, services
from stories.models import Story, StorySubmission
from tests.stories.factories import StoryFactory
from tests.stories.test_admin import submission  # noqa: F401  (fixture)
from tests.stories.test_images import admin_form_data, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def story_files(story: Story) -> list[str]:
    names = [story.photo.name]
    for entry in story.photo_renditions:
        names += [entry["jpg"], entry["webp"]]
    return names


def story_with_photo(django_capture_on_commit_callbacks) -> tuple[Story, list[str]]:
    story = StoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.story_photo_set(story=story, upload=upload(jpeg_with_gps()), alt="Hills")
    files = story_files(story)
    assert len(files) == 7 and all(default_storage.exists(name) for name in files)
    return story, files


def test_a_replaced_photo_and_its_sizes_are_deleted(
    staff_client, django_capture_on_commit_callbacks
):
    story, old_files = story_with_photo(django_capture_on_commit_callbacks)
    form = admin_form_data(story)
    form["photo"] = upload(jpeg_with_gps(), "new.jpg")
    form["photo_alt_en"] = "A new photo"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert all(default_storage.exists(name) for name in story_files(story))
    assert not any(default_storage.exists(name) for name in old_files)


def test_deleting_stories_in_bulk_deletes_their_photos(
    staff_client, django_capture_on_commit_callbacks
):
    story, files = story_with_photo(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/stories/story/",
            {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"},
        )
    assert response.status_code == HTTPStatus.FOUND
    assert not Story.objects.exists()
    assert not any(default_storage.exists(name) for name in files)


def test_deleting_submissions_in_bulk_deletes_their_private_photos(
    staff_client,
    submission,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    name = submission.photo.name
    assert images.private_storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        StorySubmission.objects.filter(pk=submission.pk).delete()  # as the bulk action does
    assert not images.private_storage().exists(name)
