from django.contrib import admin

from cancercenter.care.models import AppointmentRequest, Referral
from cancercenter.submissions.admin import ASSIGNEE_FILTER, OverdueFilter, SubmissionAdmin


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "kind", "name", "cancer_type", "insurance",
                    "location", "status", "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "kind", OverdueFilter, "insurance", "location",
                   "interpreter_needed", ASSIGNEE_FILTER]  # fmt: skip
    list_select_related = ["assignee", "cancer_type", "location"]
    search_fields = ["reference", "name", "patient_name", "email", "phone"]
    csv_fields = ["reference", "created_at", "kind", "requested_for", "name", "patient_name",
                  "relationship", "email", "phone", "preferred_method", "preferred_time",
                  "cancer_type", "diagnosis", "diagnosis_confirmed", "treatment_so_far",
                  "insurance", "location", "language", "interpreter_needed",
                  "status"]  # fmt: skip


@admin.register(Referral)
class ReferralAdmin(SubmissionAdmin):
    list_display = ["reference", "created_at", "urgency", "provider_name", "practice",
                    "patient_name", "status", "assignee", "is_overdue"]  # fmt: skip
    list_filter = ["status", "urgency", OverdueFilter, "treatment", ASSIGNEE_FILTER]
    list_select_related = ["assignee", "treatment"]
    search_fields = ["reference", "provider_name", "npi", "practice", "patient_name",
                     "provider_email"]  # fmt: skip
    csv_fields = ["reference", "created_at", "urgency", "provider_name", "npi", "practice",
                  "provider_phone", "provider_fax", "provider_email", "patient_name",
                  "patient_phone", "patient_email", "cancer_type", "diagnosis", "treatment",
                  "request_details", "status"]  # fmt: skip
