"""The bulk path of the import: a batch's new trials go in with one COPY, and give the
same rows, tags and failures as the record-by-record path (a batch of one takes that path).
"""

import copy
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import CancerType, Treatment
from tests.conftest import TEST_DATA
from trials.ctgov import SourceRecord
from trials.models import Trial
from trials.services import trial_import

pytestmark = pytest.mark.django_db

STUDIES = TEST_DATA / "ctgov" / "studies"
NCT_IDS = ["NCT05838768", "NCT02175381", "NCT05147467", "NCT03934567", "NCT06610240"]
VOLATILE = {"id", "created_at", "updated_at", "imported_at"}


def load(nct_id: str) -> dict:
    return json.loads((STUDIES / f"{nct_id}.json").read_text())


def sources(records: list[dict]) -> list[SourceRecord]:
    return [
        SourceRecord(f"record-{index}", record=copy.deepcopy(record))
        for index, record in enumerate(records)
    ]


def snapshot() -> dict[str, dict]:
    """Every column of every trial (but ids and timestamps), with its tags."""
    rows = {}
    for values in Trial.objects.values():
        row = {name: value for name, value in values.items() if name not in VOLATILE}
        trial = Trial.objects.get(pk=values["id"])
        row["cancer_types"] = sorted(c.slug for c in trial.cancer_types.all())
        row["treatments"] = sorted(t.slug for t in trial.treatments.all())
        rows[values["nct_id"]] = row
    return rows


def inserts(queries) -> int:
    return sum(q["sql"].startswith('INSERT INTO "trials_trial"') for q in queries.captured_queries)


def test_a_batch_of_new_trials_is_one_copy_and_equals_the_record_by_record_path():
    for slug in ["leukemia", "lymphoma", "lung-cancer", "colorectal-cancer"]:
        CancerType.objects.create(name=slug, slug=slug)
    for slug in ["car-t-cell-therapy", "checkpoint-inhibitors", "stem-cell-transplant"]:
        Treatment.objects.create(name=slug, slug=slug)
    records = [load(nct_id) for nct_id in NCT_IDS]

    with CaptureQueriesContext(connection) as queries:
        bulk = trial_import(sources=sources(records))
    assert inserts(queries) == 0  # the batch's new trials go in with one COPY
    bulk_rows = snapshot()

    Trial.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        one_by_one = trial_import(sources=sources(records), batch_size=1)
    assert inserts(queries) == len(records)

    assert (
        bulk.counts
        == one_by_one.counts
        == {
            "created": 5,
            "updated": 0,
            "unchanged": 0,
            "failed": 0,
        }
    )
    assert bulk.created == one_by_one.created == NCT_IDS
    assert bulk_rows == snapshot()
    assert any(row["cancer_types"] or row["treatments"] for row in bulk_rows.values())


def test_a_bad_record_in_a_bulk_batch_fails_alone_with_the_same_reason():
    good = [load(nct_id) for nct_id in NCT_IDS[:3]]
    # Passes parsing and validation; Postgres refuses \u0000 in jsonb, so the bulk insert fails.
    database_error = load(NCT_IDS[3])
    database_error["derivedSection"] = {"note": "nul \u0000 inside"}
    # Passes parsing (1,000 characters allowed) but not validation (500 per condition).
    invalid = load(NCT_IDS[4])
    invalid["protocolSection"]["conditionsModule"]["conditions"] = ["x" * 600]
    records = [good[0], database_error, good[1], invalid, good[2]]

    bulk = trial_import(sources=sources(records))
    assert bulk.created == NCT_IDS[:3]
    assert [failure.source for failure in bulk.failed] == ["record-1", "record-3"]
    assert bulk.failed[0].reason.startswith(f"{NCT_IDS[3]}: ")
    assert bulk.failed[1].reason.startswith(f"{NCT_IDS[4]}: conditions: ")
    assert set(Trial.objects.values_list("nct_id", flat=True)) == set(NCT_IDS[:3])
    bulk_rows = snapshot()

    Trial.objects.all().delete()
    one_by_one = trial_import(sources=sources(records), batch_size=1)
    assert one_by_one.failed == bulk.failed
    assert one_by_one.created == bulk.created
    assert snapshot() == bulk_rows


def test_a_repeated_new_nct_id_in_one_batch_is_created_then_updated():
    first = load(NCT_IDS[0])
    second = copy.deepcopy(first)
    second["protocolSection"]["identificationModule"]["briefTitle"] = "The later title"
    report = trial_import(sources=sources([first, load(NCT_IDS[1]), second, first]))
    assert report.created == NCT_IDS[:2]
    assert report.updated == [NCT_IDS[0], NCT_IDS[0]]
    assert (
        Trial.objects.get(nct_id=NCT_IDS[0]).brief_title
        == first["protocolSection"]["identificationModule"]["briefTitle"].strip()
    )


def _hash_as_stored_before(record) -> str:
    """content_hash as every stored trial's hash was computed, with the standard library."""
    import hashlib

    from trials.ctgov import MAPPING_VERSION

    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(
        f"{MAPPING_VERSION}:{canonical}".encode("utf-8", "surrogatepass")
    ).hexdigest()


def test_the_faster_content_hash_matches_every_stored_one():
    """orjson writes the canonical JSON now; a stored hash must still say "unchanged"."""
    from trials.ctgov import content_hash

    records = [
        json.loads(path.read_text()) for path in (TEST_DATA / "ctgov/studies").glob("*.json")
    ]
    for path in (TEST_DATA / "ctgov/pages").glob("*.json"):
        records += json.loads(path.read_text()).get("studies", [])
    assert len(records) > 100
    for record in records:
        assert content_hash(record) == _hash_as_stored_before(record)
    # What orjson refuses (a lone surrogate, a huge integer) is hashed as before, not lost.
    odd = json.loads('{"protocolSection": {"title": "\\ud800 x", "n": 123456789012345678901234}}')
    assert content_hash(odd) == _hash_as_stored_before(odd)


def test_records_orjson_cannot_write_are_stored_as_before():
    from tests.trials.factories import TrialFactory

    trial = TrialFactory(raw={"n": 10**30, "text": "naïve – ünïcode"}, locations=[{"n": 2**70}])
    trial.full_clean(exclude=["nct_id"])
    trial.refresh_from_db()
    assert trial.raw == {"n": 10**30, "text": "naïve – ünïcode"}
    assert trial.locations == [{"n": 2**70}]
