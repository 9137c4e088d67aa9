from django import template

from stories.models import Story

register = template.Library()


@register.inclusion_tag("includes/treatment_stories.html")
def treatment_stories(treatment, heading_level: int = 3, limit: int = 3) -> dict:
    """Published stories about a treatment, for its topic pages (two queries)."""
    stories = []
    if treatment is not None:
        stories = list(Story.objects.published().for_cards().filter(treatments=treatment)[:limit])
    return {"stories": stories, "treatment": treatment, "heading_level": heading_level}
