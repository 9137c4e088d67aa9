from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Lower, Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cancercenter.review.models import review_state_field
from education import previews
from education.glossary_links import glossify, linkable_terms
from education.languages import (
    DEFAULT_LANGUAGE,
    FoldAccents,
    TranslatedContent,
    fold_accents,
    localized,
    require_translated_text,
)
from education.markdown import render_markdown
from education.scheduling import is_live, live, schedule_errors, unpublish_at_field

RESERVED_TOPIC_SLUGS = {"faq"}


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class TreatmentQuerySet(models.QuerySet):
    def with_published_topic(self):
        """Treatments that have at least one published topic, with the first topic's slug.

        Used on the home page, so each treatment links straight to its main topic.
        """
        topics = Topic.objects.published().filter(treatment=OuterRef("pk"))
        return self.annotate(
            main_topic_slug=models.Subquery(topics.order_by("order", "title").values("slug")[:1])
        ).filter(Exists(topics))


class Treatment(TranslatedContent, models.Model):
    """A kind of treatment: the vocabulary that topics, stories and trials are tagged with."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    short_description = models.CharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One or two plain sentences shown on the home page and in lists."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("education:topic-list") + f"#treatment-{self.slug}"


class CancerType(TranslatedContent, models.Model):
    """A cancer type (leukemia, lymphoma…), shared by topics, stories and trials."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cancer type")
        verbose_name_plural = _("cancer types")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("education:topic-list")


def published_in_default_language():
    """Published in the site's own language and between its publish and unpublish moments:
    the page exists (shown in English where its translation is missing). Spelled out per
    column, as the `status` attribute follows the active language."""
    return Q(**{localized("status"): PublicationStatus.PUBLISHED}) & live()


def _any_language(lookup: str, value) -> Q:
    """`lookup` on any language's column of a translated field: "next_review_due__lt"."""
    field, _sep, rest = lookup.partition("__")
    condition = Q()
    for code, _name in settings.LANGUAGES:
        condition |= Q(**{f"{localized(field, code)}__{rest}": value})
    return condition


class TopicQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_in_default_language())

    def visible_to(self, user):
        """Published topics for everyone; drafts too for staff who may view topics."""
        return previews.visible_to(self, user)

    def review_overdue(self, *, today=None):
        """The review cycle (admin filter, dashboard, weekly email): topics whose next
        medical review, in any language, is past."""
        today = today or timezone.localdate()
        return self.filter(_any_language("next_review_due__lt", today))

    def review_due_soon(self, *, today=None, days: int = 30):
        """The review cycle: topics not overdue whose next review, in some language, falls
        within `days` days."""
        today = today or timezone.localdate()
        window = {"gte": today, "lte": today + timedelta(days=days)}
        soon = Q()
        for code, _name in settings.LANGUAGES:
            soon |= Q(**{f"next_review_due_{code}__{key}": value for key, value in window.items()})
        return self.filter(soon).exclude(_any_language("next_review_due__lt", today))

    def search(self, query: str):
        """Rank topics against a plain-language query, over the stored search vector."""
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            self.filter(search_vector=search_query)
            .annotate(rank=SearchRank(models.F("search_vector"), search_query))
            .order_by("-rank", "title")
        )


SEARCH_CONFIGS = {"en": "english", "es": "spanish"}


def _weighted_vector(*weighted_fields: tuple[str, str], language: str = DEFAULT_LANGUAGE):
    """A tsvector over one language's columns with weights (A is strongest), for a stored
    generated column.

    The configuration is spelled out, which keeps the expression immutable, as Postgres
    requires of generated columns. Spanish text has its accents folded first (there is no
    unaccent extension), so "celula" finds "célula"; queries are folded the same way.
    """
    config = SEARCH_CONFIGS[language]
    vectors = []
    for field, weight in weighted_fields:
        column = models.F(localized(field, language))
        source = column if language == DEFAULT_LANGUAGE else FoldAccents(column)
        vectors.append(SearchVector(source, weight=weight, config=config))
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


