"""The header navigation and the footer's link groups, as staff edit them in the admin.

Every page shows them, so they are read once and kept in the shared cache, resolved for
each language (labels and addresses), until a menu, a menu item or a page they show
changes. One query builds all languages at once; a warm cache costs none. While the
database cannot be read, the navigation the site shipped with is shown instead (the 503
page keeps its links).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from cancercenter.pages.links import DEFAULT_MENUS, DEFAULT_PAGE_LABELS, SITE_LINKS, site_link_url

logger = logging.getLogger(__name__)

CACHE_PREFIX = "menus:v1:"
# A safety net only: every change that a menu shows clears the cache at once.
CACHE_SECONDS = 6 * 60 * 60


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class LinkGroup:
    title: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Menus:
    header: tuple[Link, ...]
    footer: tuple[LinkGroup, ...]
    page_ids: frozenset[int] = field(default_factory=frozenset)


def _key(language: str) -> str:
    return f"{CACHE_PREFIX}{language}"


def _keys() -> list[str]:
    return [_key(code) for code, _name in settings.LANGUAGES]


def _per_language(build) -> dict[str, Menus]:
    """`build()` run once in each of the site's languages."""
    built = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            built[code] = build()
    return built


def _store(built: dict[str, Menus], timeout: int) -> None:
    cache.set_many({_key(code): value for code, value in built.items()}, timeout)


def get_menus(language: str | None = None) -> Menus:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    menus = cache.get(_key(language))
    if menus is None:
        try:
            built, timeout = _build()
        except DatabaseError:
            logger.warning("Menus could not be read; showing the built-in navigation")
            return default_menus()
        _store(built, timeout)
        menus = built.get(language) or next(iter(built.values()))
    return menus


def warm() -> None:
    """Fill the cache (tests call this so a page's query count does not depend on order)."""
    _store(*_build())


def use_built_in() -> None:
    """Cache the built-in navigation (for tests that run without a database)."""
    _store(_per_language(default_menus), CACHE_SECONDS)


def invalidate() -> None:
    keys = _keys()
    cache.delete_many(keys)
    # Also after the change is committed: a page built in between would cache the old menus.
    transaction.on_commit(lambda: cache.delete_many(keys))


def cached_page_ids() -> frozenset[int] | None:
    """The pages the cached menus link to (no query), or None if no menus are cached."""
    found = None
    for menus in cache.get_many(_keys()).values():
        found = (found or frozenset()) | menus.page_ids
    return found


def _build() -> tuple[dict[str, Menus], int]:
    from cancercenter.pages.models import MenuItem

    now = timezone.now()
    items = list(
        MenuItem.objects.select_related("menu", "page").order_by(
            "menu__placement", "menu__order", "menu__pk", "order", "pk"
        )
    )
    page_ids = frozenset(item.page_id for item in items if item.page_id)
    # A page published (or unpublished) later appears (or goes) when its time comes, not
    # after the safety net.
    moments = [
        moment
        for item in items
        if item.page_id
        for moment in (item.page.published_at, item.page.unpublish_at)
        if moment is not None
    ]
    upcoming = [moment for moment in moments if moment > now]
    timeout = CACHE_SECONDS
    if upcoming:
        timeout = max(1, min(timeout, int((min(upcoming) - now).total_seconds()) + 1))
    return _per_language(lambda: _resolve(items, page_ids)), timeout


def _resolve(items, page_ids: frozenset[int]) -> Menus:
    header: list[Link] = []
    groups: dict[int, tuple[str, list[Link]]] = {}
    for item in items:
        link = _link(item)
        if link is None:
            continue
        if item.menu.placement == "header":
            header.append(link)
        else:
            groups.setdefault(item.menu.pk, (item.menu.title, []))[1].append(link)
    footer = tuple(LinkGroup(title, tuple(links)) for title, links in groups.values())
    return Menus(header=tuple(header), footer=footer, page_ids=page_ids)


def _link(item) -> Link | None:
    if item.page_id:
        page = item.page
        if not page.is_published:
            return None
        return Link(item.label or page.title, page.get_absolute_url())
    if item.site_link:
        url = site_link_url(item.site_link)
        if url is None:
            return None
        return Link(item.label or str(SITE_LINKS[item.site_link][0]), url)
    return Link(item.label, item.url)


def default_menus() -> Menus:
    """The shipped navigation, built without the database, in the active language."""
    header: list[Link] = []
    footer: list[LinkGroup] = []
    for placement, title, _order, targets in DEFAULT_MENUS:
        links = []
        for kind, value in targets:
            if kind == "site":
                url = site_link_url(value)
                if url:
                    links.append(Link(str(SITE_LINKS[value][0]), url))
            else:
                url = reverse("pages:page-detail", kwargs={"path": value})
                links.append(Link(str(DEFAULT_PAGE_LABELS[value]), url))
        if placement == "header":
            header.extend(links)
        else:
            footer.append(LinkGroup(str(title), tuple(links)))
    return Menus(header=tuple(header), footer=tuple(footer))


def seed_menus(Menu, MenuItem, Page) -> int:
    """Create the shipped menus if the site has none (a data migration calls this with the
    historical models). Page items link to the seeded notices that exist. Returns the
    number of menus created."""
    if Menu.objects.exists():
        return 0
    pages = {page.path: page for page in Page.objects.all()}
    created = 0
    for placement, title, order, targets in DEFAULT_MENUS:
        with translation.override("en"):
            title_en = str(title)
        with translation.override("es"):
            title_es = str(title)
        menu = Menu.objects.create(
            placement=placement, title=title_en, title_en=title_en, title_es=title_es, order=order
        )
        created += 1
        for position, (kind, value) in enumerate(targets):
            if kind == "site":
                MenuItem.objects.create(menu=menu, order=position, site_link=value)
            elif value in pages:
                MenuItem.objects.create(menu=menu, order=position, page=pages[value])
    return created
