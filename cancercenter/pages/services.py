"""What the rest of the site asks of the pages app: the menus every page shows, the
addresses of the site's named parts, and the scheduled publishing upkeep of pages."""

from datetime import datetime

from cancercenter.pages.links import SITE_LINKS, site_link_url
from cancercenter.pages.menus import Menus, default_menus, get_menus
from cancercenter.pages.models import Page
from education import scheduling

__all__ = [
    "SITE_LINKS",
    "Menus",
    "default_menus",
    "get_menus",
    "pages_schedule_apply",
    "site_link_url",
]


def pages_schedule_apply(*, now: datetime | None = None) -> scheduling.ScheduleReport:
    """Pages past their unpublish moment back to draft; those whose moment came, saved (the
    menus that link to them are cleared by the pages' save signal)."""
    return scheduling.schedule_apply(Page, now=now)
