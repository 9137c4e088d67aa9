from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cancercenter.review.models import review_state_field
from cancercenter.submissions.models import Submission
from cancercenter.submissions.validators import validate_phone, validate_single_line
from education import previews
from education.glossary_links import glossify, linkable_terms
from education.languages import TranslatedContent, localized, require_translated_text
from education.markdown import render_markdown
from education.models import (
    CancerType,
    PublicationStatus,
    Topic,
    Treatment,
    _weighted_vector,
    published_in_default_language,
)
from stories.images import private_storage, story_photo_storage, story_photo_upload_to

CONSENT_REQUIRED_MESSAGE = _(
    "A story can be published only once the patient's written authorization has been "
    "received: enter the date it arrived and where it is filed, or keep the story as a draft."
)


# Written authorization is on file: a date, and a filing reference that is more than spaces.
# Shared by the database constraint and the publish action, so both refuse the same stories.
HAS_WRITTEN_AUTHORIZATION = Q(consent_received_on__isnull=False) & Q(consent_reference__regex=r"\S")
# Published in any language (each has its own status column).
PUBLISHED_IN_ANY_LANGUAGE = Q(status_en=PublicationStatus.PUBLISHED) | Q(
    status_es=PublicationStatus.PUBLISHED
)


class StoryQuerySet(models.QuerySet):
    def published(self):
        """Stories the public may read: published, past their publish date."""
        return self.filter(published_in_default_language())

    def visible_to(self, user):
        """Published stories for everyone; drafts too for staff who may see stories."""
        return previews.visible_to(self, user)

    def featured(self):
        return self.filter(featured=True)

    def for_cards(self):
        """What a story card shows (list, home and topic pages), treatment names included,
        in one query: a subquery, so filtering by treatment never hides a card's others."""
        # In the page's language, English where the treatment has no translation yet.
        name = Coalesce(
            NullIf(F(localized("name", get_language())), Value("")),
            F(localized("name")),
            output_field=models.CharField(),
        )
        names = (
            Treatment.objects.filter(stories=OuterRef("pk"))
            .order_by("order", "name_en")
            .annotate(shown_name=name)
            .values("shown_name")
        )
        return self.annotate(treatment_names=ArraySubquery(names)).defer(
            *(localized(f, code) for f in ("body", "body_html") for code in ("en", "es")),
            "search_vector",
            "search_vector_es",
        )


