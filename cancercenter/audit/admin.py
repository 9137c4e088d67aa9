from django.contrib import admin

from cancercenter.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, for superusers only, read-only (the database refuses changes)."""

    list_display = ["at", "actor_username", "action", "object_type", "object_label", "ip_address"]
    list_filter = ["action", "object_type", "at"]
    search_fields = ["actor_username", "object_id", "object_label", "ip_address"]
    date_hierarchy = "at"
    list_per_page = 100
    readonly_fields = [
        "at", "action", "actor_id", "actor_username", "ip_address", "object_type", "object_id",
        "object_label", "detail",
    ]  # fmt: skip
    fieldsets = [(None, {"fields": readonly_fields})]
    show_full_result_count = False

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}
