"""Print and share: a trial page's Print and Email actions, and the printable list of the
trials ticked in the finder (a GET URL, no JavaScript needed)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return re.findall(
        r'<h2 class="trial-print__title"><a href="/trials/(NCT\d{8})/"', response.content.decode()
    )


def test_trial_page_has_print_and_an_email_link_with_title_and_address(client, settings):
    trial = TrialFactory(brief_title="CAR T & lymphoma")
    body = client.get(trial.get_absolute_url()).content.decode()
    assert "data-print" in body
    href = unescape(
        re.search(r'<a class="button button--secondary" href="(mailto:[^"]+)"', body).group(1)
    )
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["CAR T & lymphoma"]
    assert settings.CENTER["site_url"].rstrip("/") + trial.get_absolute_url() in query["body"][0]
    assert "+" not in href  # spaces are %20 in mailto links, not +


def test_each_result_can_be_ticked_for_the_printable_list(client):
    TrialFactory(nct_id="NCT00000001")
    body = client.get("/trials/").content.decode()
    assert re.search(
        r'<input type="checkbox" name="id" value="NCT00000001"[^>]*form="print-form"', body
    )
    assert (
        '<form class="finder__print" id="print-form" method="get" action="/trials/print/">' in body
    )


def test_printable_list_shows_the_ticked_trials_in_order(client):
    for n in (1, 2, 3):
        TrialFactory(nct_id=f"NCT0000000{n}")
    TrialFactory(nct_id="NCT00000009", is_listed=False)
    response = client.get(
        "/trials/print/",
        {"id": ["NCT00000003", "nct00000001", "NCT00000009", "bogus", "NCT00000003"]},
    )
    assert response.status_code == 200
    assert listed(response) == ["NCT00000003", "NCT00000001"]


def test_printable_list_stops_at_100(client, django_assert_max_num_queries):
    for n in range(105):
        TrialFactory(nct_id=f"NCT{n:08d}")
    ids = [f"NCT{n:08d}" for n in range(105)]
    with django_assert_max_num_queries(6):
        response = client.get("/trials/print/", {"id": ids})
    assert len(listed(response)) == 100
    assert "the first 100 are listed" in response.content.decode()


def test_print_all_results_of_a_search_uses_the_finder_filters(client):
    TrialFactory(nct_id="NCT00000001", brief_title="Lymphoma study")
    TrialFactory(nct_id="NCT00000002", brief_title="Melanoma study")
    body = client.get("/trials/", {"q": "lymphoma", "page": "1"}).content.decode()
    url = unescape(
        re.search(r'<a href="(/trials/print/\?[^"]*)">print the first 100', body).group(1)
    )
    assert "page" not in url
    assert listed(client.get(url)) == ["NCT00000001"]


def test_an_empty_printable_list_explains_what_to_do(client):
    TrialFactory(nct_id="NCT00000001")
    body = client.get("/trials/print/", {"id": "bogus"}).content.decode()
    assert "No trials to list" in body
