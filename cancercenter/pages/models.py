"""General pages: everything that is not a topic, story or trial (About, Visiting, the
notices the law requires), in a tree whose URL is the path of slugs."""

import hashlib
import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cancercenter.pages.links import site_link_choices
from cancercenter.review.models import review_state_field
from education import previews
from education.languages import TranslatedContent, localized, require_translated_text
from education.markdown import render_markdown
from education.models import PublicationStatus, _weighted_vector
from education.scheduling import is_live, live, schedule_errors, unpublish_at_field

# First path segments that belong to other parts of the site (or to Spanish, /es/).
RESERVED_TOP_SLUGS = {
    "admin", "appointments", "contact", "csp-report", "education", "es", "give", "glossary",
    "doctors", "healthz", "referrals",
    "language", "locations", "media", "robots.txt", "search", "sitemap.xml", "static",
    "stories", "trials",
}  # fmt: skip
MAX_DEPTH = 6


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def published_in_default_language() -> Q:
    """Published in the site's own language, between its publish and unpublish moments: the
    page exists in every language (shown in English where its translation is missing).
    `status` follows the active language, so the column is spelled out."""
    return Q(**{localized("status"): PublicationStatus.PUBLISHED}) & live()


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_in_default_language())

    def visible_to(self, user):
        """Published pages for everyone; drafts too for staff who may view pages."""
        return previews.visible_to(self, user)


