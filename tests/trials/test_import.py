import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from education.models import CancerType, Treatment
from tests.conftest import TEST_DATA
from trials.ctgov import parse_age, parse_partial_date
from trials.models import Trial
from trials.services import trial_import_paths

pytestmark = pytest.mark.django_db

CTGOV = TEST_DATA / "ctgov"
STUDIES = CTGOV / "studies"


def load(nct_id: str) -> dict:
    return json.loads((STUDIES / f"{nct_id}.json").read_text())


def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_every_shared_file_imports_without_error():
    report = trial_import_paths(paths=[CTGOV])
    assert report.failed == []
    study_ids = {path.stem for path in STUDIES.glob("*.json")}
    assert study_ids <= set(Trial.objects.values_list("nct_id", flat=True))
    page_ids = {
        study["protocolSection"]["identificationModule"]["nctId"]
        for page in (CTGOV / "pages").glob("*.json")
        for study in json.loads(page.read_text())["studies"]
    }
    assert page_ids <= set(Trial.objects.values_list("nct_id", flat=True))
    assert report.counts["created"] == Trial.objects.count()


@pytest.mark.parametrize(
    "nct_id", ["NCT05838768", "NCT02175381", "NCT05147467", "NCT03934567", "NCT06610240"]
)
def test_stored_fields_equal_the_json(nct_id):
    trial_import_paths(paths=[STUDIES / f"{nct_id}.json"])
    record = load(nct_id)
    protocol = record["protocolSection"]
    ident, status = protocol["identificationModule"], protocol["statusModule"]
    eligibility = protocol["eligibilityModule"]
    trial = Trial.objects.get(nct_id=nct_id)
    assert trial.brief_title == ident["briefTitle"]
    assert trial.official_title == ident.get("officialTitle", "")
    assert trial.brief_summary == protocol["descriptionModule"]["briefSummary"].strip()
    assert trial.overall_status == status["overallStatus"]
    assert trial.phases == protocol["designModule"].get("phases", [])
    assert trial.study_type == protocol["designModule"]["studyType"]
    assert trial.conditions == protocol["conditionsModule"]["conditions"]
    assert trial.keywords == protocol["conditionsModule"].get("keywords", [])
    interventions = protocol.get("armsInterventionsModule", {}).get("interventions", [])
    assert [i["name"] for i in trial.interventions] == [i["name"] for i in interventions]
    assert [i["other_names"] for i in trial.interventions] == [
        i.get("otherNames", []) for i in interventions
    ]
    assert trial.eligibility_criteria == eligibility["eligibilityCriteria"].strip()
    assert trial.minimum_age == eligibility.get("minimumAge", "")
    assert trial.maximum_age == eligibility.get("maximumAge", "")
    assert trial.sex == eligibility["sex"]
    assert trial.healthy_volunteers == eligibility.get("healthyVolunteers")
    locations = protocol.get("contactsLocationsModule", {}).get("locations", [])
    assert trial.site_count == len(locations)
    assert [site["facility"] for site in trial.locations] == [
        site.get("facility", "") for site in locations
    ]
    contacts = protocol.get("contactsLocationsModule", {}).get("centralContacts", [])
    assert [c["name"] for c in trial.central_contacts] == [c["name"] for c in contacts]
    sponsor = protocol["sponsorCollaboratorsModule"]["leadSponsor"]["name"]
    assert trial.lead_sponsor == sponsor
    assert trial.start_date.isoformat().startswith(status["startDateStruct"]["date"])
    assert trial.last_update_date.isoformat() == status["lastUpdatePostDateStruct"]["date"]
    assert trial.raw == record


def test_partial_dates_keep_their_precision():
    assert parse_partial_date("2024", "x") == (date(2024, 1, 1), "year")
    assert parse_partial_date("2024-05", "x") == (date(2024, 5, 1), "month")
    assert parse_partial_date("2024-05-03", "x") == (date(2024, 5, 3), "day")
    partial = [
        p
        for p in STUDIES.glob("*.json")
        if len(
            json.loads(p.read_text())["protocolSection"]["statusModule"]["startDateStruct"]["date"]
        )
        == 7
    ][0]
    trial_import_paths(paths=[partial])
    assert Trial.objects.get().start_date_precision == "month"


@pytest.mark.parametrize(
    ("text", "years"),
    [("18 Years", Decimal(18)), ("6 Months", Decimal("0.5")), ("N/A", None), ("", None)],
)
def test_ages_are_normalised_to_years_with_open_bounds(text, years):
    assert parse_age(text, "x") == years


def test_missing_maximum_age_is_stored_as_no_limit():
    trial_import_paths(paths=[STUDIES / "NCT05838768.json"])
    trial = Trial.objects.get(nct_id="NCT05838768")
    assert trial.minimum_age_years == 18
    assert trial.maximum_age_years is None


