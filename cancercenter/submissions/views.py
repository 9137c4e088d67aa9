import functools
import logging
from dataclasses import dataclass, field
from http import HTTPStatus

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from cancercenter.submissions import antispam
from cancercenter.submissions.models import Submission
from cancercenter.submissions.storage import storage_unavailable

THANKS_SALT = "cancercenter.submissions.thanks"

logger = logging.getLogger(__name__)

# Failures that are not "could not save": the usual 404, 403 and 400 answers.
HTTP_ANSWERS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


def database_unavailable(exc: BaseException) -> bool:
    """The same test as cancercenter.middleware's: the database cannot be reached."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DatabaseError) and type(exc).__name__ == "PoolTimeout"


@dataclass
class TypedField:
    """One field of a form that could not be saved, as the person filled it in."""

    name: str
    label: str
    kind: str  # "text", "textarea", "file" or "kept" (a choice, shown as text, sent hidden)
    input_type: str = "text"
    values: list[str] = field(default_factory=list)
    shown: str = ""


def typed_fields(form_class, data) -> list[TypedField]:
    """What the person typed, field by field, without touching the database.

    Choice labels come from the form class when they are fixed choices; a choice from the
    database (a fund, a cancer type) is kept as its value and sent again unchanged.
    """
    fields = []
    for name, form_field in form_class.base_fields.items():
        if name in ("form_token", "website"):
            continue
        widget = form_field.widget
        values = [value for value in data.getlist(name) if value != ""]
        label = str(form_field.label or name.replace("_", " ").capitalize())
        if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            fields.append(TypedField(name=name, label=label, kind="file"))
        elif isinstance(widget, forms.Textarea):
            fields.append(TypedField(name=name, label=label, kind="textarea", values=values[:1]))
        elif isinstance(widget, forms.widgets.Input) and widget.input_type in {
            "text", "email", "tel", "number", "url", "date",
        }:  # fmt: skip
            fields.append(
                TypedField(
                    name=name,
                    label=label,
                    kind="text",
                    input_type=widget.input_type,
                    values=values[:1],
                )
            )
        elif values:
            shown = values
            if not isinstance(form_field, forms.ModelChoiceField) and getattr(
                form_field, "choices", None
            ):
                labels = {str(key): str(text) for key, text in form_field.choices}
                shown = [labels.get(value, value) for value in values]
            elif isinstance(widget, forms.CheckboxInput):
                shown = [str(_("yes"))]
            elif isinstance(form_field, forms.ModelChoiceField):
                shown = []
            kept = TypedField(name=name, label=label, kind="kept", values=values)
            kept.shown = ", ".join(shown)
            fields.append(kept)
    return fields


def unsaved_response(request, view_class, exc: Exception):
    """The form as the person filled it in, to send again: nothing was stored.

    Rendered without the database (it may be the thing that failed): 503 with Retry-After
    when the database or the object store holding uploads is unreachable, 500 for any other
    failure.
    """
    unavailable = database_unavailable(exc) or storage_unavailable(exc)
    if unavailable:
        what = "Database" if database_unavailable(exc) else "File storage"
        logger.error("%s unavailable: %s; form shown again unsaved", what, type(exc).__name__)
    else:
        logger.exception("A %s form could not be saved; shown again", view_class.rate_limit_scope)
    fields = typed_fields(view_class.form_class, request.POST)
    response = render(
        request,
        "submissions/submission_unsaved.html",
        {
            "fields": fields,
            "form_token": request.POST.get("form_token", ""),
            "has_file": any(typed.kind == "file" for typed in fields),
            "database_unavailable": unavailable,
        },
        status=HTTPStatus.SERVICE_UNAVAILABLE if unavailable else HTTPStatus.INTERNAL_SERVER_ERROR,
    )
    if unavailable:
        response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


def thanks_url(url_name: str, submission: Submission | None, **url_kwargs) -> str:
    """The thank-you page for a submission; the reference travels signed, not guessable.

    A submission that was not kept (a filled honeypot) gets a signed empty reference: the
    page thanks without a number, where a page opened with no submission says nothing was sent.
    """
    url = reverse(url_name, kwargs=url_kwargs or None)
    reference = submission.reference if submission is not None else ""
    return f"{url}?r={signing.dumps(reference, salt=THANKS_SALT)}"


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

    @classmethod
    def as_view(cls, **initkwargs):
        """The view, answering a POST that fails before its row is saved with the text kept.

        It wraps the whole view, so a failure anywhere (a view's own lookups, validation
        against the database, the save) shows the person what they typed, ready to send
        again, instead of an error page that loses it.
        """
        view = super().as_view(**initkwargs)

        @functools.wraps(view)
        def keep_text_on_failure(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except HTTP_ANSWERS:
                raise
            except Exception as exc:
                if request.method != "POST" or getattr(request, "submission_saved", False):
                    raise
                return unsaved_response(request, cls, exc)

        return keep_text_on_failure

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
        if antispam.rate_limit_reached(request, self.rate_limit_scope):
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
        request.submission_saved = True  # committed: a later failure is not "unsaved"
        antispam.rate_limit_count(request, self.rate_limit_scope)
        return HttpResponseRedirect(
            thanks_url(self.thanks_url_name, submission, **self.thanks_url_kwargs())
        )


@method_decorator(never_cache, name="dispatch")
class SubmissionThanksView(TemplateView):
    """The thank-you page: the reference number and what happens next, nothing private.

    Opened directly (a bookmark, the back button after the form expired), with no submission
    behind it, it says plainly that nothing was sent and links to the form, instead of
    thanking someone whose message we never got.
    """

    model: type[Submission]
    form_url_name: str
    nothing_sent_template_name = "submissions/nothing_sent.html"

    def get_template_names(self):
        if not self.request.GET.get("r"):
            return [self.nothing_sent_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reference"] = None
        context["form_url"] = reverse(self.form_url_name, kwargs=self.kwargs or None)
        signed = self.request.GET.get("r", "")
        if signed:
            try:
                reference = signing.loads(signed, salt=THANKS_SALT, max_age=60 * 60 * 24 * 7)
            except signing.BadSignature:
                raise Http404 from None
            if reference:
                context["reference"] = reference
                context["submission"] = self.model.objects.filter(reference=reference).first()
        return context
