import phonenumbers
from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from trials.models import InterventionType, Trial

register = template.Library()


@register.filter
def partial_date(value, precision: str) -> str:
    """A ClinicalTrials.gov date as precise as it was given: 2024, May 2024, May 3, 2024."""
    if not value:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def intervention_type_label(value: str) -> str:
    """A ClinicalTrials.gov intervention type in words: DIAGNOSTIC_TEST is "Diagnostic test"."""
    if value in InterventionType.values:
        return InterventionType(value).label
    return value.replace("_", " ").strip().capitalize()


@register.filter
def age_range(trial: Trial) -> str:
    """'18 to 75 years', '18 years and older', 'Up to 17 years', or 'Any age'."""
    low, high = trial.minimum_age_years, trial.maximum_age_years
    low_text, high_text = trial.minimum_age.lower(), trial.maximum_age.lower()
    if low is not None and high is not None:
        if low_text.endswith("years") and high_text.endswith("years"):
            return _("%(low)s to %(high)s years") % {
                "low": low_text.removesuffix(" years"),
                "high": high_text.removesuffix(" years"),
            }
        return _("%(low)s to %(high)s") % {"low": low_text, "high": high_text}
    if low is not None:
        return _("%(low)s and older") % {"low": low_text}
    if high is not None:
        return _("Up to %(high)s") % {"high": high_text}
    return _("Any age")


@register.inclusion_tag("includes/trial_links.html")
def open_trials_for_treatment(treatment, heading_id: str = "open-trials-title", limit: int = 5):
    """Links to listed, open trials tagged with a treatment (one query; none without one)."""
    trials = []
    if treatment is not None:
        trials = list(
            Trial.objects.listed()
            .open()
            .filter(treatments=treatment)
            .only("nct_id", "brief_title", "overall_status", "is_featured")
            .order_by("-is_featured", "-last_update_date", "nct_id")[:limit]
        )
    return {"trials": trials, "treatment": treatment, "heading_id": heading_id}


# Registry phone numbers are free text ("only use Email", "(240) 760-6223", "+86 10 ...").
US_COUNTRY_NAMES = {"", "united states", "usa", "us", "united states of america"}


def parse_phone(text: str, country: str = "") -> phonenumbers.PhoneNumber | None:
    """A dialable number, or None: numbers without +country code are read as US numbers
    only for US sites (or when no country is known)."""
    region = "US" if country.strip().casefold() in US_COUNTRY_NAMES else None
    try:
        number = phonenumbers.parse(text or "", region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


@register.simple_tag
def phone_link(text: str, ext: str = "", country: str = "") -> str:
    """A `tel:` link for a number that parses; anything else exactly as written, as text."""
    text = (text or "").strip()
    ext = (ext or "").strip()
    number = parse_phone(text, country)
    ext_label = format_html(" {} {}", _("ext."), ext) if ext else ""
    if number is None:
        return format_html("{}{}", text, ext_label)
    national = number.country_code == 1 and region_is_us(country)
    shown = phonenumbers.format_number(
        number,
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )
    href = "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if ext.isdigit():
        href += f";ext={ext}"
    return format_html('<a href="{}">{}</a>{}', href, shown, ext_label)


def region_is_us(country: str) -> bool:
    return country.strip().casefold() in US_COUNTRY_NAMES
