import json
import re
import time
import uuid
from http import HTTPStatus

import pytest
from django.core import mail, signing

from cancercenter.submissions import antispam
from tests.conftest import TEST_DATA
from tests.factories import CancerTypeFactory, TopicFactory, TreatmentFactory
from tests.trials.factories import TrialFactory
from trials.models import OPEN_STATUSES, Phase, Sex, TrialInquiry, TrialStatus

pytestmark = pytest.mark.django_db


def found(client, **params) -> list[str]:
    """The NCT ids the finder lists for these GET parameters, in order."""
    response = client.get("/trials/", params)
    assert response.status_code == HTTPStatus.OK
    return re.findall(r'href="/trials/(NCT\d{8})/"', response.content.decode())


def test_default_finder_shows_open_and_opening_trials_only(client):
    TrialFactory(nct_id="NCT00000001", overall_status=TrialStatus.RECRUITING)
    TrialFactory(nct_id="NCT00000002", overall_status=TrialStatus.NOT_YET_RECRUITING)
    TrialFactory(nct_id="NCT00000003", overall_status=TrialStatus.ENROLLING_BY_INVITATION)
    TrialFactory(nct_id="NCT00000004", overall_status=TrialStatus.COMPLETED)
    TrialFactory(nct_id="NCT00000005", overall_status=TrialStatus.ACTIVE_NOT_RECRUITING)
    assert set(found(client)) == {"NCT00000001", "NCT00000002", "NCT00000003"}


def test_recruiting_filter_excludes_not_yet_recruiting(client):
    TrialFactory(nct_id="NCT00000001", overall_status=TrialStatus.RECRUITING)
    TrialFactory(nct_id="NCT00000002", overall_status=TrialStatus.NOT_YET_RECRUITING)
    assert found(client, status="recruiting") == ["NCT00000001"]


def test_status_repeats_and_reaches_closed_trials(client):
    TrialFactory(nct_id="NCT00000001", overall_status=TrialStatus.RECRUITING)
    TrialFactory(nct_id="NCT00000004", overall_status=TrialStatus.COMPLETED)
    TrialFactory(nct_id="NCT00000005", overall_status=TrialStatus.ACTIVE_NOT_RECRUITING)
    assert set(found(client, status=["completed", "active-not-recruiting"])) == {
        "NCT00000004",
        "NCT00000005",
    }


def test_an_unknown_status_keeps_the_known_ones_in_any_letter_case(client):
    TrialFactory(nct_id="NCT00000001", overall_status=TrialStatus.RECRUITING)
    TrialFactory(nct_id="NCT00000002", overall_status=TrialStatus.NOT_YET_RECRUITING)
    TrialFactory(nct_id="NCT00000004", overall_status=TrialStatus.COMPLETED)
    assert found(client, status=["recruiting", "bogus"]) == ["NCT00000001"]
    assert found(client, status=["COMPLETED"]) == ["NCT00000004"]
    assert found(client, phase=["2", "7"], status=["Completed"]) == ["NCT00000004"]
    body = client.get("/trials/", {"status": ["Recruiting", "bogus"]}).content.decode()
    assert re.search(r'<a class="chip" href="[^"]*"><span>Recruiting</span>', body)
    assert "1 trial found —" not in body  # not labelled "open or opening soon"


