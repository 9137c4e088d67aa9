from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GivingConfig(AppConfig):
    name = "cancercenter.giving"
    label = "giving"
    verbose_name = _("Gifts and funds")
