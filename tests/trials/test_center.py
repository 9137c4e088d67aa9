"""“At our center” comes from the registry's sites (or a staff override), never from the
featured flag; "I'm interested" is offered only where the center can act on it; phone
numbers become links only when they parse."""

import re

import pytest

from tests.trials.factories import TrialFactory, TrialSiteFactory
from trials.models import Trial, TrialStatus
from trials.templatetags.trials import phone_link

pytestmark = pytest.mark.django_db

CENTER_NAME = "Riverside Cancer Institute"


@pytest.fixture
def named_center(settings):
    settings.CENTER = {**settings.CENTER, "trial_facility_name": CENTER_NAME}


def page(client, trial) -> str:
    return client.get(trial.get_absolute_url()).content.decode()


def inquiry_link(trial) -> str:
    return f'href="/trials/{trial.nct_id}/inquire/"'


def test_a_featured_trial_without_our_site_is_not_at_our_center(client, named_center):
    trial = TrialFactory(is_featured=True)
    TrialSiteFactory(trial=trial, facility="Peking Union Medical College Hospital", city="Beijing")
    body = page(client, trial)
    assert "is not one of this trial’s sites" in body
    assert inquiry_link(trial) not in body
    assert not Trial.objects.at_center().exists()


def test_our_site_in_the_registry_puts_the_trial_at_our_center(client, named_center):
    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility="Somewhere Else")
    TrialSiteFactory(
        trial=trial, facility=f"{CENTER_NAME.upper()}  Main Campus", status="NOT_YET_RECRUITING"
    )
    body = page(client, trial)
    assert "At Riverside Cancer Center" in body  # the center's name in settings.CENTER
    assert re.search(r"status here:.*Not yet recruiting", body, re.S)
    assert inquiry_link(trial) in body
    assert list(Trial.objects.at_center()) == [trial]


def test_a_closed_site_of_ours_offers_no_inquiry_on_an_open_trial(client, named_center):
    trial = TrialFactory(overall_status=TrialStatus.RECRUITING)
    TrialSiteFactory(trial=trial, facility=CENTER_NAME, status="COMPLETED")
    body = page(client, trial)
    assert "status here:" in body
    assert inquiry_link(trial) not in body
    assert "is not taking new patients for it right now" in body


def test_a_staff_local_contact_offers_the_inquiry_anywhere(client, named_center):
    trial = TrialFactory(local_contact_name="Trials office", local_contact_phone="2025550143")
    TrialSiteFactory(trial=trial, facility="Elsewhere")
    assert inquiry_link(trial) in page(client, trial)


def test_staff_override_wins_over_the_registry(client, named_center):
    ours = TrialFactory(at_center="yes")
    not_ours = TrialFactory(at_center="no")
    TrialSiteFactory(trial=not_ours, facility=CENTER_NAME)
    assert inquiry_link(ours) in page(client, ours)
    assert inquiry_link(not_ours) not in page(client, not_ours)
    assert list(Trial.objects.at_center()) == [ours]


def test_a_trial_can_name_our_site_its_own_way(client, settings):
    settings.CENTER = {**settings.CENTER, "trial_facility_name": ""}
    trial = TrialFactory(center_facility_name="Riverside Partner Hospital")
    TrialSiteFactory(trial=trial, facility="riverside partner hospital, oncology")
    other = TrialFactory()
    TrialSiteFactory(trial=other, facility="riverside partner hospital, oncology")
    assert inquiry_link(trial) in page(client, trial)
    assert list(Trial.objects.at_center()) == [trial]


def test_without_a_center_name_nothing_is_at_our_center(client, settings):
    settings.CENTER = {**settings.CENTER, "trial_facility_name": ""}
    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility="Any Hospital")
    assert not Trial.objects.at_center().exists()
    assert inquiry_link(trial) not in page(client, trial)


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("(240) 760-6223", "", '<a href="tel:+12407606223">(240) 760-6223</a>'),
        ("only use Email", "", "only use Email"),
        ("+86 10 8778 8888", "China", '<a href="tel:+861087788888">+86 10 8778 8888</a>'),
        ("010-12345678", "China", "010-12345678"),  # no country code: not guessed
        ("<b>1</b>", "", "&lt;b&gt;1&lt;/b&gt;"),
    ],
)
def test_phone_numbers_become_links_only_when_they_parse(text, country, expected):
    assert phone_link(text, "", country) == expected


def test_an_extension_is_kept_in_the_link_and_the_text():
    html = phone_link("1-888-577-8839", "123")
    assert 'href="tel:+18885778839;ext=123"' in html and "ext. 123" in html


def test_registry_free_text_phone_is_never_a_tel_link(client):
    trial = TrialFactory(
        central_contacts=[{"name": "Study desk", "phone": "only use Email", "email": "a@b.org"}]
    )
    body = page(client, trial)
    assert "only use Email" in body
    assert 'href="tel:only' not in body


