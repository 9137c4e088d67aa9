import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cancercenter.giving.models import GIFT_MIN_AMOUNT, MESSAGE_MAX_LENGTH, Fund, GiftPledge
from cancercenter.submissions.forms import SubmissionFormMixin

# Digits (ASCII only), with commas between groups of three if at all, then at most two
# decimals: "50", "1,250", "1250.5", "$1,250.50". Not "5,5" (55 or 5.5?), "1e3", "٥٠".
AMOUNT_PATTERN = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?", re.ASCII)


class AmountField(forms.DecimalField):
    """A dollar amount typed plainly; anything that could be misread is refused."""

    default_error_messages = {
        "invalid": _(
            "Type the amount in dollars using digits, with a point before any cents: "
            "for example 50, 1250 or 1,250.50."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().removeprefix("$").strip()
        match = AMOUNT_PATTERN.fullmatch(text)
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        whole = match["whole"].replace(",", "")
        return Decimal(f"{whole}.{match['cents']}" if match["cents"] else whole)


OTHER_AMOUNT = "other"
CENTS = Decimal("0.01")


class GiftForm(SubmissionFormMixin, forms.ModelForm):
    """The gift pledge form. There are no card fields: payment happens elsewhere."""

    field_order = ["amount_choice", "other_amount", "frequency", "fund"]

    amount_choice = forms.ChoiceField(label=_("Gift amount"), widget=forms.RadioSelect)
    other_amount = AmountField(
        label=_("Other amount, in dollars"),
        required=False,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    class Meta:
        model = GiftPledge
        fields = [
            "frequency",
            "fund",
            "tribute",
            "honoree_name",
            "notify_name",
            "notify_email",
            "notify_address",
            "name",
            "email",
            "phone",
            "address",
            "anonymous",
            "employer",
            "message",
        ]
        widgets = {
            "frequency": forms.RadioSelect,
            "fund": forms.RadioSelect,
            "tribute": forms.RadioSelect,
            "honoree_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "notify_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "notify_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "notify_address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "employer": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
        }
        labels = {
            "frequency": _("How often"),
            "fund": _("Where your gift goes"),
            "honoree_name": _("Name of the person you are honoring or remembering"),
            "notify_name": _("Name of someone we should tell"),
            "notify_email": _("Their email"),
            "notify_address": _("Or their postal address"),
            "phone": _("Phone"),
            "address": _("Postal address, for your receipt"),
            "anonymous": _("Keep my gift anonymous"),
            "employer": _("Employer, for matching gifts"),
            "message": _("Message"),
        }
        help_texts = {
            "notify_name": _(
                "Once your gift is complete, we will let them know about it. We never tell "
                "them the amount."
            ),
            "anonymous": _("We will not publish your name in any list of donors."),
            "employer": _("Many employers match their staff's gifts. We can check for you."),
            "message": _("Up to 1,000 characters."),
            "phone": _("Include the country code if you are outside the United States."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_choice"].choices = [
            *((str(amount), f"${amount:,}") for amount in settings.GIFT_PRESET_AMOUNTS),
            (OTHER_AMOUNT, _("Other amount")),
        ]
        self.fields["amount_choice"].error_messages["required"] = _(
            "Choose an amount, or choose “Other amount” and type it."
        )
        self.fields["other_amount"].help_text = _(
            "From $%(min)s to $%(max)s. For a larger gift, please call us."
        ) % {"min": GIFT_MIN_AMOUNT, "max": f"{settings.GIFT_MAX_AMOUNT:,}"}
        self.fields["fund"].queryset = Fund.objects.active()
        self.fields["fund"].empty_label = None
        self.fields["fund"].error_messages["invalid_choice"] = _(
            "That fund is no longer open for gifts. Please choose another."
        )
        self.fields["fund"].label_from_instance = fund_label
        for name in ("frequency", "tribute"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["message"].strip = False  # keep exactly what the person wrote

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("amount_choice")
        other = cleaned.get("other_amount")
        if choice == OTHER_AMOUNT:
            if other is None and "other_amount" not in self.errors:
                self.add_error(
                    "other_amount",
                    ValidationError(_("Type the amount you would like to give."), code="required"),
                )
            amount = other
        elif choice:
            amount = Decimal(choice)
        else:
            amount = None
        if amount is not None:
            if amount < GIFT_MIN_AMOUNT:
                self.add_error(
                    "other_amount",
                    ValidationError(
                        _("The smallest gift we can accept online is $%(min)s."),
                        code="min_value",
                        params={"min": GIFT_MIN_AMOUNT},
                    ),
                )
                amount = None
            elif amount > settings.GIFT_MAX_AMOUNT:
                self.add_error(
                    "other_amount",
                    ValidationError(
                        _(
                            "Gifts online are up to $%(max)s. For a larger gift, please call "
                            "us and we will gladly help."
                        ),
                        code="max_value",
                        params={"max": f"{settings.GIFT_MAX_AMOUNT:,}"},
                    ),
                )
                amount = None
            else:
                amount = amount.quantize(CENTS)  # "$100.00" everywhere, form to receipt
        cleaned["amount"] = amount
        self.instance.amount = amount  # so the model's own checks see it
        return cleaned

    def pledge_data(self) -> dict:
        """What the service needs to create the pledge."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["amount"] = self.cleaned_data["amount"]
        return data


def fund_label(fund: Fund) -> str:
    return f"{fund.name}: {fund.description}" if fund.description else fund.name
