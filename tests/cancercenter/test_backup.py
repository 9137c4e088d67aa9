"""`make backup` / `make restore`: the database and both media folders, there and back."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cancercenter.contact.models import ContactRequest
from stories.models import Story, StorySubmission
from tests.stories.test_photo_cleanup import story_files, story_with_photo
from tests.stories.test_share import share_data
from tests.submissions.test_orphan_files import photo


def test_a_backup_restores_rows_and_both_media_folders(
    transactional_db, post_form, django_capture_on_commit_callbacks, tmp_path
):
    post_form("/stories/share/", share_data(photo=photo()))
    sent = StorySubmission.objects.get()
    story, public_files = story_with_photo(django_capture_on_commit_callbacks)
    contact = ContactRequest.objects.create(
        topic="travel", name="Ana", phone="+1 555 0100", message="Parking?", consent=True
    )

    out = StringIO()
    call_command("backup_site", "--output", str(tmp_path), stdout=out)
    (folder,) = tmp_path.iterdir()
    assert {p.name for p in folder.iterdir()} == {
        "database.dump", "media.tar.gz", "private_media.tar.gz", "manifest.json",
    }  # fmt: skip
    private_count = sum(1 for f in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if f.is_file())
    assert f"PRIVATE_MEDIA_ROOT: {private_count} files" in (folder / "manifest.json").read_text()
    json.loads((folder / "manifest.json").read_text())

    # Things go wrong after the backup: rows and files are lost, a row is added.
    private_photo = Path(settings.PRIVATE_MEDIA_ROOT) / sent.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        StorySubmission.objects.all().delete()
        Story.objects.all().delete()
    ContactRequest.objects.filter(pk=contact.pk).delete()
    ContactRequest.objects.create(
        topic="other", name="Later", phone="+1 555 0101", message="After", consent=True
    )
    assert not private_photo.exists()

    call_command("restore_site", str(folder), "--noinput", stdout=StringIO())
    assert list(ContactRequest.objects.values_list("pk", "message")) == [(contact.pk, "Parking?")]
    restored = StorySubmission.objects.get()
    assert restored.reference == sent.reference and private_photo.exists()
    story = Story.objects.get(pk=story.pk)
    assert all((Path(settings.MEDIA_ROOT) / name).exists() for name in story_files(story))
    assert story_files(story) == public_files
    # The restored database works as before: new rows get new keys.
    assert (
        ContactRequest.objects.create(
            topic="other", name="New", phone="+1 555 0102", message="Hi", consent=True
        ).pk
        > contact.pk
    )


def test_restore_refuses_a_folder_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="no database.dump"):
        call_command("restore_site", str(tmp_path), "--noinput")
