from django import forms
from django.db.models import CharField, Exists, Func, OuterRef
from django.utils.translation import gettext_lazy as _

from cancercenter.care import services
from cancercenter.care.models import (
    DETAILS_MAX_LENGTH,
    AppointmentRequest,
    Provider,
    Referral,
    SpokenLanguage,
    Weekday,
)
from cancercenter.pages.models import Location
from cancercenter.submissions.forms import SubmissionFormMixin
from education.models import CancerType, Treatment
from stories.images import ImageUploadField

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
            "doctor",
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
            "doctor": _(
                "Optional. We will try to book you with them, or tell you who else can help."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        doctor = self.fields["doctor"]
        # /appointments/request/?doctor=<slug> picks the doctor, so the field takes slugs.
        doctor.to_field_name = "slug"
        doctor.queryset = Provider.objects.published().only(
            "name", "credentials", "form_of_address", "slug"
        )  # the select shows display names only
        doctor.label = _("Doctor you would like to see")
        doctor.empty_label = _("No preference: the team will choose")
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


def _choices_with_published_providers(queryset, field: str, empty_label):
    """(slug, name) pairs for the values at least one published doctor has (one query)."""
    providers = Provider.objects.published().filter(**{field: OuterRef("pk")})
    return [("", empty_label), *queryset.filter(Exists(providers)).values_list("slug", "name")]


def _spoken_language_choices() -> list[tuple[str, str]]:
    """The languages published doctors speak, in SpokenLanguage's order (one query)."""
    unnest = Func("languages_spoken", function="unnest", output_field=CharField())
    codes = set(
        Provider.objects.published()
        .annotate(code=unnest)
        .values_list("code", flat=True)
        .order_by()
        .distinct()
    )
    offered = [(code, label) for code, label in SpokenLanguage.choices if code in codes]
    return [("", _("Any language")), *offered]


class ProviderFilterForm(forms.Form):
    """The GET filters on /doctors/: only values some published doctor has are offered, and
    a value that is no longer offered (an old shared link) is dropped quietly."""

    treatment = forms.ChoiceField(label=_("Treatment"), required=False)
    cancer_type = forms.ChoiceField(label=_("Cancer type"), required=False)
    location = forms.ChoiceField(label=_("Location"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    accepting = forms.BooleanField(label=_("Only doctors accepting new patients"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatment"].choices = _choices_with_published_providers(
            Treatment.objects.all(), "treatments", _("All treatments")
        )
        self.fields["cancer_type"].choices = _choices_with_published_providers(
            CancerType.objects.all(), "cancer_types", _("All cancer types")
        )
        self.fields["location"].choices = _choices_with_published_providers(
            Location.objects.published(), "locations", _("All locations")
        )
        self.fields["language"].choices = _spoken_language_choices()
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                if isinstance(field, forms.ChoiceField) and data.get(name) not in {
                    value for value, _label in field.choices
                }:
                    data.pop(name, None)
            self.data = data

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filter(self, queryset):
        """Apply the valid filters; an unknown value is ignored rather than shown as an error."""
        if not self.is_bound or not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("treatment"):
            queryset = queryset.filter(treatments__slug=data["treatment"])
        if data.get("cancer_type"):
            queryset = queryset.filter(cancer_types__slug=data["cancer_type"])
        if data.get("location"):
            queryset = queryset.filter(locations__slug=data["location"])
        if data.get("language"):
            queryset = queryset.filter(languages_spoken__contains=[data["language"]])
        if data.get("accepting"):
            queryset = queryset.filter(accepting_new_patients=True)
        return queryset


class PortraitUploadField(ImageUploadField):
    """A portrait: checked and cleaned like every upload, then made portrait-sized."""

    def to_python(self, data):
        clean = super().to_python(data)
        return services.portrait_file(clean) if clean is not None else None


class ProviderAdminForm(forms.ModelForm):
    photo = PortraitUploadField(
        label=_("portrait"), required=False, help_text=Provider.photo.field.help_text
    )

    class Meta:
        model = Provider
        fields = [
            "name", "slug", "credentials", "form_of_address", "title", "photo", "photo_alt",
            "treatments", "cancer_types", "locations", "languages_spoken",
            "accepting_new_patients", "biography", "trials", "is_published",
        ]  # fmt: skip