def test_reimport_changes_nothing_and_says_so():
    first = trial_import_paths(paths=[STUDIES])
    before = {t.nct_id: t.updated_at for t in Trial.objects.all()}
    second = trial_import_paths(paths=[STUDIES])
    assert second.counts == {
        "created": 0,
        "updated": 0,
        "unchanged": first.counts["created"],
        "failed": 0,
    }
    assert {t.nct_id: t.updated_at for t in Trial.objects.all()} == before


def test_staff_fields_survive_a_reimport_of_changed_data(tmp_path):
    record = load("NCT05147467")
    path = write(tmp_path, "study.json", record)
    trial_import_paths(paths=[path])
    trial = Trial.objects.get(nct_id="NCT05147467")
    own = CancerType.objects.create(name="Our own type", slug="own")
    trial.is_listed = False
    trial.is_featured = True
    trial.local_contact_name = "Dana Ortiz, RN"
    trial.local_notes = "Run by our **leukemia** clinic."
    trial.save()
    trial.cancer_types.set([own])

    record["protocolSection"]["identificationModule"]["briefTitle"] = "A new title"
    record["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    write(tmp_path, "study.json", record)
    report = trial_import_paths(paths=[path])
    assert report.counts["updated"] == 1
    trial.refresh_from_db()
    assert trial.brief_title == "A new title"
    assert trial.overall_status == "COMPLETED"
    assert not trial.is_listed and trial.is_featured
    assert trial.local_contact_name == "Dana Ortiz, RN"
    assert "<strong>leukemia</strong>" in trial.local_notes_html
    assert list(trial.cancer_types.all()) == [own]


def test_new_trials_get_suggested_tags_from_conditions_and_interventions(tmp_path):
    car_t = Treatment.objects.create(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    checkpoint = Treatment.objects.create(
        name="Checkpoint inhibitors", slug="checkpoint-inhibitors"
    )
    leukemia = CancerType.objects.create(name="Leukemia", slug="leukemia")
    lymphoma = CancerType.objects.create(name="Lymphoma", slug="lymphoma")
    lung = CancerType.objects.create(name="Lung cancer", slug="lung-cancer")
    record = load("NCT05147467")
    record["protocolSection"]["armsInterventionsModule"]["interventions"].append(
        {"type": "BIOLOGICAL", "name": "Tisagenlecleucel", "otherNames": ["CTL019"]}
    )
    trial_import_paths(paths=[write(tmp_path, "a.json", record), STUDIES / "NCT04956640.json"])
    cll = Trial.objects.get(nct_id="NCT05147467")
    assert set(cll.treatments.all()) == {car_t}
    assert set(cll.cancer_types.all()) == {leukemia, lymphoma}
    pembro = Trial.objects.get(nct_id="NCT04956640")
    assert checkpoint in pembro.treatments.all()
    assert lung in pembro.cancer_types.all()


def test_nci_product_codes_suggest_a_treatment(tmp_path):
    checkpoint = Treatment.objects.create(
        name="Checkpoint inhibitors", slug="checkpoint-inhibitors"
    )
    record = load("NCT05147467")
    record["protocolSection"]["armsInterventionsModule"]["interventions"] = [
        {"type": "DRUG", "name": "BGB-A317"}  # NCI: Anti-PD-1 Monoclonal Antibody BGB-A317
    ]
    trial_import_paths(paths=[write(tmp_path, "a.json", record)])
    assert list(Trial.objects.get().treatments.all()) == [checkpoint]


def test_staff_tag_edits_win_over_suggestions_on_reimport(tmp_path):
    Treatment.objects.create(name="CAR T-cell therapy", slug="car-t-cell-therapy")
    record = load("NCT05147467")
    record["protocolSection"]["conditionsModule"]["keywords"] = ["CAR-T"]
    path = write(tmp_path, "a.json", record)
    trial_import_paths(paths=[path])
    trial = Trial.objects.get()
    assert trial.treatments.count() == 1
    trial.treatments.clear()
    record["protocolSection"]["identificationModule"]["briefTitle"] = "Changed"
    write(tmp_path, "a.json", record)
    trial_import_paths(paths=[path])
    assert trial.treatments.count() == 0


def bad_records() -> dict:
    good = load("NCT05838768")

    def variant(mutate):
        record = json.loads(json.dumps(good))
        mutate(record["protocolSection"])
        return record

    return {
        "no-nct-id": variant(lambda p: p["identificationModule"].pop("nctId")),
        "malformed-nct-id": variant(
            lambda p: p["identificationModule"].update(nctId="NCT123; DROP TABLE")
        ),
        "conditions-not-a-list": variant(
            lambda p: p["conditionsModule"].update(conditions="Leukemia")
        ),
        "title-not-a-string": variant(
            lambda p: p["identificationModule"].update(briefTitle=["a", "b"])
        ),
        "huge-summary": variant(
            lambda p: p["descriptionModule"].update(briefSummary="x" * 1_000_000)
        ),
        "unknown-status": variant(lambda p: p["statusModule"].update(overallStatus="MAYBE")),
        "unknown-phase": variant(lambda p: p["designModule"].update(phases=["PHASE9"])),
        "unreadable-age": variant(lambda p: p["eligibilityModule"].update(minimumAge="adult")),
    }


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("no-nct-id", "nctId: missing"),
        ("malformed-nct-id", "not NCT followed by 8 digits"),
        ("conditions-not-a-list", "expected a list"),
        ("title-not-a-string", "expected text"),
        ("huge-summary", "more than the"),
        ("unknown-status", "unknown value"),
        ("unknown-phase", "unknown value"),
        ("unreadable-age", "cannot read the age"),
    ],
)
def test_each_bad_record_is_reported_and_the_others_still_import(tmp_path, case, reason):
    bad = write(tmp_path, f"{case}.json", bad_records()[case])
    good = STUDIES / "NCT05147467.json"
    report = trial_import_paths(paths=[bad, good])
    assert report.created == ["NCT05147467"]
    assert len(report.failed) == 1
    assert report.failed[0].source == str(bad)
    assert reason in report.failed[0].reason
    assert Trial.objects.count() == 1


