"""Media on object storage (issue 19, point 3), against moto's S3 server on loopback.

Public media (published story photos) in one bucket, uploads awaiting review in another,
never public: staff see them only through the admin, which streams them. Publishing moves
a story's photo to the public bucket, unpublishing takes it out again. An object store that
does not answer costs nobody what they typed, and no page answers 500.
"""

import socket
import tarfile
import threading
import time
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from stories import images, services
from stories.models import Story, StorySubmission
from tests.conftest import TEST_DATA
from tests.ports import closed_port, free_port
from tests.s3 import (
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    anonymous_get,
    media_variables,
    s3_settings,
    use_object_storage,
)
from tests.stories.factories import DraftStoryFactory
from tests.stories.test_images import admin_form_data, jpeg_with_gps, upload
from tests.stories.test_share import share_data
from tests.submissions.test_orphan_files import photo

pytestmark = pytest.mark.django_db

JPEG_START = b"\xff\xd8\xff"
STUDY = TEST_DATA / "ctgov" / "studies" / "NCT05147467.json"


def story_files(story: Story) -> list[str]:
    names = [story.photo.name]
    for entry in story.photo_renditions:
        names += [entry["jpg"], entry["webp"]]
    return sorted(names)


@pytest.fixture
def draft(s3_media, django_capture_on_commit_callbacks) -> Story:
    story = DraftStoryFactory(
        consent_received_on="2026-01-05",
        consent_reference="File 7",
        consent_expires_on="2030-01-05",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.story_photo_set(story=story, upload=upload(jpeg_with_gps()), alt="Hills")
    return story


def test_a_shared_story_photo_goes_to_the_private_bucket_and_only_staff_see_it(
    s3_media, post_form, staff_client
):
    response = post_form("/stories/share/", share_data(photo=photo()))
    assert response.status_code == HTTPStatus.FOUND
    submission = StorySubmission.objects.get()
    assert s3_media.keys(PRIVATE_BUCKET) == [submission.photo.name]
    assert s3_media.keys(PUBLIC_BUCKET) == []
    # The object itself is not readable without credentials.
    status, _ = anonymous_get(f"{s3_media.endpoint}/{PRIVATE_BUCKET}/{submission.photo.name}")
    assert status == HTTPStatus.FORBIDDEN

    url = f"/admin/stories/storysubmission/{submission.pk}/photo/"
    seen = staff_client.get(url)
    assert seen.status_code == HTTPStatus.OK
    assert "no-store" in seen["Cache-Control"]
    assert b"".join(seen.streaming_content) == s3_media.get(PRIVATE_BUCKET, submission.photo.name)
    assert Client().get(url).status_code == HTTPStatus.FOUND  # to the sign-in page


def test_a_draft_photo_is_private_public_once_published_and_private_again_after(
    draft, s3_media, staff_client, django_capture_on_commit_callbacks
):
    s3 = s3_media
    files = story_files(draft)
    assert len(files) == 7 and all(name.startswith("stories/drafts/") for name in files)
    assert s3.keys(PRIVATE_BUCKET) == files and s3.keys(PUBLIC_BUCKET) == []

    # Staff see the draft's photo through the admin, streamed from the private bucket.
    src = draft.photo_image["src"]
    assert src.startswith("/admin/stories/story/photo/")
    seen = staff_client.get(src)
    assert seen.status_code == HTTPStatus.OK and "no-store" in seen["Cache-Control"]
    assert b"".join(seen.streaming_content).startswith(JPEG_START)
    assert Client().get(src).status_code == HTTPStatus.FOUND

    with django_capture_on_commit_callbacks(execute=True):
        services.stories_publish(stories=Story.objects.filter(pk=draft.pk))
    draft.refresh_from_db()
    published = story_files(draft)
    assert all(name.startswith("stories/photos/") for name in published)
    assert s3.keys(PUBLIC_BUCKET) == published and s3.keys(PRIVATE_BUCKET) == []
    public_src = draft.photo_image["src"]
    assert public_src.startswith(f"{s3.endpoint}/{PUBLIC_BUCKET}/stories/photos/")
    status, body = anonymous_get(public_src)
    assert status == HTTPStatus.OK and body.startswith(JPEG_START)
    # The story page shows it, and the page's CSP lets the browser load it.
    page = Client().get(draft.get_absolute_url())
    assert public_src in page.content.decode()
    assert s3.endpoint in page["Content-Security-Policy"].split("img-src", 1)[1].split(";")[0]

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            "/admin/stories/story/", {"action": "unpublish", "_selected_action": [draft.pk]}
        )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert s3.keys(PUBLIC_BUCKET) == [] and s3.keys(PRIVATE_BUCKET) == story_files(draft)
    status, _ = anonymous_get(public_src)
    assert status in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    assert staff_client.get(draft.photo_image["src"]).status_code == HTTPStatus.OK


