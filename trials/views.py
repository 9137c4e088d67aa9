from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models.fields.json import KeyTransform
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from cancercenter.search.models import SearchSynonym
from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView
from education.pagination import ClampedPaginationMixin, WindowCountPaginator
from trials.chips import filter_chips
from trials.forms import TrialFilterForm, TrialInquiryForm
from trials.geo import DEFAULT_RADIUS, zip_place
from trials.models import (
    NCT_ID_IN_TEXT_RE,
    NCT_ID_RE,
    OPEN_STATUSES,
    PHASE_SLUGS,
    STATUS_GROUPS,
    Sex,
    Trial,
    TrialInquiry,
    TrialSite,
    TrialStatus,
)
from trials.services import trial_inquiry_create
from trials.sites import nearest_sites, site_list
from trials.structured_data import medical_trial

# What a result card needs; the original record, locations and rendered texts stay behind.
LIST_DEFERRED = (
    "raw",
    "locations",
    "central_contacts",
    "interventions",
    "eligibility_criteria",
    "eligibility_html",
    "inclusion_html",
    "exclusion_html",
    "detailed_description",
    "detailed_description_html",
    "brief_summary_html",
    "local_notes",
    "local_notes_html",
    "search_vector",
)


def _public_url(path: str) -> str:
    return settings.CENTER["site_url"].rstrip("/") + path


def applies_open_default(filters: dict) -> bool:
    """Whether the finder limits results to open trials: no status ticked, no NCT id typed.

    Someone who types an NCT id wants that trial, whatever its status.
    """
    return not filters.get("status") and not NCT_ID_IN_TEXT_RE.search(filters.get("q", ""))


def attach_nearest_sites(trials, place, miles: float) -> None:
    """Give each trial of a result page its nearest recruiting site (one query)."""
    by_trial = {trial.pk: trial for trial in trials}
    nearest = (
        TrialSite.objects.within(place.latitude, place.longitude, miles)
        .filter(trial_id__in=list(by_trial))
        .order_by("trial_id", "distance", "position")
        .distinct("trial_id")
        .only("trial_id", "facility", "city", "state", "country")
    )
    for site in nearest:
        by_trial[site.trial_id].nearest_site = site


def site_synonym_groups() -> list[list[str]]:
    """The synonym groups editors keep for the site search (one query)."""
    return list(SearchSynonym.objects.values_list("terms", flat=True))


def statuses_for(slugs: list[str]) -> list[str]:
    """The statuses of the ticked groups and of single statuses from a URL."""
    statuses = []
    for slug in slugs:
        statuses.extend(STATUS_GROUPS.get(slug) or [TrialStatus.from_slug(slug)])
    return list(dict.fromkeys(statuses))


def filter_trials(queryset, filters: dict):
    """Apply the finder's filters (see TrialFilterForm) to a queryset of listed trials."""
    if statuses := statuses_for(filters.get("status", [])):
        queryset = queryset.with_status(statuses)
    elif applies_open_default(filters):
        queryset = queryset.open()
    if types := filters.get("type"):
        queryset = queryset.of_types(types)
    if phases := filters.get("phase"):
        queryset = queryset.in_phases(PHASE_SLUGS[slug] for slug in phases)
    if cancer_type := filters.get("cancer_type"):
        queryset = queryset.filter(cancer_types=cancer_type)
    if treatment := filters.get("treatment"):
        queryset = queryset.filter(treatments=treatment)
    if (age := filters.get("age")) is not None:
        queryset = queryset.for_age(age)
    if sex := filters.get("sex"):
        queryset = queryset.for_sex(Sex(sex.upper()))
    if filters.get("healthy_volunteers"):
        queryset = queryset.accepting_healthy_volunteers()
    if filters.get("at_center"):
        queryset = queryset.at_center()
    place = zip_place(filters["zip"]) if filters.get("zip") else None
    if place is not None:
        miles = filters.get("radius") or DEFAULT_RADIUS
        queryset = queryset.near(place.latitude, place.longitude, miles)
    if query := filters.get("q", "").strip():
        return queryset.search(query, site_synonym_groups())
    if place is not None:
        return queryset.order_by("nearest_half_chord", "-is_featured", "nct_id")
    return queryset.order_by("-is_featured", "-last_update_date", "nct_id")


