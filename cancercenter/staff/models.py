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


class StaffSession(models.Model):
    """A signed-in staff session, so "sign out everywhere" can end each one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
