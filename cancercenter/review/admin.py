"""Review before publishing, in the admin: the review buttons and pages, the log inline,
the "waiting for me" filter and page. Content admins (topics, stories, pages) use
`ReviewAdminMixin`; it is public to them like the form layer's admin."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cancercenter.review import services
from cancercenter.review.models import ReviewEvent

PUBLISHED = "published"


class WaitingForMeFilter(admin.SimpleListFilter):
    """Submitted items for those who may publish; sent-back items for their submitters."""

    title = _("waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("me", _("Waiting for me"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return services.waiting_for(queryset, request.user)
        return queryset


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kept in the review history and emailed to the person who submitted it."),
    )


class SendBackForm(ReviewCommentForm):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Emailed to the person who submitted it and kept in the review history."),
    )


class TopicApprovalForm(ReviewCommentForm):
    reviewer_name = forms.CharField(
        label=_("Reviewed by, as shown on the page"),
        max_length=200,
        help_text=_("Your name and credentials, e.g. “Dana Ortiz, MD”."),
    )
    next_review_due = forms.DateField(
        label=_("Next review due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The topic shows up in the review cycle from this date."),
    )


def _with_review_state(func):
    """A publish or unpublish action, followed by the review state of what it changed."""

    def action(modeladmin, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        response = func(modeladmin, request, queryset)
        items = modeladmin.model._default_manager.filter(pk__in=pks)
        services.review_state_sync(items=list(items), user=request.user)
        return response

    return action


REVIEW_STEPS = {
    # step: (title, button, form, needs publish permission)
    "submit": (_("Submit for review"), _("Submit for review"), ReviewCommentForm, False),
    "approve": (_("Approve and publish"), _("Approve and publish"), ReviewCommentForm, True),
    "send-back": (_("Send back to draft"), _("Send back"), SendBackForm, True),
}


class ReviewAdminMixin:
    """Review before publishing for a content ModelAdmin (before TranslationAdmin in the
    bases). Without the model's publish permission the status is read-only, the publish
    action is gone and a changed status is refused; the review buttons do the rest."""

    change_form_template = "admin/review/change_form.html"
    # Topic adds its review dates and reviewer: only reviewers set them.
    review_protected_fields: tuple[str, ...] = ()
    # Translated text that, once published in a language, only those who may publish can
    # change there: an edit would otherwise go live unreviewed. Other languages stay open,
    # so a translation can be written and submitted while the original is on the site.
    review_locked_text: tuple[str, ...] = ()

    def has_publish_permission(self, request, obj=None) -> bool:
        return services.can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "review_state", "review_history"]
        if not self.has_publish_permission(request, obj):
            fields += self.replace_orig_field(["status", *self.review_protected_fields])
            if obj is not None:
                for code, _name in settings.LANGUAGES:
                    if getattr(obj, f"status_{code}", None) == PUBLISHED:
                        fields += [f"{name}_{code}" for name in self.review_locked_text]
        return list(dict.fromkeys(fields))

    def get_prepopulated_fields(self, request, obj=None):
        # A slug cannot follow a title the user may not change.
        fields = super().get_prepopulated_fields(request, obj)
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            target: sources
            for target, sources in fields.items()
            if target not in readonly and not readonly & set(sources)
        }

    def get_list_display(self, request):
        return [*super().get_list_display(request), "review_state"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "review_state", WaitingForMeFilter]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Review history"), {"fields": ["review_history"]})]

    @admin.display(description=_("review history"))
    def review_history(self, obj):
        """Every review action on the item, newest first; read-only (no form to post)."""
        if obj is None or obj.pk is None:
            return "—"
        events = ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
                    event.get_action_display(),
                    event.actor_name,
                    format_html_join(
                        "", "<p>{}</p>", ((line,) for line in event.comment.splitlines())
                    ),
                )
                for event in events
            ),
        )
        if not rows:
            return _("Not submitted for review yet.")
        return format_html(
            '<table class="review-history"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            _("When"),
            _("Action"),
            _("By"),
            _("Comment"),
            rows,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("publish", None)
        # The list actions keep the review state true and log what they published.
        for name in ("publish", "unpublish"):
            if name in actions:
                func, action_name, description = actions[name]
                actions[name] = (_with_review_state(func), action_name, description)
        return actions

    def save_model(self, request, obj, form, change):
        if self.has_publish_permission(request, obj):
            super().save_model(request, obj, form, change)
            services.review_state_sync(items=[obj], user=request.user)
            return
        # The form has no status field for them; this refuses a status set any other way.
        if not self.has_publish_permission(request, obj):
            before = {}
            if change:
                before = (
                    type(obj)
                    ._default_manager.filter(pk=obj.pk)
                    .values(*(f"status_{code}" for code, _name in settings.LANGUAGES))
                    .first()
                    or {}
                )
            for code, _name in settings.LANGUAGES:
                now_status = getattr(obj, f"status_{code}")
                if now_status == PUBLISHED and before.get(f"status_{code}") != PUBLISHED:
                    raise PermissionDenied(_("Publishing needs a reviewer's approval."))
        super().save_model(request, obj, form, change)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # A revert writes the old version's text in every language: of a published item,
        # that would put unreviewed text on the site, so it needs the publish permission.
        obj = self.get_object(request, unquote(object_id))
        if (
            obj is not None
            and self.review_locked_text
            and not self.has_publish_permission(request, obj)
            and any(
                getattr(obj, f"status_{code}", None) == PUBLISHED for code, _n in settings.LANGUAGES
            )
        ):
            raise PermissionDenied(_("Reverting published text needs a reviewer's approval."))
        return super().revision_view(request, object_id, version_id, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        context["review_may_publish"] = self.has_publish_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/review/<slug:step>/",
                self.admin_site.admin_view(self.review_view),
                name=f"{opts.app_label}_{opts.model_name}_review",
            )
        ]
        return urls + super().get_urls()

    def review_published(self, request, obj) -> None:
        """After an approval published `obj`: a subclass moves files, clears caches."""

    def review_form_initial(self, request, obj, step: str) -> dict:
        if step == "approve" and hasattr(obj, "last_reviewed_by_id"):
            previous = obj.reviewed_by_en if obj.last_reviewed_by_id == request.user.pk else ""
            interval = timedelta(days=settings.TOPIC_REVIEW_INTERVAL_DAYS)
            return {
                "reviewer_name": previous or services.display_name(request.user),
                "next_review_due": timezone.localdate() + interval,
            }
        return {}

    def review_view(self, request, object_id: str, step: str):
        if step not in REVIEW_STEPS:
            raise PermissionDenied
        title, button, form_class, needs_publish = REVIEW_STEPS[step]
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        allowed = (
            self.has_publish_permission(request, obj)
            if needs_publish
            else self.has_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        if step == "approve" and hasattr(obj, "last_reviewed_by_id"):
            form_class = TopicApprovalForm
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        form = form_class(
            request.POST or None, initial=self.review_form_initial(request, obj, step)
        )
        if request.method == "POST" and form.is_valid():
            try:
                self._review_do(request, obj, step, form.cleaned_data)
            except services.ReviewError as error:
                self.message_user(request, str(error), messages.WARNING)
                return HttpResponseRedirect(change_url)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    target = field if field in form.fields else None
                    for message in errors:
                        if target:
                            form.add_error(target, message)
                        else:
                            form.add_error(None, message)
            else:
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "button": button,
            "step": step,
            "form": form,
            "original": obj,
            "opts": opts,
            "change_url": change_url,
            "submitter": services.submitter(obj),
        }
        return TemplateResponse(request, "admin/review/review_step.html", context)

    def _review_do(self, request, obj, step: str, data: dict) -> None:
        comment = data.get("comment", "")
        if step == "submit":
            services.review_submit(item=obj, user=request.user, comment=comment)
            self.message_user(
                request, _("Submitted for review: it is in the reviewers' list."), messages.SUCCESS
            )
        elif step == "send-back":
            services.review_send_back(item=obj, user=request.user, comment=comment)
            self.message_user(
                request, _("Sent back to draft; the submitter was told why."), messages.SUCCESS
            )
        else:
            event = services.review_approve(
                item=obj,
                user=request.user,
                comment=comment,
                reviewer_name=data.get("reviewer_name", ""),
                next_review_due=data.get("next_review_due"),
            )
            self.review_published(request, obj)
            if obj.published_at > event.at:
                message = _("Approved. It is scheduled: it appears on the site on %(when)s.") % {
                    "when": timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")
                }
            else:
                message = _("Approved and published.")
            missing = [code for code, _name in settings.LANGUAGES if code not in event.languages]
            if missing:
                message += " " + _(
                    "Not published in: %(languages)s (its text is not complete there)."
                ) % {"languages": ", ".join(str(dict(settings.LANGUAGES)[c]) for c in missing)}
            self.message_user(request, message, messages.SUCCESS)


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    """The log of review actions across content, and the "waiting for me" page."""

    list_display = ["at", "action", "content_type", "object_id", "actor_name", "comment"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "comment"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "waiting/",
                self.admin_site.admin_view(self.waiting_view),
                name="review_waiting",
            ),
            *super().get_urls(),
        ]

    def waiting_view(self, request):
        """What waits for this user, per kind of content: at most 20 of each, with a link
        to the whole filtered list."""
        sections = [
            section
            for section in services.waiting_sections(request.user, limit=20)
            if section["may_see"]
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Waiting for me"),
            "sections": sections,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/review/waiting.html", context)
