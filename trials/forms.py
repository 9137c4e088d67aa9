from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cancercenter.submissions.forms import SubmissionFormMixin
from education.models import CancerType, Treatment
from trials.geo import DEFAULT_RADIUS, RADIUS_CHOICES, is_zip_format, zip_place
from trials.models import (
    INQUIRY_MESSAGE_MAX_LENGTH,
    PHASE_SLUGS,
    Phase,
    TrialInquiry,
    TrialStatus,
)

STATUS_GROUP_CHOICES = [
    ("open", _("Open: recruiting, opening soon, or by invitation")),
    ("closed", _("Closed: no longer taking new patients, or finished")),
    ("expanded-access", _("Expanded access: a treatment offered outside a trial")),
]
# Single statuses still work in URLs (shared links, the site search): not shown as boxes.
STATUS_SLUGS = {status.slug for status in TrialStatus}
TRIAL_TYPE_CHOICES = [
    ("treatment", _("Treatment")),
    ("supportive-care", _("Supportive care (comfort, side effects)")),
    ("prevention", _("Prevention")),
    ("screening", _("Screening")),
    ("diagnostic", _("Diagnosis")),
    ("other", _("Other")),
]
PHASE_CHOICES = [(slug, Phase(phase).label) for slug, phase in PHASE_SLUGS.items()]
SEX_CHOICES = [("", _("Any")), ("female", _("Female")), ("male", _("Male"))]


def _within(miles: int):
    """ "Within 100 miles", translated when shown, not when the module loads."""
    return lazy(lambda: gettext("Within %(miles)d miles") % {"miles": miles}, str)()


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """A repeated GET filter that keeps its valid values, in any letter case.

    A shared or hand-edited URL with one unknown value (`status=recruiting&status=bogus`)
    still filters by the values we know, instead of silently dropping them all.
    """

    def to_python(self, value):
        values = [item.lower() for item in super().to_python(value)]
        return list(dict.fromkeys(item for item in values if self.valid_value(item)))

    def bound_data(self, data, initial):
        # Tick the boxes for what is actually applied, e.g. `RECRUITING` ticks "Recruiting".
        return self.to_python(data)


class StatusField(LenientMultipleChoiceField):
    """Status groups as boxes; a single status slug in the URL is kept too."""

    def valid_value(self, value):
        return value in STATUS_SLUGS or super().valid_value(value)


class YesCheckbox(forms.CheckboxInput):
    """A checkbox that sends `yes`, so shared finder URLs read `healthy_volunteers=yes`.

    It passes the submitted text on as is: CheckboxInput would turn any text but
    "false" (e.g. `no`) into True.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value == "yes")

    def format_value(self, value):
        return "yes"

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class ShortMenuChoiceIterator(forms.models.ModelChoiceIterator):
    """A short menu's choices from one ordinary query. Django's iterator reads them through
    a server-side cursor (DECLARE, FETCH, CLOSE: three round trips, and WITH HOLD outside
    a transaction), which bounds memory on long lists; a menu of cancer types is not one."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ShortMenuChoiceField(forms.ModelChoiceField):
    iterator = ShortMenuChoiceIterator


class TrialFilterForm(forms.Form):
    """The finder's GET filters. Every field is optional and kept in the URL."""

    field_order = ["q", "zip", "radius", "at_center", "status", "type", "cancer_type",
                   "treatment", "phase", "age", "sex", "healthy_volunteers"]  # fmt: skip

    q = forms.CharField(
        label=_("Keywords or trial ID"),
        required=False,
        max_length=200,
        help_text=_("For example: CAR T, leukemia, pembrolizumab, or NCT04956640."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    cancer_type = ShortMenuChoiceField(
        label=_("Cancer type"),
        queryset=CancerType.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any cancer type"),
    )
    treatment = ShortMenuChoiceField(
        label=_("Treatment"),
        queryset=Treatment.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any treatment"),
    )
    status = StatusField(
        label=_("Status"),
        choices=STATUS_GROUP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With none ticked, trials that are open or opening soon are shown."),
    )
    type = LenientMultipleChoiceField(
        label=_("Kind of trial"),
        choices=TRIAL_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phase = LenientMultipleChoiceField(
        label=_("Phase"),
        choices=PHASE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age = forms.IntegerField(
        label=_("Age in years"),
        required=False,
        min_value=0,
        max_value=120,
        # A text box: a number box would put a typed "abc" back as an invalid value.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "invalid": _("Enter an age as a whole number of years, for example 45."),
            "min_value": _("Enter an age of 0 or more."),
            "max_value": _("Enter an age of 120 or less."),
        },
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    zip = forms.CharField(
        label=_("US ZIP code"),
        required=False,
        max_length=10,
        help_text=_("To find trials with a recruiting site near you."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance from the ZIP code"),
        choices=[
            (str(miles), _("Within %(miles)d miles") % {"miles": miles}) for miles in RADIUS_CHOICES
        ],
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,
        initial=str(DEFAULT_RADIUS),
    )
    at_center = forms.TypedChoiceField(
        label=_("At our center only"),
        choices=[("yes", _("At our center only"))],
        coerce=lambda value: value == "yes",
        empty_value=False,
        required=False,
        widget=YesCheckbox,
    )
    healthy_volunteers = forms.TypedChoiceField(
        label=_("Open to healthy volunteers"),
        choices=[("yes", _("Open to healthy volunteers"))],
        coerce=lambda value: value == "yes",
        empty_value=False,
        required=False,
        widget=YesCheckbox,
    )

    def clean_zip(self) -> str:
        text = self.cleaned_data["zip"].strip()
        if not text:
            return ""
        if not is_zip_format(text):
            raise ValidationError(
                _("Enter a US ZIP code of 5 digits, for example 20892."), code="zip_format"
            )
        if zip_place(text) is None:
            raise ValidationError(
                _("We could not find the ZIP code %(zip)s. Check its 5 digits, or leave it empty."),
                code="zip_unknown",
                params={"zip": text},
            )
        return text[:5]

    def clean(self):
        cleaned = super().clean()
        # A radius alone is no filter: it only measures from a ZIP code.
        if not cleaned.get("zip"):
            cleaned.pop("radius", None)
        return cleaned

    def filters(self) -> dict:
        """The valid filters only: a bad value in one field never drops the others.

        Empty values and an unticked checkbox are no filter; 0 (an age) is one.
        """
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "", []) and value is not False
        }

    @property
    def has_filters(self) -> bool:
        return bool(self.filters())


class TrialInquiryForm(SubmissionFormMixin, forms.ModelForm):
    class Meta:
        model = TrialInquiry
        fields = ["name", "email", "phone", "relationship", "best_time", "message", "consent"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "relationship": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": INQUIRY_MESSAGE_MAX_LENGTH}),
        }
        labels = {
            "message": _("A short message"),
            "consent": _("You may contact me about this trial by email or phone."),
        }
        help_texts = {
            "email": _("Give an email address, a phone number, or both."),
            "phone": _("Include the country code if you are outside the United States."),
            "message": _(
                "Up to 1,000 characters, e.g. questions you have. Please do not send medical "
                "records or detailed health information."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].strip = False  # keep exactly what the person wrote
        self.fields["consent"].required = True
        self.fields["relationship"].choices = list(self.fields["relationship"].choices)[1:]
