import re

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from cancercenter.care import services, structured_data
from cancercenter.care.forms import AppointmentRequestForm, ProviderFilterForm, ReferralForm
from cancercenter.care.models import AppointmentRequest, Provider, Referral, RequestKind
from cancercenter.pages.models import Location
from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView
from education import previews
from education.models import Topic
from education.pagination import ClampedPaginationMixin
from trials.models import Trial

SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,80}")


class ProviderListView(ClampedPaginationMixin, ListView):
    """/doctors/: published doctors, filtered by treatment, cancer type, location, language
    and whether they take new patients (GET, so a search can be shared as a link)."""

    template_name = "care/provider_list.html"
    context_object_name = "providers"
    paginate_by = 12

    def get_queryset(self):
        self.filter_form = ProviderFilterForm(self.request.GET or None)
        return self.filter_form.filter(Provider.objects.published().for_cards())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            is_filtered=self.filter_form.is_filtered,
            breadcrumbs=[(_("Find a doctor"), None)],
            **kwargs,
        )


class ProviderDetailView(DetailView):
    """/doctors/<slug>/: one doctor's profile; staff preview unpublished ones."""

    template_name = "care/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self):
        return Provider.objects.visible_to(self.request.user).prefetch_related(
            "treatments",
            "cancer_types",
            Prefetch(
                "locations", queryset=Location.objects.published(), to_attr="published_locations"
            ),
            Prefetch(
                "trials",
                queryset=Trial.objects.listed()
                .only("nct_id", "brief_title", "overall_status", "is_featured")
                .order_by("nct_id"),
                to_attr="listed_trials",
            ),
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return previews.mark_preview(response, self.object)

    def get_context_data(self, **kwargs):
        provider = self.object
        site_url = settings.CENTER["site_url"].rstrip("/")
        treatment_ids = [treatment.pk for treatment in provider.treatments.all()]
        # One query: the published topic of each of their treatments, for "Learn about …".
        topics = (
            Topic.objects.published()
            .filter(treatment__in=treatment_ids)
            .order_by("treatment_id", "order", "title")
            .distinct("treatment_id")
            .only("slug", "treatment_id")
            if treatment_ids
            else []
        )
        topic_by_treatment = {topic.treatment_id: topic for topic in topics}
        return super().get_context_data(
            breadcrumbs=[
                (_("Find a doctor"), reverse("care:provider-list")),
                (provider.display_name, None),
            ],
            content_language_missing=provider.content_language_missing,
            specialties=[
                (treatment, topic_by_treatment.get(treatment.pk))
                for treatment in provider.treatments.all()
            ],
            request_url=reverse("care:appointment-request") + f"?doctor={provider.slug}",
            physician_json_ld=structured_data.physician(
                provider, url=site_url + provider.get_absolute_url(), site_url=site_url
            ),
            **kwargs,
        )


class AppointmentRequestView(SubmissionCreateView):
    """/appointments/request/: an appointment or second-opinion request."""

    form_class = AppointmentRequestForm
    template_name = "care/appointmentrequest_form.html"
    thanks_url_name = "care:appointment-thanks"
    rate_limit_scope = "appointment"

    def get_initial(self):
        initial = {}
        kind = self.request.GET.get("kind")
        if kind in RequestKind.values:
            initial["kind"] = kind
        # ?doctor=<slug> from a doctor's page; an unknown or unpublished one is ignored.
        slug = self.request.GET.get("doctor", "")
        if SLUG_RE.fullmatch(slug):
            doctor = Provider.objects.published().filter(slug=slug).first()
            if doctor is not None:
                initial["doctor"] = doctor
        return initial

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        return services.appointment_request_create(form_data=data, token=form.token)

    @staticmethod
    def chosen_doctor(form) -> Provider | None:
        """The doctor the form is set to: from ?doctor= before sending, as sent after."""
        if form is None or "doctor" not in form.fields:
            return None
        if form.is_bound:
            return getattr(form, "cleaned_data", {}).get("doctor")
        return form.initial.get("doctor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            breadcrumbs=[(_("Request an appointment"), None)],
            response_time=AppointmentRequest.response_time_text,
            **kwargs,
        )
        context["chosen_doctor"] = self.chosen_doctor(context.get("form"))
        return context


class AppointmentThanksView(SubmissionThanksView):
    model = AppointmentRequest
    form_url_name = "care:appointment-request"
    template_name = "care/appointmentrequest_thanks.html"

    def get_context_data(self, **kwargs):
        crumbs = [
            (_("Request an appointment"), reverse("care:appointment-request")),
            (_("Thank you"), None),
        ]
        return super().get_context_data(
            breadcrumbs=crumbs, response_time=AppointmentRequest.response_time_text, **kwargs
        )


class ReferralView(SubmissionCreateView):
    """/referrals/: a physician refers a patient."""

    form_class = ReferralForm
    template_name = "care/referral_form.html"
    thanks_url_name = "care:referral-thanks"
    rate_limit_scope = "referral"

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        return services.referral_create(form_data=data, token=form.token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[(_("Refer a patient"), None)],
            response_time=Referral.response_time_text,
            urgent_response_time=Referral.urgent_response_time_text,
            **kwargs,
        )


class ReferralThanksView(SubmissionThanksView):
    model = Referral
    form_url_name = "care:referral"
    template_name = "care/referral_thanks.html"

    def get_context_data(self, **kwargs):
        crumbs = [(_("Refer a patient"), reverse("care:referral")), (_("Thank you"), None)]
        context = super().get_context_data(breadcrumbs=crumbs, **kwargs)
        submission = context.get("submission")
        context["response_time"] = (
            submission.notification_context()["response_time"]
            if submission
            else Referral.response_time_text
        )
        return context
