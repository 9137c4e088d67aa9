"""Ways in for patients and referring doctors: find a doctor, appointment and
second-opinion requests, referrals from physicians.

Both ask only what the appointment team needs to call back (HIPAA "minimum necessary"):
no dates of birth, no member numbers, no record uploads. Records are requested later,
through the center's secure channels.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError

from cancercenter.pages.models import Location
from cancercenter.submissions import business_days
from cancercenter.submissions.models import BestTime, ContactMethod, Submission
from cancercenter.submissions.validators import validate_phone, validate_single_line
from education import previews
from education.languages import TranslatedContent, localized
from education.markdown import render_markdown
from education.models import CancerType, Treatment
from trials.models import Trial

DETAILS_MAX_LENGTH = 1000


class RequestKind(models.TextChoices):
    APPOINTMENT = "appointment", _("A first appointment")
    SECOND_OPINION = "second_opinion", _("A second opinion")


class RequestFor(models.TextChoices):
    SELF = "self", _("For myself")
    SOMEONE_ELSE = "someone_else", _("For someone else (a family member, a friend)")


class DiagnosisConfirmed(models.TextChoices):
    YES = "yes", _("Yes, a doctor has confirmed it")
    NO = "no", _("Not yet: tests are still going on")
    UNSURE = "unsure", _("I am not sure")


class TreatmentSoFar(models.TextChoices):
    NONE = "none", _("No treatment yet")
    SOME = "some", _("In treatment now")
    FINISHED = "finished", _("Finished treatment")


class Insurance(models.TextChoices):
    MEDICARE = "medicare", _("Medicare")
    MEDICAID = "medicaid", _("Medicaid")
    COMMERCIAL = "commercial", _("Private or employer insurance")
    NONE = "none", _("No insurance")
    OTHER = "other", _("Other, or I am not sure")


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")


class SpokenLanguage(models.TextChoices):
    """Languages a doctor speaks with patients (the languages most asked for in the US)."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    MANDARIN = "cmn", _("Mandarin Chinese")
    CANTONESE = "yue", _("Cantonese")
    VIETNAMESE = "vi", _("Vietnamese")
    TAGALOG = "tl", _("Tagalog")
    KOREAN = "ko", _("Korean")
    ARMENIAN = "hy", _("Armenian")
    PERSIAN = "fa", _("Persian (Farsi)")
    RUSSIAN = "ru", _("Russian")
    ARABIC = "ar", _("Arabic")
    HINDI = "hi", _("Hindi")
    PORTUGUESE = "pt", _("Portuguese")
    FRENCH = "fr", _("French")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    ASL = "ase", _("American Sign Language")


class FormOfAddress(models.TextChoices):
    DOCTOR = "dr", _("Dr. (in Spanish: Dr.)")
    DOCTOR_FEMININE = "dra", _("Dr. (in Spanish: Dra.)")
    NAME = "name", _("By name only (nurse practitioners and other clinicians)")


class ProviderQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        return previews.visible_to(self, user)

    def for_cards(self):
        """/doctors/, topic and trial pages: what a doctor's card shows, in fixed queries."""
        return self.prefetch_related(
            models.Prefetch(
                "locations",
                queryset=Location.objects.published().only("name", "slug"),
                to_attr="published_locations",
            )
        )