class TrialListView(ClampedPaginationMixin, ListView):
    """/trials/: the finder. GET filters, 20 per page, open trials by default."""

    template_name = "trials/trial_list.html"
    context_object_name = "trials"
    paginate_by = 20

    def get_queryset(self):
        data = self.request.GET.copy()
        if not data.get("radius"):
            data["radius"] = str(DEFAULT_RADIUS)  # what the radius menu shows when unset
        self.form = TrialFilterForm(data)
        return filter_trials(Trial.objects.listed().defer(*LIST_DEFERRED), self.form.filters())

    def get_paginator(self, queryset, *args, **kwargs):
        if self.form.filters().get("zip"):
            # Counting a ZIP search would work out every trial's nearest site twice; the
            # cards show the nearest site from attach_nearest_sites, not the annotation.
            rows = Trial.objects.listed().defer(*LIST_DEFERRED)
            return WindowCountPaginator(queryset, *args, rows=rows, **kwargs)
        return super().get_paginator(queryset, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        filters = self.form.filters()
        context["trials"] = list(context["trials"])
        if filters.get("zip"):
            attach_nearest_sites(context["trials"], zip_place(filters["zip"]), filters["radius"])
        context["has_filters"] = bool(filters)
        context["chips"] = filter_chips(self.request.GET, filters, self.form)
        context["filters_open"] = bool(self.form.errors)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["print_all_url"] = reverse("trials:trial-print") + "?" + params.urlencode()
        context["showing_open_default"] = applies_open_default(self.form.filters())
        context["open_statuses"] = [TrialStatus(status).label for status in OPEN_STATUSES]
        context["breadcrumbs"] = [(_("Clinical trials"), None)]
        return context


PRINT_LIMIT = 100


class TrialPrintView(TemplateView):
    """/trials/print/: a printable list of the trials ticked in the finder (`id`, up to
    100), or of the first 100 results of a finder search (its filters, no `id`)."""

    template_name = "trials/trial_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wanted = [
            value.strip().upper()
            for value in self.request.GET.getlist("id")
            if NCT_ID_RE.match(value.strip().upper())
        ]
        wanted = list(dict.fromkeys(wanted))
        context["too_many"] = len(wanted) > PRINT_LIMIT
        trials = Trial.objects.listed().defer(*LIST_DEFERRED)
        if "id" in self.request.GET:  # ticked in the finder (an unknown id lists nothing)
            by_id = {t.nct_id: t for t in trials.filter(nct_id__in=wanted[:PRINT_LIMIT])}
            chosen = [by_id[nct_id] for nct_id in wanted[:PRINT_LIMIT] if nct_id in by_id]
        else:
            form = TrialFilterForm(self.request.GET)
            chosen = list(filter_trials(trials, form.filters())[:PRINT_LIMIT])
        context["trials"] = chosen
        finder = reverse("trials:trial-list")
        context["breadcrumbs"] = [(_("Clinical trials"), finder), (_("Printable list"), None)]
        return context


