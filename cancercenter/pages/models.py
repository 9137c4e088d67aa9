"""General pages: everything that is not a topic, story or trial (About, Visiting, the
notices the law requires), in a tree whose URL is the path of slugs."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from education.markdown import render_markdown
from education.models import PublicationStatus

# First path segments that belong to other parts of the site (or to Spanish, /es/).
RESERVED_TOP_SLUGS = {
    "admin", "contact", "education", "es", "give", "healthz", "language", "media",
    "robots.txt", "search", "sitemap.xml", "static", "stories", "trials",
}  # fmt: skip
MAX_DEPTH = 6


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        return self if user.is_staff else self.published()


class Page(models.Model):
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

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["tree_order"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
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
        self.body_html = render_markdown(self.body).html
        self._place()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._replace_descendants()

    def get_absolute_url(self) -> str:
        return reverse("pages:page-detail", kwargs={"path": self.path})

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_unchanged_template_text(self) -> bool:
        return bool(self.template_fingerprint) and (
            text_fingerprint(self.body) == self.template_fingerprint
        )

    def ancestor_paths(self) -> list[str]:
        parts = self.path.split("/")
        return ["/".join(parts[:i]) for i in range(1, len(parts))]

    def clean(self):
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