class Page(TranslatedContent, models.Model):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a page at the top of the site."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("The last part of the address: lowercase letters, numbers and hyphens."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two plain sentences under the title, in lists and in search."),
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Among pages with the same parent, lower comes first.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(
        _("publish from"),
        default=timezone.now,
        help_text=_("A published page appears from this moment."),
    )
    unpublish_at = unpublish_at_field()
    review_state = review_state_field()
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=70,
        blank=True,
        help_text=_("Optional: a shorter title for the browser tab and search results."),
    )
    seo_description = models.CharField(
        _("description for search engines"),
        max_length=160,
        blank=True,
        help_text=_("Optional: otherwise the summary is used."),
    )
    show_language_taglines = models.BooleanField(
        _("show the language assistance taglines"),
        default=False,
        help_text=_(
            "Adds the notice of free language help in each language of "
            "LANGUAGE_ASSISTANCE_LANGUAGES below the text."
        ),
    )
    template_fingerprint = models.CharField(
        max_length=64,
        editable=False,
        blank=True,
        help_text=_("Set on notices seeded from the project's template text."),
    )
    # Derived from the tree on save: the URL path ("patients/visiting") and the key that
    # sorts pages in tree order (parents before children, siblings by order).
    path = models.CharField(max_length=500, unique=True, editable=False)
    tree_order = models.CharField(max_length=1000, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by Postgres on every write (title A, summary B, body C) for the site search.
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

    objects = PageQuerySet.as_manager()
    # Shown in Spanish once published in Spanish (clean() asks for the Spanish text then).
    translation_required = ("title",)
    translation_status = ("status", PublicationStatus.PUBLISHED)

    class Meta:
        ordering = ["tree_order"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        permissions = [("publish_page", _("Can approve and publish pages"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="page_search_vector_gin"),
            GinIndex(fields=["search_vector_es"], name="page_search_vector_es_gin"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="page_slug_unique_among_siblings",
                nulls_distinct=False,
                violation_error_message=_("Another page under the same parent has this slug."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Rendered once per edit and language, never per request.
        for code, _name in settings.LANGUAGES:
            body = getattr(self, localized("body", code)) or ""
            setattr(self, localized("body_html", code), render_markdown(body).html)
        self._place()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._replace_descendants()

    def get_absolute_url(self) -> str:
        return reverse("pages:page-detail", kwargs={"path": self.path})

    @property
    def is_published(self) -> bool:
        status = getattr(self, localized("status"))
        return status == PublicationStatus.PUBLISHED and is_live(self)

    @property
    def is_unchanged_template_text(self) -> bool:
        """A seeded notice whose English text nobody has edited yet."""
        return bool(self.template_fingerprint) and (
            text_fingerprint(getattr(self, localized("body")) or "") == self.template_fingerprint
        )

    def ancestor_paths(self) -> list[str]:
        parts = self.path.split("/")
        return ["/".join(parts[:i]) for i in range(1, len(parts))]

    def clean(self):
        errors = schedule_errors(self)
        if errors:
            raise ValidationError(errors)
        if self.parent_id is None and self.slug in RESERVED_TOP_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is used by another part of the site.") % {"slug": self.slug}}
            )
        node = self.parent
        depth = 0
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": _("A page cannot be placed under itself.")})
            depth += 1
            node = node.parent
        if depth >= MAX_DEPTH:
            raise ValidationError(
                {"parent": _("Pages can be nested %(n)s deep at most.") % {"n": MAX_DEPTH}}
            )
        require_translated_text(self, ("title", "body"))

    def _place(self) -> None:
        parent = self.parent
        self.path = f"{parent.path}/{self.slug}" if parent else self.slug
        self.depth = parent.depth + 1 if parent else 0
        prefix = parent.tree_order if parent else ""
        self.tree_order = f"{prefix}{self.order:05d}.{self.slug}/"

    def _replace_descendants(self) -> None:
        """A moved, renamed or reordered page takes its subtree along (paths, tree order)."""
        for child in self.children.all():
            child.parent = self
            child._place()
            Page.objects.filter(pk=child.pk).update(
                path=child.path, tree_order=child.tree_order, depth=child.depth
            )
            child._replace_descendants()


# schema.org openingHours: "Mo-Fr 08:00-17:00", "Sa 09:00-12:00", "Mo-Su 00:00-24:00".
DAY = r"(Mo|Tu|We|Th|Fr|Sa|Su)"
OPENING_HOURS = re.compile(
    rf"^{DAY}(-{DAY})?(,{DAY}(-{DAY})?)* ([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$"
)
DAY_NAMES = {
    "Mo": _("Monday"), "Tu": _("Tuesday"), "We": _("Wednesday"), "Th": _("Thursday"),
    "Fr": _("Friday"), "Sa": _("Saturday"), "Su": _("Sunday"),
}  # fmt: skip


def validate_opening_hours(value: str) -> None:
    for line in value.splitlines():
        if line.strip() and not OPENING_HOURS.match(line.strip()):
            raise ValidationError(
                _(
                    "“%(line)s” is not in the form “Mo-Fr 08:00-17:00” "
                    "(one day range and time per line)."
                ),
                params={"line": line.strip()},
            )


class LocationKind(models.TextChoices):
    HOSPITAL = "Hospital", _("Hospital")
    CLINIC = "MedicalClinic", _("Clinic")


class LocationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Location(models.Model):
    """A place patients come to: the main hospital, a clinic, an infusion center."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=LocationKind.choices, default=LocationKind.CLINIC
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    street = models.CharField(_("street address"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("state"), max_length=50)
    postal_code = models.CharField(_("ZIP code"), max_length=10)
    phone = models.CharField(
        _("phone"), max_length=30, help_text=_("As dialled, e.g. +1-555-010-4000.")
    )
    phone_display = models.CharField(
        _("phone as shown"), max_length=30, help_text=_("e.g. (555) 010-4000")
    )
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("One line per day range, e.g. “Mo-Fr 07:30-18:00” and “Sa 08:00-12:00”."),
    )
    hours_note = models.CharField(
        _("note on hours"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Closed on federal holidays.”"),
    )
    parking = models.TextField(_("parking"), blank=True)
    directions = models.TextField(_("directions"), blank=True, help_text=_("By car, bus or train."))
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free entrances, wheelchairs, hearing loops."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_main = models.BooleanField(_("main location"), default=False, help_text=_("Listed first."))
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["-is_main", "order", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:location-detail", kwargs={"slug": self.slug})

    @property
    def hours(self) -> list[tuple[str, str]]:
        """Opening hours for people: [("Monday to Friday", "07:30 to 18:00"), ...]."""
        rows = []
        for line in self.opening_hours.splitlines():
            if not line.strip():
                continue
            days, times = line.strip().split(" ")
            ranges = []
            for part in days.split(","):
                first, _dash, last = part.partition("-")
                ranges.append(
                    _("%(first)s to %(last)s")
                    % {"first": DAY_NAMES[first], "last": DAY_NAMES[last]}
                    if last
                    else str(DAY_NAMES[first])
                )
            opens, closes = times.split("-")
            rows.append(
                (
                    ", ".join(ranges),
                    _("%(opens)s to %(closes)s") % {"opens": opens, "closes": closes},
                )
            )
        return rows

    @property
    def map_url(self) -> str:
        """OpenStreetMap at the location (a link, never an embedded third-party map)."""
        if self.latitude is None or self.longitude is None:
            from urllib.parse import quote

            address = f"{self.street}, {self.city}, {self.region} {self.postal_code}"
            return f"https://www.openstreetmap.org/search?query={quote(address)}"
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    def json_ld(self, site_url: str) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": self.kind,
            "name": self.name,
            "url": site_url + self.get_absolute_url(),
            "telephone": self.phone,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "addressLocality": self.city,
                "addressRegion": self.region,
                "postalCode": self.postal_code,
                "addressCountry": "US",
            },
        }
        hours = [line.strip() for line in self.opening_hours.splitlines() if line.strip()]
        if hours:
            data["openingHours"] = hours
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        return data


class MenuPlacement(models.TextChoices):
    HEADER = "header", _("Header: the main navigation")
    FOOTER = "footer", _("Footer: a group of links")


class Menu(models.Model):
    """The header navigation, or one group of links in the footer (its title is the group's
    heading). Shown through cancercenter/pages/menus.py, which caches them."""

    placement = models.CharField(_("placement"), max_length=10, choices=MenuPlacement.choices)
    title = models.CharField(
        _("title"),
        max_length=100,
        help_text=_("The heading above a footer group; for the header, only a name for staff."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Footer groups: lower comes first.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["placement", "order", "pk"]
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(placement="header"),
                name="menu_one_header",
                violation_error_message=_("The site has one header menu; edit that one."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_placement_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        # Every page shows the menus; the home page is where staff see their edit.
        return reverse("home")


class MenuItem(models.Model):
    """One link: to a general page, a named part of the site, or an outside address."""

    menu = models.ForeignKey(
        Menu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the page's title or the site's own name for that part."),
    )
    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="menu_items",
        help_text=_("A general page. The link shows only while the page is published."),
    )
    site_link = models.CharField(
        _("part of the site"),
        max_length=30,
        blank=True,
        choices=site_link_choices,  # a callable: a new part of the site needs no migration
    )
    url = models.URLField(
        _("outside address"),
        blank=True,
        help_text=_("A full address starting with https://"),
    )

    class Meta:
        ordering = ["menu", "order", "pk"]
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(page__isnull=False, site_link="", url="")
                    | Q(~Q(site_link=""), page__isnull=True, url="")
                    | Q(~Q(url=""), page__isnull=True, site_link="")
                ),
                name="menuitem_exactly_one_target",
                violation_error_message=_(
                    "Choose exactly one of: a page, a part of the site, or an outside address."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.label or (self.page.title if self.page_id else "") or self.site_link or self.url

    def clean(self):
        targets = [bool(self.page_id), bool(self.site_link), bool(self.url)]
        if sum(targets) != 1:
            raise ValidationError(
                _("Choose exactly one of: a page, a part of the site, or an outside address.")
            )
        if self.url and not self.url.lower().startswith(("https://", "http://")):
            raise ValidationError({"url": _("Enter an address starting with https://")})
        if self.url and not self.label:
            raise ValidationError({"label": _("An outside address needs a label.")})
