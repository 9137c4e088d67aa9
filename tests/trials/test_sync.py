"""`manage.py ctgov_sync` against a loopback stand-in of the API serving real saved pages."""

import json
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from tests.conftest import TEST_DATA
from tests.trials.fake_ctgov import FakeCtgov
from trials.models import SyncProfile, Trial, TrialSite
from trials.services import trial_sync

pytestmark = pytest.mark.django_db

PAGES = TEST_DATA / "ctgov" / "pages"
FIRST = PAGES / "pancrepal__condition_query_response.json"
SECOND = PAGES / "cyanheads__studies_2025-06-17T11-16-37-179Z.json"
THIRD = PAGES / "cyanheads__studies_2025-06-17T11-15-33-773Z.json"


def _token(path):
    return json.loads(path.read_bytes())["nextPageToken"]


def _last_page(path) -> bytes:
    """A real page as the API sends the last one: without a nextPageToken."""
    document = json.loads(path.read_bytes())
    del document["nextPageToken"]
    return json.dumps(document).encode()


def real_pages() -> dict[str, bytes]:
    """The three saved pages chained by their own page tokens."""
    return {
        "": FIRST.read_bytes(),
        _token(FIRST): SECOND.read_bytes(),
        _token(SECOND): _last_page(THIRD),
    }


@pytest.fixture
def api(settings):
    def start(pages=None, failures=None):
        fake = FakeCtgov(pages or real_pages(), failures)
        settings.CTGOV_API_URL = fake.url
        settings.CTGOV_REQUEST_INTERVAL = 0
        settings.CTGOV_BACKOFF = 0
        settings.CTGOV_RETRIES = 2
        return fake

    return start


def snapshot() -> list[dict]:
    """Every trial as stored, with its sites and tags, minus ids and timestamps."""
    rows = []
    for trial in Trial.objects.order_by("nct_id").prefetch_related("sites"):
        row = model_to_dict(trial, exclude=["id", "cancer_types", "treatments"])
        row["search_vector"] = str(trial.search_vector)
        row["is_at_center"] = trial.is_at_center
        row["sites"] = [model_to_dict(site, exclude=["id", "trial"]) for site in trial.sites.all()]
        row["tags"] = sorted(trial.cancer_types.values_list("slug", flat=True)) + sorted(
            trial.treatments.values_list("slug", flat=True)
        )
        rows.append(row)
    return rows


def test_sync_follows_page_tokens_retries_429_and_500_and_equals_import_ctgov(api):
    token = _token(FIRST)
    with api(failures={"": [429], token: [500]}) as fake:
        out, err = StringIO(), StringIO()
        call_command(
            "ctgov_sync",
            "--param", "query.cond=pancreatic cancer",
            "--param", "filter.overallStatus=RECRUITING",
            stdout=out, stderr=err,
        )  # fmt: skip
    # First page: a 429, then the page; second page (by its token): a 500, then the page.
    assert [r.get("pageToken", "") for r in fake.requests] == ["", "", token, token, _token(SECOND)]
    first = fake.requests[0]
    assert first["query.cond"] == "pancreatic cancer"
    assert first["filter.overallStatus"] == "RECRUITING"
    assert first["pageSize"] == "1000"
    assert first["format"] == "json"
    report = out.getvalue()
    assert "3 page(s) in 5 request(s)" in report
    assert "2 retried" in report
    assert "created 13" in report
    assert "HTTP 429; retried" in err.getvalue()
    assert "HTTP 500; retried" in err.getvalue()
    synced = snapshot()
    assert len(synced) == 13

    Trial.objects.all().delete()
    call_command("import_ctgov", str(FIRST), str(SECOND), str(THIRD), stdout=StringIO())
    imported = snapshot()
    for row in [*synced, *imported]:
        row.pop("imported_at")
    assert synced == imported