def test_phase_1_2_trial_matches_both_phase_1_and_phase_2(client):
    TrialFactory(nct_id="NCT00000012", phases=[Phase.PHASE1, Phase.PHASE2])
    TrialFactory(nct_id="NCT00000003", phases=[Phase.PHASE3])
    TrialFactory(nct_id="NCT00000000", phases=[])
    TrialFactory(nct_id="NCT00000099", phases=[Phase.EARLY_PHASE1])
    assert found(client, phase="1") == ["NCT00000012"]
    assert found(client, phase="2") == ["NCT00000012"]
    assert set(found(client, phase=["2", "3"])) == {"NCT00000012", "NCT00000003"}
    assert found(client, phase="early-1") == ["NCT00000099"]


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (10, {"NCT00000003", "NCT00000004"}),
        (17, {"NCT00000003", "NCT00000004"}),
        (18, {"NCT00000001", "NCT00000002", "NCT00000004"}),
        (70, {"NCT00000001", "NCT00000002", "NCT00000004"}),
        (90, {"NCT00000002", "NCT00000004"}),
    ],
)
def test_age_uses_open_bounds(client, age, expected):
    TrialFactory(nct_id="NCT00000001", minimum_age_years=18, maximum_age_years=75)
    TrialFactory(nct_id="NCT00000002", minimum_age_years=18, maximum_age_years=None)
    TrialFactory(nct_id="NCT00000003", minimum_age_years=None, maximum_age_years=17)
    TrialFactory(nct_id="NCT00000004", minimum_age_years=None, maximum_age_years=None)
    assert set(found(client, age=age)) == expected


def test_age_zero_finds_trials_open_to_newborns(client):
    TrialFactory(nct_id="NCT00000001", minimum_age_years=None, maximum_age_years=1)
    TrialFactory(nct_id="NCT00000002", minimum_age_years=18, maximum_age_years=None)
    assert found(client, age="0") == ["NCT00000001"]
    body = client.get("/trials/", {"age": "0"}).content.decode()
    assert 'href="/trials/">Clear filters' in body


def test_sex_filter_always_includes_trials_open_to_all(client):
    TrialFactory(nct_id="NCT00000001", sex=Sex.ALL)
    TrialFactory(nct_id="NCT00000002", sex=Sex.FEMALE)
    TrialFactory(nct_id="NCT00000003", sex=Sex.MALE)
    assert set(found(client, sex="female")) == {"NCT00000001", "NCT00000002"}
    assert set(found(client, sex="male")) == {"NCT00000001", "NCT00000003"}


def test_healthy_volunteers_filter(client):
    TrialFactory(nct_id="NCT00000001", healthy_volunteers=True)
    TrialFactory(nct_id="NCT00000002", healthy_volunteers=False)
    assert found(client, healthy_volunteers="yes") == ["NCT00000001"]


@pytest.mark.parametrize("value", ["no", "false", "0", "off", "bogus", ""])
def test_healthy_volunteers_other_than_yes_is_no_filter(client, value):
    TrialFactory(nct_id="NCT00000001", healthy_volunteers=True)
    TrialFactory(nct_id="NCT00000002", healthy_volunteers=False)
    response = client.get("/trials/", {"healthy_volunteers": value})
    assert sorted(found(client, healthy_volunteers=value)) == ["NCT00000001", "NCT00000002"]
    assert not re.search(r'name="healthy_volunteers"[^>]*checked', response.content.decode())


def test_healthy_volunteers_checkbox_sends_yes_and_stays_ticked(client):
    body = client.get("/trials/", {"healthy_volunteers": "yes"}).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="healthy_volunteers"[^>]*>', body).group()
    assert 'value="yes"' in checkbox and "checked" in checkbox


def test_cancer_type_and_treatment_filters_use_education_slugs(client):
    leukemia = CancerTypeFactory(slug="leukemia", name="Leukemia")
    car_t = TreatmentFactory(slug="car-t-cell-therapy", name="CAR T-cell therapy")
    tagged = TrialFactory(nct_id="NCT00000001")
    tagged.cancer_types.add(leukemia)
    tagged.treatments.add(car_t)
    TrialFactory(nct_id="NCT00000002")
    assert found(client, cancer_type="leukemia") == ["NCT00000001"]
    assert found(client, treatment="car-t-cell-therapy") == ["NCT00000001"]


