"""Whole public pages for anonymous visitors, served from the shared cache (issue 19).

Every anonymous visitor sees the same page, so a page built once is kept in the cache
(Redis in production) per address (path and sorted query string), language and the
language offer (which follows Accept-Language on English pages), and served again until
any public content changes. What is never kept:

- requests with a session cookie (staff, anyone with session data), a messages cookie or
  an Authorization header; on an English address, a visitor who chose another language
  (they are redirected to it);
- answers other than a 200 HTML page; answers that set a cookie (a CSRF form token, a
  message, a session), that say `Cache-Control` themselves (form and thank-you pages are
  `no-store`, previews `private`), that vary on anything but language and cookies, or whose
  Content-Security-Policy carries a per-request nonce (the portal allows nothing inline,
  so none does today; one that did would break when served to the next visitor).

Invalidation is a site-wide content version, not hope in TTLs: a token in the cache that
`content_changed()` replaces. It is called by the save and delete signals of every public
content model (connected in `connect_signals`), after each trial import batch (the
`trials_imported` signal), after every successful staff POST in the admin (bulk actions
change rows without signals), and by the commands that load content. An entry is kept
only while the token it was built under is current.

Scheduled publishing: content with a future `published_at` (or `unpublish_at`, or a story
authorization's end) must appear or leave on time, so the
version also records the next such moment; entries (and the `max-age` sent to browsers and
proxies) never outlive it, and the version is renewed once it has passed.

The cache failing (Redis down) means every page is built as if uncached: lookups answer
"not cached" (cancercenter/cache.py) and any other error is logged and ignored.
`PAGE_CACHE=false` turns it all off.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from cancercenter import replicas

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
ENTRY_PREFIX = "pagecache:page:"
HEADER = "X-Page-Cache"

# Every model whose rows a public page shows. A change to any of them renews the version.
CONTENT_MODELS = [
    "education.Treatment",
    "education.CancerType",
    "education.Topic",
    "education.FAQ",
    "education.GlossaryTerm",
    "stories.Story",
    "trials.Trial",
    "trials.TrialSite",
    "pages.Page",
    "pages.Location",
    "pages.Menu",
    "pages.MenuItem",
    "giving.Fund",
    "search.SearchSynonym",
    "care.Provider",  # find a doctor, once that app has it
]
# Models whose rows appear or leave by themselves when their `published_at` or
# `unpublish_at` comes (education/scheduling.py), and stories, which also leave on the day
# their written authorization ends.
SCHEDULED_MODELS = ["education.Topic", "education.FAQ", "stories.Story", "pages.Page"]
SCHEDULE_FIELDS = ("published_at", "unpublish_at")

# Answers that vary on anything else are not the same for every visitor.
ALLOWED_VARY = {"accept-language", "cookie", "accept-encoding"}
MESSAGES_COOKIE = "messages"


@dataclass(frozen=True)
class Version:
    token: str
    # When the next scheduled content appears or leaves (epoch seconds), or None.
    due: float | None
    # When this version was made (epoch seconds).
    made: float = 0.0


@dataclass(frozen=True)
class Entry:
    token: str
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: float
    expires: float


# THE VERSION
# ------------------------------------------------------------------------------


def _models(names: list[str]) -> list:
    found = []
    for name in names:
        try:
            found.append(apps.get_model(name))
        except LookupError:
            continue
    return found


def next_scheduled_publish(now=None) -> float | None:
    """The next moment a row appears or leaves by itself: a future `published_at` or
    `unpublish_at`, or the first day after a published story's authorization ends (two
    queries, run when the version is renewed, never on a page request)."""
    now = now or timezone.now()
    querysets = [
        model.objects.filter(**{f"{name}__gt": now})
        .order_by()
        .annotate(moment=F(name))
        .values_list("moment")
        for model in _models(SCHEDULED_MODELS)
        for name in SCHEDULE_FIELDS
        if any(field.name == name for field in model._meta.concrete_fields)
    ]
    moments = []
    if querysets:
        first = querysets[0].union(*querysets[1:]).order_by("moment")[:1]
        moments = [row[0] for row in first]
    expiry = _next_authorization_end(now)
    if expiry is not None:
        moments.append(expiry)
    return min(moments).timestamp() if moments else None


def _next_authorization_end(now):
    """The start of the day a published story leaves because its authorization ended."""
    try:
        story = apps.get_model("stories.Story")
    except LookupError:
        return None
    if not any(field.name == "consent_expires_on" for field in story._meta.concrete_fields):
        return None
    today = timezone.localdate(now)
    day = (
        story.objects.filter(consent_expires_on__gt=today, consent_revoked_on__isnull=True)
        .order_by("consent_expires_on")
        .values_list("consent_expires_on", flat=True)
        .first()
    )
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _new_version() -> Version:
    return Version(
        token=uuid.uuid4().hex[:16], due=next_scheduled_publish(), made=timezone.now().timestamp()
    )


def _renew() -> Version | None:
    version = _new_version()
    try:
        cache.set(VERSION_KEY, version, timeout=None)
    except Exception as exc:
        logger.warning("Page cache version not stored (%s)", type(exc).__name__)
        return None
    return version


def content_changed() -> None:
    """Public content changed: every cached page is out of date from now on.

    Renewed at once and again after the commit: a page built in between (by another
    request, which saw the old rows) must not stay under the new version.
    """
    if not settings.PAGE_CACHE:
        return
    _renew()
    transaction.on_commit(_renew)


def warm() -> Version | None:
    """Store a version if there is none (tests call this, so query counts do not depend on
    which request comes first)."""
    try:
        version = cache.get(VERSION_KEY)
    except Exception:
        version = None
    return version or _renew()


def _current(version: Version | None, now: float) -> Version | None:
    if version is not None and (version.due is None or now < version.due):
        return version
    return _renew()


def _changed(sender, **kwargs):
    content_changed()


def _changed_m2m(sender, action: str, **kwargs):
    if action.startswith("post_"):
        content_changed()


def connect_signals() -> None:
    for model in _models(CONTENT_MODELS):
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_changed_m2m, sender=through, dispatch_uid=f"{uid}:{field.name}")
    from trials.services import trials_imported

    trials_imported.connect(_changed, dispatch_uid="pagecache:trials-imported")


# WHICH REQUESTS AND ANSWERS
# ------------------------------------------------------------------------------


def _excluded_prefixes() -> tuple[str, ...]:
    return ("/admin/", settings.STATIC_URL, settings.MEDIA_URL, "/language/", "/csp-report/")


def request_variant(request) -> str | None:
    """What, besides the address, decides the page; None: this request is never cached."""
    if request.method not in ("GET", "HEAD"):
        return None
    path = request.path_info
    if path.startswith(_excluded_prefixes()) or path == "/healthz":
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        return language  # other languages' pages offer no language: the same for all
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES) and chosen != settings.LANGUAGE_CODE:
        return None  # PreferredLanguageMiddleware sends them to their language
    # English pages offer the visitor's preferred language (cancercenter/languages.py).
    offer = translation.get_language_from_request(request)
    return f"{language}:{offer}"


def normalised_query(query_string: str) -> str:
    """The same parameters in one order: ?b=2&a=1 and ?a=1&b=2 are one page."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _plain(value):
    """`value` as plain data with the same repr in every process; other objects (lazy
    translations, classes) by their type only."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return sorted((str(key), _plain(item)) for key, item in value.items())
    return type(value).__name__


def _template_mtime() -> float:
    newest = 0.0
    for folder in [settings.BASE_DIR / "templates"]:
        for path in folder.rglob("*.html"):
            newest = max(newest, path.stat().st_mtime)
    return newest


_fingerprint: str | None = None


def deployment_fingerprint() -> str:
    """What else decides a page: the settings (the center's name, phone, ...) and the
    templates. Part of every key, so pages cached before a deploy that changed either are
    not served after it. Computed once per process."""
    global _fingerprint
    if _fingerprint is None:
        values = {name: _plain(getattr(settings, name)) for name in dir(settings) if name.isupper()}
        text = repr(sorted(values.items())) + repr(_template_mtime())
        _fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
    return _fingerprint


@receiver(setting_changed)
def _settings_changed(**kwargs):
    global _fingerprint
    _fingerprint = None


def entry_key(request, variant: str) -> str:
    address = "|".join(
        [
            deployment_fingerprint(),
            request.scheme,
            request.get_host(),
            variant,
            request.path,
            normalised_query(request.META.get("QUERY_STRING", "")),
        ]
    )
    return ENTRY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()


def _replica_may_lag(version, now: float) -> bool:
    """True while a replica read could still miss the change behind the current version."""
    if not replicas.replica_aliases():
        return False
    window = settings.REPLICA_MAX_LAG_SECONDS or settings.REPLICA_PIN_SECONDS
    made = getattr(version, "made", 0.0) if isinstance(version, Version) else 0.0
    return not made or now - made < window


def cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies or response.has_header("Cache-Control"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page holds a form token of this visitor's
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.get(header, ""):
            return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value}
    if not vary <= ALLOWED_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _public_headers(response, *, etag: str, last_modified: float, expires: float, now: float):
    left = max(0, int(expires - now))
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_CACHE_MAX_AGE, left),
        s_maxage=min(settings.PAGE_CACHE_SHARED_MAX_AGE, left),
    )
    patch_vary_headers(response, ("Cookie",))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)


# THE MIDDLEWARE
# ------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache (see the module docstring).

    Placed after whitenoise and before everything that only matters when a page is built
    (sessions, languages, CSRF, authentication, CSP): a hit skips all of that. The answer
    stored is the one those built, with their headers (CSP, X-Frame-Options, Vary).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE:
            return self.get_response(request)
        if request.method == "POST" and request.path_info.startswith("/admin/"):
            return self._admin_post(request)
        variant = request_variant(request)
        if variant is None:
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Built for someone signed in or with session data: no shared cache keeps it.
                if not response.has_header("Cache-Control"):
                    patch_cache_control(response, private=True)
            return response
        try:
            key = entry_key(request, variant)
        except DisallowedHost:
            return self.get_response(request)  # Django's own 400 page
        now = timezone.now().timestamp()
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception as exc:
            logger.warning("Page cache unavailable (%s)", type(exc).__name__)
            found = {}
        version = found.get(VERSION_KEY)
        entry = found.get(key)
        if (
            isinstance(version, Version)
            and isinstance(entry, Entry)
            and entry.token == version.token
            and now < entry.expires
            and (version.due is None or now < version.due)
        ):
            return self._from_entry(request, entry, now)
        if _replica_may_lag(version, now):
            # Content changed a moment ago: a replica may not have replayed it yet, and the
            # page stored now is the one everyone gets until the next change.
            replicas.pin_to_primary()
        response = self.get_response(request)
        if request.method == "GET" and cacheable(request, response):
            return self._store(request, response, key, version, now)
        return response

    def _admin_post(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code < 400 and user is not None and user.is_staff:
            # Admin actions change rows in bulk (queryset.update), without save signals.
            content_changed()
        return response

    def _from_entry(self, request, entry: Entry, now: float):
        response = HttpResponse(entry.content)
        for name, value in entry.headers:
            response[name] = value
        _public_headers(
            response, etag=entry.etag, last_modified=entry.last_modified,
            expires=entry.expires, now=now,
        )  # fmt: skip
        response[HEADER] = "hit"
        return self._conditional(request, response, entry.etag, entry.last_modified)

    def _store(self, request, response, key: str, version, now: float):
        version = _current(version, now)
        if version is None:
            return response  # no cache to keep it in: an ordinary uncached page
        expires = now + settings.PAGE_CACHE_SECONDS
        if version.due is not None:
            expires = min(expires, version.due)
        content = response.content
        etag = '"' + hashlib.sha1(content, usedforsecurity=False).hexdigest() + '"'
        headers = tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("cache-control", "etag", "last-modified", "expires")
        )
        entry = Entry(version.token, headers, content, etag, now, expires)
        timeout = max(1, int(expires - now))
        try:
            cache.set(key, entry, timeout=timeout)
        except Exception as exc:
            logger.warning("Page not stored in the cache (%s)", type(exc).__name__)
        _public_headers(response, etag=etag, last_modified=now, expires=expires, now=now)
        response[HEADER] = "miss"
        return self._conditional(request, response, etag, now)

    def _conditional(self, request, response, etag: str, last_modified: float):
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )
        if not_modified is not response and not_modified.status_code == 304:
            not_modified[HEADER] = response[HEADER]
        return not_modified
