"""Uploaded photos: validated by content, re-encoded without metadata, resized once.

Reusable by any app that takes an image upload:

- `clean_image(upload)` checks an upload and returns a fresh JPEG with no metadata at all
  (no EXIF, GPS, camera serial, ICC or XMP), or raises `ValidationError` with a clear,
  translatable message (codes: ``too_large``, ``not_an_image``, ``bad_format``,
  ``too_many_pixels``);
- `ImageUploadField` is a form field that does the same in `clean()`;
- `make_renditions()` writes the responsive sizes (JPEG and WebP) next to a stored image
  once, when it is saved, and returns their names for `srcset`;
- `private_storage()` is the storage for uploads that wait for staff review;
- `story_photo_storage()` keeps a story's photo private while the story is a draft and
  public once it is published (`photo_files_move()` carries it across).
"""

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cancercenter.submissions.storage import private_storage as _private_storage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 7,700 × 5,200: more than any phone camera
# Decoding costs about 7.5 bytes of memory per pixel. JPEGs (and MPO, the JPEG many phones
# write) are decoded at 1/2, 1/4 or 1/8 scale while the long side stays at least
# DRAFT_MIN_SIDE, so no JPEG decodes to more than about 12 megapixels; PNG and WebP cannot be
# decoded smaller and are limited to 12 megapixels. Measured peak per upload (README,
# "Photos"): at most about 105 MB, against 298 MB for a 39-megapixel JPEG before.
MAX_FULL_DECODE_PIXELS = 12_000_000
DRAFT_MIN_SIDE = 2000
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
DRAFTABLE_FORMATS = {"JPEG", "MPO"}
# HEIF/HEIC (iPhones' default) starts with an ISO media "ftyp" box naming one of these.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
ACCEPT = "image/jpeg,image/png,image/webp"
# The stored master never needs to be larger than the largest rendition at 2x density.
MASTER_MAX_SIDE = 2880
RENDITION_WIDTHS = (480, 960, 1440)
JPEG_QUALITY = 85
WEBP_QUALITY = 80

# Pillow refuses anything past twice this limit outright; we check our own, lower limit
# before decoding, and turn Pillow's warning into an error as a second line of defence.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def private_storage() -> Storage:
    """Uploads waiting for staff review: outside MEDIA_ROOT, never served."""
    return _private_storage()


PUBLIC_PHOTO_FOLDER = "stories/photos"
# Photos of unpublished stories: in PRIVATE_MEDIA_ROOT, shown to staff only through the
# admin (StoryAdmin.photo_view), never under MEDIA_URL.
DRAFT_PHOTO_FOLDER = "stories/drafts"


def is_draft_photo(name: str) -> bool:
    return (name or "").startswith(f"{DRAFT_PHOTO_FOLDER}/")


class _StoryPhotoStorage(Storage):
    """Story photos: names under DRAFT_PHOTO_FOLDER live in private storage, the others in
    public media. A draft photo's URL is the staff-only admin view, so templates need not
    know where a photo lives."""

    # cancercenter.files walks both folders for orphaned files.
    upload_folders = (PUBLIC_PHOTO_FOLDER, DRAFT_PHOTO_FOLDER)

    def _target(self, name: str) -> Storage:
        return private_storage() if is_draft_photo(name) else default_storage

    def url(self, name):
        if is_draft_photo(name):
            return reverse(
                "admin:stories_story_photo",
                kwargs={"name": name.removeprefix(f"{DRAFT_PHOTO_FOLDER}/")},
            )
        return default_storage.url(name)

    def generate_filename(self, filename):
        return default_storage.generate_filename(filename)


def _forward_by_name(name: str):
    def method(self, path, *args, **kwargs):
        return getattr(self._target(path), name)(path, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "open", "save", "delete", "exists", "path", "size", "listdir", "get_available_name",
    "get_alternative_name", "get_valid_name", "get_accessed_time", "get_created_time",
    "get_modified_time",
):  # fmt: skip
    setattr(_StoryPhotoStorage, _name, _forward_by_name(_name))

_story_photo_storage = _StoryPhotoStorage()


def story_photo_storage() -> Storage:
    """Where story photos and their sizes are stored (see `_StoryPhotoStorage`)."""
    return _story_photo_storage


def story_photo_upload_to(instance, filename: str) -> str:
    """A new photo goes straight to private storage unless its story is already published."""
    folder = PUBLIC_PHOTO_FOLDER if instance.is_public_status else DRAFT_PHOTO_FOLDER
    return f"{folder}/{PurePosixPath(filename).name}"


story_photo_upload_to.folders = _StoryPhotoStorage.upload_folders


def photo_files_move(*, name: str, renditions: list[dict], public: bool):
    """Copy a story photo and its sizes to public or private storage.

    Returns (new name, new renditions, old names); the caller deletes the old names once the
    new ones are recorded. Nothing is copied when the photo is already where it belongs.
    """
    if not name or is_draft_photo(name) != public:
        return name, renditions, []
    storage = story_photo_storage()
    folder = PUBLIC_PHOTO_FOLDER if public else DRAFT_PHOTO_FOLDER

    def copy(old: str) -> str:
        with storage.open(old, "rb") as file:
            return storage.save(f"{folder}/{PurePosixPath(old).name}", file)

    old_names = [name]
    new_renditions = []
    for entry in renditions or []:
        moved = dict(entry)
        for key in ("jpg", "webp"):
            if entry.get(key):
                moved[key] = copy(entry[key])
                old_names.append(entry[key])
        new_renditions.append(moved)
    return copy(name), new_renditions, old_names