class Topic(TranslatedContent, models.Model):
    """An education page: what a treatment is, how it works, what to expect."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the page address. Filled in from the title."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Write in Markdown: ## for a section heading, - for a bullet, "
            "[words](https://…) for a link. HTML is removed."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(editable=False, default=list, blank=True)
    treatment = models.ForeignKey(
        Treatment,
        verbose_name=_("treatment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        help_text=_("Leave empty for topics about immunotherapy in general."),
    )
    cancer_types = models.ManyToManyField(
        CancerType, verbose_name=_("cancer types"), blank=True, related_name="topics"
    )
    related_topics = models.ManyToManyField(
        "self", verbose_name=_("related topics"), blank=True, symmetrical=True
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
        help_text=_("The topic appears on the site from this moment, once published."),
    )
    unpublish_at = unpublish_at_field()
    last_reviewed_on = models.DateField(
        _("last medical review"), null=True, blank=True,
        help_text=_("When a clinician last checked this page."),
    )  # fmt: skip
    next_review_due = models.DateField(
        _("next review due"), null=True, blank=True,
        help_text=_("Pages past this date show up under the “review overdue” filter."),
    )  # fmt: skip
    reviewed_by = models.CharField(
        _("reviewed by"), max_length=200, blank=True,
        help_text=_("Name and credentials of the reviewing clinician, e.g. “Dana Ortiz, MD”."),
    )  # fmt: skip
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL,
        null=True, blank=True, editable=False, related_name="+",
        help_text=_("The medical reviewer whose approval last published this topic."),
    )  # fmt: skip
    review_state = review_state_field()
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower comes first."))
    glossary_off = models.TextField(
        _("dictionary words not to link"),
        blank=True,
        help_text=_(
            "The first use of each word from the dictionary of cancer terms links to its "
            "definition. List words that should not link on this page, one per line."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by Postgres itself on every write, so the site search never computes it per query.
    search_vector = models.GeneratedField(
        expression=_weighted_vector(("title", "A"), ("summary", "B"), ("body", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_vector_es = models.GeneratedField(
        expression=_weighted_vector(("title", "A"), ("summary", "B"), ("body", "C"), language="es"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = TopicQuerySet.as_manager()
    # Shown in Spanish once published in Spanish (clean() asks for the Spanish text then).
    translation_required = ("title",)
    translation_status = ("status", PublicationStatus.PUBLISHED)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        permissions = [("publish_topic", _("Can approve and publish topics (medical review)"))]
        indexes = [
            models.Index(fields=["status", "published_at"], name="topic_status_published"),
            GinIndex(fields=["search_vector"], name="topic_search_vector_gin"),
            GinIndex(fields=["search_vector_es"], name="topic_search_vector_es_gin"),
        ]
        # Each language's text has its own medical review dates.
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"next_review_due_{code}__isnull": True})
                | Q(**{f"last_reviewed_on_{code}__isnull": True})
                | Q(**{f"next_review_due_{code}__gte": models.F(f"last_reviewed_on_{code}")}),
                name=f"topic_review_due_after_last_review_{code}",
                violation_error_message=_("The next review must come after the last review."),
            )
            for code in ("en", "es")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Rendered once per edit and language, with its dictionary links, never per request.
        for code, _name in settings.LANGUAGES:
            rendered = render_markdown(getattr(self, localized("body", code)) or "")
            html = glossify(
                rendered.html, language=code, terms=linkable_terms(code), off=self.glossary_off
            )
            setattr(self, localized("body_html", code), html)
            setattr(self, localized("toc", code), rendered.toc)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("education:topic-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = schedule_errors(self)
        if self.slug in RESERVED_TOPIC_SLUGS:
            errors["slug"] = ValidationError(
                _("“%(slug)s” is used by another page. Choose another slug."),
                code="reserved",
                params={"slug": self.slug},
            )
        if errors:
            raise ValidationError(errors)
        require_translated_text(self, ("title", "summary", "body"))

    @property
    def is_published(self) -> bool:
        status = getattr(self, localized("status"))
        return status == PublicationStatus.PUBLISHED and is_live(self)

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


class FAQQuerySet(models.QuerySet):
    def published(self):
        """Published questions, except those filed under a topic that is not public yet:
        the FAQ page heads them with their topic's title, which must not leak early."""
        now = timezone.now()
        return self.filter(Q(**{localized("is_published"): True}) & live(now)).filter(
            models.Q(topic__isnull=True)
            | (
                models.Q(**{f"topic__{localized('status')}": PublicationStatus.PUBLISHED})
                & live(now, prefix="topic__")
            )
        )


