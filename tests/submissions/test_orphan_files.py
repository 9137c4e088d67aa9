"""No uploaded file outlives a row that was never committed, and strays are cleaned up."""

import os
import threading
import time
import uuid
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction

from cancercenter.submissions import antispam
from cancercenter.submissions import services as submission_services
from stories import images
from stories.models import StorySubmission
from tests.stories.test_images import jpeg_with_gps
from tests.stories.test_photo_cleanup import story_files, story_with_photo
from tests.stories.test_share import share_data


def private_files() -> list[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def token_for(key: uuid.UUID) -> str:
    return signing.dumps({"t": time.time() - 30, "k": key.hex}, salt=antispam.TOKEN_SALT)


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")


@pytest.fixture
def clean_private_media():
    """Empty upload folders: other tests of this process leave their files behind."""
    for root in (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            if path.is_file():
                path.unlink()


def test_the_loser_of_two_racing_identical_posts_leaves_no_photo(
    post_form, transactional_db, clean_private_media
):
    """The same form sent twice at once: one row, one photo, no orphan."""
    key = uuid.uuid4()
    inserted = threading.Event()

    def first_post_commits_late():
        try:
            with transaction.atomic():
                StorySubmission.objects.create(
                    name="Rosa", email="rosa@example.org", story="Hello", consent=True,
                    client_key=key,
                )  # fmt: skip
                inserted.set()
                time.sleep(0.5)  # the second post is now waiting on the unique key
        finally:
            connection.close()

    first = threading.Thread(target=first_post_commits_late)
    first.start()
    assert inserted.wait(10)
    response = post_form("/stories/share/", share_data(form_token=token_for(key), photo=photo()))
    first.join()
    assert response.status_code == HTTPStatus.FOUND  # the same thank-you page
    assert StorySubmission.objects.count() == 1
    assert private_files() == []


def test_a_save_that_fails_after_the_photo_was_written_leaves_no_file(
    post_form, db, monkeypatch, clean_private_media
):
    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(submission_services, "notifications_queue", broken)
    response = post_form("/stories/share/", share_data(photo=photo()))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert StorySubmission.objects.count() == 0
    assert private_files() == []


def age(storage, name: str, hours: float) -> None:
    old = time.time() - hours * 3600
    os.utime(storage.path(name), (old, old))


def test_cleanup_removes_only_old_files_no_row_refers_to(
    db, post_form, django_capture_on_commit_callbacks, clean_private_media
):
    post_form("/stories/share/", share_data(photo=photo()))
    kept_private = StorySubmission.objects.get().photo.name
    story, kept_public = story_with_photo(django_capture_on_commit_callbacks)
    private = images.private_storage()
    stray_private = private.save("story-submissions/stray.jpg", ContentFile(b"x"))
    stray_public = default_storage.save("stories/photos/stray-960w.webp", ContentFile(b"x"))
    young = private.save("story-submissions/uploading-now.jpg", ContentFile(b"x"))
    for storage, name in [(private, kept_private), (private, stray_private)]:
        age(storage, name, 2)
    for name in [*kept_public, stray_public]:
        age(default_storage, name, 2)

    out = StringIO()
    call_command("cleanup_orphan_files", "--dry-run", stdout=out)
    assert "Would delete 2 orphaned files." in out.getvalue()
    assert private.exists(stray_private) and default_storage.exists(stray_public)

    out = StringIO()
    call_command("cleanup_orphan_files", stdout=out)
    assert "Deleted 2 orphaned files." in out.getvalue()
    assert not private.exists(stray_private) and not default_storage.exists(stray_public)
    assert private.exists(kept_private) and private.exists(young)
    assert all(default_storage.exists(name) for name in story_files(story))

    out = StringIO()
    call_command("cleanup_orphan_files", stdout=out)  # idempotent
    assert "Deleted 0 orphaned files." in out.getvalue()
