"""schema.org JSON-LD for a doctor's page: a `Physician`, with what a search engine can
show (specialties, languages, locations, whether they take new patients)."""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from cancercenter.pages.models import LocationKind
from education.languages import shown


def physician(provider, *, url: str, site_url: str) -> dict:
    """One doctor as schema.org Physician. `url` is the page's absolute address."""
    center = settings.CENTER
    data = {
        "@context": "https://schema.org",
        "@type": "Physician",
        "name": provider.display_name,
        "url": url,
        "isAcceptingNewPatients": provider.accepting_new_patients,
        "parentOrganization": {
            "@type": "MedicalOrganization",
            "name": center["name"],
            "url": center["site_url"],
        },
    }
    title = shown(provider, "title")
    if title:
        data["jobTitle"] = title
    biography = strip_tags(shown(provider, "biography_html") or "").strip()
    if biography:
        data["description"] = Truncator(" ".join(biography.split())).chars(300)
    if provider.photo:
        data["image"] = site_url + provider.photo.url
    services = [{"@type": "MedicalTherapy", "name": t.name} for t in provider.treatments.all()]
    if services:
        data["availableService"] = services
    languages = provider.get_languages_spoken_display()
    if languages:
        data["knowsLanguage"] = languages
    locations = list(provider.published_locations)
    if locations:
        data["address"] = _address(locations[0])
        data["telephone"] = locations[0].phone
        hospitals = [
            {"@type": "Hospital", "name": loc.name, "url": site_url + loc.get_absolute_url()}
            for loc in locations
            if loc.kind == LocationKind.HOSPITAL
        ]
        if hospitals:
            data["hospitalAffiliation"] = hospitals
    return data


def _address(location) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": location.street,
        "addressLocality": location.city,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": "US",
    }
