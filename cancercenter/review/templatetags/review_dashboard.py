from django import template

from cancercenter.review import services

register = template.Library()


@register.inclusion_tag("admin/review/dashboard.html", takes_context=True)
def review_dashboard(context):
    """The admin index's blocks: what waits for this user, and the topics' review cycle."""
    user = context["request"].user
    sections = [section for section in services.waiting_sections(user) if section["may_see"]]
    may_see_topics = user.has_perm("education.view_topic") or user.has_perm(
        "education.change_topic"
    )
    return {
        "sections": sections,
        "cycle": services.review_cycle_counts() if may_see_topics else None,
    }
