"""The named parts of the site a menu item can point to, and the navigation the site had
before menus were edited in the admin: the seed of the menus, and what is shown while the
database cannot be read."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cancercenter.pages.notices import FOOTER_NOTICES

# key -> (label, URL name). A key missing from the URLconf (an app not installed) is skipped.
SITE_LINKS = {
    "treatments": (_("Treatments"), "education:topic-list"),
    "stories": (_("Patient stories"), "stories:story-list"),
    "trials": (_("Clinical trials"), "trials:trial-list"),
    "give": (_("Give"), "give"),
    "contact": (_("Contact"), "contact"),
    "faq": (_("Questions and answers"), "education:faq"),
    "locations": (_("Locations"), "pages:location-list"),
    "doctors": (_("Find a doctor"), "care:provider-list"),
    "glossary": (_("Dictionary of cancer terms"), "glossary:term-list"),
    "search": (_("Search"), "search"),
    "home": (_("Home"), "home"),
}


def site_link_choices() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _name) in SITE_LINKS.items()]


def site_link_url(key: str) -> str | None:
    """The address of a part of the site in the active language, or None if it is gone."""
    try:
        return reverse(SITE_LINKS[key][1])
    except (KeyError, NoReverseMatch):
        return None


MAIN_SITE_LINKS = ["treatments", "stories", "trials", "give", "contact"]

# The menus as seeded: (placement, title, order, [("site", key) | ("page", path)]).
DEFAULT_MENUS = [
    ("header", _("Main"), 0, [("site", key) for key in MAIN_SITE_LINKS]),
    (
        "footer",
        _("Find your way"),
        0,
        [("site", key) for key in [*MAIN_SITE_LINKS, "faq", "locations", "glossary"]],
    ),
    ("footer", _("Notices and policies"), 1, [("page", path) for path, _label in FOOTER_NOTICES]),
]
# The page items' labels while the database is down (their titles cannot be read).
DEFAULT_PAGE_LABELS = dict(FOOTER_NOTICES)
