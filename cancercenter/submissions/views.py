from http import HTTPStatus

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from cancercenter.submissions import antispam
from cancercenter.submissions.models import Submission

THANKS_SALT = "cancercenter.submissions.thanks"


def thanks_url(url_name: str, submission: Submission | None, **url_kwargs) -> str:
    """The thank-you page for a submission; the reference travels signed, not guessable."""
    url = reverse(url_name, kwargs=url_kwargs or None)
    if submission is None:
        return url
    return f"{url}?r={signing.dumps(submission.reference, salt=THANKS_SALT)}"


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
class SubmissionCreateView(FormView):
    """A public form that saves first, then redirects to its thank-you page (PRG).

    Subclasses set `form_class`, `template_name`, `thanks_url_name`, `rate_limit_scope` and
    implement `create_submission(form) -> (submission, created)` by calling a service.
    """

    thanks_url_name: str
    rate_limit_scope: str
    too_fast_message = _(
        "Please check your details, then press the button again to send. "
        "Nothing you typed has been lost."
    )

    def create_submission(self, form) -> tuple[Submission, bool]:
        raise NotImplementedError

    def thanks_url_kwargs(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("rate_limited", False)
        context["max_lengths"] = {
            name: field.max_length
            for name, field in context["form"].fields.items()
            if getattr(field, "max_length", None)
        }
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bot:
            # Only scripts fill the hidden field: say thanks and keep nothing.
            return HttpResponseRedirect(
                thanks_url(self.thanks_url_name, None, **self.thanks_url_kwargs())
            )
        if antispam.rate_limited(request, self.rate_limit_scope):
            form.is_valid()  # show field errors too, if any, with the text kept
            form.refresh_token()
            response = self.render_to_response(self.get_context_data(form=form, rate_limited=True))
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
            response["Retry-After"] = str(settings.FORM_RATE_LIMIT[1])
            return response
        if not form.is_valid():
            form.refresh_token()
            return self.form_invalid(form)
        token = form.token
        if token is None or antispam.filled_too_fast(token):
            # A person may be quick or have an old page open; never drop what they typed.
            form.add_error(None, self.too_fast_message)
            form.refresh_token()
            return self.form_invalid(form)
        submission, _created = self.create_submission(form)
        return HttpResponseRedirect(
            thanks_url(self.thanks_url_name, submission, **self.thanks_url_kwargs())
        )


@method_decorator(never_cache, name="dispatch")
class SubmissionThanksView(TemplateView):
    """The thank-you page: the reference number and what happens next, nothing private."""

    model: type[Submission]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reference"] = None
        signed = self.request.GET.get("r", "")
        if signed:
            try:
                reference = signing.loads(signed, salt=THANKS_SALT, max_age=60 * 60 * 24 * 7)
            except signing.BadSignature:
                raise Http404 from None
            context["reference"] = reference
            context["submission"] = self.model.objects.filter(reference=reference).first()
        return context
