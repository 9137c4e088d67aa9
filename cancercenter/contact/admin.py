from django.contrib import admin

from cancercenter.contact.models import ContactRequest
from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin


@admin.register(ContactRequest)
class ContactRequestAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "topic", "name", "preferred_method", "status",
                    "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "topic", OverdueFilter, ASSIGNEE_FILTER]
    search_fields = ["reference", "name", "email", "phone"]
    csv_fields = ["reference", "created_at", "topic", "name", "email", "phone",
                  "preferred_method", "preferred_time", "message", "status"]  # fmt: skip
