"""A large file is read one study at a time, with the same results as an ordinary file;
a study that cannot be read ends the file there, and the studies before it are kept."""

import json

import pytest

from tests.conftest import TEST_DATA
from trials.models import Trial
from trials.services import trial_import_paths

pytestmark = pytest.mark.django_db

STUDIES = TEST_DATA / "ctgov" / "studies"
IDS = ["NCT03934567", "NCT05147467", "NCT05838768"]


def studies() -> list[dict]:
    return [json.loads((STUDIES / f"{nct_id}.json").read_text()) for nct_id in IDS]


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large, and is read in small chunks, so studies straddle them."""
    monkeypatch.setattr("trials.ctgov.STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr("trials.ctgov.READ_CHUNK", 4096)

    def not_whole(*args):
        raise AssertionError("the file was read whole")

    monkeypatch.setattr("trials.ctgov.records_from_bytes", not_whole)


def stored() -> list[tuple]:
    return list(
        Trial.objects.order_by("nct_id").values_list(
            "nct_id", "brief_title", "content_hash", "eligibility_html", "locations"
        )
    )


def write(tmp_path, text: str, name: str = "page.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_large_page_is_read_study_by_study_with_the_same_rows(tmp_path, monkeypatch):
    path = write(tmp_path, json.dumps({"studies": studies(), "nextPageToken": "abc"}, indent=1))
    assert trial_import_paths(paths=[path]).created == IDS
    whole = stored()
    Trial.objects.all().delete()

    monkeypatch.setattr("trials.ctgov.STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr("trials.ctgov.READ_CHUNK", 4096)
    monkeypatch.setattr("trials.ctgov.records_from_bytes", None)  # never called
    report = trial_import_paths(paths=[path])
    assert report.created == IDS and not report.failed
    assert stored() == whole


def test_a_file_cut_short_keeps_the_studies_before_the_cut(tmp_path, large):
    text = json.dumps({"studies": studies()}, indent=1)
    path = write(tmp_path, text[: text.index(IDS[2])])
    report = trial_import_paths(paths=[path])
    assert report.created == IDS[:2]
    (failure,) = report.failed
    assert failure.source == str(path)
    assert failure.reason.startswith("invalid JSON: ") and "(line " in failure.reason


def test_a_broken_study_is_reported_where_it_is(tmp_path, large):
    first, second, _ = (json.dumps(study, indent=1) for study in studies())
    before = '{"studies": [\n' + first + ",\n"
    path = write(tmp_path, before + "NOT JSON " + second + "]}")
    report = trial_import_paths(paths=[path])
    assert report.created == IDS[:1]
    (failure,) = report.failed
    line = before.count("\n") + 1
    assert failure.reason == f"invalid JSON: Expecting value (line {line}, col 1)"


def test_a_large_file_that_is_one_study_is_read(tmp_path, large):
    path = write(tmp_path, "\ufeff" + json.dumps(studies()[0]), "study.json")  # with a BOM
    assert trial_import_paths(paths=[path]).created == IDS[:1]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[1, 2]", "expected a JSON object at the top"),
        ('{"studies": 3}', "“studies” is not a list"),
        ('{"studies": []} extra', "invalid JSON: Extra data"),
        ('{"studies": [], }', "invalid JSON: Expecting property name"),
        (b"\xff\xfe{}", "not UTF-8 text"),
    ],
)
def test_what_is_not_a_page_is_reported_with_the_reason(tmp_path, large, text, reason):
    path = tmp_path / "odd.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    report = trial_import_paths(paths=[path])
    assert not report.created
    assert reason in report.failed[0].reason


def test_an_empty_page_imports_nothing_and_fails_nothing(tmp_path, large):
    path = write(tmp_path, '{"studies": [], "totalCount": 0}')
    report = trial_import_paths(paths=[path])
    assert not report.created and not report.failed
