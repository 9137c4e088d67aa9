"""schema.org JSON-LD for the center itself, built from settings."""

from django.conf import settings


def organization() -> dict:
    center = settings.CENTER
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": center["name"],
        "description": center["description"],
        "url": center["site_url"],
        "telephone": center["phone"],
        "email": center["email"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": center["street"],
            "addressLocality": center["city"],
            "addressRegion": center["region"],
            "postalCode": center["postal_code"],
            "addressCountry": center["country"],
        },
        "medicalSpecialty": ["Oncologic", "Hematologic"],
    }
    if center["nci_designated"]:
        data["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "name": "NCI-Designated Cancer Center",
            "recognizedBy": {"@type": "Organization", "name": "National Cancer Institute"},
        }
    return data
