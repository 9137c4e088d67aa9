from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cancercenter.submissions.models import Notification


def outbox_alert(request) -> dict:
    """On admin pages, how many notification emails of this user's queues need attention.

    Rendered as a banner by templates/admin/base_site.html; one query, only in the admin.
    """
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or match.namespace != "admin" or not getattr(user, "is_staff", False):
        return {}

    def alert() -> dict:
        from cancercenter.submissions.admin import NotificationAdmin

        model_admin = NotificationAdmin(Notification, None)
        if not user.has_perm(f"{Notification._meta.app_label}.view_notification"):
            return {"count": 0}
        queryset = model_admin.get_queryset(request).needing_attention()
        url = reverse(f"admin:{Notification._meta.app_label}_notification_changelist")
        return {"count": queryset.count(), "url": f"{url}?attention=yes"}

    return {"outbox_alert": SimpleLazyObject(alert)}
