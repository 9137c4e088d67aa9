from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DevelopmentMFASkip(models.Model):
    """The development superuser of `make run`, who may skip two-step sign-in.

    Honoured only while DEBUG is on (cancercenter/staff/middleware.py); with DEBUG off this
    account must set up a second factor like every other.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_mfa_skip"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("development two-step skip")
        verbose_name_plural = _("development two-step skips")

    def __str__(self) -> str:
        return str(self.user)
