from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cancercenter.care.forms import ProviderAdminForm
from cancercenter.care.models import AppointmentRequest, Provider, Referral, SpokenLanguage
from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin
from education import revisions


class LanguageSpokenFilter(admin.SimpleListFilter):
    title = _("language spoken")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return SpokenLanguage.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(languages_spoken__contains=[self.value()])
        return queryset


# A version on every save (README, "Revisions").
revisions.register(Provider)


@admin.register(Provider)
class ProviderAdmin(revisions.VersionedAdmin, TranslationAdmin):
    form = ProviderAdminForm
    list_display = ["display_name", "title", "accepting_new_patients", "is_published",
                    "updated_at"]  # fmt: skip
    list_display_links = ["display_name"]
    list_filter = ["is_published", "accepting_new_patients", "treatments", "cancer_types",
                   "locations", LanguageSpokenFilter]  # fmt: skip
    search_fields = ["name", "credentials", "title", "biography", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["treatments", "cancer_types", "locations"]
    autocomplete_fields = ["trials"]  # thousands of imported trials
    actions = ["publish", "unpublish"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "form_of_address", "credentials", "title"]}),
        (_("Portrait"), {"fields": ["photo", "photo_alt"]}),
        (
            _("What patients look for"),
            {
                "fields": [
                    "treatments",
                    "cancer_types",
                    "locations",
                    "languages_spoken",
                    "accepting_new_patients",
                ]
            },
        ),  # fmt: skip
        (_("Biography"), {"fields": ["biography"]}),
        (_("Clinical trials"), {"fields": ["trials"]}),
        (_("Publishing"), {"fields": ["is_published", "updated_at"]}),
    ]

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Provider) -> str:
        return obj.display_name

    def save_model(self, request, obj, form, change):
        replaced = (form.initial.get("photo") or "") if change else ""
        if "photo" in form.changed_data:
            upload = form.cleaned_data.get("photo")
            size = getattr(upload, "image_size", None)
            obj.photo_width, obj.photo_height = size if size else (None, None)
        super().save_model(request, obj, form, change)
        replaced = getattr(replaced, "name", replaced)
        if replaced and replaced != obj.photo.name:
            # A replaced or removed portrait stops being reachable at its old address.
            storage = obj.photo.storage
            transaction.on_commit(lambda: storage.delete(replaced))

    @admin.action(description=_("Publish the selected doctors"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        revisions.versions_record(objects=queryset, comment=_("Published"))
        self.message_user(
            request,
            ngettext("%(count)d doctor published.", "%(count)d doctors published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected doctors"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        revisions.versions_record(objects=queryset, comment=_("Unpublished (back to draft)"))
        self.message_user(
            request,
            ngettext("%(count)d doctor unpublished.", "%(count)d doctors unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "kind", "name", "cancer_type", "insurance",
                    "location", "doctor", "status", "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "kind", OverdueFilter, "insurance", "location",
                   "interpreter_needed", ("doctor", admin.RelatedOnlyFieldListFilter),
                   ASSIGNEE_FILTER]  # fmt: skip
    list_select_related = ["assignee", "cancer_type", "location", "doctor"]
    search_fields = ["reference", "name", "patient_name", "email", "phone"]
    csv_fields = ["reference", "created_at", "kind", "requested_for", "name", "patient_name",
                  "relationship", "email", "phone", "preferred_method", "preferred_time",
                  "cancer_type", "diagnosis", "diagnosis_confirmed", "treatment_so_far",
                  "insurance", "location", "doctor", "language", "interpreter_needed",
                  "status"]  # fmt: skip


@admin.register(Referral)
class ReferralAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "urgency", "provider_name", "practice",
                    "patient_name", "status", "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "urgency", OverdueFilter, "treatment", ASSIGNEE_FILTER]
    list_select_related = ["assignee", "treatment"]
    search_fields = ["reference", "provider_name", "npi", "practice", "patient_name",
                     "provider_email"]  # fmt: skip
    csv_fields = ["reference", "created_at", "urgency", "provider_name", "npi", "practice",
                  "provider_phone", "provider_fax", "provider_email", "patient_name",
                  "patient_phone", "patient_email", "cancer_type", "diagnosis", "treatment",
                  "request_details", "status"]  # fmt: skip
