import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions import business_days

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(prefix: str) -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{code[:4]}-{code[4:]}"


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ContactMethod(models.TextChoices):
    """How a person wants to be reached, on every form that asks."""

    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class BestTime(models.TextChoices):
    """When a person would like to be called back; shared by every form that asks."""

    ANY = "any", _("Any time")
    MORNING = "morning", _("Morning (8 a.m. to noon)")
    AFTERNOON = "afternoon", _("Afternoon (noon to 5 p.m.)")
    EVENING = "evening", _("Early evening (5 to 7 p.m.)")


class Submission(models.Model):
    """What every public form submission has: a reference, a queue status, an owner."""

    reference_prefix = "X"
    notification_kind = "submission"
    # The promised response time in business hours; None is SUBMISSION_RESPONSE_HOURS.
    response_hours: int | None = None

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, editable=False, db_index=True
    )
    client_key = models.UUIDField(
        unique=True,
        null=True,
        editable=False,
        help_text=_("One-time key from the signed form token; stops double submissions."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Only staff see these notes. The person who wrote in never does."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    # Fields staff may edit; everything else is what the person sent, read-only in the admin.
    STAFF_FIELDS = ("status", "assignee", "internal_notes")

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = new_reference(self.reference_prefix)
        super().save(*args, **kwargs)

    def get_admin_url(self) -> str:
        meta = self._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.pk])

    def acknowledgement_email(self) -> str:
        """The address that gets the person's acknowledgement, or "" for none."""
        return getattr(self, "email", "") or ""

    def notification_context(self) -> dict:
        """Extra context for this kind's email templates."""
        return {}

    def extra_notifications(self) -> list["PlannedNotification"]:
        """Emails beyond staff and the person, e.g. someone a gift honours; none by default."""
        return []

    @classmethod
    def promised_hours(cls) -> int:
        """The business hours this kind of submission promises to answer within."""
        return cls.response_hours or settings.SUBMISSION_RESPONSE_HOURS

    def response_hours_for(self) -> int:
        """This submission's promise (a kind may promise some requests sooner)."""
        return self.promised_hours()

    @classmethod
    def overdue_condition(cls, at: datetime) -> models.Q:
        """Rows (open or not) whose promised answer was due before `at`."""
        cutoff = business_days.subtract_business_hours(at, cls.promised_hours())
        return models.Q(created_at__lt=cutoff)

    @property
    def response_due_at(self) -> datetime:
        return business_days.response_deadline(self.created_at, self.response_hours_for())

    @property
    def is_closed(self) -> bool:
        return self.status == SubmissionStatus.DONE


@dataclass(frozen=True)
class PlannedNotification:
    """One email a submission asks for: who gets it and which template renders it.

    The template is `templates/emails/<name>.txt`; its first line is the subject, and it
    gets the same context as the staff and acknowledgement emails.
    """

    audience: str
    recipients: list[str]
    template: str


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    UNCONFIRMED = "unconfirmed", _("May have been sent: check before sending again")
    FAILED = "failed", _("Failed: needs attention")


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.exclude(status=NotificationStatus.SENT)

    def needing_attention(self):
        """Emails staff should know about: given up, unconfirmed, or failing for a while.

        For the admin banner and /healthz.
        """
        return self.filter(
            models.Q(status__in=[NotificationStatus.FAILED, NotificationStatus.UNCONFIRMED])
            | models.Q(
                status=NotificationStatus.PENDING,
                attempts__gte=settings.NOTIFICATION_ALERT_ATTEMPTS,
            )
        )


class Notification(models.Model):
    """One email to send: the outbox that makes a failing mail server harmless.

    Each attempt is recorded before the mail server is contacted ("sending"), again just
    before the server can accept the message (`handed_over_at`), and once it has ("sent"),
    so a crash at any point is visible and never leads to a second copy (services.py).
    """

    class Audience(models.TextChoices):
        STAFF = "staff", _("Staff")
        PERSON = "person", _("The person who wrote in")
        NOTIFIED = "notified", _("Someone the person asked us to tell")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    submission = GenericForeignKey("content_type", "object_id")
    reference = models.CharField(_("reference"), max_length=20, db_index=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    recipients = models.TextField(_("recipients"), help_text=_("One address per line."))
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    message_id = models.CharField(
        _("Message-ID"),
        max_length=250,
        blank=True,
        editable=False,
        help_text=_("The same on every try, so mail programs can spot a repeated copy."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempt_started_at = models.DateTimeField(_("last try started"), null=True, blank=True)
    handed_over_at = models.DateTimeField(
        _("handed to the mail server"),
        null=True,
        blank=True,
        help_text=_("When the last try gave the message to the mail server to accept."),
    )
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True, db_index=True)
    retry_until = models.DateTimeField(
        _("retry until"),
        null=True,
        blank=True,
        help_text=_("After this, failures are no longer retried by themselves."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "cancercenter_notification"  # the table it had before the app split
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
