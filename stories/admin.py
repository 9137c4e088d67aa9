from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cancercenter.audit import services as audit
from cancercenter.audit.models import AuditAction
from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin
from education import revisions
from stories import images, services
from stories.images import ImageUploadField
from stories.models import Story, StorySubmission

# A version on every save (README, "Revisions").
revisions.register(Story)


class StoryAdminForm(forms.ModelForm):
    # Checked by content and re-encoded without metadata before it is ever stored.
    photo = ImageUploadField(
        label=_("photo"), required=False, help_text=Story.photo.field.help_text
    )

    class Meta:
        model = Story
        fields = [
            "title",
            "slug",
            "display_name",
            "teaser",
            "body",
            "pull_quote",
            "photo",
            "photo_alt",
            "photo_credit",
            "cancer_types",
            "treatments",
            "related_topics",
            "related_trials",
            "featured",
            "status",
            "published_at",
            "consent_received_on",
            "consent_reference",
            "glossary_off",
        ]


@admin.register(Story)
class StoryAdmin(revisions.VersionedAdmin, TranslationAdmin):
    form = StoryAdminForm
    # A revert brings back the words and tags, never the photo (its files move between
    # private and public storage with publication, and old sizes are deleted) nor the
    # written authorization: those stay as they are now.
    revert_keeps = (
        "photo", "photo_renditions", "photo_alt", "photo_credit",
        "consent_received_on", "consent_reference", "featured",
    )  # fmt: skip
    # A deleted story is a person's account withdrawn: no old version of it stays behind.
    forget_on_delete = True
    list_display = [
        "title",
        "display_name",
        "status",
        "published_at",
        "featured",
        "has_consent",
    ]
    list_filter = ["status", "featured", "treatments", "cancer_types"]
    search_fields = ["title", "display_name", "teaser", "body", "consent_reference"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["cancer_types", "treatments", "related_topics"]
    autocomplete_fields = ["related_trials"]  # thousands of imported trials
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "display_name", "teaser", "body", "pull_quote"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_credit"]}),
        (
            _("Tags"),
            {"fields": ["cancer_types", "treatments", "related_topics", "related_trials"]},
        ),
        (
            _("Written authorization"),
            {
                "fields": ["consent_received_on", "consent_reference"],
                "description": _(
                    "Required before publishing. Publishing without the patient's signed "
                    "authorization is against the law, so the site will refuse it."
                ),
            },
        ),
        (_("Publishing"), {"fields": ["status", "published_at", "featured"]}),
        (_("Dictionary links"), {"fields": ["glossary_off"], "classes": ["collapse"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(boolean=True, description=_("authorization on file"))
    def has_consent(self, obj: Story) -> bool:
        return bool(obj.consent_received_on and obj.consent_reference.strip())

    def save_model(self, request, obj, form, change):
        replaced = form.initial.get("photo") if change else None
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data:
            services.story_photo_renditions_refresh(story=obj, replaced_original=replaced)
        else:
            # Published or back to draft: the photo moves to public or private storage.
            services.story_photo_storage_sync(story=obj)

    def get_urls(self):
        urls = [
            path(
                "photo/<path:name>",
                self.admin_site.admin_view(self.photo_view),
                name="stories_story_photo",
            )
        ]
        return urls + super().get_urls()

    def photo_view(self, request, name: str):
        """A draft story's photo (or one of its sizes), for staff who may view stories only;
        never cached. Published photos are plain public media."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        full = f"{images.DRAFT_PHOTO_FOLDER}/{name}"
        story = (
            Story.objects.filter(
                Q(photo=full)
                | Q(photo_renditions__contains=[{"jpg": full}])
                | Q(photo_renditions__contains=[{"webp": full}])
            )
            .only("pk", "photo", "title")
            .first()
        )
        storage = images.story_photo_storage()
        if story is None or not storage.exists(full):
            raise Http404
        content_type = "image/webp" if full.endswith(".webp") else "image/jpeg"
        response = FileResponse(storage.open(full, "rb"), content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        if full == story.photo.name:
            # The page loads each size too; one event per look at the photo is enough.
            audit.audit_record(action=AuditAction.PHOTO_VIEWED, request=request, obj=story)
        return response

    @admin.action(description=_("Publish selected stories"), permissions=["change"])
    def publish(self, request, queryset):
        count, refused = audit.publication_bulk(
            queryset=queryset, change=lambda: services.stories_publish(stories=queryset)
        )
        if count:
            self.message_user(
                request,
                ngettext("%(count)d story published.", "%(count)d stories published.", count)
                % {"count": count},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _(
                    "Not published, because the written authorization is missing: %(titles)s. "
                    "Enter the date it was received and where it is filed, then publish."
                )
                % {"titles": ", ".join(story.title for story in refused)},
                messages.ERROR,
            )

    @admin.action(
        description=_("Unpublish selected stories (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = audit.publication_bulk(
            queryset=queryset, change=lambda: services.stories_unpublish(stories=queryset)
        )
        self.message_user(
            request,
            ngettext("%(count)d story unpublished.", "%(count)d stories unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(StorySubmission)
class StorySubmissionAdmin(SubmissionAdmin):
    """The queue of shared stories; staff can turn one into a draft story, never publish it."""

    list_display = ["reference", "created_at", "name", "treatment", "has_photo", "status",
                    "assignee", "is_overdue", "draft_story_link"]  # fmt: skip
    list_filter = ["status", OverdueFilter, "treatment", "cancer_type", ASSIGNEE_FILTER]
    list_select_related = ["assignee", "treatment", "cancer_type", "draft_story"]
    search_fields = ["reference", "name", "email", "phone", "story"]
    csv_fields = ["reference", "created_at", "name", "email", "phone", "cancer_type",
                  "treatment", "story", "status"]  # fmt: skip
    actions = [*SubmissionAdmin.actions, "make_draft_story"]

    def get_readonly_fields(self, request, obj=None):
        # The private photo is never linked by URL; staff see it through photo_preview.
        hidden = {"photo", "draft_story"}
        fields = [f for f in super().get_readonly_fields(request, obj) if f not in hidden]
        return [*fields, "photo_preview", "draft_story_link"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        for _title, options in fieldsets:
            options["fields"] = [
                f for f in options["fields"] if f not in {"photo_preview", "draft_story_link"}
            ]
        sent = fieldsets[1][1]["fields"]
        sent.insert(sent.index("photo_description"), "photo_preview")
        fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "draft_story_link"]
        return fieldsets

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/photo/",
                self.admin_site.admin_view(self.photo_view),
                name="stories_storysubmission_photo",
            )
        ]
        return urls + super().get_urls()

    def photo_view(self, request, pk: int):
        """The private photo, for signed-in staff only; never cached."""
        submission = get_object_or_404(StorySubmission, pk=pk)
        if not self.has_view_permission(request, submission) or not submission.photo:
            raise Http404
        response = FileResponse(submission.photo.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        audit.audit_record(action=AuditAction.PHOTO_VIEWED, request=request, obj=submission)
        return response

    @admin.display(boolean=True, description=_("photo"))
    def has_photo(self, obj: StorySubmission) -> bool:
        return bool(obj.photo)

    @admin.display(description=_("photo"))
    def photo_preview(self, obj: StorySubmission):
        if not obj.photo:
            return "—"
        url = reverse("admin:stories_storysubmission_photo", args=[obj.pk])
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" width="320"></a>',
            url,
            url,
            obj.photo_description or _("Photo sent with the story"),
        )

    @admin.display(description=_("draft story"))
    def draft_story_link(self, obj: StorySubmission):
        if not obj.draft_story_id:
            return "—"
        url = reverse("admin:stories_story_change", args=[obj.draft_story_id])
        return format_html('<a href="{}">{}</a>', url, obj.draft_story.title)

    @admin.action(description=_("Turn into a draft story (not published)"), permissions=["change"])
    def make_draft_story(self, request, queryset):
        stories = []
        for submission in queryset:
            try:
                stories.append(services.story_create_from_submission(submission=submission))
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(reference)s could not become a draft: %(reasons)s")
                    % {"reference": submission.reference, "reasons": " ".join(error.messages)},
                    messages.ERROR,
                )
        if not stories:
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d draft story is ready for editing: %(titles)s. It can be published "
                "once the written authorization is entered.",
                "%(count)d draft stories are ready for editing: %(titles)s. They can be "
                "published once the written authorization is entered.",
                len(stories),
            )
            % {"count": len(stories), "titles": ", ".join(story.title for story in stories)},
            messages.SUCCESS,
        )
