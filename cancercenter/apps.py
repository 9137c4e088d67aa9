from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CancerCenterConfig(AppConfig):
    name = "cancercenter"
    verbose_name = _("Cancer center site")

    def ready(self):
        from cancercenter import (
            checks,  # noqa: F401  (registers the deploy checks)
            pagecache,
        )

        pagecache.connect_signals()
