"""The contact and concierge form: appointments, travel, billing and other requests."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions.models import BestTime, ContactMethod, Submission
from cancercenter.submissions.validators import validate_phone, validate_single_line

MESSAGE_MAX_LENGTH = 2000


class ContactTopic(models.TextChoices):
    APPOINTMENT = "appointment", _("An appointment or a second opinion")
    TRAVEL = "travel", _("Travel and lodging")
    INTERNATIONAL = "international", _("Help for international patients")
    BILLING = "billing", _("Billing and financial help")
    TRIALS = "trials", _("Clinical trials")
    OTHER = "other", _("Something else")


class ContactRequest(Submission):
    """A request for help from a patient, family member or caregiver."""

    reference_prefix = "C"
    notification_kind = "contact"

    topic = models.CharField(_("how can we help?"), max_length=20, choices=ContactTopic.choices)
    name = models.CharField(_("your name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line, validate_phone]
    )
    preferred_method = models.CharField(
        _("how should we contact you?"),
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )
    preferred_time = models.CharField(
        _("best time to reach you"),
        max_length=10,
        choices=BestTime.choices,
        default=BestTime.ANY,
    )
    message = models.TextField(_("your message"), max_length=MESSAGE_MAX_LENGTH)
    consent = models.BooleanField(_("consent to be contacted"), default=False)

    class Meta(Submission.Meta):
        db_table = "cancercenter_contactrequest"  # the table it had before the app split
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True), name="contact_requires_consent"
            ),
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="contact_has_email_or_phone"
            ),
        ]

    def clean(self) -> None:
        errors = {}
        if self.preferred_method == ContactMethod.EMAIL and not self.email:
            errors["email"] = ValidationError(
                _("Enter your email address, or choose phone as the way to reach you."),
                code="email_required",
            )
        if self.preferred_method == ContactMethod.PHONE and not self.phone:
            errors["phone"] = ValidationError(
                _("Enter a phone number, or choose email as the way to reach you."),
                code="phone_required",
            )
        if not self.consent:
            errors["consent"] = ValidationError(
                _("We need your permission to contact you about your request."),
                code="consent_required",
            )
        if errors:
            raise ValidationError(errors)