def test_filters_combine(client):
    car_t = TreatmentFactory(slug="car-t-cell-therapy", name="CAR T-cell therapy")
    match = TrialFactory(nct_id="NCT00000001", phases=[Phase.PHASE1, Phase.PHASE2])
    match.treatments.add(car_t)
    wrong_phase = TrialFactory(nct_id="NCT00000002", phases=[Phase.PHASE3])
    wrong_phase.treatments.add(car_t)
    too_young = TrialFactory(nct_id="NCT00000003", phases=[Phase.PHASE2], minimum_age_years=40)
    too_young.treatments.add(car_t)
    closed = TrialFactory(
        nct_id="NCT00000004", phases=[Phase.PHASE2], overall_status=TrialStatus.COMPLETED
    )
    closed.treatments.add(car_t)
    TrialFactory(nct_id="NCT00000005", phases=[Phase.PHASE2])
    params = {"treatment": "car-t-cell-therapy", "phase": "2", "age": "30"}
    assert found(client, **params) == ["NCT00000001"]
    # Order among equally relevant results is not part of the contract; membership is.
    assert sorted(found(client, **params, status=["recruiting", "completed"])) == [
        "NCT00000001",
        "NCT00000004",
    ]


def test_full_text_ranking_puts_a_title_match_first(client):
    TrialFactory(
        nct_id="NCT00000001",
        brief_title="A study of supportive care",
        brief_summary="Patients may later receive blinatumomab.",
    )
    TrialFactory(nct_id="NCT00000002", brief_title="Blinatumomab for relapsed leukemia")
    TrialFactory(nct_id="NCT00000003", brief_title="Unrelated study")
    assert found(client, q="blinatumomab") == ["NCT00000002", "NCT00000001"]


def test_keywords_search_conditions_and_interventions(client):
    TrialFactory(nct_id="NCT00000001", conditions=["Follicular Lymphoma"])
    TrialFactory(nct_id="NCT00000002", intervention_names=["Pembrolizumab", "MK-3475"])
    TrialFactory(nct_id="NCT00000003", keywords=["cord blood"])
    assert found(client, q="lymphoma") == ["NCT00000001"]
    assert found(client, q="pembrolizumab") == ["NCT00000002"]
    assert found(client, q="cord blood") == ["NCT00000003"]


def test_an_nct_id_in_the_keywords_finds_that_trial(client):
    TrialFactory(nct_id="NCT04956640", brief_title="Something else")
    TrialFactory(nct_id="NCT00000002")
    assert found(client, q="nct04956640") == ["NCT04956640"]
    assert found(client, q=" NCT04956640 ") == ["NCT04956640"]


def test_an_nct_id_finds_a_closed_trial_without_a_status_filter(client):
    import_real("NCT00184067")  # terminated
    TrialFactory(nct_id="NCT00000002")
    assert found(client, q="NCT00184067") == ["NCT00184067"]
    body = client.get("/trials/", {"q": "NCT00184067"}).content.decode()
    assert "1 trial found" in body
    assert "1 trial found —" not in body  # not labelled "open or opening soon"
    # Ticking statuses still narrows the results, and words alone keep the open default.
    assert found(client, q="NCT00184067", status="recruiting") == []
    assert found(client, q="melanoma vaccine") == []
    assert found(client, q="melanoma vaccine", status="terminated") == ["NCT00184067"]


def test_hidden_trials_never_appear(client):
    TrialFactory(nct_id="NCT00000001", is_listed=False, brief_title="Secret trial")
    body = client.get("/trials/", {"q": "secret"}).content.decode()
    assert "Secret trial" not in body
    assert client.get("/trials/NCT00000001/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/trials/NCT00000001/inquire/").status_code == HTTPStatus.NOT_FOUND


def test_results_show_count_badge_phase_conditions_ages_and_link(client):
    TrialFactory(
        nct_id="NCT00000001",
        brief_title="CAR T for lymphoma",
        phases=[Phase.PHASE1, Phase.PHASE2],
        conditions=["Diffuse Large B-Cell Lymphoma"],
        minimum_age="18 Years",
        minimum_age_years=18,
        maximum_age="75 Years",
        maximum_age_years=75,
    )
    body = client.get("/trials/").content.decode()
    assert "1 trial found" in body
    assert 'class="status-badge status-badge--recruiting">Recruiting<' in body
    assert "Phase 1/2" in body
    assert "Diffuse Large B-Cell Lymphoma" in body
    assert "18 to 75 years" in body
    assert 'href="/trials/NCT00000001/"' in body