def test_invalid_json_and_non_objects_are_reported_with_the_file(tmp_path):
    broken = write(tmp_path, "broken.json", '{"protocolSection": ')
    array = write(tmp_path, "array.json", "[1, 2]")
    page = write(tmp_path, "page.json", {"studies": [load("NCT05147467"), "nonsense"]})
    report = trial_import_paths(paths=[broken, array, page])
    reasons = {failure.source: failure.reason for failure in report.failed}
    assert "invalid JSON" in reasons[str(broken)]
    assert "expected a JSON object" in reasons[str(array)]
    assert "expected a study object" in reasons[f"{page} [studies 1]"]
    assert report.created == ["NCT05147467"]


def test_a_database_error_in_one_record_rolls_back_only_that_record(tmp_path):
    bad = load("NCT05838768")
    bad["protocolSection"]["descriptionModule"]["detailedDescription"] = "nul \u0000 inside"
    report = trial_import_paths(
        paths=[write(tmp_path, "bad.json", bad), STUDIES / "NCT05147467.json"]
    )
    assert report.counts["failed"] == 1 and report.counts["created"] == 1


def test_command_reports_counts_and_exits_non_zero_on_failures(tmp_path):
    write(tmp_path, "bad.json", "not json")
    (tmp_path / "nested").mkdir()
    write(tmp_path / "nested", "good.json", load("NCT05147467"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_ctgov", str(tmp_path), stdout=out, stderr=err)
    assert error.value.returncode == 1
    assert "created 1, updated 0, unchanged 0, failed 1" in out.getvalue()
    assert "bad.json" in err.getvalue() and "invalid JSON" in err.getvalue()


def test_command_succeeds_quietly_on_clean_input():
    out = StringIO()
    call_command("import_ctgov", str(STUDIES / "NCT05147467.json"), stdout=out)
    assert "created 1" in out.getvalue()


def test_eligibility_is_split_into_inclusion_and_exclusion():
    trial_import_paths(paths=[STUDIES / "NCT05838768.json"])
    trial = Trial.objects.get()
    assert "MSIhi or MMR deficient" in trial.inclusion_html
    assert "Impaired cardiac function" in trial.exclusion_html
    assert "Impaired cardiac function" not in trial.inclusion_html


def test_imported_markdown_is_sanitised(tmp_path):
    record = load("NCT05147467")
    record["protocolSection"]["descriptionModule"]["briefSummary"] = (
        "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    trial_import_paths(paths=[write(tmp_path, "a.json", record)])
    html = Trial.objects.get().brief_summary_html
    assert "<strong>Bold</strong>" in html
    # The script is shown as the text it is, never run, and the link is not a link.
    assert "<script" not in html and "<a " not in html


def test_a_trials_large_values_are_compressed_with_lz4_where_the_server_has_it():
    from django.db import NotSupportedError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE lz4_probe (value text COMPRESSION lz4)")
    except NotSupportedError:
        pytest.skip("this PostgreSQL is built without lz4 (the embedded development server)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'trials_trial'::regclass"
            " AND attcompression = 'l'"
        )
        compressed = {row[0] for row in cursor.fetchall()}
    assert {"raw", "locations", "eligibility_html", "detailed_description"} <= compressed
