from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin
from trials.ctgov_api import validate_params
from trials.models import (
    PHASE_SLUGS,
    Phase,
    SyncProfile,
    Trial,
    TrialChange,
    TrialInquiry,
    TrialSite,
    TrialUpload,
)
from trials.services import trial_tags_suggest, trial_upload_create

IMPORTED_FIELDS = [
    "nct_id",
    "brief_title",
    "official_title",
    "acronym",
    "overall_status",
    "why_stopped",
    "phases",
    "study_type",
    "conditions",
    "keywords",
    "interventions",
    "brief_summary",
    "detailed_description",
    "eligibility_criteria",
    "minimum_age",
    "maximum_age",
    "sex",
    "healthy_volunteers",
    "central_contacts",
    "site_count",
    "lead_sponsor",
    "start_date",
    "last_update_date",
    "imported_at",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class TrialImportForm(forms.Form):
    files = MultipleFileField(
        label=_("ClinicalTrials.gov JSON files"),
        help_text=_(
            "One or more files downloaded from the ClinicalTrials.gov API (version 2): a single "
            "study, or a page of studies. Trials are matched by NCT id; your edits to listing, "
            "featuring, local contact, notes and tags are kept."
        ),
    )


class PhaseFilter(admin.SimpleListFilter):
    title = _("phase")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return [(slug, Phase(phase).label) for slug, phase in PHASE_SLUGS.items()]

    def queryset(self, request, queryset):
        if self.value() in PHASE_SLUGS:
            return queryset.in_phases([PHASE_SLUGS[self.value()]])
        return queryset


class TrialSiteInline(admin.TabularInline):
    """The registry's sites, read-only: each import rewrites them."""

    model = TrialSite
    fields = ["facility", "status", "city", "state", "country", "zip_code", "is_recruiting"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Trial)
class TrialAdmin(admin.ModelAdmin):
    change_list_template = "admin/trials/trial/change_list.html"
    list_display = [
        "nct_id",
        "brief_title",
        "overall_status",
        "phase_list",
        "is_listed",
        "is_featured",
        "is_at_center",
        "last_update_date",
    ]
    list_display_links = ["nct_id", "brief_title"]
    list_filter = [
        "overall_status",
        PhaseFilter,
        "is_listed",
        "is_featured",
        "is_at_center",
        "at_center",
        "treatments",
        "cancer_types",
    ]
    search_fields = ["nct_id", "brief_title", "official_title"]
    actions = ["hide", "show", "feature", "unfeature", "suggest_tags"]
    filter_horizontal = ["cancer_types", "treatments"]
    inlines = [TrialSiteInline]
    readonly_fields = ["is_at_center", *IMPORTED_FIELDS]
    fieldsets = [
        (
            _("This center (edited by staff, kept on every import)"),
            {
                "fields": [
                    "is_listed",
                    "is_featured",
                    "is_at_center",
                    "at_center",
                    "center_facility_name",
                    "local_contact_name",
                    "local_contact_phone",
                    "local_contact_email",
                    "local_notes",
                    "cancer_types",
                    "treatments",
                ]
            },
        ),
        (
            _("From ClinicalTrials.gov (read-only, updated by each import)"),
            {"fields": IMPORTED_FIELDS},
        ),
    ]

    def has_add_permission(self, request):
        # Trials come from ClinicalTrials.gov through the import, never typed in by hand.
        return False

    @admin.display(description=_("phases"))
    def phase_list(self, obj: Trial) -> str:
        return obj.phases_label

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="trials_trial_import",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_status_view),
                name="trials_trial_import_status",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = TrialImportForm(request.POST, request.FILES)
            if form.is_valid():
                uploads = trial_upload_create(files=form.cleaned_data["files"], user=request.user)
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d file saved: it is imported in the background.",
                        "%(count)d files saved: they are imported in the background.",
                        len(uploads),
                    )
                    % {"count": len(uploads)},
                    messages.SUCCESS,
                )
                if len(uploads) == 1:
                    return redirect(uploads[0].get_admin_url())
                return redirect("admin:trials_trial_import")
        else:
            form = TrialImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import trials from ClinicalTrials.gov"),
            "form": form,
            "uploads": TrialUpload.objects.select_related("uploaded_by")[:20],
            "changelist_url": reverse("admin:trials_trial_changelist"),
        }
        return TemplateResponse(request, "admin/trials/trial/import.html", context)

    def import_status_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        upload = get_object_or_404(TrialUpload, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(name)s") % {"name": upload.original_name},
            "upload": upload,
            "import_url": reverse("admin:trials_trial_import"),
            "changelist_url": reverse("admin:trials_trial_changelist"),
        }
        return TemplateResponse(request, "admin/trials/trial/import_status.html", context)

    def _bulk_update(self, request, queryset, message, **values):
        count = queryset.update(**values)
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Hide selected trials from the public site"), permissions=["change"]
    )
    def hide(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("%(count)d trial hidden.", "%(count)d trials hidden.", n),
            is_listed=False,
        )

    @admin.action(description=_("Show selected trials on the public site"), permissions=["change"])
    def show(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("%(count)d trial shown.", "%(count)d trials shown.", n),
            is_listed=True,
        )

    @admin.action(description=_("Feature selected trials"), permissions=["change"])
    def feature(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("%(count)d trial featured.", "%(count)d trials featured.", n),
            is_featured=True,
        )

    @admin.action(
        description=_("Suggest cancer types and treatments again (keeps the tags you set)"),
        permissions=["change"],
    )
    def suggest_tags(self, request, queryset):
        trials = queryset.only("pk", "conditions", "keywords", "intervention_names")
        changed, added = trial_tags_suggest(trials=trials)
        tags = ngettext("%(added)d tag added", "%(added)d tags added", added) % {"added": added}
        message = ngettext(
            "%(tags)s to %(changed)d trial; no tag was removed.",
            "%(tags)s to %(changed)d trials; no tag was removed.",
            changed,
        ) % {"tags": tags, "changed": changed}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Stop featuring selected trials"), permissions=["change"])
    def unfeature(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext(
                "%(count)d trial no longer featured.", "%(count)d trials no longer featured.", n
            ),
            is_featured=False,
        )