def test_cleanup_removes_orphaned_objects_from_both_buckets(s3_media, post_form, monkeypatch):
    post_form("/stories/share/", share_data(photo=photo()))
    kept = StorySubmission.objects.get().photo.name
    stray_private = images.private_storage().save("story-submissions/stray.jpg", ContentFile(b"x"))
    stray_public = default_storage.save("stories/photos/stray-960w.webp", ContentFile(b"x"))
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)

    out = StringIO()
    call_command("cleanup_orphan_files", stdout=out)
    assert "Deleted 2 orphaned files." in out.getvalue()
    assert s3_media.keys(PRIVATE_BUCKET) == [kept]
    assert stray_public not in s3_media.keys(PUBLIC_BUCKET)
    assert stray_private not in s3_media.keys(PRIVATE_BUCKET)


def test_a_backup_holds_the_private_bucket_and_a_restore_puts_it_back(
    s3_media, transactional_db, post_form, tmp_path
):
    post_form("/stories/share/", share_data(photo=photo()))
    sent = StorySubmission.objects.get()
    original = s3_media.get(PRIVATE_BUCKET, sent.photo.name)

    call_command("backup_site", "--output", str(tmp_path), stdout=StringIO())
    (folder,) = tmp_path.iterdir()
    assert not (folder / "media.tar.gz").exists()
    manifest = (folder / "manifest.json").read_text()
    assert f"bucket {PRIVATE_BUCKET}" in manifest and "1 files" in manifest
    assert f"in the object store (bucket {PUBLIC_BUCKET}" in manifest
    with tarfile.open(folder / "private_media.tar.gz") as archive:
        assert archive.extractfile(f"./{sent.photo.name}").read() == original

    s3_media.client.delete_object(Bucket=PRIVATE_BUCKET, Key=sent.photo.name)
    images.private_storage().save("story-submissions/after-the-backup.jpg", ContentFile(b"x"))
    call_command("restore_site", str(folder), "--noinput", stdout=StringIO())
    assert s3_media.keys(PRIVATE_BUCKET) == [sent.photo.name]
    assert s3_media.get(PRIVATE_BUCKET, sent.photo.name) == original


def test_a_registry_file_waits_in_the_private_bucket_and_is_imported_from_it(
    s3_media, staff_client, django_capture_on_commit_callbacks
):
    from trials.models import Trial, TrialUpload, UploadStatus

    study = SimpleUploadedFile("study.json", STUDY.read_bytes(), "application/json")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = staff_client.post("/admin/trials/trial/import/", {"files": [study]})
    assert response.status_code == HTTPStatus.FOUND
    upload_row = TrialUpload.objects.get()
    assert s3_media.keys(PRIVATE_BUCKET) == [upload_row.file.name]
    assert upload_row.file.name.startswith("trial-uploads/")
    for callback in queued:
        callback()
    upload_row.refresh_from_db()
    assert upload_row.status == UploadStatus.DONE
    assert Trial.objects.filter(nct_id=STUDY.stem).exists()


# When the object store does not answer -----------------------------------------------------


def silent_server() -> tuple[int, threading.Event]:
    """A loopback port that accepts connections and never answers."""
    port = free_port()
    listener = socket.socket()
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    done = threading.Event()

    def hold():
        held = []
        listener.settimeout(0.2)
        while not done.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
        for connection in held:
            connection.close()
        listener.close()

    threading.Thread(target=hold, daemon=True).start()
    return port, done


@pytest.fixture
def store_down(settings, monkeypatch):
    """Object storage configured, but nothing listens where it should be."""
    use_object_storage(
        settings, monkeypatch, f"http://127.0.0.1:{closed_port()}", S3_CONNECT_TIMEOUT="1"
    )


def test_a_story_sent_while_the_store_is_down_keeps_the_text_and_is_not_a_500(
    store_down, post_form
):
    response = post_form("/stories/share/", share_data(photo=photo()))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]
    assert "Part of our website is briefly unavailable, so nothing was stored." in body
    assert "After my transplant I walked my daughter down the aisle." in body
    assert "Rosa Delgado" in body
    assert "please choose it again" in body
    assert not StorySubmission.objects.exists()


def test_a_story_without_a_photo_is_saved_while_the_store_is_down(store_down, post_form):
    response = post_form("/stories/share/", share_data())
    assert response.status_code == HTTPStatus.FOUND
    assert StorySubmission.objects.count() == 1


def test_pages_and_the_admin_photo_view_answer_503_not_500_while_the_store_is_down(
    draft, settings, monkeypatch, staff_client
):
    src = draft.photo_image["src"]
    use_object_storage(
        settings, monkeypatch, f"http://127.0.0.1:{closed_port()}", S3_CONNECT_TIMEOUT="1"
    )
    staff_client.raise_request_exception = False
    response = staff_client.get(src)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "briefly unavailable" in response.content.decode()
    # The story's page names its photo without asking the store anything.
    assert staff_client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_registry_upload_while_the_store_is_down_answers_503_not_500(store_down, staff_client):
    from trials.models import TrialUpload

    study = SimpleUploadedFile("study.json", STUDY.read_bytes(), "application/json")
    staff_client.raise_request_exception = False
    response = staff_client.post("/admin/trials/trial/import/", {"files": [study]})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert not TrialUpload.objects.exists()


