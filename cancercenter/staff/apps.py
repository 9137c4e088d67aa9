from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff accounts: sign-in lockout, two-step sign-in (MFA) and session limits."""

    name = "cancercenter.staff"
    label = "staff"
    verbose_name = _("Staff accounts")

    def ready(self):
        from cancercenter.staff import signals  # noqa: F401
