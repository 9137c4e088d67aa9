from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The staff audit trail: who did or saw what, when, from where. Append-only."""

    name = "cancercenter.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from cancercenter.audit import signals  # noqa: F401
