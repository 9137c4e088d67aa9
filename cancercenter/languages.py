"""English at the root, Spanish under /es/: the switch, the alternates and the sticky choice.

Both languages use the same paths (`/contact/` and `/es/contact/`), so the other language's
address is the path with the prefix added or taken off; no database is needed, and the 503
page gets a switch too. The choice is remembered in Django's language cookie (for the visit)
by `language_switch`, never guessed from the browser: a browser that asks for Spanish gets a
Spanish offer on English pages, not a redirect, so links and crawlers see stable pages.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

# How each language names itself in the switch ("Español" on an English page).
NATIVE_NAMES = {"en": "English", "es": "Español"}
SAFE_METHODS = {"GET", "HEAD"}


def language_of_path(path: str) -> str:
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def path_in_language(path: str, language: str) -> str:
    """The same page in another language: /x/ <-> /es/x/ (query strings untouched)."""
    current = language_of_path(path)
    if current != settings.LANGUAGE_CODE:
        path = path[len(current) + 1 :] or "/"
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def _site_url() -> str:
    return settings.CENTER["site_url"].rstrip("/")


def language_links(request) -> dict:
    """Context for base.html: hreflang alternates, the switch, and the Spanish offer."""
    current = translation.get_language()
    path = request.path
    alternates = [
        {"code": code, "url": _site_url() + path_in_language(path, code)}
        for code, _name in settings.LANGUAGES
    ]
    switch = [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "url": path_in_language(path, code),
            "target": _with_query(path_in_language(path, code), request),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    # Offered on English pages to a browser that prefers another language and has not
    # chosen English with the switch.
    preferred = translation.get_language_from_request(request)
    offer = next((item for item in switch if item["code"] == preferred), None)
    return {
        "language_alternates": alternates,
        "language_default_url": _site_url() + path_in_language(path, settings.LANGUAGE_CODE),
        "language_switch": switch,
        "language_offer": offer if current == settings.LANGUAGE_CODE else None,
    }


def _with_query(path: str, request) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PreferredLanguageMiddleware:
    """Someone who chose Spanish and opens an English address (a shared link, an old
    bookmark) gets the Spanish page. Only GET and HEAD, and only pages that exist under
    /es/; the admin, /healthz and files stay where they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method in SAFE_METHODS
            and chosen in dict(settings.LANGUAGES)
            and chosen != settings.LANGUAGE_CODE
            and not translation.get_language_from_path(request.path_info)
        ):
            target = translate_url(request.path, chosen)
            if target != request.path:
                response = HttpResponseRedirect(_with_query(target, request))
                patch_vary_headers(response, ("Cookie",))
                return response
        response = self.get_response(request)
        if not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Cookie",))
        return response
