from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cancercenter.audit import services as audit
from cancercenter.audit.models import AuditAction
from cancercenter.review.admin import ReviewAdminMixin
from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin
from cancercenter.submissions.storage import storage_answers
from education import revisions
from education.scheduling import ScheduleAdminMixin, ScheduledFilter
from stories import images, services
from stories.images import ImageUploadField
from stories.models import (
    RevocationMethod,
    Story,
    StoryConsent,
    StorySubmission,
    default_consent_expiry,
)

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
            "unpublish_at",
            "consent_received_on",
            "consent_reference",
            "consent_expires_on",
            "glossary_off",
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            "photo" in self.changed_data
            and cleaned.get("photo")
            and not all(
                storage_answers(storage) for storage in (images.private_storage(), default_storage)
            )
        ):
            self.add_error(
                "photo",
                ValidationError(
                    _(
                        "The photo store is not answering just now, so nothing was saved. "
                        "Save again in a minute, or clear the new photo to save the rest."
                    ),
                    code="storage_unavailable",
                ),
            )
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("consent_expires_on")
        if field is None:
            return
        months = settings.STORY_CONSENT_DEFAULT_MONTHS
        field.help_text = format_html(
            "{} {}",
            field.help_text,
            ngettext(
                "Where the form names no date, the usual period is %(months)d month after "
                "the authorization was received; an empty field is prefilled with it.",
                "Where the form names no date, the usual period is %(months)d months after "
                "the authorization was received; an empty field is prefilled with it.",
                months,
            )
            % {"months": months},
        )
        if not self.is_bound and not self.instance.consent_expires_on:
            self.initial["consent_expires_on"] = default_consent_expiry(
                self.instance.consent_received_on
            )


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(
        label=capfirst(_("revocation received on")),
        help_text=_("The date the patient's revocation arrived, e.g. 2026-05-14."),
    )
    method = forms.ChoiceField(
        label=capfirst(_("how it was received")),
        choices=RevocationMethod.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=capfirst(_("note")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional: e.g. where the letter is filed. Nothing about the patient's health."
        ),
    )

    def __init__(self, *args, story: Story, **kwargs):
        self.story = story
        super().__init__(*args, **kwargs)

    def clean_revoked_on(self):
        revoked_on = self.cleaned_data["revoked_on"]
        if revoked_on > timezone.localdate():
            raise ValidationError(
                _("Enter the date the revocation arrived: it cannot be in the future."),
                code="future",
            )
        received = self.story.consent_received_on
        if received and revoked_on < received:
            raise ValidationError(
                _(
                    "The authorization was received on %(date)s: a revocation of it cannot "
                    "have arrived before."
                ),
                code="before_authorization",
                params={"date": formats.date_format(received)},
            )
        return revoked_on


class AuthorizationFilter(admin.SimpleListFilter):
    title = _("written authorization")
    parameter_name = "authorization"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("Published, expiring within 30 days")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expiring":
            return queryset.consent_expiring(within_days=30, today=today)
        if self.value() == "expired":
            return queryset.filter(consent_revoked_on__isnull=True, consent_expires_on__lte=today)
        if self.value() == "revoked":
            return queryset.filter(consent_revoked_on__isnull=False)
        return queryset