class FAQ(TranslatedContent, models.Model):
    """A frequently asked question, shown on the FAQ page and on its topic's page."""

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown. Keep it short and plain."))
    answer_html = models.TextField(editable=False, blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faqs",
        help_text=_("Also shows the question on this topic's page."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("The question appears on the site from this moment, once published."),
    )
    unpublish_at = unpublish_at_field()
    glossary_off = models.TextField(
        _("dictionary words not to link"),
        blank=True,
        help_text=_(
            "The first use of each word from the dictionary of cancer terms links to its "
            "definition. List words that should not link on this page, one per line."
        ),
    )

    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=_weighted_vector(("question", "A"), ("answer", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_vector_es = models.GeneratedField(
        expression=_weighted_vector(("question", "A"), ("answer", "B"), language="es"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = FAQQuerySet.as_manager()
    translation_required = ("question", "answer")
    translation_status = ("is_published", True)

    class Meta:
        ordering = ["order", "question"]
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")
        indexes = [
            GinIndex(fields=["search_vector"], name="faq_search_vector_gin"),
            GinIndex(fields=["search_vector_es"], name="faq_search_vector_es_gin"),
        ]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        for code, _name in settings.LANGUAGES:
            answer = render_markdown(getattr(self, localized("answer", code)) or "").html
            html = glossify(
                answer, language=code, terms=linkable_terms(code), off=self.glossary_off
            )
            setattr(self, localized("answer_html", code), html)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("education:faq") + f"#faq-{self.pk}"

    def clean(self) -> None:
        errors = schedule_errors(self)
        if errors:
            raise ValidationError(errors)


class GlossaryTermQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def in_language(self, language: str):
        return self.filter(language=language)

    def matching(self, query: str):
        """/glossary/?q=: terms whose name contains the words, accents and case ignored."""
        folded = fold_accents(query).lower().strip()
        return self.filter(search_name__contains=folded) if folded else self


class GlossaryTerm(models.Model):
    """One definition of the NCI Dictionary of Cancer Terms, in one language.

    The English and Spanish entries of a term share its CDR id. Loaded by `manage.py
    import_glossary`; a term staff edited keeps their text on the next import.
    """

    cdr_id = models.PositiveIntegerField(
        _("NCI id"), help_text=_("The term's CDR id; shared by its English and Spanish entries.")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("term"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300)
    definition = models.TextField(_("definition"))
    pronunciation = models.CharField(
        _("pronunciation"),
        max_length=300,
        blank=True,
        help_text=_("Written, e.g. (IH-myoo-noh-THAYR-uh-pee). Audio is never loaded."),
    )
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Hidden terms have no page and are never linked from content."),
    )
    edited_by_staff = models.BooleanField(
        _("edited by staff"),
        default=False,
        help_text=_("Set when the term is changed here; the import then keeps this text."),
    )
    source = models.CharField(_("source"), max_length=400, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Stored, accent-free, lower-case name and first letter for search and the A–Z index.
    search_name = models.GeneratedField(
        expression=Lower(FoldAccents(models.F("name"))),
        output_field=models.TextField(),
        db_persist=True,
    )
    letter = models.GeneratedField(
        expression=Upper(Left(FoldAccents(models.F("name")), 1)),
        output_field=models.CharField(max_length=1),
        db_persist=True,
    )

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["search_name", "cdr_id"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                fields=["cdr_id", "language"], name="glossary_term_one_per_language"
            ),
            models.UniqueConstraint(
                fields=["language", "slug"], name="glossary_term_slug_per_language"
            ),
        ]
        indexes = [
            models.Index(fields=["language", "letter", "search_name"], name="glossary_az"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("glossary:term-detail", kwargs={"slug": self.slug})
