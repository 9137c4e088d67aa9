from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cancercenter.audit import services as audit
from cancercenter.pages import menus
from cancercenter.pages.models import Location, Menu, MenuItem, Page
from cancercenter.review.admin import ReviewAdminMixin
from education import revisions
from education.models import PublicationStatus
from education.scheduling import ScheduleAdminMixin, ScheduledFilter, passed_unpublish_clear

# A version on every save (README, "Revisions"); a menu's versions hold its links.
revisions.register(Page)
revisions.register(Location)
revisions.register(MenuItem)
revisions.register(Menu, follow=["items"])


class TemplateTextFilter(admin.SimpleListFilter):
    title = _("template text")
    parameter_name = "template_text"

    def lookups(self, request, model_admin):
        return [("unchanged", _("Unchanged template text: review before launch"))]

    def queryset(self, request, queryset):
        if self.value() == "unchanged":
            ids = [
                p.pk
                for p in queryset.exclude(template_fingerprint="")
                if p.is_unchanged_template_text
            ]
            return queryset.filter(pk__in=ids)
        return queryset


@admin.register(Page)
class PageAdmin(ReviewAdminMixin, ScheduleAdminMixin, revisions.VersionedAdmin, TranslationAdmin):
    """The page tree in tree order; editors reorder siblings with the order column."""

    list_display = [
        "tree_title",
        "url",
        "status",
        "publishes_at",
        "unpublishes_at",
        "order",
        "template_review",
        "next_review_due",
        "updated_at",
    ]
    list_editable = ["order"]
    list_filter = ["status", ScheduledFilter, TemplateTextFilter, "depth"]
    search_fields = ["title", "summary", "body", "path"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["url", "template_review"]
    actions = ["publish", "unpublish"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["title", "parent", "slug", "url", "summary", "body"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "review_state",
                    "status",
                    "published_at",
                    "unpublish_at",
                    "order",
                    "template_review",
                ]
            },
        ),
        (_("Medical and compliance review"), {"fields": ["last_reviewed_on", "next_review_due"]}),
        (
            _("Search engines"),
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        (_("Notices"), {"fields": ["show_language_taglines"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("title"), ordering="tree_order")
    def tree_title(self, page):
        return format_html(
            '<span style="padding-left:{}em">{}</span>', page.depth * 1.5, page.title
        )

    @admin.display(description=_("address"))
    def url(self, page):
        return f"/{page.path}/" if page.path else "—"

    @admin.display(description=_("text"))
    def template_review(self, page):
        if page.is_unchanged_template_text:
            return _("Template text: your privacy and compliance officers must review it")
        return _("Edited") if page.template_fingerprint else "—"

    @admin.action(description=_("Publish the selected pages"), permissions=["publish"])
    def publish(self, request, queryset):
        passed_unpublish_clear(queryset)
        count = audit.publication_bulk(
            queryset=queryset,
            change=lambda: queryset.update(
                status=PublicationStatus.PUBLISHED, published_at=timezone.now()
            ),
        )
        menus.invalidate()  # an update() sends no signal; a menu may link to these pages
        revisions.versions_record(objects=queryset, comment=_("Published"))
        self.message_user(
            request,
            ngettext("%d page published.", "%d pages published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish the selected pages (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = audit.publication_bulk(
            queryset=queryset, change=lambda: queryset.update(status=PublicationStatus.DRAFT)
        )
        menus.invalidate()
        revisions.versions_record(objects=queryset, comment=_("Unpublished (back to draft)"))
        self.message_user(
            request,
            ngettext("%d page unpublished.", "%d pages unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Location)
class LocationAdmin(revisions.VersionedAdmin, TranslationAdmin):
    list_display = ["name", "kind", "city", "phone_display", "is_main", "is_published", "order"]
    list_editable = ["order", "is_published"]
    list_filter = ["kind", "is_published", "city"]
    search_fields = ["name", "street", "city", "postal_code"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "is_main", "is_published", "order"]}),
        (
            _("Address and phone"),
            {
                "fields": [
                    "street",
                    "city",
                    "region",
                    "postal_code",
                    "phone",
                    "phone_display",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (
            _("Visiting"),
            {"fields": ["opening_hours", "hours_note", "parking", "directions", "accessibility"]},
        ),
    ]


class MenuItemInline(TranslationTabularInline):
    model = MenuItem
    extra = 1
    fields = ["order", "label", "page", "site_link", "url"]
    autocomplete_fields = ["page"]
    ordering = ["order", "pk"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Menu)
class MenuAdmin(revisions.VersionedAdmin, TranslationAdmin):
    """The header navigation and the footer's link groups. Each item links to one of: a
    general page (shown while it is published), a part of the site, or an outside address.
    A change shows on the next page anyone opens."""

    list_display = ["title", "placement", "order", "links", "updated_at"]
    list_editable = ["order"]
    list_filter = ["placement"]
    search_fields = ["title", "items__label", "items__url", "items__page__title"]
    inlines = [MenuItemInline]
    fields = ["placement", "title", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_count=Count("items"))

    @admin.display(description=_("links"), ordering="link_count")
    def links(self, menu):
        return menu.link_count