def test_twenty_per_page_and_pages_keep_the_filters(client):
    for index in range(45):
        TrialFactory(nct_id=f"NCT{index:08d}", phases=[Phase.PHASE2])
    assert len(found(client, phase="2")) == 20
    body = client.get("/trials/", {"phase": "2"}).content.decode()
    assert "45 trials found" in body
    assert 'href="?phase=2&amp;page=2"' in body
    assert len(found(client, phase="2", page=3)) == 5


def test_form_is_a_get_form_with_labels_and_keeps_values(client):
    body = client.get("/trials/", {"q": "leukemia", "phase": "2", "age": "40"}).content.decode()
    assert '<form class="finder__filters" method="get"' in body
    assert '<label class="field__label" for="id_q">' in body
    assert 'value="leukemia"' in body and 'value="40"' in body
    assert re.search(r'value="2"[^>]*checked', body)
    assert 'href="/trials/">Clear filters' in body


def test_empty_state_suggests_widening_and_gives_the_nurse_phone(client, settings):
    body = client.get("/trials/", {"q": "nothingmatchesthis"}).content.decode()
    assert "0 trials found" in body
    assert "Try fewer filters" in body
    assert settings.CENTER["nurse_phone_display"] in body


def test_invalid_filter_values_never_500(client):
    TrialFactory(nct_id="NCT00000001")
    for params in [
        {"age": "abc"},
        {"age": "-5"},
        {"phase": "7"},
        {"status": "bogus"},
        {"cancer_type": "nope"},
        {"sex": "x"},
        {"page": "999"},
        {"q": "'; DROP TABLE trials_trial; --"},
        {"q": "\x00"},
    ]:
        response = client.get("/trials/", params)
        # A NUL is refused before the page (400); see tests/test_odd_bytes.py.
        allowed = {HTTPStatus.OK, HTTPStatus.NOT_FOUND, HTTPStatus.BAD_REQUEST}
        assert response.status_code in allowed, params


@pytest.mark.parametrize("count", [1, 60])
def test_finder_and_trial_page_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    leukemia = CancerTypeFactory(slug="leukemia")
    car_t = TreatmentFactory(slug="car-t")
    trials = []
    for index in range(count):
        trial = TrialFactory(
            nct_id=f"NCT{index:08d}",
            locations=[{"facility": f"Site {n}", "status": "RECRUITING"} for n in range(50)],
            site_count=50,
        )
        trial.cancer_types.add(leukemia)
        trial.treatments.add(car_t)
        trials.append(trial)
    for url in [
        "/trials/",
        "/trials/?treatment=car-t&cancer_type=leukemia&phase=2&age=40&q=study",
        trials[0].get_absolute_url(),
        f"/trials/{trials[0].nct_id}/inquire/",
    ]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == HTTPStatus.OK


def import_real(nct_id: str):
    from trials.services import trial_import_paths

    trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies" / f"{nct_id}.json"])


def test_trial_page_shows_what_a_patient_needs(client):
    import_real("NCT05838768")
    body = client.get("/trials/NCT05838768/").content.decode()
    assert '<h1 lang="en">Study of HRO761 Alone' in body
    assert "Recruiting" in body and "Phase 1" in body
    assert "18 years and older" in body
    assert "You may be able to join if" in body and "You may not be able to join if" in body
    assert "HRO761" in body and "tislelizumab" in body
    assert "of 1 site is recruiting" in body
    assert 'href="https://clinicaltrials.gov/study/NCT05838768"' in body
    assert "Last updated: May 31, 2023" in body
    assert "novartis.email@novartis.com" in body  # the central contact, with no local one


