import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from cancercenter.care.models import AppointmentRequest, Provider, Referral
from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.services import submission_create
from education.languages import localized
from stories import images


def appointment_request_create(
    *, form_data: dict, token: FormToken | None
) -> tuple[AppointmentRequest, bool]:
    """Save an appointment or second-opinion request and queue its emails."""
    return submission_create(instance=AppointmentRequest(**form_data), token=token)


def referral_create(*, form_data: dict, token: FormToken | None) -> tuple[Referral, bool]:
    """Save a physician's referral and queue the emails to the team and to the physician."""
    return submission_create(instance=Referral(**form_data), token=token)


# A portrait is shown at most about 300 CSS pixels wide: twice that covers 2x screens.
PORTRAIT_MAX_SIDE = 600


def portrait_file(clean: ContentFile) -> ContentFile:
    """A cleaned upload (`stories.images.clean_image`) made portrait-sized, as a JPEG;
    its `image_size` attribute is its (width, height)."""
    clean.seek(0)
    with Image.open(clean) as opened:
        image = opened.convert("RGB")
    image.thumbnail((PORTRAIT_MAX_SIDE, PORTRAIT_MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    portrait = ContentFile(buffer.getvalue(), name=clean.name)
    portrait.image_size = image.size
    return portrait


@transaction.atomic
def provider_photo_set(*, provider: Provider, upload, alt: str = "") -> Provider:
    """Give a doctor a new portrait from any upload (checked, stripped of metadata and
    resized here), or none; the old file is deleted once the change is committed."""
    old_name = provider.photo.name if provider.photo else ""
    storage = provider.photo.storage
    if upload is None:
        provider.photo = ""
        provider.photo_width = provider.photo_height = None
    else:
        portrait = portrait_file(images.clean_image(upload))
        provider.photo.save(portrait.name, portrait, save=False)
        provider.photo_width, provider.photo_height = portrait.image_size
    if alt:
        setattr(provider, localized("photo_alt"), alt)  # the required English description
    provider.full_clean()
    provider.save()
    if old_name and old_name != (provider.photo.name or ""):
        transaction.on_commit(lambda: storage.delete(old_name))
    return provider
