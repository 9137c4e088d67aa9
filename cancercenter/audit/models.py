from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login-failed", _("sign-in failed")
    LOGOUT = "logout", _("signed out")
    LOCKED_OUT = "locked-out", _("locked out")
    UNLOCKED = "unlocked", _("unlocked")
    SIGNED_OUT_EVERYWHERE = "signed-out-everywhere", _("signed out everywhere")
    MFA_ADDED = "mfa-added", _("second factor added")
    MFA_REMOVED = "mfa-removed", _("second factor removed")
    ACCOUNT_CHANGED = "account-changed", _("account flags changed")
    GROUPS_CHANGED = "groups-changed", _("groups changed")
    PERMISSIONS_CHANGED = "permissions-changed", _("permissions changed")
    SUBMISSION_VIEWED = "submission-viewed", _("submission viewed")
    PHOTO_VIEWED = "photo-viewed", _("photo viewed")
    EXPORTED = "exported", _("exported to CSV")
    STATUS_CHANGED = "status-changed", _("status changed")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")


class AuditEvent(models.Model):
    """One thing a person did or saw in the back office. Never a submission's contents.

    The database refuses UPDATE and DELETE on this table (a trigger, migration 0002); only
    `audit_prune` removes events, and only those older than AUDIT_RETENTION_DAYS.
    The actor is kept by id and name, not as a foreign key, so deleting an account keeps
    (and never has to change) its history.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=32, choices=AuditAction.choices)
    actor_id = models.IntegerField(_("user id"), null=True, blank=True, db_index=True)
    actor_username = models.CharField(_("who"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    object_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_label = models.CharField(_("record"), max_length=200, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        who = self.actor_username or _("someone")
        return f"{self.at:%Y-%m-%d %H:%M} {who}: {self.get_action_display()}"