class ReadOnlyInlineFormSet(BaseInlineFormSet):
    """Shows the rows and takes nothing from the POST (no management form is needed)."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(None, None, *args, **kwargs)

    def is_valid(self) -> bool:
        return True

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []


class StoryConsentInline(admin.TabularInline):
    """The authorization's history, as it happened: added by the services, never edited."""

    model = StoryConsent
    formset = ReadOnlyInlineFormSet
    extra = 0
    can_delete = False
    fields = ["recorded_at", "kind", "received_on", "expires_on", "reference", "method",
              "note", "recorded_by"]  # fmt: skip
    readonly_fields = fields
    ordering = ["-recorded_at", "-pk"]
    verbose_name_plural = _("authorization history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(ReviewAdminMixin, ScheduleAdminMixin, revisions.VersionedAdmin, TranslationAdmin):
    form = StoryAdminForm
    # A revert brings back the words and tags, never the photo (its files move between
    # private and public storage with publication, and old sizes are deleted) nor the
    # written authorization, its expiry or revocation: those stay as they are now.
    revert_keeps = (
        "photo", "photo_renditions", "photo_alt", "photo_credit",
        "consent_received_on", "consent_reference", "consent_expires_on",
        "consent_revoked_on", "consent_reminder_sent_for", "featured",
    )  # fmt: skip
    # A deleted story is a person's account withdrawn: no old version of it stays behind.
    forget_on_delete = True
    list_display = [
        "title",
        "display_name",
        "status",
        "publishes_at",
        "unpublishes_at",
        "featured",
        "has_consent",
        "authorization_expires",
    ]
    list_filter = [
        "status",
        ScheduledFilter,
        AuthorizationFilter,
        "featured",
        "treatments",
        "cancer_types",
    ]
    search_fields = ["title", "display_name", "teaser", "body", "consent_reference"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["cancer_types", "treatments", "related_topics"]
    autocomplete_fields = ["related_trials"]  # thousands of imported trials
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at", "authorization_state"]
    inlines = [StoryConsentInline]
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
                "fields": [
                    "consent_received_on",
                    "consent_reference",
                    "consent_expires_on",
                    "authorization_state",
                ],
                "description": _(
                    "Required before publishing. Publishing without the patient's signed "
                    "authorization is against the law, so the site will refuse it. A renewal "
                    "is entered here too: the history below keeps every version."
                ),
            },
        ),
        (
            _("Publishing"),
            {"fields": ["review_state", "status", "published_at", "unpublish_at", "featured"]},
        ),
        (_("Dictionary links"), {"fields": ["glossary_off"], "classes": ["collapse"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(boolean=True, description=_("authorization on file"))
    def has_consent(self, obj: Story) -> bool:
        return bool(obj.consent_received_on and obj.consent_reference.strip())

    @admin.display(description=_("authorization expires"), ordering="consent_expires_on")
    def authorization_expires(self, obj: Story) -> str:
        return obj.consent_summary

    @admin.display(description=_("current authorization"))
    def authorization_state(self, obj: Story):
        if obj.pk is None:
            return "—"
        if obj.consent_revoked_on or not obj.consent_received_on:
            return obj.consent_summary
        url = reverse("admin:stories_story_revoke", args=[obj.pk])
        return format_html(
            '{} <a class="button" href="{}">{}</a>',
            obj.consent_summary,
            url,
            _("Record a revocation"),
        )

    def save_model(self, request, obj, form, change):
        replaced = form.initial.get("photo") if change else None
        services.story_save(story=obj, user=request.user)
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
            ),
            path(
                "<int:pk>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="stories_story_revoke",
            ),
        ]
        return urls + super().get_urls()

    def revoke_view(self, request, pk: int):
        """Record the patient's revocation: the story leaves the site at once."""
        story = get_object_or_404(Story, pk=pk)
        if not self.has_change_permission(request, story):
            raise PermissionDenied
        change_url = reverse("admin:stories_story_change", args=[story.pk])
        if story.consent_revoked_on:
            self.message_user(
                request,
                _("This authorization was already revoked on %(date)s.")
                % {"date": formats.date_format(story.consent_revoked_on)},
                messages.WARNING,
            )
            return redirect(change_url)
        form = RevocationForm(
            request.POST or None, story=story, initial={"revoked_on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            was_public = story.is_public_status
            services.story_consent_revoke(
                story=story,
                revoked_on=form.cleaned_data["revoked_on"],
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
            done = (
                _("Revocation recorded. The story is off the site and its photo is private.")
                if was_public
                else _("Revocation recorded. The story stays a draft.")
            )
            self.message_user(request, done, messages.SUCCESS)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record a revocation"),
            "story": story,
            "form": form,
            "change_url": change_url,
            "changelist_url": reverse("admin:stories_story_changelist"),
        }
        return TemplateResponse(request, "admin/stories/story/revoke.html", context)

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

    def review_published(self, request, obj):
        services.story_photo_storage_sync(story=obj)  # a published story's photo is public

    @admin.action(description=_("Publish selected stories"), permissions=["publish"])
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
                    "Not published, because the written authorization is missing, expired "
                    "or revoked: %(titles)s. Enter the date it was received, where it is "
                    "filed and when it expires, then publish."
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
