"""The share-your-story form, built on the shared form layer (cancercenter.submissions)."""

import io
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image

from stories.models import StorySubmission
from tests.conftest import data_file_lines
from tests.contact.test_contact import fresh_token
from tests.factories import CancerTypeFactory, TreatmentFactory
from tests.stories.factories import image_bytes
from tests.stories.test_images import jpeg_with_gps

pytestmark = pytest.mark.django_db


def share_data(**overrides) -> dict:
    data = {
        "name": "Rosa Delgado",
        "email": "rosa@example.org",
        "phone": "",
        "cancer_type": "",
        "treatment": "",
        "story": "After my transplant I walked my daughter down the aisle.",
        "photo_description": "",
        "consent": "on",
        "website": "",
        "form_token": fresh_token(),
    }
    data.update(overrides)
    return data


def test_share_page_says_nothing_is_published_without_written_permission(client):
    response = client.get("/stories/share/")
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response.headers["Cache-Control"]
    assert "Nothing is published without your written permission" in body
    assert 'enctype="multipart/form-data"' in body
    assert 'maxlength="5000"' in body and "Up to 5,000 characters" in body
    assert "js/character-count.js" in body
    assert 'name="website"' in body and 'name="form_token"' in body


def test_story_is_saved_emails_are_sent_and_the_person_sees_a_reference(post_form, client):
    car_t = TreatmentFactory(name="CAR T-cell therapy")
    lymphoma = CancerTypeFactory(name="Lymphoma")
    response = post_form(
        "/stories/share/",
        share_data(treatment=car_t.pk, cancer_type=lymphoma.pk, phone="+1 555 0101"),
    )
    assert response.status_code == HTTPStatus.FOUND
    submission = StorySubmission.objects.get()
    assert submission.reference.startswith("S-")
    assert submission.treatment == car_t and submission.cancer_type == lymphoma
    assert submission.story == "After my transplant I walked my daughter down the aisle."

    thanks = client.get(response["Location"])
    body = thanks.content.decode()
    assert thanks.status_code == HTTPStatus.OK
    assert submission.reference in body
    assert "Nothing is published before we receive it" in body

    assert len(mail.outbox) == 2
    staff = next(m for m in mail.outbox if m.to == ["info@cancercenter.example"])
    person = next(m for m in mail.outbox if m.to == ["rosa@example.org"])
    assert submission.reference in staff.subject
    assert f"/admin/stories/storysubmission/{submission.pk}/change/" in staff.body
    assert "aisle" not in staff.body and "aisle" not in person.body
    assert "Nothing has been published" in person.body


def test_consent_to_be_contacted_is_required_and_the_text_is_kept(post_form):
    response = post_form("/stories/share/", share_data(consent=""))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "error-summary" in body
    assert "We need your permission to contact you about your story." in body
    assert "After my transplant I walked my daughter down the aisle." in body
    assert not StorySubmission.objects.exists()
    assert mail.outbox == []


def test_story_longer_than_the_limit_is_refused_by_the_server(post_form):
    response = post_form("/stories/share/", share_data(story="x" * 5001))
    body = response.content.decode()
    assert "at most 5000 characters" in body
    assert not StorySubmission.objects.exists()


def test_photo_is_stored_privately_without_metadata(post_form):
    photo = SimpleUploadedFile("rosa-at-home.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = post_form("/stories/share/", share_data(photo=photo, photo_description="Rosa"))
    assert response.status_code == HTTPStatus.FOUND
    submission = StorySubmission.objects.get()
    path = Path(submission.photo.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "rosa" not in path.name
    data = path.read_bytes()
    assert b"SERIAL-12345" not in data
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}


def test_a_text_file_named_jpg_is_refused_with_a_clear_error(post_form):
    fake = SimpleUploadedFile("me.jpg", b"just some words, not a photo", content_type="image/jpeg")
    response = post_form("/stories/share/", share_data(photo=fake))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "This file is not a picture we can read" in body
    assert 'aria-invalid="true"' in body
    assert not StorySubmission.objects.exists()


def test_an_oversized_picture_is_refused_with_a_clear_error(post_form):
    bomb = io.BytesIO()
    Image.new("1", (9_000, 9_000)).save(bomb, "PNG", optimize=True)
    response = post_form(
        "/stories/share/",
        share_data(photo=SimpleUploadedFile("big.png", bomb.getvalue(), content_type="image/png")),
    )
    assert "This picture is too large" in response.content.decode()
    assert not StorySubmission.objects.exists()


def test_private_photos_are_not_reachable_under_media(client, post_form):
    photo = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
    post_form("/stories/share/", share_data(photo=photo))
    name = StorySubmission.objects.get().photo.name
    assert client.get(f"/media/{name}").status_code == HTTPStatus.NOT_FOUND


def test_honeypot_drops_the_submission_silently(post_form):
    response = post_form("/stories/share/", share_data(website="http://spam.example"))
    assert response.status_code == HTTPStatus.FOUND
    assert not StorySubmission.objects.exists()


@pytest.mark.parametrize(
    "source",
    [
        "blns/blns.txt",
        "payloads/fuzzdb_xss-rsnake.txt",
        "payloads/fuzzdb_XSSPolyglot.txt",
        "payloads/payloadbox_sqli_Generic_SQLI.txt",
    ],
)
def test_odd_input_is_stored_exactly_and_shown_escaped(post_form, staff_client, source, settings):
    settings.FORM_RATE_LIMIT = (100_000, 600)
    stored = 0
    for line in data_file_lines(source):
        response = post_form("/stories/share/", share_data(name=line[:200], story=line))
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.OK), repr(line)
        if response.status_code == HTTPStatus.OK:
            assert "error-summary" in response.content.decode(), repr(line)
            continue
        submission = StorySubmission.objects.latest("created_at")
        assert submission.story == line
        stored += 1
    assert stored > 10
    # Rendered escaped in the staff queue: no payload becomes markup.
    with_markup = [s for s in StorySubmission.objects.all() if "<" in s.story][:25]
    assert with_markup or source.startswith(("blns", "payloads/payloadbox"))
    for submission in with_markup:
        body = staff_client.get(
            f"/admin/stories/storysubmission/{submission.pk}/change/"
        ).content.decode()
        assert escape(submission.story) in body, repr(submission.story)
        assert submission.story not in body, repr(submission.story)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "Rosa\nDelgado", "Please keep this to one line"),
        ("name", "Rosa\x0bDelgado", "invisible control character"),
        ("phone", "call me maybe", "Enter a phone number with at least 7 digits"),
        ("phone", "555 0101\nBcc: x@example.org", "Please keep this to one line"),
    ],
)
def test_name_and_phone_are_validated_like_the_other_forms(post_form, field, typed, message):
    response = post_form("/stories/share/", share_data(**{field: typed}))
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert StorySubmission.objects.count() == 0
