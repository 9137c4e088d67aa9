"""Gifts: the funds a donor can support, and the pledges made through `/give/`.

Card data never touches the site. A pledge records what the donor means to give; the money
changes hands on a hosted payment page (settings.GIFT_PAYMENT_URL) or with the development
office, who contact the donor.
"""

from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions.models import Notification, PlannedNotification, Submission
from cancercenter.submissions.validators import validate_phone, validate_single_line

GIFT_MIN_AMOUNT = Decimal("1")
MESSAGE_MAX_LENGTH = 1000


class FundQuerySet(models.QuerySet):
    def active(self):
        """Funds a donor may choose on the gift form, in the order staff set."""
        return self.filter(is_active=True).order_by("order", "name")


class Fund(models.Model):
    """Something a gift can support, such as immunotherapy research."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in links such as /give/?fund=this-slug to preselect the fund."),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence shown under the name on the gift form."),
    )
    is_active = models.BooleanField(
        _("shown on the gift form"),
        default=True,
        help_text=_("Untick to stop new gifts to this fund. Past gifts keep it."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first on the gift form.")
    )

    objects = FundQuerySet.as_manager()

    class Meta:
        db_table = "cancercenter_fund"  # the table it had before the app split
        ordering = ["order", "name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('give')}?fund={self.slug}"


class GiftFrequency(models.TextChoices):
    ONCE = "once", _("One time")
    MONTHLY = "monthly", _("Monthly")


class Tribute(models.TextChoices):
    NONE = "none", _("No")
    HONOR = "honor", _("Yes, in honor of someone")
    MEMORY = "memory", _("Yes, in memory of someone")


class GiftPledge(Submission):
    """A donor's pledge: what they mean to give, to which fund, and who to thank or tell."""

    reference_prefix = "G"
    notification_kind = "gift"

    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(GIFT_MIN_AMOUNT)],
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=GiftFrequency.choices, default=GiftFrequency.ONCE
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="pledges"
    )
    tribute = models.CharField(
        _("is this gift in honor or in memory of someone?"),
        max_length=10,
        choices=Tribute.choices,
        default=Tribute.NONE,
    )
    honoree_name = models.CharField(
        _("their name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    notify_name = models.CharField(
        _("name of the person to tell"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    notify_email = models.EmailField(_("their email"), max_length=254, blank=True)
    notify_address = models.TextField(_("their postal address"), max_length=500, blank=True)

    name = models.CharField(_("your name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line, validate_phone]
    )
    address = models.TextField(_("postal address"), max_length=500)
    anonymous = models.BooleanField(_("keep my gift anonymous"), default=False)
    employer = models.CharField(
        _("employer"), max_length=200, blank=True, validators=[validate_single_line]
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)

    class Meta(Submission.Meta):
        db_table = "cancercenter_giftpledge"  # the table it had before the app split
        verbose_name = _("gift pledge")
        verbose_name_plural = _("gift pledges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=GIFT_MIN_AMOUNT), name="gift_amount_at_least_one"
            ),
            models.CheckConstraint(
                condition=models.Q(tribute=Tribute.NONE) | ~models.Q(honoree_name=""),
                name="gift_tribute_has_honoree",
            ),
        ]

    def clean(self) -> None:
        errors = {}
        if self.amount is not None and self.amount > settings.GIFT_MAX_AMOUNT:
            errors["amount"] = ValidationError(
                _("Gifts online are up to %(max)s. Please call us about a larger gift."),
                code="max_value",
                params={"max": settings.GIFT_MAX_AMOUNT},
            )
        if self.tribute == Tribute.NONE:
            # Someone to tell only makes sense with a tribute; drop stray answers.
            self.honoree_name = self.notify_name = self.notify_email = self.notify_address = ""
        else:
            if not self.honoree_name.strip():
                errors["honoree_name"] = ValidationError(
                    _("Enter the name of the person this gift honors or remembers."),
                    code="honoree_required",
                )
            has_contact = bool(self.notify_email or self.notify_address.strip())
            if self.notify_name.strip() and not has_contact:
                errors["notify_email"] = ValidationError(
                    _("Enter their email or postal address, so we can tell them."),
                    code="notify_contact_required",
                )
            if has_contact and not self.notify_name.strip():
                errors["notify_name"] = ValidationError(
                    _("Enter the name of the person we should tell."),
                    code="notify_name_required",
                )
        if errors:
            raise ValidationError(errors)

    def tribute_notifications(self) -> list[PlannedNotification]:
        """The person the donor asked us to tell, by email; postal ones are for staff.

        Not sent with the pledge: a pledge is not yet a gift, and an address typed into a
        public form is not told anything until staff have the gift in hand.
        """
        if self.tribute == Tribute.NONE or not self.notify_email:
            return []
        return [
            PlannedNotification(
                audience=Notification.Audience.NOTIFIED,
                recipients=[self.notify_email],
                template="gift_tribute",
            )
        ]

    def notification_context(self) -> dict:
        return {"payment_url": self.payment_url}

    @property
    def payment_url(self) -> str:
        """The hosted payment page for this pledge, or "" when staff complete gifts by phone."""
        template = settings.GIFT_PAYMENT_URL
        if not template:
            return ""
        return template.replace("{reference}", quote(self.reference, safe="")).replace(
            "{amount}", quote(str(self.amount), safe="")
        )