class Story(TranslatedContent, models.Model):
    """A patient's story, told with their written authorization."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the page address. Filled in from the title."),
    )
    display_name = models.CharField(
        _("patient's name as shown"),
        max_length=120,
        help_text=_("As the patient agreed to be named, e.g. “Maria” or “Tom R.”."),
    )
    teaser = models.CharField(
        _("teaser"),
        max_length=300,
        help_text=_("One or two sentences shown on story cards and in the feed."),
    )
    body = models.TextField(
        _("story"),
        help_text=_(
            "Write in Markdown: ## for a section heading, - for a bullet, "
            "[words](https://…) for a link. HTML is removed."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    pull_quote = models.CharField(
        _("pull quote"),
        max_length=300,
        blank=True,
        help_text=_("Optional: a sentence in the patient's own words, shown large."),
    )

    photo = models.FileField(
        _("photo"),
        # Private while the story is unpublished, public media once it is published.
        storage=story_photo_storage,
        upload_to=story_photo_upload_to,
        blank=True,
        help_text=_(
            "JPEG, PNG or WebP, up to 5 MB. Location and camera data are removed, and "
            "smaller sizes are made for phones."
        ),
    )
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_(
            "Required with a photo: describe it for people who cannot see it, e.g. "
            "“Maria laughing with her two sons on a park bench”."
        ),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_renditions = models.JSONField(default=list, blank=True, editable=False)

    cancer_types = models.ManyToManyField(
        CancerType, verbose_name=_("cancer types"), blank=True, related_name="stories"
    )
    treatments = models.ManyToManyField(
        Treatment,
        verbose_name=_("treatments"),
        blank=True,
        related_name="stories",
        help_text=_("The story appears on the topic pages of these treatments."),
    )
    related_topics = models.ManyToManyField(
        Topic, verbose_name=_("related topics"), blank=True, related_name="stories"
    )
    related_trials = models.ManyToManyField(
        "trials.Trial",
        verbose_name=_("related trials"),
        blank=True,
        related_name="stories",
        help_text=_("Trials this story mentions. Hidden trials are never shown on the site."),
    )

    glossary_off = models.TextField(
        _("dictionary words not to link"),
        blank=True,
        help_text=_(
            "The first use of each word from the dictionary of cancer terms links to its "
            "definition. List words that should not link on this story, one per line."
        ),
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Featured stories appear on the home page.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("The story appears on the site from this moment, once published."),
    )
    review_state = review_state_field()
    consent_received_on = models.DateField(
        _("written authorization received on"),
        null=True,
        blank=True,
        help_text=_("The date the patient's signed authorization to publish arrived."),
    )
    consent_reference = models.CharField(
        _("where the authorization is filed"),
        max_length=200,
        blank=True,
        help_text=_("A reference to find the signed form, e.g. “Legal file 2026-014”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by Postgres on every write (title A, teaser B, body C) for the site search.
    search_vector = models.GeneratedField(
        expression=_weighted_vector(("title", "A"), ("teaser", "B"), ("body", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_vector_es = models.GeneratedField(
        expression=_weighted_vector(("title", "A"), ("teaser", "B"), ("body", "C"), language="es"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = StoryQuerySet.as_manager()
    # Shown in Spanish once published in Spanish (clean() asks for the Spanish text then).
    translation_required = ("title",)
    translation_status = ("status", PublicationStatus.PUBLISHED)

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [("publish_story", _("Can approve and publish stories"))]
        indexes = [
            models.Index(fields=["status", "published_at"], name="story_status_published"),
            GinIndex(fields=["search_vector"], name="story_search_vector_gin"),
            GinIndex(fields=["search_vector_es"], name="story_search_vector_es_gin"),
        ]
        constraints = [
            # The law, in the database: no published story without written authorization.
            models.CheckConstraint(
                condition=~PUBLISHED_IN_ANY_LANGUAGE | HAS_WRITTEN_AUTHORIZATION,
                name="story_published_requires_consent",
                violation_error_message=CONSENT_REQUIRED_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(photo="") | (Q(photo_alt_en__isnull=False) & ~Q(photo_alt_en="")),
                name="story_photo_requires_alt_text",
                violation_error_message=_("Describe the photo for people who cannot see it."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Rendered once per edit and language, never per request.
        for code, _name in settings.LANGUAGES:
            body = render_markdown(getattr(self, localized("body", code)) or "").html
            html = glossify(body, language=code, terms=linkable_terms(code), off=self.glossary_off)
            setattr(self, localized("body_html", code), html)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stories:story-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        statuses = [getattr(self, localized("status", code)) for code in ("en", "es")]
        if PublicationStatus.PUBLISHED in statuses:
            if not self.consent_received_on:
                errors["consent_received_on"] = ValidationError(
                    _("Enter the date the written authorization was received before publishing."),
                    code="consent_required",
                )
            if not self.consent_reference.strip():
                errors["consent_reference"] = ValidationError(
                    _("Enter where the written authorization is filed before publishing."),
                    code="consent_required",
                )
        if self.photo and not (self.photo_alt_en or "").strip():
            errors["photo_alt"] = ValidationError(
                _("Describe the photo for people who cannot see it."), code="alt_required"
            )
        if errors:
            raise ValidationError(errors)
        require_translated_text(self, ("title", "teaser", "body"))

    @property
    def is_published(self) -> bool:
        status = getattr(self, localized("status"))
        return status == PublicationStatus.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_public_status(self) -> bool:
        """Published in some language (perhaps from a later date): its photo is public."""
        return PublicationStatus.PUBLISHED in (self.status_en, self.status_es)

    @property
    def photo_image(self) -> dict | None:
        """Everything a responsive <picture> needs: src, srcsets, width and height."""
        if not self.photo or not self.photo_renditions:
            return None
        renditions = sorted(self.photo_renditions, key=lambda entry: entry["width"])
        fallback = renditions[min(1, len(renditions) - 1)]
        # A draft's photo is served only to staff, through the admin (see images.py).
        storage = self.photo.storage
        return {
            "src": storage.url(fallback["jpg"]),
            "width": fallback["width"],
            "height": fallback["height"],
            "jpeg_srcset": ", ".join(f"{storage.url(r['jpg'])} {r['width']}w" for r in renditions),
            "webp_srcset": ", ".join(f"{storage.url(r['webp'])} {r['width']}w" for r in renditions),
        }


STORY_MAX_LENGTH = 5000


class StorySubmission(Submission):
    """A story someone sent through /stories/share/, waiting for staff to talk with them.

    Nothing here is ever published directly: staff turn it into a draft `Story`, and only a
    story with written authorization can be published.
    """

    reference_prefix = "S"
    notification_kind = "story"

    name = models.CharField(_("your name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(
        _("phone (optional)"),
        max_length=40,
        blank=True,
        validators=[validate_single_line, validate_phone],
    )
    cancer_type = models.ForeignKey(
        CancerType,
        verbose_name=_("cancer type (optional)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    treatment = models.ForeignKey(
        Treatment,
        verbose_name=_("treatment (optional)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    story = models.TextField(_("your story"), max_length=STORY_MAX_LENGTH)
    # Private until staff accept it: outside MEDIA_ROOT, never served.
    photo = models.FileField(
        _("photo (optional)"), storage=private_storage, upload_to="story-submissions/", blank=True
    )
    photo_description = models.CharField(
        _("describe your photo (optional)"), max_length=250, blank=True
    )
    consent = models.BooleanField(_("consent to be contacted"), default=False)
    draft_story = models.ForeignKey(
        Story,
        verbose_name=_("draft story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta(Submission.Meta):
        verbose_name = _("story submission")
        verbose_name_plural = _("story submissions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True), name="story_submission_requires_consent"
            ),
        ]

    def clean(self) -> None:
        if not self.consent:
            raise ValidationError(
                {
                    "consent": ValidationError(
                        _("We need your permission to contact you about your story."),
                        code="consent_required",
                    )
                }
            )