@pytest.mark.parametrize(
    ("value", "shown"), [(True, "Accepted"), (False, "Not accepted"), (None, "Not stated")]
)
def test_trial_page_says_whether_healthy_volunteers_are_accepted(client, value, shown):
    trial = TrialFactory(healthy_volunteers=value)
    body = client.get(trial.get_absolute_url()).content.decode()
    assert f"<dt>Healthy volunteers</dt><dd>{shown}</dd>" in body


def test_intervention_types_read_as_words(client):
    trial = TrialFactory(
        interventions=[
            {"type": "DIAGNOSTIC_TEST", "name": "PET scan", "other_names": []},
            {"type": "DIETARY_SUPPLEMENT", "name": "Vitamin D", "other_names": []},
            {"type": "PROCEDURE", "name": "Biopsy", "other_names": []},
            {"type": "NEW_KIND_OF_THING", "name": "Something new", "other_names": []},
        ]
    )
    body = client.get(trial.get_absolute_url()).content.decode()
    assert 'PET scan</span> <span class="trial__intervention-type">(Diagnostic test)</span>' in body
    assert "(Dietary supplement)" in body
    assert "(Procedure or surgery)" in body
    assert "(New kind of thing)" in body
    assert "_" not in "".join(re.findall(r'trial__intervention-type">([^<]*)<', body))


def test_local_contact_wins_over_the_central_contact(client):
    import_real("NCT05838768")
    from trials.models import Trial

    Trial.objects.filter(nct_id="NCT05838768").update(
        local_contact_name="Riverside Trials Office", local_contact_phone="+1-555-010-4020"
    )
    body = client.get("/trials/NCT05838768/").content.decode()
    assert "Riverside Trials Office" in body
    assert "novartis.email@novartis.com" not in body


def test_center_site_status_shows_when_the_center_is_a_location(client, settings):
    import_real("NCT05838768")
    settings.CENTER = {**settings.CENTER, "trial_facility_name": "novartis investigative"}
    body = client.get("/trials/NCT05838768/").content.decode()
    assert f"At {settings.CENTER['name']}" in body
    assert "status here:" in body
    settings.CENTER = {**settings.CENTER, "trial_facility_name": "Somewhere Else"}
    body = client.get("/trials/NCT05838768/").content.decode()
    assert "is not one of this trial’s sites" in body


def test_trial_page_has_medical_trial_json_ld(client):
    import_real("NCT05838768")
    body = client.get("/trials/NCT05838768/").content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = json.loads(payload.group(1))
    assert data["@type"] == "MedicalTrial"
    assert data["identifier"] == "NCT05838768"
    assert data["status"] == "https://schema.org/Recruiting"
    assert data["phase"] == "Phase 1"