def test_the_page_leads_with_plain_facts(client):
    trial = TrialFactory(
        interventions=[{"type": "DRUG", "name": "Pembrolizumab", "other_names": []}],
        conditions=["Melanoma"],
        brief_summary_html="<p>SUMMARY-TEXT</p>",
    )
    body = page(client, trial)
    body = body[body.index('<h1 lang="en">') :]  # registry text is marked English
    order = [body.index(text) for text in (
        "What is being tested", "Pembrolizumab", "For people with", "Melanoma", "Ages", "Sex",
        "Where", "Status", "Phase", "SUMMARY-TEXT",
    )]  # fmt: skip
    assert order == sorted(order)


# The flag is stored on the trial (the finder reads it from the row); each of these is a
# way it could go stale.


def _finder_at_center(client) -> str:
    return client.get("/trials/", {"at_center": "yes", "status": "open"}).content.decode()


def test_an_import_that_drops_our_site_takes_the_trial_off_our_list(client, settings, tmp_path):
    import json

    from tests.conftest import TEST_DATA
    from trials.services import trial_import_paths

    record = json.loads((TEST_DATA / "ctgov" / "studies" / "NCT03745326.json").read_text())
    locations = record["protocolSection"]["contactsLocationsModule"]["locations"]
    settings.CENTER = {**settings.CENTER, "trial_facility_name": locations[0]["facility"]}
    path = tmp_path / "study.json"
    path.write_text(json.dumps(record))
    assert trial_import_paths(paths=[path]).ok
    assert "NCT03745326" in _finder_at_center(client)

    del locations[0]
    path.write_text(json.dumps(record))
    assert trial_import_paths(paths=[path]).updated == ["NCT03745326"]
    assert "NCT03745326" not in _finder_at_center(client)
    assert not Trial.objects.get(nct_id="NCT03745326").is_at_center


def test_a_staff_edit_of_the_override_shows_at_once(client, named_center):
    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility=CENTER_NAME)
    assert trial.nct_id in _finder_at_center(client)
    trial.at_center = "no"
    trial.save()
    assert not trial.is_at_center
    assert trial.nct_id not in _finder_at_center(client)
    trial.at_center = "yes"
    trial.save()
    assert trial.is_at_center
    assert trial.nct_id in _finder_at_center(client)


def test_staff_naming_our_site_for_one_trial_puts_it_on_our_list(client, named_center):
    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility="Valley Partner Hospital")
    assert trial.nct_id not in _finder_at_center(client)
    trial.center_facility_name = "valley partner"
    trial.save()
    assert trial.nct_id in _finder_at_center(client)


def test_renaming_the_center_works_the_flags_out_again(client, settings):
    from django.core.management import call_command

    settings.CENTER = {**settings.CENTER, "trial_facility_name": "Old Name Hospital"}
    old, new = TrialFactory(), TrialFactory()
    TrialSiteFactory(trial=old, facility="Old Name Hospital")
    TrialSiteFactory(trial=new, facility="New Name Cancer Institute")
    assert list(Trial.objects.at_center()) == [old]

    settings.CENTER = {**settings.CENTER, "trial_facility_name": "New Name Cancer Institute"}
    assert list(Trial.objects.at_center()) == [new]
    # A deploy runs migrate, which works them out again too (here, after a stale write).
    Trial.objects.filter(pk=old.pk).update(is_at_center=True)
    call_command("migrate", verbosity=0)
    assert list(Trial.objects.at_center()) == [new]


def test_the_inquiry_address_of_a_trial_we_do_not_run_says_who_to_contact(client, named_center):
    trial = TrialFactory(
        central_contacts=[{"name": "Study desk", "phone": "+86 10 8778 8888", "email": "a@b.org"}]
    )
    TrialSiteFactory(trial=trial, facility="Peking Union Medical College Hospital", city="Beijing")
    response = client.get(f"/trials/{trial.nct_id}/inquire/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "is not one of this trial’s sites" in body and "Study desk" in body
    assert 'name="form_token"' not in body  # no form that the trial page does not offer


def test_the_inquiry_address_of_our_closed_site_says_we_are_not_enrolling(client, named_center):
    trial = TrialFactory(overall_status=TrialStatus.RECRUITING)
    TrialSiteFactory(trial=trial, facility=CENTER_NAME, status="COMPLETED")
    body = client.get(f"/trials/{trial.nct_id}/inquire/").content.decode()
    assert "is not taking new patients for it right now" in body
    assert 'name="form_token"' not in body


def test_an_inquiry_sent_after_the_trial_stopped_being_ours_is_still_saved(post_form):
    from tests.trials.test_views import inquiry_data
    from trials.models import TrialInquiry

    trial = TrialFactory()  # the page offered the form when it was opened; no longer
    response = post_form(f"/trials/{trial.nct_id}/inquire/", inquiry_data())
    assert response.status_code == 302
    assert TrialInquiry.objects.filter(nct_id=trial.nct_id).count() == 1
