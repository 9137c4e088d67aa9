from django import template
from django.db.models import Q

from cancercenter.care.models import Provider

register = template.Library()

# A few names and links, not a directory: /doctors/ is the directory.
DOCTOR_LINKS_LIMIT = 6


def _doctors(condition: Q, limit: int) -> list[Provider]:
    """Published doctors matching `condition`, for a short list of links (one query)."""
    matching = Provider.objects.published().filter(condition).values("pk")
    return list(Provider.objects.filter(pk__in=matching)[:limit])


@register.inclusion_tag("includes/provider_links.html")
def topic_doctors(topic, heading_id: str = "topic-doctors-title", limit: int = DOCTOR_LINKS_LIMIT):
    """The doctors of a topic page: those who give its treatment or treat its cancer types.

    Reads `topic.cancer_types.all()`, which the topic page prefetches.
    """
    condition = Q()
    if topic.treatment_id:
        condition |= Q(treatments=topic.treatment_id)
    cancer_type_ids = [cancer_type.pk for cancer_type in topic.cancer_types.all()]
    if cancer_type_ids:
        condition |= Q(cancer_types__in=cancer_type_ids)
    doctors = _doctors(condition, limit) if condition else []
    link = {"treatment": topic.treatment.slug} if topic.treatment_id else {}
    return {"doctors": doctors, "heading_id": heading_id, "list_filter": link}


@register.inclusion_tag("includes/provider_links.html")
def trial_doctors(trial, heading_id: str = "trial-doctors-title", limit: int = DOCTOR_LINKS_LIMIT):
    """The center's doctors who lead a trial (staff link them on the doctor's profile)."""
    return {
        "doctors": _doctors(Q(trials=trial), limit),
        "heading_id": heading_id,
        "list_filter": None,
        "leads": True,
    }
