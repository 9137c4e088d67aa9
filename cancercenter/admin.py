from django.contrib import admin

from cancercenter.contact import ContactRequest
from cancercenter.gifts import Fund, GiftPledge
from cancercenter.submissions.admin import OverdueFilter, SubmissionAdmin
from cancercenter.synonyms import SearchSynonym

# NotificationAdmin (the outbox) registers itself in cancercenter.submissions.admin.


@admin.register(ContactRequest)
class ContactRequestAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "topic", "name", "preferred_method", "status",
                    "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "topic", OverdueFilter, "assignee"]
    search_fields = ["reference", "name", "email", "phone"]
    csv_fields = ["reference", "created_at", "topic", "name", "email", "phone",
                  "preferred_method", "preferred_time", "message", "status"]  # fmt: skip


@admin.register(GiftPledge)
class GiftPledgeAdmin(SubmissionAdmin):
    """The development office's queue of pledges. No card data exists to show."""

    list_display = ["reference", "created_at", "name", "amount", "frequency", "fund", "tribute",
                    "status", "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "fund", "frequency", "tribute", OverdueFilter, "assignee"]
    list_select_related = ["assignee", "fund"]
    search_fields = ["reference", "name", "email", "phone", "employer", "honoree_name",
                     "notify_name"]  # fmt: skip
    csv_fields = ["reference", "created_at", "amount", "frequency", "fund", "tribute",
                  "honoree_name", "notify_name", "notify_email", "notify_address", "name",
                  "email", "phone", "address", "anonymous", "employer", "message",
                  "status"]  # fmt: skip


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "is_active", "order"]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["note"]
    fields = ["terms", "note"]
