"""Menus edited in the admin: seeded with the navigation the site shipped with, cached, and
an edit visible on the next request; the built-in navigation while the database is down."""

import re
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from cancercenter.pages import menus
from cancercenter.pages.models import Menu, MenuItem, Page
from tests.outages import database_outage  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a[^>]*href="([^"]*)"[^>]*>([^<]*)</a>')


def header_links(html: str) -> list[tuple[str, str]]:
    nav = html.split('class="main-nav main-nav--wide"', 1)[1].split("</nav>", 1)[0]
    return LINK.findall(nav)


def footer_groups(html: str) -> dict[str, list[tuple[str, str]]]:
    footer = html.split('<footer class="site-footer">', 1)[1]
    groups = {}
    for nav in footer.split("<nav ")[1:]:
        nav = nav.split("</nav>", 1)[0]
        title = re.search(r"<h2[^>]*>([^<]*)</h2>", nav).group(1)
        groups[title] = LINK.findall(nav)
    return groups


def header_menu() -> Menu:
    return Menu.objects.get(placement="header")


def test_the_seeded_menus_are_the_navigation_the_site_shipped_with(client):
    html = client.get("/").content.decode()
    assert header_links(html) == [
        ("/education/", "Treatments"),
        ("/stories/", "Patient stories"),
        ("/trials/", "Clinical trials"),
        ("/give/", "Give"),
        ("/contact/", "Contact"),
    ]
    groups = footer_groups(html)
    assert list(groups) == ["Find your way", "Notices and policies"]
    assert ("/glossary/", "Dictionary of cancer terms") in groups["Find your way"]
    assert ("/locations/", "Locations") in groups["Find your way"]
    assert [url for url, _label in groups["Notices and policies"]] == [
        "/notice-of-privacy-practices/",
        "/nondiscrimination/",
        "/language-assistance/",
        "/privacy/",
        "/accessibility/",
        "/patient-rights/",
    ]


def test_spanish_pages_show_the_menus_in_spanish(client):
    html = client.get("/es/").content.decode()
    links = header_links(html)
    assert links[0] == ("/es/education/", "Tratamientos")
    assert all(url.startswith("/es/") for url, _label in links)
    groups = footer_groups(html)
    assert all(url.startswith("/es/") for group in groups.values() for url, _label in group)
    assert list(groups) == ["Encuentre lo que busca", "Avisos y políticas"]


def test_the_built_in_navigation_matches_the_seed():
    """What the 503 page shows while the database is down is what a new site starts with."""
    for language in ["en", "es"]:
        with translation.override(language):
            cache.clear()
            seeded = menus.get_menus(language)
            built_in = menus.default_menus()
        assert seeded.header == built_in.header
        assert [group.title for group in seeded.footer] == [g.title for g in built_in.footer]
        assert [g.links for g in seeded.footer][0] == [g.links for g in built_in.footer][0]
        assert [link.url for link in seeded.footer[1].links] == [
            link.url for link in built_in.footer[1].links
        ]


