"""What a person meets after a failed submit, on every public form: one clear message per
problem, summary links that land on something focusable, and thank-you pages that never
thank anyone for a message that was not sent."""

import re
from http import HTTPStatus

import pytest

from tests.factories import FundFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_urls(db):
    FundFactory(name="Immunotherapy research")
    trial = TrialFactory(nct_id="NCT00000077", at_center="yes")
    return {
        "contact": "/contact/",
        "gift": "/give/",
        "story": "/stories/share/",
        "trial inquiry": f"/trials/{trial.nct_id}/inquire/",
    }


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary, re.S)


def test_every_summary_link_points_at_an_element_that_takes_focus(client, form_urls):
    for name, url in form_urls.items():
        html = client.post(url, {}).content.decode()
        links = summary_links(html)
        assert links, name
        for target, _text in links:
            element = re.search(rf'<(\w+)[^>]*\bid="{re.escape(target)}"', html)
            assert element, f"{name}: #{target} is not on the page"
            assert element.group(1) in {"input", "select", "textarea"}, (
                f"{name}: #{target} is a <{element.group(1)}>, which cannot take focus"
            )


def test_a_radio_group_error_leads_to_its_first_option(client, form_urls):
    contact = dict(summary_links(client.post("/contact/", {}).content.decode()))
    assert "id_topic_0" in contact
    gift = dict(summary_links(client.post("/give/", {}).content.decode()))
    assert "id_amount_choice_0" in gift and "id_frequency_0" in gift


def test_no_doubled_punctuation_in_the_summary(client, form_urls):
    contact = dict(summary_links(client.post("/contact/", {}).content.decode()))
    assert contact["id_topic_0"] == "How can we help? This field is required."
    assert contact["id_name"] == "Your name: This field is required."
    for name, url in form_urls.items():
        for _target, text in summary_links(client.post(url, {}).content.decode()):
            assert not re.search(r"[?.!:]:", text), f"{name}: {text}"


def test_one_message_per_problem(client, form_urls):
    for name, url in form_urls.items():
        html = client.post(url, {}).content.decode()
        for errors in re.findall(r'<ul class="field__errors"[^>]*>(.*?)</ul>', html, re.S):
            assert errors.count("<li>") == 1, f"{name}: {errors}"
    html = client.post("/contact/", {}).content.decode()
    consent = html.split('id="id_consent_error"', 1)[1].split("</ul>", 1)[0]
    assert "We need your permission" in consent and "This field is required" not in consent


def test_optional_fields_are_marked_one_way(client, form_urls):
    """Required fields say "(required)"; nothing says "(optional)"."""
    for name, url in form_urls.items():
        html = client.get(url).content.decode()
        assert "(required)" in html, name
        assert "(optional)" not in html, name


def test_the_conditional_email_rule_is_stated_before_any_error(client):
    html = client.get("/contact/").content.decode()
    email_help = re.search(r'id="id_email_helptext">(.*?)</p>', html, re.S)
    assert email_help and "email" in email_help.group(1).lower()
    assert 'aria-describedby="id_email_helptext"' in html


@pytest.mark.parametrize(
    ("thanks", "form"),
    [
        ("/contact/thank-you/", "/contact/"),
        ("/give/thank-you/", "/give/"),
        ("/stories/share/thank-you/", "/stories/share/"),
    ],
)
def test_a_thank_you_page_opened_directly_says_nothing_was_sent(client, thanks, form):
    response = client.get(thanks)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1>Nothing has been sent</h1>" in html
    assert html.count("<h1") == 1
    assert "reference" not in html.lower()
    assert f'href="{form}"' in html


def test_the_trial_thank_you_page_opened_directly_leads_back_to_that_trials_form(client):
    trial = TrialFactory(nct_id="NCT00000078")
    html = client.get(f"/trials/{trial.nct_id}/inquire/thank-you/").content.decode()
    assert "Nothing has been sent" in html
    assert f'href="/trials/{trial.nct_id}/inquire/"' in html


def test_a_filled_honeypot_still_gets_a_plain_thank_you(client):
    response = client.post("/contact/", {"website": "http://spam.example"})
    assert response.status_code == HTTPStatus.FOUND
    html = client.get(response["Location"]).content.decode()
    assert "Nothing has been sent" not in html
    assert "Thank you" in html
