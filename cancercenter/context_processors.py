from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cancercenter.pages.services import notice_links

# The main navigation, in order. An entry shows once its app's URL exists.
MAIN_NAV = [
    ("education", _("Treatments"), "education:topic-list"),
    ("stories", _("Patient stories"), "stories:story-list"),
    ("trials", _("Clinical trials"), "trials:trial-list"),
    ("give", _("Give"), "give"),
    ("contact", _("Contact"), "contact"),
]


# The picture shown when a page is shared, unless a page sets its own.
SHARE_IMAGE = "img/share.png"


def _site_url() -> str:
    return settings.CENTER["site_url"].rstrip("/")


def canonical_url(request) -> str:
    """The page's public address: the site URL, the path, and the page number past page 1.

    A filtered list points to the unfiltered list, so its page number is dropped too: page
    2 of "CAR T stories" is not page 2 of all stories.
    """
    url = _site_url() + request.path
    page = request.GET.get("page", "")
    if set(request.GET) == {"page"} and page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


# Cached per language: reverse() gives /es/… addresses while Spanish is active.
@cache
def _stories_feed_url(language: str) -> str | None:
    try:
        return reverse("stories:story-feed")
    except NoReverseMatch:
        return None


def _logo_url() -> str:
    logo = settings.CENTER.get("logo")
    return static(logo) if logo else ""


@cache
def _appointment_url() -> str | None:
    """The primary action: the appointment and second-opinion request form."""
    try:
        return reverse("care:appointment-request")
    except NoReverseMatch:
        return None


@cache
def _main_nav(language: str) -> tuple[tuple[str, str, str], ...]:
    items = []
    for key, label, url_name in MAIN_NAV:
        try:
            items.append((key, label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return tuple(items)


def center(request):
    """The center's profile and the main navigation, for every page.

    Deliberately free of database queries: the 503 page uses it while the database is down.
    """
    path = request.path
    nav = [
        {"label": label, "url": url, "current": path.startswith(url)}
        for _key, label, url in _main_nav(get_language())
    ]
    site_urls = {key: url for key, _label, url in _main_nav(get_language())}
    return {
        "canonical_url": canonical_url(request),
        "stories_feed_url": _stories_feed_url(get_language()),
        "share_image_url": _site_url() + static(SHARE_IMAGE),
        "center": settings.CENTER,
        "main_nav": nav,
        "site_urls": site_urls,
        "logo_url": _logo_url(),
        "notice_links": notice_links(),
        "appointment_url": _appointment_url(),
        "response_time": settings.SUBMISSION_RESPONSE_TIME_TEXT,
    }
