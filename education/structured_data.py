"""schema.org JSON-LD for education pages: MedicalWebPage for topics, FAQPage for the FAQ."""

from django.conf import settings
from django.utils.timezone import localdate

from education.glossary_links import plain_text
from education.languages import shown


def _publisher() -> dict:
    center = settings.CENTER
    return {"@type": "MedicalOrganization", "name": center["name"], "url": center["site_url"]}


def medical_web_page(topic, url: str) -> dict:
    """A topic page, with its medical review (lastReviewed, reviewedBy) when it has one."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": shown(topic, "title"),
        "headline": shown(topic, "title"),
        "description": shown(topic, "summary"),
        "url": url,
        "inLanguage": topic.content_language,
        "datePublished": localdate(topic.published_at),
        "dateModified": localdate(topic.updated_at),
        "publisher": _publisher(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    last_reviewed, reviewed_by = shown(topic, "last_reviewed_on"), shown(topic, "reviewed_by")
    if last_reviewed:
        data["lastReviewed"] = last_reviewed
    if reviewed_by:
        data["reviewedBy"] = {"@type": "Person", "name": reviewed_by}
    elif last_reviewed:
        data["reviewedBy"] = _publisher()
    if topic.treatment_id:
        data["about"] = {"@type": "MedicalTherapy", "name": topic.treatment.name}
    return data


def faq_page(faqs, url: str) -> dict:
    """The FAQ page: every question on it, each with its answer as plain text."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(faq.answer_html)},
            }
            for faq in faqs
        ],
    }
