"""Writes with side effects for education content: the scheduled publishing upkeep."""

from datetime import datetime

from education import scheduling
from education.models import FAQ, Topic


def topics_schedule_apply(*, now: datetime | None = None) -> scheduling.ScheduleReport:
    """Topics past their unpublish moment back to draft; those whose moment came, saved."""
    return scheduling.schedule_apply(Topic, now=now)


def faqs_schedule_apply(*, now: datetime | None = None) -> scheduling.ScheduleReport:
    """FAQs past their unpublish moment unpublished; those whose moment came, saved."""
    return scheduling.schedule_apply(FAQ, now=now)
