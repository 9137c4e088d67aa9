"""The finder on a phone: status groups in plain words, a trial-type filter, removable
chips for the active filters, a folded filter panel, and input errors that say what to do."""

import re
from html import unescape

import pytest

from tests.trials.factories import TrialFactory
from trials.models import STATUS_GROUPS, TrialStatus

pytestmark = pytest.mark.django_db


def ids(client, **params) -> set[str]:
    body = client.get("/trials/", params).content.decode()
    return set(re.findall(r'href="/trials/(NCT\d{8})/"', body))


@pytest.fixture
def one_trial_per_status():
    return {
        status: TrialFactory(nct_id=f"NCT{n:08d}", overall_status=status).nct_id
        for n, status in enumerate(TrialStatus, start=1)
    }


@pytest.mark.parametrize("group", list(STATUS_GROUPS))
def test_each_status_group_finds_exactly_its_statuses(client, one_trial_per_status, group):
    expected = {one_trial_per_status[status] for status in STATUS_GROUPS[group]}
    assert ids(client, status=group) == expected


def test_the_groups_cover_every_status_once():
    grouped = [status for members in STATUS_GROUPS.values() for status in members]
    assert sorted(grouped) == sorted(TrialStatus.values)


def test_expanded_access_is_not_shown_unless_asked_for(client, one_trial_per_status):
    shown = ids(client) | ids(client, status="closed")
    assert one_trial_per_status[TrialStatus.AVAILABLE] not in shown
    assert one_trial_per_status[TrialStatus.APPROVED_FOR_MARKETING] not in shown


def test_the_status_boxes_are_three_plain_groups(client):
    body = client.get("/trials/").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="status" value="([^"]+)"', body)
    assert boxes == ["open", "closed", "expanded-access"]
    assert "Withheld" not in body and "Approved for marketing" not in body


@pytest.mark.parametrize(
    ("slug", "purpose"),
    [("treatment", "TREATMENT"), ("supportive-care", "SUPPORTIVE_CARE"),
     ("prevention", "PREVENTION"), ("screening", "SCREENING"), ("diagnostic", "DIAGNOSTIC")],
)  # fmt: skip
def test_trial_type_filter_uses_the_registry_primary_purpose(client, slug, purpose):
    wanted = TrialFactory(primary_purpose=purpose)
    TrialFactory(primary_purpose="TREATMENT" if purpose != "TREATMENT" else "PREVENTION")
    assert ids(client, type=slug) == {wanted.nct_id}


def test_other_trial_type_is_every_other_purpose_and_none(client):
    basic = TrialFactory(primary_purpose="BASIC_SCIENCE")
    unknown = TrialFactory(primary_purpose="")
    TrialFactory(primary_purpose="TREATMENT")
    assert ids(client, type="other") == {basic.nct_id, unknown.nct_id}


def test_import_keeps_the_primary_purpose():
    from tests.conftest import TEST_DATA
    from trials.models import Trial
    from trials.services import trial_import_paths

    trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies" / "NCT04956640.json"])
    assert Trial.objects.get().primary_purpose == "TREATMENT"


def chips(body: str) -> dict[str, str]:
    found = re.findall(r'<a class="chip" href="([^"]*)"><span>([^<]*)</span>', body)
    return {unescape(label): unescape(href) for href, label in found}


def test_active_filters_show_as_chips_that_each_remove_one_filter(client):
    TrialFactory()
    body = client.get(
        "/trials/", {"q": "lymphoma", "status": ["open", "closed"], "age": "40", "page": "1"}
    ).content.decode()
    found = chips(body)
    assert set(found) == {"Keywords: lymphoma", "Open", "Closed", "Age 40"}
    assert found["Closed"] == "?q=lymphoma&status=open&age=40"
    assert found["Keywords: lymphoma"] == "?status=open&status=closed&age=40"
    assert "(4 filters on)" in body


def test_every_status_from_the_site_search_is_one_chip_per_group(client):
    statuses = [status.slug for status in TrialStatus]
    found = chips(client.get("/trials/", {"status": statuses}).content.decode())
    assert set(found) == {"Open", "Closed", "Expanded access"}


def test_filters_fold_into_a_disclosure_open_when_there_is_an_error(client):
    body = client.get("/trials/").content.decode()
    assert '<details class="finder__disclosure">' in body
    body = client.get("/trials/", {"age": "abc"}).content.decode()
    assert '<details class="finder__disclosure" open>' in body


@pytest.mark.parametrize(
    ("age", "message"),
    [("abc", "Enter an age as a whole number of years"), ("500", "Enter an age of 120 or less")],
)
def test_a_bad_age_says_what_to_do_and_the_title_starts_with_error(client, age, message):
    TrialFactory()
    body = client.get("/trials/", {"age": age}).content.decode()
    assert message in body
    assert re.search(r"<title>Error: Find a clinical trial", body)
    # A text box, so the typed value goes back as valid HTML.
    assert re.search(rf'<input type="text" name="age" value="{age}"', body)
