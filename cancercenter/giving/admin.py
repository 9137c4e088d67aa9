from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cancercenter.giving import services
from cancercenter.giving.models import Fund, GiftPledge
from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin


@admin.register(GiftPledge)
class GiftPledgeAdmin(SubmissionAdmin):
    """The development office's queue of pledges. No card data exists to show."""

    list_display = ["reference", "created_at", "name", "amount", "frequency", "fund", "tribute",
                    "status", "assignee", "is_overdue"]  # fmt: skip
    list_filter = [
        "status",
        "fund",
        "frequency",
        "tribute",
        OverdueFilter,
        ASSIGNEE_FILTER,
    ]
    list_select_related = ["assignee", "fund"]
    search_fields = ["reference", "name", "email", "phone", "employer", "honoree_name",
                     "notify_name"]  # fmt: skip
    actions = [*SubmissionAdmin.actions, "tell_tribute_contacts"]
    csv_fields = ["reference", "created_at", "amount", "frequency", "fund", "tribute",
                  "honoree_name", "notify_name", "notify_email", "notify_address", "name",
                  "email", "phone", "address", "anonymous", "employer", "message",
                  "status"]  # fmt: skip

    @admin.action(
        description=_("Gift received: email the person the donor asked us to tell"),
        permissions=["change"],
    )
    def tell_tribute_contacts(self, request, queryset):
        count = services.gift_tributes_send(queryset=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d person will be told of the gift (never the amount).",
                "%(count)d people will be told of the gift (never the amount).",
                count,
            )
            % {"count": count}
            if count
            else _("Nobody to tell: no email given, or they were told already."),
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(Fund)
class FundAdmin(TranslationAdmin):
    list_display = ["name", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "is_active", "order"]
