import io
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stories import images, services
from tests.stories.factories import StoryFactory, image_bytes

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF GPS coordinates and a camera serial number, as phones write them."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (37.0, 46.0, 29.7)
    gps[3] = "W"
    gps[4] = (122.0, 25.0, 9.8)
    data = image_bytes("JPEG", size=(1200, 900), exif=exif.tobytes())
    reopened = Image.open(io.BytesIO(data))
    assert reopened.getexif().get_ifd(0x8825), "the test image must really carry GPS data"
    return data


def upload(data: bytes, name: str = "photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_gps_and_all_exif_are_gone_from_the_stored_photo():
    story = StoryFactory()
    services.story_photo_set(
        story=story, upload=upload(jpeg_with_gps()), alt="A sunrise over the hills"
    )
    stored_names = [story.photo.name] + [
        entry[key] for entry in story.photo_renditions for key in ("jpg", "webp")
    ]
    for name in stored_names:
        with default_storage.open(name, "rb") as file:
            data = file.read()
        image = Image.open(io.BytesIO(data))
        assert dict(image.getexif()) == {}, name
        assert "exif" not in image.info and "icc_profile" not in image.info, name
        assert b"SERIAL-12345" not in data and b"PhoneMaker" not in data, name


def test_uploader_file_name_is_not_kept():
    story = StoryFactory()
    services.story_photo_set(story=story, upload=upload(image_bytes(), "maria-lopez.jpg"), alt="x")
    assert "maria" not in story.photo.name
    assert story.photo.name.startswith("stories/photos/")


def test_responsive_sizes_are_made_once_and_served_with_srcset(client):
    story = StoryFactory()
    services.story_photo_set(story=story, upload=upload(image_bytes(size=(2000, 1500))), alt="Sky")
    assert [r["width"] for r in story.photo_renditions] == [480, 960, 1440]
    assert [r["height"] for r in story.photo_renditions] == [360, 720, 1080]
    for rendition in story.photo_renditions:
        assert default_storage.exists(rendition["jpg"]) and default_storage.exists(
            rendition["webp"]
        )
        with default_storage.open(rendition["webp"], "rb") as file:
            assert Image.open(file).format == "WEBP"

    body = client.get(story.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in body
    assert "-480w.jpg 480w" in body and "-1440w.jpg 1440w" in body
    assert 'width="960" height="720"' in body
    assert 'alt="Sky"' in body
    # Served pages never resize: the request only reads the names stored at upload.
    before = default_storage.listdir("stories/photos")[1]
    client.get(story.get_absolute_url())
    client.get("/stories/")
    assert default_storage.listdir("stories/photos")[1] == before


def test_small_photo_is_not_enlarged():
    story = StoryFactory()
    services.story_photo_set(story=story, upload=upload(image_bytes(size=(600, 400))), alt="x")
    assert [r["width"] for r in story.photo_renditions] == [480, 600]


def test_png_with_transparency_becomes_a_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (800, 600), (255, 0, 0, 0)).save(buffer, "PNG")
    cleaned = images.clean_image(upload(buffer.getvalue(), "x.png", "image/png"))
    assert Image.open(cleaned).format == "JPEG"


def test_a_text_file_renamed_jpg_is_refused_with_a_clear_error():
    fake = upload(b"Dear team, here is my story. Not a picture at all.\n" * 20, "photo.jpg")
    with pytest.raises(ValidationError) as error:
        images.clean_image(fake)
    assert error.value.code == "not_an_image"
    assert "not a picture we can read" in error.value.messages[0]


def test_a_truncated_jpeg_is_refused():
    data = image_bytes()
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload(data[: len(data) // 3]))
    assert error.value.code == "not_an_image"


def test_other_image_formats_are_refused_by_content():
    gif = image_bytes("GIF", size=(50, 50))
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload(gif, "photo.jpg"))
    assert error.value.code == "bad_format"
    assert "JPEG, PNG or WebP" in error.value.messages[0]


def test_a_file_over_5_mb_is_refused():
    big = upload(b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "big.jpg")
    with pytest.raises(ValidationError) as error:
        images.clean_image(big)
    assert error.value.code == "too_large"
    assert "at most 5.0" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_before_decoding():
    # 10,000 × 10,000 pixels of one colour compress to a few kilobytes as PNG.
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload(buffer.getvalue(), "bomb.png", "image/png"))
    assert error.value.code == "too_many_pixels"
    assert "too large" in error.value.messages[0]


def test_admin_refuses_a_fake_photo_with_a_clear_error(staff_client):
    story = StoryFactory()
    form = admin_form_data(story)
    form["photo"] = upload(b"<?php echo 'hi'; ?>", "photo.jpg")
    form["photo_alt_en"] = "Something"
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.OK
    assert "not a picture we can read" in response.content.decode()
    story.refresh_from_db()
    assert not story.photo


def test_admin_upload_stores_a_clean_photo_with_its_sizes(staff_client):
    story = StoryFactory()
    form = admin_form_data(story)
    form["photo"] = upload(jpeg_with_gps(), "IMG_0001.jpg")
    form["photo_alt_en"] = "A sunrise"
    response = staff_client.post(f"/admin/stories/story/{story.pk}/change/", form)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.photo and len(story.photo_renditions) == 3
    with story.photo.open("rb") as file:
        assert b"SERIAL-12345" not in file.read()


def admin_form_data(story) -> dict:
    return {
        "title_en": story.title,
        "slug": story.slug,
        "display_name": story.display_name,
        "teaser_en": story.teaser,
        "body_en": story.body,
        "status_en": story.status,
        "published_at_0": "2026-01-01",
        "published_at_1": "09:00:00",
        "consent_received_on": story.consent_received_on or "",
        "consent_reference": story.consent_reference,
        "consent_expires_on": story.consent_expires_on or "",
    }


def test_an_mpo_photo_from_a_phone_is_taken_by_its_first_frame():
    buffer = io.BytesIO()
    first = Image.new("RGB", (1200, 900), (200, 40, 40))
    second = Image.new("RGB", (1200, 900), (40, 40, 200))
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    cleaned = Image.open(images.clean_image(upload(buffer.getvalue())))
    assert cleaned.format == "JPEG" and cleaned.size == (1200, 900)
    red, green, blue = cleaned.getpixel((600, 450))
    assert red > 150 and blue < 100  # the first frame, not the second


def test_a_heic_photo_is_refused_with_what_to_do():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 2000
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload(heic, "IMG_0001.HEIC", "image/heic"))
    assert error.value.code == "heic"
    assert "Most Compatible" in error.value.messages[0]


def test_a_large_jpeg_is_decoded_at_reduced_scale_and_kept_sharp_enough():
    """A 24-megapixel photo is decoded at half size: still larger than every rendition."""
    big = image_bytes(size=(6000, 4000), quality=60)
    cleaned = Image.open(images.clean_image(upload(big)))
    assert cleaned.size == (2880, 1920)


def test_png_and_webp_have_a_lower_pixel_limit_than_jpeg():
    png = image_bytes("PNG", size=(4100, 3000))  # 12.3 megapixels, decoded in full
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload(png, "a.png", "image/png"))
    assert error.value.code == "too_many_pixels"
    assert "send it as a JPEG photo" in error.value.messages[0]
    jpeg = image_bytes(size=(4100, 3000))
    assert Image.open(images.clean_image(upload(jpeg))).size == (2050, 1500)  # half scale
