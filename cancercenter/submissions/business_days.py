"""Business time: the clock that response promises and the "overdue" filters count.

A promise of N hours counts only the hours of days the center is open, in the center's
time zone (`TIME_ZONE`): Monday to Friday, minus the public holidays of
`CENTER_HOLIDAYS_COUNTRY` (and `CENTER_HOLIDAYS_SUBDIVISION`, e.g. a state) from the
`holidays` library, minus the extra dates in `CENTER_CLOSED_DAYS`. So "24 hours" is one
business day: a request sent on Friday at 3 p.m. is due on Monday at 3 p.m., or on
Tuesday when Monday is a holiday.
"""

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone

# A promise is never further out than this; a misconfiguration cannot loop for ever.
MAX_DAYS_SEARCHED = 3660


def now() -> datetime:
    """The current time; the one place tests move the clock."""
    return timezone.now()


@cache
def _holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(calendar)


def _closed_days() -> frozenset[date]:
    return frozenset(date.fromisoformat(str(day)) for day in settings.CENTER_CLOSED_DAYS)


def is_business_day(day: date) -> bool:
    """Whether the center is open that day (a weekday, not a holiday, not closed)."""
    if day.weekday() >= 5:
        return False
    country = settings.CENTER_HOLIDAYS_COUNTRY
    if day in _holidays(country, settings.CENTER_HOLIDAYS_SUBDIVISION, day.year):
        return False
    return day not in _closed_days()


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _aware(wall_clock: datetime) -> datetime:
    return timezone.make_aware(wall_clock)


def add_business_hours(start: datetime, hours: float) -> datetime:
    """The moment `hours` of business time after `start` (the promise's deadline)."""
    remaining = timedelta(hours=hours)
    current = _local(start)
    for _day in range(MAX_DAYS_SEARCHED):
        next_midnight = datetime.combine(current.date() + timedelta(days=1), time())
        if is_business_day(current.date()):
            if remaining <= next_midnight - current:
                return _aware(current + remaining)
            remaining -= next_midnight - current
        current = next_midnight
    return _aware(current)


def subtract_business_hours(end: datetime, hours: float) -> datetime:
    """The latest moment `hours` of business time before `end`.

    What was received before it is overdue at `end`: the cut-off of the overdue filters.
    """
    remaining = timedelta(hours=hours)
    current = _local(end)
    for _day in range(MAX_DAYS_SEARCHED):
        day_start = datetime.combine(current.date(), time())
        if current == day_start:  # midnight: the hours before it belong to the day before
            day_start -= timedelta(days=1)
        if is_business_day(day_start.date()):
            if remaining <= current - day_start:
                return _aware(current - remaining)
            remaining -= current - day_start
        current = day_start
    return _aware(current)


def response_deadline(received: datetime, hours: float) -> datetime:
    """When a submission received at `received` is due, `hours` business hours later."""
    return add_business_hours(received, hours)
