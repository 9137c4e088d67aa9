from django import forms
from django.utils.translation import gettext_lazy as _

from cancercenter.care.models import (
    DETAILS_MAX_LENGTH,
    AppointmentRequest,
    Referral,
    Weekday,
)
from cancercenter.pages.models import Location
from cancercenter.submissions.forms import SubmissionFormMixin
from education.models import CancerType, Treatment

RADIOS = ("kind", "requested_for", "preferred_method", "diagnosis_confirmed",
          "treatment_so_far", "insurance", "urgency")  # fmt: skip


def without_blank_radio(form) -> None:
    """A radio group has no "---------" choice: one of its real answers is picked."""
    for name in RADIOS:
        if name in form.fields:
            form.fields[name].choices = [c for c in form.fields[name].choices if c[0] != ""]


class AppointmentRequestForm(SubmissionFormMixin, forms.ModelForm):
    preferred_days = forms.MultipleChoiceField(
        label=_("Days that suit you"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave them all empty if any weekday suits you."),
    )

    class Meta:
        model = AppointmentRequest
        fields = [
            "kind",
            "requested_for",
            "name",
            "patient_name",
            "relationship",
            "email",
            "phone",
            "preferred_method",
            "preferred_time",
            "cancer_type",
            "diagnosis",
            "diagnosis_confirmed",
            "treatment_so_far",
            "insurance",
            "location",
            "preferred_days",
            "language",
            "interpreter_needed",
            "consent",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "requested_for": forms.RadioSelect,
            "preferred_method": forms.RadioSelect,
            "diagnosis_confirmed": forms.RadioSelect,
            "treatment_so_far": forms.RadioSelect,
            "insurance": forms.RadioSelect,
            "diagnosis": forms.Textarea(attrs={"rows": 4, "maxlength": DETAILS_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "patient_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "consent": _("You may contact me about this request by email or phone."),
            "interpreter_needed": _("I would like an interpreter (free of charge)."),
        }
        help_texts = {
            "patient_name": _("Only if the appointment is for someone else."),
            "relationship": _("For example: daughter, husband, friend."),
            "cancer_type": _("Choose “not sure” if it is not on the list."),
            "diagnosis": _(
                "A few words are enough, for example “lymphoma that came back after "
                "chemotherapy”. Up to 1,000 characters. Please do not send records here."
            ),
            "insurance": _("We never ask for a member number on this form."),
            "email": _("Needed if you want us to reach you by email."),
            "phone": _("Needed if you want us to call you."),
            "language": _("For example: English, Spanish, Vietnamese."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnosis"].strip = False
        self.fields["consent"].required = True
        without_blank_radio(self)
        self.fields["cancer_type"].queryset = CancerType.objects.all()
        self.fields["cancer_type"].empty_label = _("Not sure, or not on the list")
        self.fields["location"].queryset = Location.objects.published()
        self.fields["location"].empty_label = _("No preference")


class ReferralForm(SubmissionFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = [
            "provider_name",
            "npi",
            "practice",
            "provider_phone",
            "provider_fax",
            "provider_email",
            "patient_name",
            "patient_phone",
            "patient_email",
            "cancer_type",
            "diagnosis",
            "urgency",
            "treatment",
            "request_details",
            "patient_agreed",
        ]
        widgets = {
            "urgency": forms.RadioSelect,
            "npi": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "provider_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "provider_fax": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "provider_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "provider_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "practice": forms.TextInput(attrs={"autocomplete": "organization"}),
            "patient_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "patient_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "patient_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "diagnosis": forms.Textarea(attrs={"rows": 4, "maxlength": DETAILS_MAX_LENGTH}),
            "request_details": forms.Textarea(attrs={"rows": 4, "maxlength": DETAILS_MAX_LENGTH}),
        }
        labels = {
            "patient_agreed": _(
                "The patient agreed to be referred and to be called by the center."
            ),
        }
        help_texts = {
            "npi": _("Your 10-digit National Provider Identifier."),
            "provider_email": _(
                "We confirm the referral here and tell you who will see the patient."
            ),
            "diagnosis": _("The diagnosis and stage as you know them. Up to 1,000 characters."),
            "request_details": _(
                "A treatment, a trial (its NCT number) or a second opinion. Send records "
                "only when we ask, through the secure channel we give you."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("diagnosis", "request_details"):
            self.fields[name].strip = False
        self.fields["patient_agreed"].required = True
        without_blank_radio(self)
        self.fields["cancer_type"].empty_label = _("Not on the list")
        self.fields["treatment"].empty_label = _("Not decided, or not on the list")
        self.fields["treatment"].queryset = Treatment.objects.all()
