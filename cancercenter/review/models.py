"""The review workflow's states and its log.

A reviewable model (topics, stories, pages) has a `review_state` field with these choices
and a `publish_<model>` permission. The state is one for the whole item, in every language:
a review covers all the text the item has when it is submitted (README, "Review before
publishing").
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")


def review_state_field():
    """The same field on every reviewable model."""
    return models.CharField(
        _("review"),
        max_length=10,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
        help_text=_("Changed with the review buttons at the top of the page."),
    )


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved and published")
    SENT_BACK = "sent_back", _("Sent back to draft")


class ReviewEvent(models.Model):
    """One review action on one item: who, when, what, and the comment they left."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=10, choices=ReviewAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=50, blank=True, help_text=_("The languages published.")
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.actor_name})"

    @property
    def reference(self) -> str:
        return f"RV{self.pk}"


class ReviewDigest(models.Model):
    """The weekly review-cycle check: at most one per week, which makes the email weekly."""

    week_of = models.DateField(_("week of"), unique=True, help_text=_("The week's Monday."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)
    overdue_count = models.PositiveIntegerField(_("overdue"), default=0)
    due_soon_count = models.PositiveIntegerField(_("due within 30 days"), default=0)

    class Meta:
        ordering = ["-week_of"]
        verbose_name = _("review-cycle email")
        verbose_name_plural = _("review-cycle emails")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"RC{self.pk}"
