from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "cancercenter.pages"
    label = "pages"
    verbose_name = _("General pages")

    def ready(self):
        from cancercenter.pages import (
            checks,  # noqa: F401  (registers the deploy check)
            signals,  # noqa: F401  (clears the cached menus)
        )