def test_lowercase_nct_id_redirects_and_unknown_is_404(client):
    TrialFactory(nct_id="NCT00000001")
    response = client.get("/trials/nct00000001/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/trials/NCT00000001/"
    assert client.get("/trials/NCT99999999/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/trials/NCT123/").status_code == HTTPStatus.NOT_FOUND


def test_home_page_has_a_trial_search_with_treatments_and_open_count(client):
    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    TreatmentFactory(name="No open trial", slug="none-open")
    TrialFactory(overall_status=TrialStatus.RECRUITING).treatments.add(car_t)
    TrialFactory(overall_status=TrialStatus.NOT_YET_RECRUITING)
    TrialFactory(overall_status=TrialStatus.COMPLETED)
    TrialFactory(overall_status=TrialStatus.RECRUITING, is_listed=False)
    body = client.get("/").content.decode()
    assert 'action="/trials/"' in body
    assert '<option value="car-t-cell-therapy">CAR T-cell therapy</option>' in body
    assert "2 trials are open or opening soon." in body
    assert "No open trial" not in body


def test_topic_page_links_open_trials_with_the_same_treatment(client):
    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    topic = TopicFactory(treatment=car_t)
    open_trial = TrialFactory(brief_title="Open CAR T trial")
    open_trial.treatments.add(car_t)
    closed = TrialFactory(brief_title="Closed CAR T trial", overall_status=TrialStatus.COMPLETED)
    closed.treatments.add(car_t)
    TrialFactory(brief_title="Other treatment trial")
    body = client.get(topic.get_absolute_url()).content.decode()
    assert "Open CAR T trial" in body
    assert "Closed CAR T trial" not in body and "Other treatment trial" not in body
    assert "/trials/?treatment=car-t-cell-therapy" in body


# The inquiry ----------------------------------------------------------------------------


def fresh_token(seconds_ago: float = 30) -> str:
    return signing.dumps(
        {"t": time.time() - seconds_ago, "k": uuid.uuid4().hex}, salt=antispam.TOKEN_SALT
    )


def inquiry_data(**overrides) -> dict:
    data = {
        "name": "Ana Gómez",
        "email": "ana@example.org",
        "phone": "",
        "relationship": "caregiver",
        "best_time": "morning",
        "message": "My father has CLL. Could he join?",
        "consent": "on",
        "website": "",
        "form_token": fresh_token(),
    }
    data.update(overrides)
    return data


def test_inquiry_is_stored_emails_sent_and_thanks_page_says_what_next(post_form, client):
    trial = TrialFactory(nct_id="NCT05147467", brief_title="APG-2575 in CLL")
    response = post_form("/trials/NCT05147467/inquire/", inquiry_data())
    assert response.status_code == HTTPStatus.FOUND
    inquiry = TrialInquiry.objects.get()
    assert inquiry.trial == trial and inquiry.nct_id == "NCT05147467"
    assert inquiry.reference.startswith("T-")
    assert inquiry.message == "My father has CLL. Could he join?"
    thanks = client.get(response["Location"])
    body = thanks.content.decode()
    assert inquiry.reference in body
    assert "What happens next" in body and "within one business day" in body
    assert len(mail.outbox) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ana@example.org", "info@cancercenter.example"]
    staff = next(m for m in mail.outbox if m.to == ["info@cancercenter.example"])
    assert "NCT05147467" in staff.subject
    assert "CLL. Could he join" not in staff.body


def test_inquiry_form_warns_against_sending_medical_records(client):
    TrialFactory(nct_id="NCT05147467", at_center="yes")
    body = client.get("/trials/NCT05147467/inquire/").content.decode()
    assert "do not send medical records or detailed health information" in body
    assert 'name="website"' in body and 'name="form_token"' in body


def test_inquiry_needs_email_or_phone_and_keeps_what_was_typed(post_form):
    TrialFactory(nct_id="NCT05147467")
    response = post_form(
        "/trials/NCT05147467/inquire/", inquiry_data(email="", phone="", consent="")
    )
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Enter an email address or a phone number" in body
    assert "We need your permission" in body or "This field is required" in body
    assert 'value="Ana Gómez"' in body
    assert "My father has CLL. Could he join?" in body
    assert 'aria-invalid="true"' in body
    assert TrialInquiry.objects.count() == 0
    assert mail.outbox == []


def test_phone_alone_is_enough(post_form):
    TrialFactory(nct_id="NCT05147467")
    response = post_form("/trials/NCT05147467/inquire/", inquiry_data(email="", phone="555 0100"))
    assert response.status_code == HTTPStatus.FOUND
    assert TrialInquiry.objects.get().phone == "555 0100"
    assert len(mail.outbox) == 1  # staff only: no address to acknowledge


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("phone", "call me maybe", "at least 7 digits"),
        ("phone", "555", "at least 7 digits"),
        ("phone", "555 0100\r\nBcc: x@example.org", "without line breaks"),
        ("name", "Ana\r\nBcc: x@example.org", "without line breaks"),
    ],
)
def test_inquiry_refuses_a_phone_we_cannot_dial_and_line_breaks(post_form, field, value, error):
    TrialFactory(nct_id="NCT05147467")
    data = inquiry_data(email="", phone="555 0100") | {field: value}
    response = post_form("/trials/NCT05147467/inquire/", data)
    assert response.status_code == HTTPStatus.OK
    assert error in response.content.decode()
    assert TrialInquiry.objects.count() == 0


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "(555) 010-4000 ext. 12", "5550100"])
def test_inquiry_accepts_phone_numbers_as_people_write_them(post_form, phone):
    TrialFactory(nct_id="NCT05147467")
    response = post_form("/trials/NCT05147467/inquire/", inquiry_data(email="", phone=phone))
    assert response.status_code == HTTPStatus.FOUND
    assert TrialInquiry.objects.get().phone == phone


