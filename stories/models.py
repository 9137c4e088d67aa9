import calendar
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import formats, timezone
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
from education.scheduling import is_live, schedule_errors, unpublish_at_field
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


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def default_consent_expiry(received_on: date | None = None) -> date:
    """The usual end of an authorization whose form names no date (settings)."""
    start = received_on or timezone.localdate()
    return add_months(start, settings.STORY_CONSENT_DEFAULT_MONTHS)


def consent_current(today: date | None = None) -> Q:
    """The written authorization is on file, not expired and not revoked on `today`."""
    today = today or timezone.localdate()
    return HAS_WRITTEN_AUTHORIZATION & Q(
        consent_expires_on__gt=today, consent_revoked_on__isnull=True
    )


class ConsentState(models.TextChoices):
    CURRENT = "current", _("Current")
    MISSING = "missing", _("No authorization on file")
    NO_EXPIRY = "no-expiry", _("No expiry date")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class StoryQuerySet(models.QuerySet):
    def published(self):
        """Stories the public may read: published, between their publish and unpublish
        moments, with an authorization that has neither expired nor been revoked."""
        return self.filter(published_in_default_language() & consent_current())

    def consent_expiring(self, *, within_days: int, today: date | None = None):
        """Published stories whose authorization ends within the coming days (admin filter,
        reminders)."""
        today = today or timezone.localdate()
        return self.filter(PUBLISHED_IN_ANY_LANGUAGE, consent_revoked_on__isnull=True).filter(
            consent_expires_on__gt=today,
            consent_expires_on__lte=today + timedelta(days=within_days),
        )

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
    unpublish_at = unpublish_at_field()
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
    consent_expires_on = models.DateField(
        _("authorization expires on"),
        null=True,
        blank=True,
        help_text=_(
            "Required to publish: the expiry date on the signed form. The story leaves the "
            "site on this day, and its photo leaves public storage. Editors are emailed 30 "
            "days before."
        ),
    )
    # Set by recording a revocation (admin, "Record a revocation"); cleared by a newer
    # authorization. Its details are in the story's consent history (StoryConsent).
    consent_revoked_on = models.DateField(
        _("authorization revoked on"), null=True, blank=True, editable=False
    )
    # The expiry date editors were last reminded of: one reminder per story and date.
    consent_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
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
            # An authorization ends (45 CFR 164.508(c)(1)(v)) and can be revoked (b)(5).
            models.CheckConstraint(
                condition=~PUBLISHED_IN_ANY_LANGUAGE | Q(consent_expires_on__isnull=False),
                name="story_published_requires_consent_expiry",
                violation_error_message=_(
                    "Enter the date the written authorization expires before publishing."
                ),
            ),
            models.CheckConstraint(
                condition=~PUBLISHED_IN_ANY_LANGUAGE | Q(consent_revoked_on__isnull=True),
                name="story_published_not_revoked",
                violation_error_message=_("The patient revoked the authorization."),
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

    def get_admin_url(self) -> str:
        return reverse("admin:stories_story_change", args=[self.pk])

    def clean(self) -> None:
        errors = schedule_errors(self)
        statuses = [getattr(self, localized("status", code)) for code in ("en", "es")]
        today = timezone.localdate()
        received, expires = self.consent_received_on, self.consent_expires_on
        if received and expires and expires <= received:
            errors["consent_expires_on"] = ValidationError(
                _("The authorization must expire after the date it was received."),
                code="consent_expiry_before_receipt",
            )
        if PublicationStatus.PUBLISHED in statuses:
            revoked = self.consent_revoked_on
            if revoked and not (received and received > revoked):
                errors["consent_received_on"] = ValidationError(
                    _(
                        "The patient revoked the authorization on %(date)s. To publish again, "
                        "enter the date a new signed authorization was received (after that) "
                        "and its expiry."
                    ),
                    code="consent_revoked",
                    params={"date": formats.date_format(revoked)},
                )
            if not expires:
                errors.setdefault(
                    "consent_expires_on",
                    ValidationError(
                        _(
                            "Enter the date the written authorization expires before "
                            "publishing. It is on the signed form."
                        ),
                        code="consent_expiry_required",
                    ),
                )
            elif expires <= today:
                errors.setdefault(
                    "consent_expires_on",
                    ValidationError(
                        _(
                            "This authorization expired on %(date)s. Enter the renewed "
                            "authorization (when it arrived and its new expiry) to publish."
                        ),
                        code="consent_expired",
                        params={"date": formats.date_format(expires)},
                    ),
                )
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
            # Keyed by the column the admin shows (photo_alt_en): a key the form lacks
            # would raise there instead of showing the message next to the field.
            errors["photo_alt_en"] = ValidationError(
                _("Describe the photo for people who cannot see it."), code="alt_required"
            )
        if errors:
            raise ValidationError(errors)
        require_translated_text(self, ("title", "teaser", "body"))

    @property
    def is_published(self) -> bool:
        status = getattr(self, localized("status"))
        return (
            status == PublicationStatus.PUBLISHED
            and is_live(self)
            and self.consent_state == ConsentState.CURRENT
        )

    @property
    def consent_state(self) -> str:
        if self.consent_revoked_on:
            return ConsentState.REVOKED
        if not (self.consent_received_on and self.consent_reference.strip()):
            return ConsentState.MISSING
        if not self.consent_expires_on:
            return ConsentState.NO_EXPIRY
        if self.consent_expires_on <= timezone.localdate():
            return ConsentState.EXPIRED
        return ConsentState.CURRENT

    @property
    def consent_summary(self) -> str:
        """The current authorization in a few words (admin list and change form)."""
        state = self.consent_state
        if state == ConsentState.REVOKED:
            return _("Revoked on %(date)s") % {"date": formats.date_format(self.consent_revoked_on)}
        if state == ConsentState.EXPIRED:
            return _("Expired on %(date)s") % {"date": formats.date_format(self.consent_expires_on)}
        if state == ConsentState.CURRENT:
            return formats.date_format(self.consent_expires_on)
        return str(state.label)

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


class ConsentKind(models.TextChoices):
    AUTHORIZATION = "authorization", _("Authorization received")
    RENEWAL = "renewal", _("Renewed or corrected")
    REVOCATION = "revocation", _("Revoked")


class RevocationMethod(models.TextChoices):
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in-person", _("In person")


class StoryConsent(models.Model):
    """One event in a story's written authorization: received, renewed, or revoked.

    Rows are only ever added (stories.services), so the history stays as it happened; the
    story itself carries the current state.
    """

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=ConsentKind.choices)
    received_on = models.DateField(
        _("received on"), help_text=_("When the signed form, or the revocation, arrived.")
    )
    reference = models.CharField(_("where it is filed"), max_length=200, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    method = models.CharField(
        _("how it was received"), max_length=20, choices=RevocationMethod.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["story", "-recorded_at", "-pk"]
        verbose_name = _("authorization record")
        verbose_name_plural = _("authorization history")
        indexes = [models.Index(fields=["story", "-recorded_at"], name="storyconsent_story_recent")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="revocation") | ~Q(method=""),
                name="storyconsent_revocation_has_method",
                violation_error_message=_("Say how the revocation was received."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({formats.date_format(self.received_on)})"


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
