from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "cancercenter.redirects"
    label = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        from cancercenter.redirects import signals  # noqa: F401  (follows changed addresses)