@admin.register(TrialInquiry)
class TrialInquiryAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "nct_id", "name", "relationship", "status",
                    "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "relationship", OverdueFilter, ASSIGNEE_FILTER]
    list_select_related = ["assignee"]
    search_fields = ["reference", "nct_id", "name", "email", "phone"]
    csv_fields = ["reference", "created_at", "nct_id", "name", "email", "phone", "relationship",
                  "best_time", "message", "status"]  # fmt: skip


@admin.register(SyncProfile)
class SyncProfileAdmin(admin.ModelAdmin):
    """Saved ClinicalTrials.gov searches; `manage.py ctgov_sync` runs the active ones."""

    list_display = ["name", "is_active", "search", "last_run_at", "last_run_ok", "counts"]
    list_filter = ["is_active", "last_run_ok"]
    search_fields = ["name"]
    actions = ["activate", "deactivate"]
    fields = ["name", "params", "is_active", "last_run_at", "last_run_ok", "counts",
              "last_failures", "last_report"]  # fmt: skip
    readonly_fields = ["last_run_at", "last_run_ok", "counts", "last_failures", "last_report"]

    @admin.display(description=_("search"))
    def search(self, obj: SyncProfile) -> str:
        return " ".join(f"{key}={value}" for key, value in sorted(obj.params.items()))

    @admin.display(description=_("last counts"))
    def counts(self, obj: SyncProfile) -> str:
        # jsonb keeps its own key order: show them in the report's.
        order = ["created", "updated", "unchanged", "failed", "pages", "retries"]
        counts = sorted(
            obj.last_counts.items(),
            key=lambda kv: (kv[0] not in order, order.index(kv[0]) if kv[0] in order else 0),
        )
        return ", ".join(f"{key} {value}" for key, value in counts) or "—"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(self):
            cleaned = original_clean(self)
            params = cleaned.get("params")
            if params is not None:
                if not isinstance(params, dict) or not all(
                    isinstance(v, str) for v in params.values()
                ):
                    self.add_error(
                        "params", _("Give an object of parameter names and text values.")
                    )
                else:
                    try:
                        validate_params(params)
                    except ValueError as error:
                        self.add_error("params", str(error))
            return cleaned

        form.clean = clean
        return form

    @admin.action(description=_("Include selected searches in the sync"), permissions=["change"])
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(
            request,
            ngettext("%(count)d search included.", "%(count)d searches included.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Leave selected searches out of the sync"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d search left out.", "%(count)d searches left out.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class SinceFilter(admin.SimpleListFilter):
    """Changes found on or after a chosen date (`?since=YYYY-MM-DD`, a date box)."""

    title = _("found since")
    parameter_name = "since"
    template = "admin/trials/trialchange/since_filter.html"

    def lookups(self, request, model_admin):
        return [("", _("Any date"))]

    def has_output(self):
        return True

    def value(self):
        from datetime import date

        try:
            return date.fromisoformat(super().value() or "")
        except (TypeError, ValueError):
            return None

    def queryset(self, request, queryset):
        since = self.value()
        if since is None:
            return queryset
        from datetime import datetime, time

        from django.utils import timezone

        start = timezone.make_aware(datetime.combine(since, time.min))
        return queryset.filter(detected_at__gte=start)

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Any date"),
            "value": self.value().isoformat() if self.value() else "",
            "hidden": [
                (key, value)
                for key, value in changelist.get_filters_params().items()
                if key != self.parameter_name
            ],
        }


@admin.register(TrialChange)
class TrialChangeAdmin(admin.ModelAdmin):
    """What changed for patients, sync by sync; read-only."""

    list_display = ["detected_at", "trial_link", "kind", "old_value", "new_value", "detail",
                    "digest"]  # fmt: skip
    list_filter = [SinceFilter, "kind", "digest"]
    list_select_related = ["trial", "digest"]
    search_fields = ["trial__nct_id", "trial__brief_title"]
    date_hierarchy = "detected_at"
    actions = []
    readonly_fields = ["trial", "kind", "old_value", "new_value", "detail", "detected_at",
                       "digest"]  # fmt: skip

    @admin.display(description=_("trial"), ordering="trial__nct_id")
    def trial_link(self, obj: TrialChange) -> str:
        return f"{obj.trial.nct_id}: {obj.trial.brief_title[:80]}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
