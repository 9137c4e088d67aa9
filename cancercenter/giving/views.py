from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cancercenter.giving import services
from cancercenter.giving.forms import GiftForm
from cancercenter.giving.models import Fund, GiftPledge
from cancercenter.submissions.views import SubmissionCreateView, SubmissionThanksView


class GiftView(SubmissionCreateView):
    """/give/: a gift pledge. Payment happens on a hosted page or with the development office."""

    form_class = GiftForm
    template_name = "cancercenter/gift_form.html"
    thanks_url_name = "give-thanks"
    rate_limit_scope = "gift"

    def get_initial(self):
        """`?fund=<slug>` preselects a fund, so a page can link to "give to this"."""
        fund = Fund.objects.active().filter(slug=self.request.GET.get("fund", "")).first()
        return {"fund": fund} if fund else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pays_online"] = bool(settings.GIFT_PAYMENT_URL)
        context["breadcrumbs"] = [(_("Make a gift"), None)]
        context["gift"] = {
            "foundation_name": settings.GIFT_FOUNDATION_NAME,
            "foundation_ein": settings.GIFT_FOUNDATION_EIN,
            "solicitation_disclosure": settings.GIFT_SOLICITATION_DISCLOSURE,
        }
        return context

    def create_submission(self, form):
        return services.gift_pledge_create(form_data=form.pledge_data(), token=form.token)


class GiftThanksView(SubmissionThanksView):
    """The pledge is saved; say how the gift is completed (hosted payment page or a call)."""

    model = GiftPledge
    form_url_name = "give"
    template_name = "cancercenter/gift_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledge = context.get("submission")
        context["payment_url"] = pledge.payment_url if pledge else ""
        context["breadcrumbs"] = [(_("Make a gift"), reverse("give")), (_("Thank you"), None)]
        return context
