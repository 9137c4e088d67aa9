"""factory_boy factories for stories."""

import io
from datetime import date, timedelta

import factory
from django.utils import timezone
from PIL import Image

from education.models import PublicationStatus
from stories.models import Story


class StoryFactory(factory.django.DjangoModelFactory):
    """A published story with written authorization on file."""

    class Meta:
        model = Story
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    display_name = factory.Sequence(lambda n: f"Patient {n}")
    teaser = "How treatment brought me home to my family."
    body = "## Diagnosis\n\nIt began with tiredness.\n\n## Treatment\n\nThen came the cells."
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    consent_received_on = date(2026, 1, 5)
    consent_reference = factory.Sequence(lambda n: f"Legal file 2026-{n:03d}")
    consent_expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))

    @factory.post_generation
    def treatments(self, create, extracted, **kwargs):
        if create and extracted:
            self.treatments.set(extracted)

    @factory.post_generation
    def cancer_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.cancer_types.set(extracted)


class DraftStoryFactory(StoryFactory):
    status = PublicationStatus.DRAFT
    consent_received_on = None
    consent_reference = ""
    consent_expires_on = None


def image_bytes(fmt: str = "JPEG", size=(1600, 1200), color=(40, 120, 180), **save_kwargs) -> bytes:
    """A real picture made on the spot, in any Pillow format."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()
