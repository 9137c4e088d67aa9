from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: timedelta) -> int:
    """A duration in whole minutes, rounded up: "try again in 30 minutes"."""
    return max(1, -(-int(value.total_seconds()) // 60))
