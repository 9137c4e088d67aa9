"""General pages: the tree and its URLs, drafts, reorder, the notices and their deploy check."""

from http import HTTPStatus

import pytest
from django.utils import translation

from cancercenter.pages.models import Page
from cancercenter.pages.notices import NOTICES, seed_notices

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def page(title, slug, parent=None, **fields):
    fields.setdefault("status", "published")
    return Page.objects.create(title=title, slug=slug, parent=parent, **fields)


def test_a_page_lives_at_the_path_of_its_slugs_with_breadcrumbs(
    client, django_assert_max_num_queries
):
    patients = page("Patients", "patients")
    visiting = page("Visiting us", "visiting", patients)
    parking = page("Parking", "parking", visiting, body="Level **B2** is free for patients.")
    assert parking.get_absolute_url() == "/patients/visiting/parking/"
    with django_assert_max_num_queries(6):
        response = client.get("/patients/visiting/parking/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<h1>Parking</h1>" in html and "<strong>B2</strong>" in html
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/patients/"' in crumbs and 'href="/patients/visiting/"' in crumbs
    assert 'aria-current="page">Parking' in crumbs


def test_the_query_count_does_not_grow_with_the_depth_or_the_children(
    client, django_assert_num_queries
):
    parent = None
    for depth in range(5):
        parent = page(f"Level {depth}", f"level-{depth}", parent)
    for n in range(30):
        page(f"Child {n}", f"child-{n}", parent)
    client.get(parent.get_absolute_url())  # warm caches (sessions, content types)
    with django_assert_num_queries(3):
        response = client.get(parent.get_absolute_url())
    assert response.content.decode().count('class="card"') == 30


def test_moving_a_page_moves_its_subtree(client):
    about = page("About", "about")
    team = page("Our team", "team", about)
    nurses = page("Nurses", "nurses", team)
    patients = page("Patients", "patients")
    team.parent = patients
    team.save()
    nurses.refresh_from_db()
    assert nurses.path == "patients/team/nurses"
    assert client.get("/patients/team/nurses/").status_code == HTTPStatus.OK
    # The old address sends readers on (cancercenter/redirects).
    old = client.get("/about/team/nurses/")
    assert old.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert old["Location"] == "/patients/team/nurses/"


def test_drafts_and_future_pages_are_hidden_from_the_public_and_shown_to_staff(staff_client):
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    client = Client()

    page("Draft", "draft-page", status="draft")
    page("Soon", "soon", published_at=timezone.now() + timedelta(days=1))
    assert client.get("/draft-page/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/soon/").status_code == HTTPStatus.NOT_FOUND
    preview = staff_client.get("/draft-page/")
    assert preview.status_code == HTTPStatus.OK and "draft-banner" in preview.content.decode()


def test_reordering_in_the_admin_changes_the_order_of_subpages(client, staff_client):
    parent = page("Patients", "patients")
    first = page("Billing", "billing", parent, order=1)
    second = page("Lodging", "lodging", parent, order=2)
    html = client.get("/patients/").content.decode()
    assert html.index("Billing") < html.index("Lodging")
    changelist = "/admin/pages/page/"
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
        "form-0-id": str(first.pk), "form-0-order": "9", "_save": "Save",
    }  # fmt: skip
    response = staff_client.post(changelist + "?q=Billing", data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    html = client.get("/patients/").content.decode()
    assert html.index("Lodging") < html.index("Billing")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.tree_order > second.tree_order  # the admin lists the tree in this order


def test_a_top_level_slug_may_not_take_another_part_of_the_site(staff_client):
    response = staff_client.post(
        "/admin/pages/page/add/",
        {"title": "Trials", "slug": "trials", "status": "draft", "order": 0,
         "published_at_0": "2026-01-01", "published_at_1": "00:00"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    assert "is used by another part of the site" in response.content.decode()
    assert not Page.objects.filter(slug="trials").exists()


def test_every_notice_is_seeded_published_and_linked_from_every_page(client):
    seed_notices(Page)
    for notice in NOTICES:
        response = client.get(f"/{notice['slug']}/")
        assert response.status_code == HTTPStatus.OK, notice["slug"]
        assert "Template text" in response.content.decode()
    footer = client.get("/contact/").content.decode().split("<footer", 1)[1]
    for slug in ["notice-of-privacy-practices", "nondiscrimination", "language-assistance",
                 "privacy", "accessibility", "patient-rights"]:  # fmt: skip
        assert f'href="/{slug}/"' in footer


def test_seeding_is_idempotent_and_keeps_edits():
    seed_notices(Page)
    privacy = Page.objects.get(slug="privacy")
    privacy.body = "Our own policy."
    privacy.save()
    assert seed_notices(Page) == 0
    privacy.refresh_from_db()
    assert privacy.body == "Our own policy."
    assert Page.objects.filter(parent=None, slug="privacy").count() == 1


def test_language_assistance_lists_the_configured_languages_marked_by_language(client, settings):
    seed_notices(Page)
    settings.LANGUAGE_ASSISTANCE_LANGUAGES = ["es", "ar", "vi"]
    html = client.get("/language-assistance/").content.decode()
    assert html.count("<li lang=") == 3
    assert '<li lang="ar" dir="rtl">' in html
    assert settings.CENTER["phone_display"] in html.split('lang="vi"', 1)[1]


def test_the_gift_page_carries_the_disclosure_and_the_ein(client, settings):
    settings.GIFT_FOUNDATION_EIN = "12-3456789"
    settings.GIFT_SOLICITATION_DISCLOSURE = "Registered with the State of Example."
    html = client.get("/give/").content.decode()
    assert "12-3456789" in html and "tax-deductible" in html
    assert "Registered with the State of Example." in html


def test_the_deploy_check_warns_while_a_notice_is_unchanged():
    from django.core.checks import run_checks

    seed_notices(Page)
    warned = {
        m.obj.slug for m in run_checks(include_deployment_checks=True) if m.id == "pages.W001"
    }
    assert warned == {n["slug"] for n in NOTICES}
    for notice in Page.objects.exclude(template_fingerprint=""):
        notice.body += "\n\nReviewed by our compliance office."
        notice.save()
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "pages.W001"]


def test_published_pages_are_in_the_sitemap_and_drafts_are_not(client):
    page("About us", "about")
    page("Secret plans", "secret", status="draft")
    xml = client.get("/sitemap.xml").content.decode()
    assert "/about/</loc>" in xml
    assert "/secret/" not in xml


def location(**fields):
    from cancercenter.pages.models import Location

    data = {
        "name": "Main hospital", "slug": "main", "kind": "Hospital",
        "street": "1 Elm Street", "city": "Springfield", "region": "CA", "postal_code": "90000",
        "phone": "+1-555-010-4000", "phone_display": "(555) 010-4000",
        "opening_hours": "Mo-Fr 07:30-18:00\nSa 08:00-12:00",
        "parking": "Free garage on Elm Street.", "latitude": "34.0522", "longitude": "-118.2437",
    }  # fmt: skip
    data.update(fields)
    return Location.objects.create(**data)


def test_a_location_page_has_hours_parking_a_map_link_and_json_ld(client):
    import json
    import re

    location()
    html = client.get("/locations/main/").content.decode()
    assert "<h1>Main hospital</h1>" in html
    assert "Monday to Friday" in html and "07:30 to 18:00" in html and "Saturday" in html
    assert "Free garage on Elm Street." in html
    assert 'href="https://www.openstreetmap.org/?mlat=34.052200&amp;mlon=-118.243700' in html
    assert "<iframe" not in html  # a link to the map, never an embedded third-party one
    blocks = [
        json.loads(b) for b in re.findall(r'application/ld\+json">(.*?)</script>', html, re.S)
    ]
    place = next(b for b in blocks if b.get("@type") == "Hospital")
    assert place["openingHours"] == ["Mo-Fr 07:30-18:00", "Sa 08:00-12:00"]
    assert place["address"]["postalCode"] == "90000"


def test_locations_are_listed_and_on_the_contact_page(client, django_assert_max_num_queries):
    location()
    location(name="Oak Grove clinic", slug="oak-grove", kind="MedicalClinic", is_main=False)
    location(name="Closed site", slug="closed", is_published=False)
    with django_assert_max_num_queries(4):
        html = client.get("/locations/").content.decode()
    assert html.index("Main hospital") < html.index("Oak Grove clinic")
    assert "Closed site" not in html
    assert client.get("/locations/closed/").status_code == HTTPStatus.NOT_FOUND
    contact = client.get("/contact/").content.decode()
    assert 'href="/locations/oak-grove/"' in contact


def test_opening_hours_in_the_wrong_form_get_a_clear_message(staff_client):
    data = {
        "name": "Clinic", "slug": "clinic", "kind": "MedicalClinic", "street": "2 Oak Road",
        "city": "Springfield", "region": "CA", "postal_code": "90000",
        "phone": "+1-555-010-4000", "phone_display": "(555) 010-4000",
        "opening_hours": "weekdays 9 to 5", "is_published": "on", "order": "0",
    }  # fmt: skip
    response = staff_client.post("/admin/pages/location/add/", data)
    assert response.status_code == HTTPStatus.OK
    assert "is not in the form" in response.content.decode()


@pytest.mark.parametrize("path", ["/%00/", "/about%0A/", "/a/%1b/", "/%C0%80/"])
def test_odd_bytes_in_a_page_address_are_refused_plainly(client, path):
    # The odd-bytes middleware answers 400 first; the page view itself would say 404.
    assert client.get(path).status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}


def test_notices_are_published_in_spanish_too(client):
    seed_notices(Page)
    html = client.get("/es/nondiscrimination/").content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Aviso de no discriminación</h1>" in html
    assert "content-language-notice" not in html
    xml = client.get("/sitemap.xml").content.decode()
    assert "/es/nondiscrimination/</loc>" in xml


def test_a_page_not_yet_in_spanish_shows_english_marked_as_such(client):
    page("About us", "about", body="We are a cancer center.")
    html = client.get("/es/about/").content.decode()
    assert 'class="content-language-notice"' in html
    assert '<h1 lang="en">About us</h1>' in html
    assert 'hreflang="es"' not in html.split("</head>", 1)[0]
    xml = client.get("/sitemap.xml").content.decode()
    assert "/about/</loc>" in xml and "/es/about/</loc>" not in xml


def test_the_site_search_finds_published_pages_in_each_language(client):
    page("Parking and directions", "parking", body="The garage on Elm Street is free.",
         title_es="Estacionamiento", body_es="El garaje de Elm Street es gratuito.",
         status_es="published")  # fmt: skip
    page("Hidden plans", "hidden", status="draft", body="The garage will move.")
    html = client.get("/search/?q=garage").content.decode()
    assert 'href="/parking/"' in html and "/hidden/" not in html
    spanish = client.get("/es/search/?q=garaje").content.decode()
    assert 'href="/es/parking/"' in spanish and "Estacionamiento" in spanish


def test_no_page_can_take_the_first_segment_of_another_part_of_the_site():
    """A page at /referrals/ would hide the referral form: every literal first segment of
    the site's addresses is reserved."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    from cancercenter.pages.models import RESERVED_TOP_SLUGS

    def first_segments(patterns):
        for pattern in patterns:
            text = str(pattern.pattern).lstrip("^")
            if text.startswith("<") or text.startswith("(?P"):
                continue  # the pages' own catch-all
            if text in ("", "$"):
                if isinstance(pattern, URLResolver):
                    yield from first_segments(pattern.url_patterns)
                continue
            yield text.split("/", 1)[0].rstrip("$").replace("\\", "")

    segments = {segment for segment in first_segments(get_resolver().url_patterns) if segment}
    assert {"referrals", "appointments", "trials", "admin"} <= segments
    assert segments - RESERVED_TOP_SLUGS == set()