def _open_checked(data: bytes) -> Image.Image:
    """Open image bytes after checking what they really are; raise ValidationError if unfit."""
    not_an_image = ValidationError(
        _("This file is not a picture we can read. Choose a JPEG, PNG or WebP photo."),
        code="not_an_image",
    )
    too_many_pixels = ValidationError(
        _("This picture is too large (more than %(megapixels)d megapixels). Choose a smaller one."),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
    )
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[8:12] == b"WEBP":
        too_many_pixels = ValidationError(
            _(
                "This picture is too large (more than %(megapixels)d megapixels). "
                "Choose a smaller one, or send it as a JPEG photo."
            ),
            code="too_many_pixels",
            params={"megapixels": MAX_FULL_DECODE_PIXELS // 1_000_000},
        )
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        raise ValidationError(
            _(
                "This photo is in the HEIC format, which we cannot read yet. On an iPhone, "
                "share it again as JPEG (Options, then Most Compatible), or take a screenshot "
                "of it and send that."
            ),
            code="heic",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Photos must be JPEG, PNG or WebP files. This one is %(format)s."),
                    code="bad_format",
                    params={"format": probe.format or _("unknown")},
                )
            # Reading the size costs nothing; decoding a bomb would cost gigabytes.
            pixels = probe.width * probe.height
            if pixels > MAX_PIXELS or (
                probe.format not in DRAFTABLE_FORMATS and pixels > MAX_FULL_DECODE_PIXELS
            ):
                raise too_many_pixels
            probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format in DRAFTABLE_FORMATS:
                # Decode at 1/2, 1/4 or 1/8 scale when the result is still large enough for
                # every rendition: the same picture for a fraction of the memory. An
                # MPO's first frame is the photo; the others (depth, previews) are ignored.
                image.draft("RGB", _draft_size(image.size))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    return image


def _draft_size(size: tuple[int, int]) -> tuple[int, int]:
    """The smallest size, in the picture's proportions, with a long side of DRAFT_MIN_SIDE
    (enough for every rendition, 1440 px the widest)."""
    width, height = size
    scale = DRAFT_MIN_SIDE / max(width, height)
    if scale >= 1:
        return size
    return (max(1, int(width * scale)), max(1, int(height * scale)))


def _strip(image: Image.Image) -> Image.Image:
    """Pixels only: turn the picture upright, then copy it into a brand-new image."""
    image = ImageOps.exif_transpose(image)
    if image.mode in {"RGBA", "LA", "P", "PA"}:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > MASTER_MAX_SIDE:
        image.thumbnail((MASTER_MAX_SIDE, MASTER_MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image carries no info dict, so no EXIF, XMP or ICC can ride along on save.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def clean_image(upload) -> ContentFile:
    """Validate an uploaded photo by its content and return it re-encoded as a clean JPEG.

    The returned file has a random name, so the uploader's file name (which can hold a
    person's name) is not kept either.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This photo is %(size)s. Photos can be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Photos can be at most %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    image = _strip(_open_checked(data))
    return ContentFile(_encode(image, "JPEG"), name=f"{uuid.uuid4().hex}.jpg")


def image_size(file) -> tuple[int, int]:
    """Width and height of a stored (already clean) image."""
    file.open("rb")
    try:
        with Image.open(file) as image:
            return image.size
    finally:
        file.close()


class ImageUploadField(forms.FileField):
    """A photo upload that is checked by content and cleaned (see `clean_image`).

    `cleaned_data` holds a fresh `ContentFile`, ready to assign to a model `FileField`.
    """

    default_error_messages = {
        "invalid_image": _("This file is not a picture we can read."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload)


def make_renditions(*, storage: Storage, name: str, widths=RENDITION_WIDTHS) -> list[dict]:
    """Write JPEG and WebP copies of a stored image at each width, once; return their names.

    Widths wider than the image are skipped, and the image's own width is added when it is
    narrower than the largest, so a small photo is never blown up.
    """
    with storage.open(name, "rb") as file:
        with Image.open(file) as opened:
            source = opened.convert("RGB")
    targets = sorted({w for w in widths if w < source.width} | {min(source.width, max(widths))})
    stem = str(PurePosixPath(name).with_suffix(""))
    renditions = []
    for width in targets:
        height = max(1, round(source.height * width / source.width))
        resized = source.resize((width, height), Image.Resampling.LANCZOS)
        entry = {"width": width, "height": height}
        for fmt, suffix in (("JPEG", "jpg"), ("WEBP", "webp")):
            saved = storage.save(f"{stem}-{width}w.{suffix}", ContentFile(_encode(resized, fmt)))
            entry[suffix] = saved
        renditions.append(entry)
    return renditions


def delete_renditions(*, storage: Storage, renditions: list[dict]) -> None:
    for entry in renditions:
        for key in ("jpg", "webp"):
            if entry.get(key):
                storage.delete(entry[key])
