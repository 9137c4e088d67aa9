from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import connection

from tests.public_urls import public_urls


class HeadingCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.main = 0
        self.skip_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag == "main" and attrs.get("id") == "main-content":
            self.main += 1
        if tag == "a" and attrs.get("href") == "#main-content":
            self.skip_link = True


@pytest.mark.django_db
def test_every_public_page_answers_with_one_h1_main_and_skip_link(client):
    urls = public_urls()
    assert "/" in urls and "/education/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        parser = HeadingCounter()
        parser.feed(response.content.decode())
        assert parser.h1 == 1, f"{url} has {parser.h1} <h1>"
        assert parser.main == 1, url
        assert parser.skip_link, url
        assert '<html lang="en">' in response.content.decode(), url


@pytest.mark.django_db
def test_unknown_page_gets_the_designed_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We could not find that page" in response.content.decode()
    assert 'id="main-content"' in response.content.decode()


@pytest.mark.django_db
def test_server_error_page_shows_no_traceback(client, settings):
    from cancercenter import errors

    request = client.get("/").wsgi_request
    response = errors.server_error(request)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    body = response.content.decode()
    assert "Sorry, something went wrong" in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_csrf_failure_is_explained_in_plain_words(settings):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/search/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    body = response.content.decode()
    assert "Your form could not be sent" in body
    assert "reload the page" in body


@pytest.mark.django_db
def test_bad_request_page(client):
    response = client.get("/", HTTP_HOST="bad host!")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "could not understand that request" in response.content.decode()


@pytest.mark.django_db
def test_health_check_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "ok"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.fixture
def database_outage(transactional_db):
    """Point the connection at a port nothing listens on, then restore it."""
    original = connection.settings_dict.copy()

    def stop():
        connection.close()
        connection.settings_dict["PORT"] = "1"

    def restart():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    yield stop, restart
    restart()


def test_health_check_and_pages_report_an_outage_and_recover(client, database_outage):
    stop, restart = database_outage
    stop()
    health = client.get("/healthz")
    assert health.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert health.json()["status"] == "unavailable"
    page = client.get("/education/")
    assert page.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "We will be right back" in page.content.decode()
    assert "Traceback" not in page.content.decode()

    restart()
    assert client.get("/healthz").status_code == HTTPStatus.OK
    assert client.get("/education/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_head_requests_are_allowed(client):
    assert client.head("/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_a_center_logo_replaces_the_name_in_the_header(client, settings):
    settings.CENTER = {**settings.CENTER, "logo": "img/favicon.svg"}
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    name = settings.CENTER["name"]
    assert f'<img class="site-header__logo" src="/static/img/favicon.svg" alt="{name}">' in header


@pytest.mark.django_db
def test_without_a_logo_the_header_shows_the_name(client, settings):
    settings.CENTER = {**settings.CENTER, "logo": ""}
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert f'href="/">{settings.CENTER["name"]}</a>' in header


@pytest.mark.django_db
def test_the_home_page_lists_the_treatments_once(client):
    from tests.factories import TopicFactory, TreatmentFactory

    treatment = TreatmentFactory(name="CAR T-cell therapy", slug="car-t")
    TopicFactory(slug="car-t-cell-therapy", treatment=treatment)
    html = client.get("/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("CAR T-cell therapy</a>") == 1
    assert 'href="/appointments/request/"' in main
