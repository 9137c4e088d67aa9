from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cancercenter.care import services
from cancercenter.care.forms import AppointmentRequestForm, ReferralForm
from cancercenter.care.models import AppointmentRequest, Referral, RequestKind
from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView


class AppointmentRequestView(SubmissionCreateView):
    """/appointments/request/: an appointment or second-opinion request."""

    form_class = AppointmentRequestForm
    template_name = "care/appointmentrequest_form.html"
    thanks_url_name = "care:appointment-thanks"
    rate_limit_scope = "appointment"

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in RequestKind.values else {}

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        return services.appointment_request_create(form_data=data, token=form.token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[(_("Request an appointment"), None)],
            response_time=AppointmentRequest.response_time_text,
            **kwargs,
        )


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