def test_the_story_admin_says_the_photo_store_is_down_and_keeps_the_text(
    draft, settings, monkeypatch, staff_client
):
    use_object_storage(
        settings, monkeypatch, f"http://127.0.0.1:{closed_port()}", S3_CONNECT_TIMEOUT="1"
    )
    data = admin_form_data(draft) | {
        "teaser_en": "A new teaser typed while the store was down.",
        "photo": upload(jpeg_with_gps()),
        "photo_alt_en": "Hills",
    }
    response = staff_client.post(f"/admin/stories/story/{draft.pk}/change/", data)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "The photo store is not answering just now, so nothing was saved." in body
    assert "A new teaser typed while the store was down." in body
    draft.refresh_from_db()
    assert draft.teaser != "A new teaser typed while the store was down."


def test_an_object_store_that_never_answers_fails_within_the_timeouts(
    settings, monkeypatch, post_form
):
    port, done = silent_server()
    use_object_storage(
        settings,
        monkeypatch,
        f"http://127.0.0.1:{port}",
        S3_READ_TIMEOUT="0.5",
        S3_MAX_ATTEMPTS="2",
    )
    try:
        started = time.monotonic()
        response = post_form("/stories/share/", share_data(photo=photo()))
        elapsed = time.monotonic() - started
    finally:
        done.set()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    # Two tries of half a second each (the HEAD before the upload): not the default minute.
    assert elapsed < 5, elapsed


# The settings ------------------------------------------------------------------------------


def test_local_disk_stays_the_default(monkeypatch):
    namespace = s3_settings(monkeypatch)
    assert namespace["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert namespace["STORAGES"]["private"]["BACKEND"].endswith("FileSystemStorage")
    assert namespace["MEDIA_ORIGIN"] == ""


def test_the_s3_client_has_timeouts_and_bounded_retries(monkeypatch):
    namespace = s3_settings(monkeypatch, **media_variables("http://127.0.0.1:1"))
    config = namespace["STORAGES"]["private"]["OPTIONS"]["client_config"]
    assert (config.connect_timeout, config.read_timeout) == (2.0, 10.0)
    assert config.retries == {"total_max_attempts": 2, "mode": "standard"}
    private = namespace["STORAGES"]["private"]["OPTIONS"]
    assert private["querystring_auth"] and private["querystring_expire"] <= 60
    assert not private.get("default_acl")


def test_private_uploads_may_not_share_a_folder_with_public_media(monkeypatch):
    same_bucket = media_variables(
        "http://127.0.0.1:1", PRIVATE_MEDIA_S3_BUCKET=PUBLIC_BUCKET, PRIVATE_MEDIA_S3_PREFIX=""
    )
    with pytest.raises(ImproperlyConfigured, match="Private uploads need their own bucket"):
        s3_settings(monkeypatch, **same_bucket)
    same_bucket.update(PRIVATE_MEDIA_S3_PREFIX="private", MEDIA_S3_PREFIX="public")
    namespace = s3_settings(monkeypatch, **same_bucket)
    assert namespace["STORAGES"]["private"]["OPTIONS"]["location"] == "private"


def test_healthz_reports_both_buckets(s3_media, client):
    from cancercenter import health

    health.forget()
    report = client.get("/healthz").json()
    assert report["storage"] == {"default": "ok", "private": "ok"}
    assert report["status"] == "ok"


def test_healthz_says_degraded_while_the_store_is_down_and_asks_it_once_a_while(
    store_down, client, monkeypatch
):
    from cancercenter import health

    health.forget()
    probed = []
    probe = health._probe
    monkeypatch.setattr(health, "_probe", lambda storage: probed.append(1) or probe(storage))
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK  # pages and forms carry on: keep traffic
    assert response.json()["storage"] == {"default": "unavailable", "private": "unavailable"}
    assert response.json()["status"] == "degraded"
    assert client.get("/healthz").json()["status"] == "degraded"
    # The answer is kept: a hung store does not hold every load balancer's check.
    assert len(probed) == 2  # once per bucket, for both checks
    for key, (_, answer) in list(health._answers.items()):
        health._answers[key] = (0.0, answer)  # kept for longer than HEALTH_CACHE_SECONDS
    client.get("/healthz")
    assert len(probed) == 4  # asked again once the kept answer is old


def test_healthz_on_local_disk_says_nothing_of_storage(client):
    assert "storage" not in client.get("/healthz").json()