class Provider(TranslatedContent, models.Model):
    """A doctor (or other clinician) patients can ask to see: one page at /doctors/<slug>/."""

    translation_required = ("biography",)

    name = models.CharField(
        _("name"), max_length=200, help_text=_("As patients address them, e.g. “Ana Ruiz”.")
    )
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("The end of the page’s address.")
    )
    credentials = models.CharField(
        _("credentials"), max_length=100, blank=True, help_text=_("e.g. “MD, PhD”.")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("What they do, in plain words: “Blood cancer specialist (hematologist)”."),
    )
    form_of_address = models.CharField(
        _("form of address"),
        max_length=10,
        choices=FormOfAddress.choices,
        default=FormOfAddress.DOCTOR,
        help_text=_("How pages name them. Spanish says “Dra.” for a woman doctor."),
    )
    photo = models.FileField(
        _("portrait"),
        upload_to="doctors/",
        blank=True,
        help_text=_(
            "JPEG, PNG or WebP, up to 5 MB. Location and camera data are removed. "
            "Portraits are public as soon as they are uploaded."
        ),
    )
    photo_alt = models.CharField(
        _("portrait description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Required with a portrait, e.g. “Dr. Ruiz smiling in a white coat”."),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    treatments = models.ManyToManyField(
        Treatment, verbose_name=_("treatments"), blank=True, related_name="providers"
    )
    cancer_types = models.ManyToManyField(
        CancerType, verbose_name=_("cancer types"), blank=True, related_name="providers"
    )
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="providers"
    )
    languages_spoken = ArrayField(
        models.CharField(max_length=5, choices=SpokenLanguage.choices),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
        help_text=_("Languages they speak with patients themselves, without an interpreter."),
    )
    accepting_new_patients = models.BooleanField(_("accepting new patients"), default=True)
    biography = models.TextField(
        _("biography"),
        blank=True,
        help_text=_(
            "Write in Markdown: ## for a section heading, - for a bullet, "
            "[words](https://…) for a link. HTML is removed."
        ),
    )
    biography_html = models.TextField(editable=False, blank=True)
    trials = models.ManyToManyField(
        Trial,
        verbose_name=_("clinical trials they lead"),
        blank=True,
        related_name="providers",
        help_text=_("Trials at the center where they are the principal investigator."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("doctor")
        verbose_name_plural = _("doctors")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(photo="")
                | (models.Q(photo_alt_en__isnull=False) & ~models.Q(photo_alt_en="")),
                name="provider_photo_requires_alt_text",
                violation_error_message=_("Describe the portrait for people who cannot see it."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        # Rendered once per edit and language, never per request.
        for code, _name in settings.LANGUAGES:
            html = render_markdown(getattr(self, localized("biography", code)) or "").html
            setattr(self, localized("biography_html", code), html)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("care:provider-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.photo and not (self.photo_alt_en or "").strip():
            raise ValidationError(
                {
                    "photo_alt": ValidationError(
                        _("Describe the portrait for people who cannot see it."),
                        code="alt_required",
                    )
                }
            )

    def _addressed(self, name: str) -> str:
        if self.form_of_address == FormOfAddress.DOCTOR_FEMININE:
            return pgettext("a woman doctor", "Dr. %(name)s") % {"name": name}
        if self.form_of_address == FormOfAddress.DOCTOR:
            return gettext("Dr. %(name)s") % {"name": name}
        return name

    @property
    def display_name(self) -> str:
        """“Dr. Ana Ruiz, MD”: how lists and headings name them."""
        name = self._addressed(self.name)
        return f"{name}, {self.credentials}" if self.credentials else name

    @property
    def appointment_label(self) -> str:
        """“Request an appointment with Dr. Ruiz”, whole, so each language can say it its
        own way: Spanish puts the article before the title (“con la Dra. Ruiz”, “con el
        Dr. Ruiz”) and none before a name (“con Jordan Ellis”)."""
        if self.form_of_address == FormOfAddress.NAME or not self.name:
            return gettext("Request an appointment with %(name)s") % {"name": self.name}
        surname = self.name.split()[-1]
        if self.form_of_address == FormOfAddress.DOCTOR_FEMININE:
            text = pgettext("a woman doctor", "Request an appointment with Dr. %(surname)s")
        else:
            text = pgettext("a man doctor", "Request an appointment with Dr. %(surname)s")
        return text % {"surname": surname}

    def get_languages_spoken_display(self) -> list[str]:
        labels = dict(SpokenLanguage.choices)
        return [str(labels.get(code, code)) for code in self.languages_spoken]


def contact_errors(*, method: str, email: str, phone: str) -> dict:
    """The "how to reach you" rule both forms share: the chosen way must be filled in."""
    errors = {}
    if method == ContactMethod.EMAIL and not email:
        errors["email"] = ValidationError(
            _("Enter an email address, or choose phone as the way to reach you."),
            code="email_required",
        )
    if method == ContactMethod.PHONE and not phone:
        errors["phone"] = ValidationError(
            _("Enter a phone number, or choose email as the way to reach you."),
            code="phone_required",
        )
    return errors


class AppointmentRequest(Submission):
    """A request for a first appointment or a second opinion, from a patient or for one."""

    reference_prefix = "A"
    notification_kind = "appointment"
    response_hours = 48  # two business days
    response_time_text = _("within two business days")

    kind = models.CharField(_("what would you like?"), max_length=20, choices=RequestKind.choices)
    requested_for = models.CharField(
        _("who is the appointment for?"), max_length=20, choices=RequestFor.choices
    )
    name = models.CharField(_("your name"), max_length=200, validators=[validate_single_line])
    patient_name = models.CharField(
        _("the patient's name"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    relationship = models.CharField(
        _("your relationship to the patient"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line, validate_phone]
    )
    preferred_method = models.CharField(
        _("how should we contact you?"),
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.PHONE,
    )
    preferred_time = models.CharField(
        _("best time to reach you"), max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    cancer_type = models.ForeignKey(
        CancerType,
        verbose_name=_("type of cancer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    diagnosis = models.TextField(_("the diagnosis, in your words"), max_length=DETAILS_MAX_LENGTH)
    diagnosis_confirmed = models.CharField(
        _("has a doctor confirmed the diagnosis?"),
        max_length=10,
        choices=DiagnosisConfirmed.choices,
    )
    treatment_so_far = models.CharField(
        _("treatment so far"), max_length=10, choices=TreatmentSoFar.choices
    )
    insurance = models.CharField(_("insurance"), max_length=20, choices=Insurance.choices)
    location = models.ForeignKey(
        Location,
        verbose_name=_("preferred location"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    preferred_days = ArrayField(
        models.CharField(max_length=3, choices=Weekday.choices),
        verbose_name=_("days that suit you"),
        default=list,
        blank=True,
    )
    language = models.CharField(
        _("language you prefer to speak"),
        max_length=60,
        blank=True,
        validators=[validate_single_line],
    )
    interpreter_needed = models.BooleanField(_("an interpreter is needed"), default=False)
    doctor = models.ForeignKey(
        Provider,
        verbose_name=_("doctor asked for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment_requests",
    )
    consent = models.BooleanField(_("consent to be contacted"), default=False)

    class Meta(Submission.Meta):
        verbose_name = _("appointment request")
        verbose_name_plural = _("appointment requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True), name="appointment_requires_consent"
            ),
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="appointment_has_email_or_phone"
            ),
        ]

    def notification_context(self) -> dict:
        return {"response_time": self.response_time_text}

    def clean(self) -> None:
        errors = contact_errors(method=self.preferred_method, email=self.email, phone=self.phone)
        if self.requested_for == RequestFor.SOMEONE_ELSE and not self.patient_name:
            errors["patient_name"] = ValidationError(
                _("Enter the name of the person the appointment is for."),
                code="patient_name_required",
            )
        if not self.consent:
            errors["consent"] = ValidationError(
                _("We need your permission to contact you about your request."),
                code="consent_required",
            )
        if errors:
            raise ValidationError(errors)


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent: the patient should be seen within days")


def validate_npi(value: str) -> None:
    """A National Provider Identifier: 10 digits, the last a Luhn check digit.

    CMS computes it over the 9 first digits prefixed with 80840 (the card issuer prefix).
    """
    if len(value) != 10 or not (value.isascii() and value.isdigit()):
        raise ValidationError(_("An NPI is 10 digits."), code="npi_length")
    try:
        luhn.validate("80840" + value)
    except StdnumError:
        raise ValidationError(
            _("This NPI's last digit does not match: please check the number."),
            code="npi_check_digit",
        ) from None


class Referral(Submission):
    """A patient referred by their physician; urgent referrals are answered sooner."""

    reference_prefix = "R"
    notification_kind = "referral"
    response_hours = 24  # one business day
    urgent_response_hours = 4
    response_time_text = _("within one business day")
    urgent_response_time_text = _("within four business hours")

    provider_name = models.CharField(
        _("your name"), max_length=200, validators=[validate_single_line]
    )
    npi = models.CharField(_("your NPI"), max_length=10, validators=[validate_npi])
    practice = models.CharField(
        _("practice or hospital"), max_length=200, validators=[validate_single_line]
    )
    provider_phone = models.CharField(
        _("phone"), max_length=40, validators=[validate_single_line, validate_phone]
    )
    provider_fax = models.CharField(
        _("fax"), max_length=40, blank=True, validators=[validate_single_line, validate_phone]
    )
    provider_email = models.EmailField(_("email"), max_length=254)
    patient_name = models.CharField(
        _("patient's name"), max_length=200, validators=[validate_single_line]
    )
    patient_phone = models.CharField(
        _("patient's phone"), max_length=40, validators=[validate_single_line, validate_phone]
    )
    patient_email = models.EmailField(_("patient's email"), max_length=254, blank=True)
    patient_agreed = models.BooleanField(_("the patient agreed to be referred"), default=False)
    cancer_type = models.ForeignKey(
        CancerType,
        verbose_name=_("type of cancer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    diagnosis = models.TextField(_("diagnosis"), max_length=DETAILS_MAX_LENGTH)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    treatment = models.ForeignKey(
        Treatment,
        verbose_name=_("treatment wanted"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    request_details = models.TextField(
        _("what you are asking us for"), max_length=DETAILS_MAX_LENGTH, blank=True
    )

    class Meta(Submission.Meta):
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(patient_agreed=True), name="referral_requires_patient_agreement"
            ),
        ]

    def clean(self) -> None:
        if not self.patient_agreed:
            raise ValidationError(
                {
                    "patient_agreed": ValidationError(
                        _("Please confirm that the patient agreed to this referral."),
                        code="patient_agreement_required",
                    )
                }
            )

    def acknowledgement_email(self) -> str:
        return self.provider_email

    def notification_context(self) -> dict:
        urgent = self.urgency == Urgency.URGENT
        return {
            "response_time": self.urgent_response_time_text if urgent else self.response_time_text
        }

    def response_hours_for(self) -> int:
        if self.urgency == Urgency.URGENT:
            return self.urgent_response_hours
        return self.promised_hours()

    @classmethod
    def overdue_condition(cls, at):
        urgent_cutoff = business_days.subtract_business_hours(at, cls.urgent_response_hours)
        return models.Q(urgency=Urgency.URGENT, created_at__lt=urgent_cutoff) | models.Q(
            ~models.Q(urgency=Urgency.URGENT), super().overdue_condition(at)
        )
