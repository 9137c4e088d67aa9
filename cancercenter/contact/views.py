from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cancercenter.contact import services
from cancercenter.contact.forms import ContactForm
from cancercenter.contact.models import ContactRequest, ContactTopic
from cancercenter.pages.models import Location
from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView


class ContactView(SubmissionCreateView):
    """/contact/: the contact and concierge form."""

    form_class = ContactForm
    template_name = "cancercenter/contact_form.html"
    thanks_url_name = "contact-thanks"
    rate_limit_scope = "contact"

    def get(self, request, *args, **kwargs):
        # The appointment topic has a form of its own that asks what the team needs.
        if request.GET.get("topic") == ContactTopic.APPOINTMENT:
            return HttpResponseRedirect(reverse("care:appointment-request"))
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        topic = self.request.GET.get("topic")
        return {"topic": topic} if topic in ContactTopic.values else {}

    def create_submission(self, form):
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        return services.contact_request_create(form_data=data, token=form.token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[(_("Contact us"), None)],
            locations=Location.objects.published(),
            **kwargs,
        )


class ContactThanksView(SubmissionThanksView):
    model = ContactRequest
    form_url_name = "contact"
    template_name = "cancercenter/contact_thanks.html"

    def get_context_data(self, **kwargs):
        crumbs = [(_("Contact us"), reverse("contact")), (_("Thank you"), None)]
        return super().get_context_data(breadcrumbs=crumbs, **kwargs)
