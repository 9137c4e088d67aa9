import time
from datetime import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cancercenter.submissions import business_days, services, signals
from cancercenter.submissions.csv_export import csv_response
from cancercenter.submissions.models import Notification, NotificationStatus, SubmissionStatus


def visible_submission_types(user) -> list[ContentType]:
    """Content types of the submission kinds whose queue this user may view."""
    types = ContentType.objects.get_for_models(*services.submission_models())
    return [
        content_type
        for model, content_type in types.items()
        # As in the admin itself, permission to change implies permission to view.
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        or user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]


# When the user last typed their password to confirm an export (time.time()).
REAUTH_SESSION_KEY = "submissions_reauth_at"

# Filter a queue by owner, listing only people who own something in it: the whole user
# list would show every team's staff to every team.
ASSIGNEE_FILTER = ("assignee", admin.RelatedOnlyFieldListFilter)


class OverdueFilter(admin.SimpleListFilter):
    """Open submissions past the response time the site promises, in business hours."""

    title = _("response time")
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("on-time", _("Within the promised time"))]

    def queryset(self, request, queryset):
        overdue = queryset.model.overdue_condition(business_days.now())
        open_items = queryset.exclude(status=SubmissionStatus.DONE)
        if self.value() == "overdue":
            return open_items.filter(overdue)
        if self.value() == "on-time":
            return open_items.exclude(overdue)
        return queryset


