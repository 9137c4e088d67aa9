"""A form sent while it cannot be saved answers with everything the person typed."""

import re
from html import unescape
from http import HTTPStatus

import pytest

from cancercenter.contact import services
from cancercenter.contact.models import ContactRequest
from cancercenter.giving.models import GiftPledge
from stories.models import StorySubmission
from tests.contact.test_contact import contact_data
from tests.factories import FundFactory
from tests.giving.test_gifts import gift_data
from tests.outages import database_outage  # noqa: F401  (fixture)
from tests.stories.test_share import share_data
from tests.trials.factories import TrialFactory
from tests.trials.test_views import inquiry_data
from trials.models import TrialInquiry


def form_fields(html: str) -> dict[str, list[str]]:
    """What a browser would send from the page's form (inputs and textareas)."""
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="file"' not in tag and name.group(1) != "csrfmiddlewaretoken":
            data.setdefault(unescape(name.group(1)), []).append(
                unescape(value.group(1)) if value else ""
            )
    for name, value in re.findall(
        r'<textarea\b[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        data.setdefault(name, []).append(unescape(value))
    return data


def assert_kept(response, *texts: str) -> str:
    html = response.content.decode()
    assert "Your message has not been sent yet" in html
    assert "Traceback" not in html
    for text in texts:
        assert text in unescape(html), text
    assert response.headers["Cache-Control"].count("no-store") == 1
    return html


def test_a_form_sent_while_the_database_is_down_keeps_the_text(
    post_form,
    database_outage,  # noqa: F811
):
    data = contact_data(message="We fly in from Tucson on the 3rd; is there parking?")
    database_outage.stop()
    response = post_form("/contact/", data)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    html = assert_kept(response, data["message"], data["name"], data["email"], "Travel")

    database_outage.restart()
    assert ContactRequest.objects.count() == 0  # nothing was stored
    again = post_form("/contact/", form_fields(html))
    assert again.status_code == HTTPStatus.FOUND
    saved = ContactRequest.objects.get()
    assert saved.message == data["message"] and saved.topic == "travel"
    assert saved.preferred_time == data["preferred_time"] and saved.consent


def test_a_gift_and_a_trial_inquiry_keep_their_choices_through_an_outage(
    post_form,
    database_outage,  # noqa: F811
):
    fund = FundFactory()
    trial = TrialFactory(at_center="yes")  # a trial our center runs offers the form
    pages = []
    database_outage.stop()
    for url, data in [
        ("/give/", gift_data(fund, name="Rae Lin")),
        (f"/trials/{trial.nct_id}/inquire/", inquiry_data(message="Is my mother eligible?")),
    ]:
        response = post_form(url, data)
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, url
        pages.append((url, assert_kept(response)))
    database_outage.restart()
    for url, html in pages:
        assert post_form(url, form_fields(html)).status_code == HTTPStatus.FOUND, url
    pledge = GiftPledge.objects.get()
    assert pledge.fund == fund and pledge.name == "Rae Lin"
    assert TrialInquiry.objects.get().message == "Is my mother eligible?"


def test_a_story_sent_during_an_outage_asks_for_the_photo_again(
    post_form,
    database_outage,  # noqa: F811
):
    database_outage.stop()
    response = post_form("/stories/share/", share_data())
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    html = assert_kept(response, share_data()["story"], "choose it again")
    assert 'enctype="multipart/form-data"' in html
    database_outage.restart()
    assert StorySubmission.objects.count() == 0


@pytest.mark.django_db
def test_any_other_failure_before_the_save_keeps_the_text_too(post_form, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "contact_request_create", broken)
    data = contact_data(message="Please call my daughter instead of me.")
    response = post_form("/contact/", data)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert_kept(response, data["message"])
    assert "disk full" in caplog.text
    assert data["message"] not in caplog.text  # form bodies never reach the logs


@pytest.mark.django_db
def test_a_missing_trial_is_still_a_404_not_an_unsaved_form(post_form):
    response = post_form("/trials/NCT09999999/inquire/", inquiry_data())
    assert response.status_code == HTTPStatus.NOT_FOUND