def test_menus_cost_no_query_once_cached_and_one_to_build(django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(1):
        menus.get_menus("en")
    with django_assert_num_queries(0):
        menus.get_menus("en")
        menus.get_menus("es")  # one query built every language


def test_an_admin_edit_shows_on_the_next_request(admin_client, client):
    menu = header_menu()
    client.get("/")  # the menus are cached now
    items = list(menu.items.order_by("order"))
    data = {
        "placement": "header",
        "title_en": menu.title_en,
        "title_es": menu.title_es,
        "order": "0",
        "items-TOTAL_FORMS": str(len(items) + 1),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update(
            {
                f"items-{index}-id": str(item.pk),
                f"items-{index}-menu": str(menu.pk),
                f"items-{index}-order": str(item.order),
                f"items-{index}-label_en": "",
                f"items-{index}-label_es": "",
                f"items-{index}-site_link": item.site_link,
                f"items-{index}-url": "",
            }
        )
    data["items-0-label_en"] = "Our treatments"  # relabel the first
    data["items-1-DELETE"] = "on"  # drop "Patient stories"
    new = len(items)
    data.update(
        {
            f"items-{new}-menu": str(menu.pk),
            f"items-{new}-order": "99",
            f"items-{new}-label_en": "Newsroom",
            f"items-{new}-label_es": "Noticias",
            f"items-{new}-url": "https://news.example.org/",
        }
    )
    response = admin_client.post(f"/admin/pages/menu/{menu.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]

    links = header_links(client.get("/").content.decode())
    assert links[0] == ("/education/", "Our treatments")
    assert ("/stories/", "Patient stories") not in links
    assert links[-1] == ("https://news.example.org/", "Newsroom")
    assert header_links(client.get("/es/").content.decode())[-1] == (
        "https://news.example.org/",
        "Noticias",
    )


def test_an_item_needs_exactly_one_target_and_says_so_next_to_it(admin_client):
    menu = header_menu()
    data = {
        "placement": "header",
        "title_en": menu.title_en,
        "title_es": menu.title_es or "",
        "order": "0",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-menu": str(menu.pk),
        "items-0-order": "1",
        "items-0-label_en": "Both",
        "items-0-site_link": "give",
        "items-0-url": "https://example.org/",
    }
    response = admin_client.post(f"/admin/pages/menu/{menu.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Choose exactly one of: a page, a part of the site, or an outside address." in (
        response.content.decode()
    )
    data.update({"items-0-site_link": "", "items-0-url": "javascript:alert(1)"})
    response = admin_client.post(f"/admin/pages/menu/{menu.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assert MenuItem.objects.filter(label_en="Both").count() == 0


def test_a_page_item_follows_the_page_title_status_and_address(admin_client, client):
    about = Page.objects.create(title="About us", slug="about", status="draft")
    MenuItem.objects.create(menu=header_menu(), order=50, page=about)
    assert ("/about/", "About us") not in header_links(client.get("/").content.decode())

    about.status = "published"
    about.title = "About the center"
    about.save()
    assert header_links(client.get("/").content.decode())[-1] == ("/about/", "About the center")

    # Moving the page under another changes its address in the menu too.
    parent = Page.objects.create(title="Who we are", slug="who-we-are", status="published")
    about.parent = parent
    about.save()
    assert header_links(client.get("/").content.decode())[-1] == (
        "/who-we-are/about/",
        "About the center",
    )

    # Unpublishing from the list (an update without signals) hides it at once.
    response = admin_client.post(
        "/admin/pages/page/",
        {"action": "unpublish", "_selected_action": [str(about.pk)]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ("/who-we-are/about/", "About the center") not in header_links(
        client.get("/").content.decode()
    )


def test_a_page_scheduled_for_later_joins_the_menu_when_its_time_comes(client):
    later = timezone.now() + timezone.timedelta(seconds=30)
    soon = Page.objects.create(title="Open day", slug="open-day", status="published",
                               published_at=later)  # fmt: skip
    MenuItem.objects.create(menu=header_menu(), order=60, page=soon)
    client.get("/")
    key = menus._key("en")
    assert cache.get(key) is not None
    # The cached menus expire no later than the page's publish time.
    expires = cache._expire_info[cache.make_and_validate_key(key)]  # local-memory cache
    assert 0 < expires - time.time() <= 32


def test_a_page_in_a_menu_cannot_be_deleted_by_accident(admin_client):
    notice = Page.objects.get(path="privacy")
    response = admin_client.post(f"/admin/pages/page/{notice.pk}/delete/", {"post": "yes"})
    assert Page.objects.filter(pk=notice.pk).exists()
    assert response.status_code == HTTPStatus.OK  # the admin names what protects it


def test_the_menu_admin_lists_searches_and_links_to_the_site(admin_client):
    response = admin_client.get("/admin/pages/menu/", {"q": "Notices"})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Notices and policies" in html and "Find your way" not in html
    change = admin_client.get(f"/admin/pages/menu/{header_menu().pk}/change/").content.decode()
    assert "View on site" in change


def test_the_menus_show_while_the_database_is_down(client, database_outage):  # noqa: F811
    cache.clear()
    database_outage.stop()
    response = client.get("/education/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    html = response.content.decode()
    assert ("/trials/", "Clinical trials") in header_links(html)
    assert "/privacy/" in html
