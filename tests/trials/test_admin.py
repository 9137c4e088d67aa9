import csv
import io
import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import TEST_DATA
from tests.trials.factories import TrialFactory
from trials.models import Trial, TrialInquiry

pytestmark = pytest.mark.django_db

STUDY = TEST_DATA / "ctgov" / "studies" / "NCT05147467.json"


@pytest.mark.parametrize("streamed", [False, True], ids=["read whole", "read study by study"])
def test_admin_upload_is_imported_in_the_background_and_shows_the_report(
    staff_client, django_capture_on_commit_callbacks, monkeypatch, streamed
):
    from trials.models import TrialUpload, UploadStatus

    if streamed:  # as an upload of over 8 MB is read
        monkeypatch.setattr("trials.services.STREAM_ABOVE_BYTES", 0)

    good = SimpleUploadedFile("good.json", STUDY.read_bytes(), "application/json")
    bad = SimpleUploadedFile("bad.json", b"{not json", "application/json")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = staff_client.post("/admin/trials/trial/import/", {"files": [good, bad]})
    # The request only saved the files: nothing is imported until the task runs.
    assert response.status_code == HTTPStatus.FOUND
    assert not Trial.objects.exists()
    assert TrialUpload.objects.filter(status=UploadStatus.QUEUED).count() == 2
    waiting = TrialUpload.objects.get(original_name="good.json")
    body = staff_client.get(waiting.get_admin_url()).content.decode()
    assert "Import in progress" in body and 'http-equiv="refresh"' in body
    for callback in queued:
        callback()  # the worker runs the tasks
    body = staff_client.get(waiting.get_admin_url()).content.decode()
    assert "Import report" in body and 'http-equiv="refresh"' not in body
    assert "<td>1</td><td>0</td><td>0</td><td>0</td>" in body
    assert Trial.objects.filter(nct_id="NCT05147467").exists()
    failed = TrialUpload.objects.get(original_name="bad.json")
    body = staff_client.get(failed.get_admin_url()).content.decode()
    assert "<td>0</td><td>0</td><td>0</td><td>1</td>" in body
    assert "bad.json" in body and "invalid JSON" in body
    listing = staff_client.get("/admin/trials/trial/import/").content.decode()
    assert "good.json" in listing and "bad.json" in listing

    again = SimpleUploadedFile("good.json", STUDY.read_bytes(), "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/admin/trials/trial/import/", {"files": [again]})
    body = staff_client.get(response["Location"]).content.decode()
    assert "<td>0</td><td>0</td><td>1</td><td>0</td>" in body


def test_changelist_links_to_the_import_and_filters_work(staff_client):
    TrialFactory(nct_id="NCT00000001", brief_title="Phase two trial", phases=["PHASE2"])
    TrialFactory(nct_id="NCT00000002", brief_title="Phase three trial", phases=["PHASE3"])
    body = staff_client.get("/admin/trials/trial/").content.decode()
    assert "/admin/trials/trial/import/" in body
    filtered = staff_client.get("/admin/trials/trial/", {"phase": "2"}).content.decode()
    assert "Phase two trial" in filtered and "Phase three trial" not in filtered
    found = staff_client.get("/admin/trials/trial/", {"q": "NCT00000002"}).content.decode()
    assert "Phase three trial" in found and "Phase two trial" not in found


def test_hide_show_and_feature_actions(staff_client):
    trial = TrialFactory()
    url = "/admin/trials/trial/"
    staff_client.post(url, {"action": "hide", "_selected_action": [trial.pk]})
    trial.refresh_from_db()
    assert not trial.is_listed
    staff_client.post(url, {"action": "show", "_selected_action": [trial.pk]})
    staff_client.post(url, {"action": "feature", "_selected_action": [trial.pk]})
    trial.refresh_from_db()
    assert trial.is_listed and trial.is_featured


def test_imported_fields_are_read_only_and_staff_fields_editable(staff_client):
    trial = TrialFactory(brief_title="Original title")
    body = staff_client.get(f"/admin/trials/trial/{trial.pk}/change/").content.decode()
    assert 'name="local_contact_name"' in body and 'name="is_featured"' in body
    assert 'name="brief_title"' not in body and "Original title" in body


def test_inquiry_queue_exports_csv(staff_client):
    trial = TrialFactory(nct_id="NCT05147467")
    inquiry = TrialInquiry.objects.create(
        trial=trial,
        nct_id=trial.nct_id,
        name="=cmd|' /C calc'!A0",
        email="ana@example.org",
        relationship="patient",
        consent=True,
    )
    changelist = staff_client.get("/admin/trials/trialinquiry/").content.decode()
    assert inquiry.reference in changelist
    response = staff_client.post(
        "/admin/trials/trialinquiry/",
        {"action": "export_csv", "_selected_action": [inquiry.pk]},
    )
    assert response.status_code == HTTPStatus.OK
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert inquiry.reference in rows[1][0]
    assert not rows[1][3].startswith("=")  # formula-safe
    assert json.dumps(rows)  # plain text rows


def test_suggest_tags_again_adds_suggestions_and_keeps_staff_tags(staff_client):
    from tests.factories import CancerTypeFactory, TreatmentFactory

    leukemia = CancerTypeFactory(slug="leukemia", name="Leukemia")
    melanoma = CancerTypeFactory(slug="melanoma", name="Melanoma")
    car_t = TreatmentFactory(slug="car-t-cell-therapy", name="CAR T-cell therapy")
    trial = TrialFactory(
        conditions=["Acute Lymphoblastic Leukemia"], intervention_names=["tisagenlecleucel"]
    )
    trial.cancer_types.add(melanoma)  # set by staff, though the text does not say so
    other = TrialFactory(conditions=["Healthy"])
    response = staff_client.post(
        "/admin/trials/trial/",
        {"action": "suggest_tags", "_selected_action": [trial.pk, other.pk]},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "2 tags added to 1 trial; no tag was removed." in body
    assert set(trial.cancer_types.all()) == {leukemia, melanoma}
    assert list(trial.treatments.all()) == [car_t]
    assert not other.cancer_types.exists()
    # Running it again adds nothing.
    response = staff_client.post(
        "/admin/trials/trial/",
        {"action": "suggest_tags", "_selected_action": [trial.pk]},
        follow=True,
    )
    assert "0 tags added to 0 trials" in response.content.decode()


def test_staff_set_the_center_override_and_see_the_sites(staff_client):
    from tests.trials.factories import TrialSiteFactory

    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility="Registry Hospital")
    body = staff_client.get(f"/admin/trials/trial/{trial.pk}/change/").content.decode()
    assert 'name="at_center"' in body and 'name="center_facility_name"' in body
    assert "Registry Hospital" in body
    filtered = staff_client.get("/admin/trials/trial/", {"at_center__exact": "yes"})
    assert filtered.status_code == HTTPStatus.OK
