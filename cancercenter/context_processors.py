from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from cancercenter.pages.services import SITE_LINKS, default_menus, get_menus, site_link_url

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
def _appointment_url(language: str) -> str | None:
    """The primary action: the appointment and second-opinion request form."""
    try:
        return reverse("care:appointment-request")
    except NoReverseMatch:
        return None


@cache
def _site_urls(language: str) -> dict[str, str]:
    """Addresses of the site's parts, for templates that link to them ({{ site_urls.give }})."""
    urls = {key: site_link_url(key) for key in SITE_LINKS}
    return {key: url for key, url in urls.items() if url}


def _is_current(path: str, url: str) -> bool:
    return url.startswith("/") and url != "/" and path.startswith(url)


def center(request):
    """The center's profile and the menus, for every page.

    The menus come from the cache (no query once warm); while the database is down (the
    503 page) they are the built-in navigation.
    """
    path = request.path
    language = get_language()
    menus = default_menus() if getattr(request, "database_unavailable", False) else None
    menus = menus or get_menus(language)
    nav = [
        {"label": link.label, "url": link.url, "current": _is_current(path, link.url)}
        for link in menus.header
    ]
    return {
        "canonical_url": canonical_url(request),
        "stories_feed_url": _stories_feed_url(get_language()),
        "share_image_url": _site_url() + static(SHARE_IMAGE),
        "center": settings.CENTER,
        "main_nav": nav,
        "footer_menus": menus.footer,
        "site_urls": _site_urls(language),
        "logo_url": _logo_url(),
        "appointment_url": _appointment_url(language),
        "response_time": settings.SUBMISSION_RESPONSE_TIME_TEXT,
    }
