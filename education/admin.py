from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cancercenter.audit import services as audit
from cancercenter.review.admin import ReviewAdminMixin
from education import revisions
from education.models import FAQ, CancerType, GlossaryTerm, PublicationStatus, Topic, Treatment
from education.scheduling import ScheduleAdminMixin, ScheduledFilter, passed_unpublish_clear

# A version on every save (README, "Revisions"). A topic's FAQs keep histories of their own:
# reverting a topic does not delete the FAQs added since.
for _model in (Treatment, CancerType, Topic, FAQ):
    revisions.register(_model)


@admin.register(Treatment)
class TreatmentAdmin(revisions.VersionedAdmin, TranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CancerType)
class CancerTypeAdmin(revisions.VersionedAdmin, TranslationAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Review overdue")),
            ("due-soon", _("Due in the next 30 days")),
            ("never", _("Never reviewed")),
        ]

    def queryset(self, request, queryset):
        # In any language: each language's text has its own review dates.
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "due-soon":
            return queryset.review_due_soon()
        if self.value() == "never":
            return queryset.filter(last_reviewed_on__isnull=True)
        return queryset


class FAQInline(TranslationTabularInline):
    model = FAQ
    fields = ["question", "order", "is_published"]
    extra = 0
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(ReviewAdminMixin, ScheduleAdminMixin, revisions.VersionedAdmin, TranslationAdmin):
    list_display = [
        "title",
        "status",
        "treatment",
        "publishes_at",
        "unpublishes_at",
        "last_reviewed_on",
        "next_review_due",
        "review_overdue",
        "order",
    ]
    list_filter = ["status", ScheduledFilter, "treatment", ReviewOverdueFilter, "cancer_types"]
    list_select_related = ["treatment"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["cancer_types", "related_topics"]
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish"]
    inlines = [FAQInline]
    readonly_fields = ["created_at", "updated_at", "last_reviewed_by"]
    # Set by a medical reviewer's approval; editors cannot claim a review.
    review_protected_fields = ("last_reviewed_on", "reviewed_by")
    # A revert changes the words, never the record of the medical review.
    revert_keeps = ("last_reviewed_on", "reviewed_by", "last_reviewed_by", "next_review_due")
    # Published medical text changes only through a medical reviewer (or after unpublishing).
    review_locked_text = ("title", "summary", "body")
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Tags"), {"fields": ["treatment", "cancer_types", "related_topics"]}),
        (
            _("Publishing"),
            {"fields": ["review_state", "status", "published_at", "unpublish_at", "order"]},
        ),
        (_("Dictionary links"), {"fields": ["glossary_off"], "classes": ["collapse"]}),
        (
            _("Medical review"),
            {
                "fields": [
                    "last_reviewed_on",
                    "next_review_due",
                    "reviewed_by",
                    "last_reviewed_by",
                ],
                "description": _(
                    "A medical reviewer's approval sets these. Editors submit the topic for "
                    "review with the button at the top of the page."
                ),
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(boolean=True, description=_("review overdue"))
    def review_overdue(self, obj: Topic) -> bool:
        return obj.is_review_overdue

    @admin.action(description=_("Publish selected topics"), permissions=["publish"])
    def publish(self, request, queryset):
        passed_unpublish_clear(queryset)
        count = audit.publication_bulk(
            queryset=queryset,
            change=lambda: queryset.update(status=PublicationStatus.PUBLISHED),
        )
        revisions.versions_record(objects=queryset, comment=_("Published"))
        self.message_user(
            request,
            ngettext("%(count)d topic published.", "%(count)d topics published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected topics (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = audit.publication_bulk(
            queryset=queryset, change=lambda: queryset.update(status=PublicationStatus.DRAFT)
        )
        revisions.versions_record(objects=queryset, comment=_("Unpublished (back to draft)"))
        self.message_user(
            request,
            ngettext("%(count)d topic unpublished.", "%(count)d topics unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(FAQ)
class FAQAdmin(ScheduleAdminMixin, revisions.VersionedAdmin, TranslationAdmin):
    list_display = [
        "question", "topic", "order", "is_published", "publishes_at", "unpublishes_at",
        "updated_at",
    ]  # fmt: skip
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", ScheduledFilter, "topic"]
    list_select_related = ["topic"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["topic"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish selected FAQs"), permissions=["change"])
    def publish(self, request, queryset):
        passed_unpublish_clear(queryset)
        count = queryset.update(is_published=True)
        self.message_user(request, _("%(count)d FAQs published.") % {"count": count})

    @admin.action(description=_("Unpublish selected FAQs"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(request, _("%(count)d FAQs unpublished.") % {"count": count})


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """The NCI dictionary: staff fix a definition or hide a term; imports keep their edits."""

    list_display = ["name", "language", "cdr_id", "is_hidden", "edited_by_staff", "updated_at"]
    list_filter = ["language", "is_hidden", "edited_by_staff", "letter"]
    search_fields = ["name", "search_name", "=cdr_id"]
    fields = ["name", "slug", "language", "cdr_id", "pronunciation", "definition", "is_hidden"]
    readonly_fields = ["language", "cdr_id"]
    actions = ["hide", "show"]
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        if change and set(form.changed_data) & {"name", "definition", "pronunciation"}:
            obj.edited_by_staff = True
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Hide selected terms"), permissions=["change"])
    def hide(self, request, queryset):
        count = queryset.update(is_hidden=True)
        self.message_user(request, _("%(count)d terms hidden.") % {"count": count})

    @admin.action(description=_("Show selected terms"), permissions=["change"])
    def show(self, request, queryset):
        count = queryset.update(is_hidden=False)
        self.message_user(request, _("%(count)d terms shown.") % {"count": count})