def test_a_500_that_persists_is_reported_and_what_came_before_is_kept(api):
    token = _token(FIRST)
    with api(failures={token: [500, 502, 503]}) as fake:
        out, err = StringIO(), StringIO()
        with pytest.raises(CommandError) as raised:
            call_command("ctgov_sync", "--param", "query.cond=cancer", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert len(fake.requests) == 4  # the first page, then three tries of the second
    assert "stopped: HTTP 503, still after 2 retries" in out.getvalue()
    assert Trial.objects.count() == 10  # the first page's studies are imported
    assert TrialSite.objects.exists()


def test_polite_pause_between_pages_and_backoff_doubles(api, settings):
    token = _token(FIRST)
    with api(failures={token: [503, 503]}):
        settings.CTGOV_REQUEST_INTERVAL = 1.5
        settings.CTGOV_BACKOFF = 2
        waits = []
        report = trial_sync(params={"query.term": "lymphoma"}, page_size=10, sleep=waits.append)
    assert report.ok, report.lines()
    # 1.5 s before each later page; 2 s then 4 s before the retries of the second page.
    assert waits == [1.5, 2, 4, 1.5]
    assert report.log.pages == 3


def test_retry_after_header_is_honoured(api, settings):
    with api(failures={"": [429]}):
        settings.CTGOV_BACKOFF = 30
        waits = []
        report = trial_sync(params={}, sleep=waits.append)
    assert waits[0] == 0  # the server said Retry-After: 0
    assert report.ok


def test_unreachable_api_times_out_and_reports(settings):
    from tests.ports import closed_port

    settings.CTGOV_API_URL = f"http://127.0.0.1:{closed_port()}/api/v2"
    settings.CTGOV_RETRIES = 1
    settings.CTGOV_BACKOFF = 0
    report = trial_sync(params={"query.cond": "leukemia"}, sleep=lambda s: None)
    assert not report.ok
    assert report.error.startswith("network error")
    assert Trial.objects.count() == 0


def test_read_timeout_fails_the_try(settings):
    """A server that accepts and never answers is given up on after the read timeout."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    settings.CTGOV_API_URL = f"http://127.0.0.1:{listener.getsockname()[1]}/api/v2"
    settings.CTGOV_READ_TIMEOUT = 0.3
    settings.CTGOV_RETRIES = 0
    started = time.monotonic()
    try:
        report = trial_sync(params={}, sleep=lambda s: None)
    finally:
        listener.close()
    assert time.monotonic() - started < 5
    assert "timed out" in report.error


def test_unknown_parameter_is_refused_before_any_request(api):
    with api() as fake, pytest.raises(CommandError, match="unknown search parameter"):
        call_command("ctgov_sync", "--param", "query.nonsense=1", stdout=StringIO())
    assert fake.requests == []


def test_without_param_every_active_profile_runs_and_records_its_run(api):
    ours = SyncProfile.objects.create(
        name="Our center, open",
        params={"query.locn": "Our Center", "filter.overallStatus": "RECRUITING"},
    )
    SyncProfile.objects.create(name="Paused", params={"query.cond": "x"}, is_active=False)
    with api() as fake:
        out = StringIO()
        call_command("ctgov_sync", stdout=out, stderr=StringIO())
    assert {r.get("query.locn") for r in fake.requests} == {"Our Center"}
    assert "profile “Our center, open”" in out.getvalue()
    ours.refresh_from_db()
    assert ours.last_run_ok is True
    assert ours.last_counts["created"] == 13
    assert ours.last_counts["pages"] == 3
    assert ours.last_failures == []
    assert SyncProfile.objects.get(name="Paused").last_run_at is None


def test_a_failing_profile_records_its_failure(api):
    profile = SyncProfile.objects.create(name="Immunotherapy", params={"query.intr": "CAR T"})
    with api(failures={"": [500, 500, 500]}):
        with pytest.raises(CommandError):
            call_command("ctgov_sync", stdout=StringIO(), stderr=StringIO())
    profile.refresh_from_db()
    assert profile.last_run_ok is False
    assert profile.last_failures == ["stopped: HTTP 500, still after 2 retries"]


def test_without_param_or_profile_says_what_to_do():
    with pytest.raises(CommandError, match="No active sync profile"):
        call_command("ctgov_sync", stdout=StringIO())


def test_admin_lists_profiles_with_their_last_run_and_refuses_unknown_parameters(staff_client):
    SyncProfile.objects.create(
        name="Our center",
        params={"query.locn": "Our Center"},
        last_run_ok=False,
        last_counts={"created": 4, "failed": 1},
    )
    body = staff_client.get("/admin/trials/syncprofile/").content.decode()
    assert "Our center" in body
    assert "query.locn=Our Center" in body
    assert "created 4, failed 1" in body
    response = staff_client.post(
        "/admin/trials/syncprofile/add/",
        {"name": "Typo", "params": '{"query.conditon": "lymphoma"}', "is_active": "on"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "unknown search parameter(s): query.conditon" in response.content.decode()
    assert not SyncProfile.objects.filter(name="Typo").exists()
    response = staff_client.post(
        "/admin/trials/syncprofile/add/",
        {"name": "Lymphoma", "params": '{"query.cond": "lymphoma"}', "is_active": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert SyncProfile.objects.get(name="Lymphoma").params == {"query.cond": "lymphoma"}


def _with_status(path, nct_id: str, status: str, *, site_status: str | None = None) -> bytes:
    document = json.loads(path.read_bytes())
    for study in document["studies"]:
        protocol = study["protocolSection"]
        if protocol["identificationModule"]["nctId"] == nct_id:
            protocol["statusModule"]["overallStatus"] = status
            if site_status is not None:
                protocol["contactsLocationsModule"]["locations"][0]["status"] = site_status
    return json.dumps(document).encode()


def test_a_status_change_between_two_syncs_is_listed_and_emailed_once(
    api, settings, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    from trials.models import ChangeKind, TrialChange

    settings.CTGOV_DIGEST_RECIPIENTS = ["trials@cancercenter.example"]
    nct_id = "NCT03745326"  # recruiting in the saved page
    site = json.loads(FIRST.read_bytes())["studies"][1]["protocolSection"][
        "contactsLocationsModule"
    ]["locations"][0]
    settings.CENTER = {**settings.CENTER, "trial_facility_name": site["facility"]}
    profile = SyncProfile.objects.create(name="Ours", params={"query.cond": "pancreatic"})
    with django_capture_on_commit_callbacks(execute=True), api():
        call_command("ctgov_sync", stdout=StringIO(), stderr=StringIO())
    assert TrialChange.objects.filter(kind=ChangeKind.NEW).count() == 13
    assert len(mailoutbox) == 1  # the first digest: 13 new trials
    mailoutbox.clear()

    pages = real_pages()
    pages[""] = _with_status(
        FIRST, nct_id, "ACTIVE_NOT_RECRUITING", site_status="ACTIVE_NOT_RECRUITING"
    )
    del pages[_token(SECOND)]  # the third page no longer comes back
    pages[_token(FIRST)] = _last_page(SECOND)
    with django_capture_on_commit_callbacks(execute=True), api(pages=pages):
        out = StringIO()
        call_command("ctgov_sync", stdout=out, stderr=StringIO())
    change = TrialChange.objects.get(kind=ChangeKind.STATUS)
    assert (change.trial.nct_id, change.old_value, change.new_value) == (
        nct_id, "RECRUITING", "ACTIVE_NOT_RECRUITING",
    )  # fmt: skip
    ours = TrialChange.objects.get(kind=ChangeKind.SITE_STATUS)
    assert (ours.old_value, ours.new_value) == ("RECRUITING", "ACTIVE_NOT_RECRUITING")
    left = TrialChange.objects.get(kind=ChangeKind.LEFT_RESULTS)
    assert left.trial.nct_id == "NCT05147467" and left.detail == "Ours"
    assert Trial.objects.filter(nct_id="NCT05147467").exists()  # flagged, never deleted

    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == ["trials@cancercenter.example"]
    assert "3 changes" in digest.subject
    assert nct_id in digest.body and "RECRUITING -> ACTIVE_NOT_RECRUITING" in digest.body
    assert "NCT05147467" in digest.body

    # The same again: nothing changed, so no new change and no email.
    with django_capture_on_commit_callbacks(execute=True), api(pages=pages):
        call_command("ctgov_sync", stdout=StringIO(), stderr=StringIO())
    assert TrialChange.objects.count() == 16
    assert len(mailoutbox) == 1

    # The filter's dates are the center's (TIME_ZONE), not UTC's.
    today = timezone.localdate(change.detected_at).isoformat()
    body = staff_client.get("/admin/trials/trialchange/", {"since": today}).content.decode()
    assert f"{nct_id}:" in body and "Status changed" in body
    later = staff_client.get("/admin/trials/trialchange/", {"since": "2999-01-01"})
    assert nct_id not in later.content.decode()
    profile.refresh_from_db()
    assert "NCT05147467" not in profile.last_nct_ids