class SubmissionAdmin(admin.ModelAdmin):
    """A staff queue: what the person sent is read-only; status, owner and notes are not.

    Subclasses list their own columns in `list_display` (after the defaults if they like),
    `search_fields`, and `csv_fields` (model field names, in export order).
    """

    list_display = ["reference", "created_at", "status", "assignee", "is_overdue"]
    list_filter = ["status", OverdueFilter, ASSIGNEE_FILTER]
    list_select_related = ["assignee"]
    date_hierarchy = "created_at"
    actions = ["mark_in_progress", "mark_done", "assign_to_me", "export_csv"]
    csv_fields: list[str] = []

    def has_add_permission(self, request) -> bool:
        return False  # submissions come from the public forms only

    def get_readonly_fields(self, request, obj=None):
        staff_fields = set(self.model.STAFF_FIELDS)
        submitted = [
            field.name
            for field in self.model._meta.get_fields()
            if field.concrete and not field.auto_created and field.name not in staff_fields
        ]
        return [*submitted, "notification_status"]

    def get_fieldsets(self, request, obj=None):
        readonly = [f for f in self.get_readonly_fields(request, obj) if f != "notification_status"]
        return [
            (_("Queue"), {"fields": list(self.model.STAFF_FIELDS)}),
            (_("What they sent"), {"fields": readonly}),
            (_("Emails"), {"fields": ["notification_status"]}),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            # Only the people who handle this queue, not every account on the site.
            object_id = request.resolver_match.kwargs.get("object_id")
            current = (
                self.model.objects.filter(pk=object_id).values_list("assignee", flat=True).first()
                if object_id and str(object_id).isdigit()
                else None
            )
            kwargs["queryset"] = services.queue_handlers(model=self.model, include_pk=current)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and obj is not None and response.status_code == 200:
            signals.submission_viewed.send(sender=self.model, request=request, submission=obj)
        return response

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            super().save_model(request, obj, form, change)
            services.submission_set_status(submission=obj, status=obj.status)
        else:
            super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description=_("overdue"))
    def is_overdue(self, obj) -> bool:
        if obj.status == SubmissionStatus.DONE:
            return False
        return obj.response_due_at < business_days.now()

    @admin.display(description=_("emails"))
    def notification_status(self, obj):
        notifications = Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("created_at")
        if not notifications:
            return "—"
        items = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((n.get_audience_display(), n.get_status_display()) for n in notifications),
        )
        return format_html("<ul>{}</ul>", items)

    def _set_status(self, request, queryset, status):
        count = services.submissions_set_status(queryset=queryset, status=status)
        self.message_user(
            request,
            ngettext("%(count)d item updated.", "%(count)d items updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, SubmissionStatus.IN_PROGRESS)

    @admin.action(description=_("Mark selected as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._set_status(request, queryset, SubmissionStatus.DONE)

    @admin.action(description=_("Assign selected to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = queryset.update(assignee=request.user)
        self.message_user(request, _("%(count)d assigned to you.") % {"count": count})

    @admin.action(description=_("Export selected to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        if not password_recently_confirmed(request):
            refused = self.confirm_password(request, queryset)
            if refused is not None:
                return refused
        fields = self.csv_fields or ["reference", "created_at", "status"]
        header = [str(self.model._meta.get_field(name).verbose_name) for name in fields]

        def value(obj, name):
            if self.model._meta.get_field(name).choices:
                return getattr(obj, f"get_{name}_display")()
            raw = getattr(obj, name)
            if isinstance(raw, datetime):
                return timezone.localtime(raw).strftime("%Y-%m-%d %H:%M")
            if isinstance(raw, bool):
                return _("yes") if raw else _("no")
            return raw

        signals.submissions_exported.send(
            sender=self.model,
            request=request,
            references=list(queryset.values_list("reference", flat=True)),
        )
        rows = ([value(obj, name) for name in fields] for obj in queryset.iterator())
        return csv_response(filename=self.model._meta.model_name, header=header, rows=rows)

    def confirm_password(self, request, queryset):
        """Ask for the password again before an export; None once it is confirmed.

        The page posts the same action and selection back, so the export carries on.
        """
        error = None
        password = request.POST.get("reauth_password")
        if password:
            user = authenticate(request, username=request.user.get_username(), password=password)
            if user is not None and user.pk == request.user.pk:
                request.session[REAUTH_SESSION_KEY] = time.time()
                return None
            error = _("That password is not right. Try again.")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirm your password to export"),
            "opts": self.model._meta,
            "count": queryset.count(),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": request.POST.get("action", "export_csv"),
            "error": error,
        }
        return TemplateResponse(
            request, "admin/submissions/export_reauth.html", context, status=200
        )


@receiver(user_logged_in, dispatch_uid="submissions_password_confirmed_at_sign_in")
def password_confirmed_at_sign_in(sender, request, user, **kwargs):
    """Signing in is typing the password: an export right after it asks no second time."""
    if request is not None and hasattr(request, "session"):
        request.session[REAUTH_SESSION_KEY] = time.time()


def password_recently_confirmed(request) -> bool:
    """Whether the user typed their password within STAFF_REAUTH_MINUTES."""
    confirmed_at = request.session.get(REAUTH_SESSION_KEY)
    return bool(confirmed_at) and time.time() - confirmed_at < settings.STAFF_REAUTH_MINUTES * 60


class AttentionFilter(admin.SimpleListFilter):
    """The emails the admin banner counts: given up, unconfirmed, or failing for a while."""

    title = _("attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("Needs attention"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needing_attention()
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: which emails went out, which failed and why, with a resend action."""

    list_display = [
        "reference",
        "audience",
        "subject",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = [
        AttentionFilter,
        "status",
        "audience",
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["reference", "subject"]
    actions = ["send_again"]
    readonly_fields = [
        "content_type", "object_id", "reference", "audience", "recipients", "subject", "body",
        "message_id", "status", "attempts", "last_error", "created_at", "attempt_started_at",
        "handed_over_at", "next_attempt_at", "retry_until", "sent_at",
    ]  # fmt: skip
    exclude = []

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        """Only the emails of queues this user may see, so one team never reads another's."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(content_type__in=visible_submission_types(request.user))

    @admin.action(description=_("Send selected again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = services.notifications_retry(queryset=queryset)
        sent = queryset.filter(status=NotificationStatus.SENT).count()
        self.message_user(
            request,
            _("%(count)d queued again; %(sent)d of the selected are now sent.")
            % {"count": count, "sent": sent},
        )