@pytest.mark.parametrize("status", [s for s in TrialStatus if s not in OPEN_STATUSES])
def test_closed_trial_offers_a_phone_number_not_an_inquiry(client, settings, status):
    trial = TrialFactory(overall_status=status)
    body = client.get(trial.get_absolute_url()).content.decode()
    assert "I’m interested in this trial" not in body
    assert f"/trials/{trial.nct_id}/inquire/" not in body
    assert "This trial is not enrolling new patients." in body
    assert settings.CENTER["phone_display"] in body


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_open_trial_at_our_center_offers_the_inquiry(client, status):
    trial = TrialFactory(overall_status=status, at_center="yes")
    body = client.get(trial.get_absolute_url()).content.decode()
    assert f'href="/trials/{trial.nct_id}/inquire/"' in body
    assert "not enrolling" not in body


def test_inquiry_url_of_a_closed_trial_explains_and_offers_no_form(client, settings):
    TrialFactory(nct_id="NCT05147467", overall_status=TrialStatus.COMPLETED)
    response = client.get("/trials/NCT05147467/inquire/")
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "<h1>This trial is not enrolling</h1>" in body
    assert settings.CENTER["phone_display"] in body
    assert 'name="form_token"' not in body


def test_an_inquiry_sent_as_the_trial_closed_is_still_kept(post_form, client):
    """The form was opened while the trial was open: what the person wrote is not lost."""
    TrialFactory(nct_id="NCT05147467", overall_status=TrialStatus.COMPLETED)
    response = post_form("/trials/NCT05147467/inquire/", inquiry_data())
    assert response.status_code == HTTPStatus.FOUND
    inquiry = TrialInquiry.objects.get()
    assert inquiry.nct_id == "NCT05147467"
    assert inquiry.reference in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 2


def test_naughty_strings_never_cause_a_500(post_form, settings):
    settings.FORM_RATE_LIMIT = (10_000, 600)
    TrialFactory(nct_id="NCT05147467")
    strings = json.loads((TEST_DATA / "blns" / "blns.json").read_text())
    for text in strings:
        for field in ("name", "message", "phone"):
            response = post_form("/trials/NCT05147467/inquire/", inquiry_data(**{field: text}))
            assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}, (field, text)
            if response.status_code == HTTPStatus.OK and text.strip() and "\x00" not in text:
                assert "error-summary" in response.content.decode()
    stored = set(TrialInquiry.objects.values_list("message", flat=True))
    assert "<script>alert(123)</script>" in stored


def test_the_finders_menus_are_read_without_a_server_side_cursor(client):
    """The cancer-type and treatment menus hold a handful of rows: one plain query each,
    not Django's cursor for long lists (DECLARE, FETCH and CLOSE, three round trips)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CancerTypeFactory(slug="leukemia", name="Leukemia")
    TreatmentFactory(slug="car-t", name="CAR T-cell therapy")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/trials/", {"cancer_type": "leukemia"}).content.decode()
    assert '<option value="leukemia" selected>Leukemia</option>' in body
    assert '<option value="car-t">CAR T-cell therapy</option>' in body
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DECLARE")]
