"""English at the root, Spanish under /es/: lang, switch, alternates, sitemap, stickiness."""

import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.core import mail

from tests.factories import TopicFactory
from tests.public_urls import public_urls, spanish_url
from tests.sweep import _contact_data

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def _html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def _switch_href(response, code: str) -> str:
    body = response.content.decode()
    match = re.search(
        rf'<a class="language-switch__link" href="([^"]+)" hreflang="{code}" lang="{code}">',
        body,
    )
    assert match, f"no switch to {code}"
    return match.group(1).replace("&amp;", "&")


def test_spanish_answers_under_es_and_english_at_the_root(client):
    english = client.get("/")
    spanish = client.get("/es/")
    assert english.status_code == spanish.status_code == HTTPStatus.OK
    assert _html_lang(english) == "en"
    assert _html_lang(spanish) == "es"
    assert client.get("/en/").status_code == HTTPStatus.NOT_FOUND


def test_every_public_page_answers_in_spanish_with_lang_es(client):
    for url in public_urls():
        response = client.get("/es" + url)
        assert response.status_code == HTTPStatus.OK, url
        assert _html_lang(response) == "es", url


def test_every_page_carries_hreflang_alternates_and_x_default(client):
    for url in public_urls():
        for prefix in ("", "/es"):
            body = client.get(prefix + url).content.decode()
            assert f'hreflang="en" href="{SITE}{url}"' in body, url
            if prefix and 'class="content-language-notice"' in body:
                # Not written in Spanish yet: its English text offers no Spanish alternate.
                assert f'hreflang="es" href="{SITE}{spanish_url(url)}"' not in body, url
                continue
            assert f'hreflang="es" href="{SITE}{spanish_url(url)}"' in body, url
            assert f'hreflang="x-default" href="{SITE}{url}"' in body, url


def test_switch_round_trips_on_every_page(client):
    for url in public_urls():
        english = client.get(url)
        spanish = client.get(_switch_href(english, "es"), follow=True)
        assert spanish.redirect_chain[-1][0] == spanish_url(url), url
        assert _html_lang(spanish) == "es"
        back = client.get(_switch_href(spanish, "en"), follow=True)
        assert back.redirect_chain[-1][0] == url, url
        assert _html_lang(back) == "en"


def test_switch_keeps_the_query_and_refuses_other_sites(client):
    response = client.get("/language/es/", {"next": "/trials/?q=car+t&phase=2"})
    assert response["Location"] == "/es/trials/?q=car+t&phase=2"
    response = client.get("/language/es/", {"next": "https://evil.example/"})
    assert response["Location"] == "/es/"
    assert client.get("/language/fr/", {"next": "/"}).status_code == HTTPStatus.NOT_FOUND


def test_chosen_spanish_sticks_for_english_links_but_not_the_admin(client):
    client.get("/language/es/", {"next": "/"})
    response = client.get("/contact/?topic=travel")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/es/contact/?topic=travel"
    assert client.get("/healthz").status_code == HTTPStatus.OK
    assert client.get("/admin/login/").status_code == HTTPStatus.OK
    # Choosing English again is remembered too: no redirect back.
    client.get("/language/en/", {"next": "/es/contact/"})
    assert client.get("/contact/").status_code == HTTPStatus.OK


def test_a_browser_that_prefers_spanish_is_offered_the_spanish_page(client):
    body = client.get("/give/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()
    assert "Ver esta página en español" in body
    assert "/language/es/?next=/es/give/" in body
    assert "Ver esta página" not in client.get("/give/").content.decode()
    assert "Ver esta página" not in client.get("/es/give/").content.decode()


def test_a_spanish_form_thanks_in_spanish_and_emails_in_spanish(post_form, settings):
    response = post_form("/es/contact/", _contact_data(), follow=True)
    assert response.redirect_chain[-1][0].startswith("/es/contact/thank-you/")
    assert _html_lang(response) == "es"
    person = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    staff = next(m for m in mail.outbox if m.to != ["ana@example.org"])
    assert person.subject.startswith("Recibimos su mensaje")
    assert "Gracias por comunicarse" in person.body
    assert staff.subject.startswith("New contact request")  # staff read the site's language


def test_sitemap_lists_both_languages_with_alternates(client):
    topic = TopicFactory(slug="both-languages", title_es="Ambos idiomas", status_es="published")
    TopicFactory(slug="english-only")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    english = f"{SITE}{topic.get_absolute_url()}"
    spanish = f"{SITE}/es{topic.get_absolute_url()}"
    assert english in entries and spanish in entries
    links = {
        link.get("hreflang"): link.get("href") for link in entries[spanish].findall("x:link", ns)
    }
    assert links == {"en": english, "es": spanish, "x-default": english}
    assert f"{SITE}/es/" in entries
    # Not yet published in Spanish: listed in English only, with no Spanish alternate.
    assert f"{SITE}/education/english-only/" in entries
    assert f"{SITE}/es/education/english-only/" not in entries
    alternates = entries[f"{SITE}/education/english-only/"].findall("x:link", ns)
    assert {link.get("hreflang") for link in alternates} == {"en", "x-default"}


def test_robots_keeps_crawlers_out_of_spanish_thank_you_pages_too(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /es/contact/thank-you/" in lines
    assert "Disallow: /es/search/" in lines
    assert "Disallow: /language/" in lines


def test_spanish_trial_page_marks_registry_text_english_with_a_note(client):
    from tests.trials.factories import TrialFactory

    trial = TrialFactory(nct_id="NCT00000077", brief_title="A study of CAR T cells")
    url = trial.get_absolute_url()
    body = client.get("/es" + url).content.decode()
    assert '<h1 lang="en">A study of CAR T cells</h1>' in body
    assert "están en inglés" in body
    assert "Inscribiendo pacientes" in body or "Todavía no inscribe" in body  # status
    assert "están en inglés" not in client.get(url).content.decode()