class TrialDetailView(DetailView):
    """/trials/<NCT id>/: one listed trial; a lowercase id redirects to the canonical URL."""

    template_name = "trials/trial_detail.html"
    context_object_name = "trial"
    slug_field = "nct_id"
    slug_url_kwarg = "nct_id"

    def get(self, request, *args, **kwargs):
        nct_id = kwargs["nct_id"]
        if nct_id != nct_id.upper():
            url = request.path.replace(nct_id, nct_id.upper(), 1)
            if request.GET:
                url += "?" + request.GET.urlencode()
            return HttpResponsePermanentRedirect(url)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        design_info = KeyTransform(
            "designInfo", KeyTransform("designModule", KeyTransform("protocolSection", "raw"))
        )
        return (
            Trial.objects.listed()
            .defer("raw", "search_vector")
            .annotate(design_info=design_info)
            .prefetch_related("treatments", "cancer_types", "sites")
        )

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404("No listed trial with this NCT id.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trial = self.object
        center = trial.center_info()
        sites = list(trial.sites.all())
        context["center_info"] = center
        context["center_site"] = center.site
        context["sites"] = site_list(sites, trial_is_open=trial.is_open)
        zip_text = self.request.GET.get("zip", "").strip()[:20]
        context["zip"] = zip_text
        if zip_text:
            place = zip_place(zip_text)
            context["zip_place"] = place
            if place is None:
                context["zip_error"] = _(
                    "We could not find the US ZIP code “%(zip)s”. Check its 5 digits."
                ) % {"zip": zip_text}
            else:
                context["near_sites"] = nearest_sites(sites, place)
        context["trial_json_ld"] = medical_trial(trial, _public_url(trial.get_absolute_url()))
        context["email_url"] = "mailto:?" + urlencode(
            {
                "subject": trial.brief_title,
                "body": _("A clinical trial you may want to see: %(title)s\n%(url)s")
                % {"title": trial.brief_title, "url": _public_url(trial.get_absolute_url())},
            },
            quote_via=quote,
        )
        context["breadcrumbs"] = [
            (_("Clinical trials"), reverse("trials:trial-list")),
            (trial.brief_title, None),
        ]
        if trial.offers_inquiry(center):
            context["inquire_url"] = reverse(
                "trials:trial-inquire", kwargs={"nct_id": trial.nct_id}
            )
        return context


class TrialInquiryView(SubmissionCreateView):
    """/trials/<NCT id>/inquire/: “I'm interested in this trial”, on the shared form layer."""

    form_class = TrialInquiryForm
    template_name = "trials/trial_inquiry_form.html"
    thanks_url_name = "trials:trial-inquiry-thanks"
    rate_limit_scope = "inquiry"

    def dispatch(self, request, *args, **kwargs):
        nct_id = kwargs["nct_id"]
        if nct_id != nct_id.upper():
            return HttpResponsePermanentRedirect(request.path.replace(nct_id, nct_id.upper(), 1))
        self.trial = get_object_or_404(
            Trial.objects.listed().only(
                *("nct_id", "brief_title", "overall_status", "is_listed", "central_contacts"),
                *("is_at_center", "center_facility_name", "local_contact_name"),
                *("local_contact_phone", "local_contact_email"),
            ),
            nct_id=nct_id,
        )
        # No new form where the trial page offers none. A form sent from a page opened
        # while it was offered is still saved: a coordinator calls back about other options.
        if request.method != "POST":
            if not self.trial.is_open:
                return self.closed_response()
            center = self.trial.center_info()
            if not self.trial.offers_inquiry(center):
                return self.not_here_response(center)
        return super().dispatch(request, *args, **kwargs)

    def _crumbs(self, last) -> list:
        return [
            (_("Clinical trials"), reverse("trials:trial-list")),
            (self.trial.brief_title, self.trial.get_absolute_url()),
            (last, None),
        ]

    def not_here_response(self, center) -> TemplateResponse:
        """An open trial that this center does not run (or is not enrolling here): say so,
        and who to contact instead, as the trial page does."""
        crumbs = self._crumbs(_("Who to contact"))
        context = {"trial": self.trial, "center_info": center, "breadcrumbs": crumbs}
        return TemplateResponse(self.request, "trials/trial_inquiry_not_here.html", context)

    def closed_response(self) -> TemplateResponse:
        """A closed trial takes no new inquiries: say so, and give the number to call instead."""
        context = {"trial": self.trial, "breadcrumbs": self._crumbs(_("Not enrolling"))}
        return TemplateResponse(self.request, "trials/trial_inquiry_closed.html", context)

    def thanks_url_kwargs(self) -> dict:
        return {"nct_id": self.trial.nct_id}

    def get_context_data(self, **kwargs):
        crumbs = self._crumbs(_("Ask about this trial"))
        return super().get_context_data(trial=self.trial, breadcrumbs=crumbs, **kwargs)

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        return trial_inquiry_create(trial=self.trial, form_data=data, token=form.token)


class TrialInquiryThanksView(SubmissionThanksView):
    model = TrialInquiry
    form_url_name = "trials:trial-inquire"
    template_name = "trials/trial_inquiry_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trial = context["trial"] = get_object_or_404(
            Trial.objects.listed().only("nct_id", "brief_title"), nct_id=self.kwargs["nct_id"]
        )
        context["breadcrumbs"] = [
            (_("Clinical trials"), reverse("trials:trial-list")),
            (trial.brief_title, trial.get_absolute_url()),
            (_("Thank you"), None),
        ]
        return context
