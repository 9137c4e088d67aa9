"""Bad input never stops an import: each odd record fails (or is cleaned) alone, with its
reason, the good ones beside it import, and no record takes more than a second."""

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import TEST_DATA
from trials.models import Trial

pytestmark = pytest.mark.django_db

STUDIES = TEST_DATA / "ctgov" / "studies"
GOOD_ID = "NCT05147467"


@pytest.fixture(autouse=True, params=["read whole", "read study by study"])
def reading(request, monkeypatch):
    """Every case twice: as an ordinary file, and as a large API page is read (ijson)."""
    if request.param == "read study by study":
        monkeypatch.setattr("trials.ctgov.STREAM_ABOVE_BYTES", 0)
        monkeypatch.setattr("trials.services.STREAM_ABOVE_BYTES", 0)
    return request.param


def study(nct_id: str = "NCT03934567") -> dict:
    return json.loads((STUDIES / f"{nct_id}.json").read_text())


def page(*studies) -> str:
    return json.dumps({"studies": list(studies)}, ensure_ascii=False)


def run_import(tmp_path, *texts: str, expect_failure: bool):
    paths = []
    for index, text in enumerate(texts):
        path = tmp_path / f"file{index}.json"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out, err = StringIO(), StringIO()
    started = time.perf_counter()
    if expect_failure:
        with pytest.raises(CommandError):
            call_command("import_ctgov", *paths, stdout=out, stderr=err)
    else:
        call_command("import_ctgov", *paths, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), time.perf_counter() - started


def test_a_number_of_more_than_4300_digits_fails_its_record_only(tmp_path):
    bad = study()
    bad["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 0}
    text = page(bad, study(GOOD_ID)).replace('"count": 0', '"count": ' + "9" * 5000)
    out, err, elapsed = run_import(tmp_path, text, expect_failure=True)
    assert "created 1" in out and "failed 1" in out
    assert "designModule.enrollmentInfo.count: a number of more than 4,300 digits" in err
    assert list(Trial.objects.values_list("nct_id", flat=True)) == [GOOD_ID]
    assert elapsed < 2


def test_a_nul_character_fails_its_record_only(tmp_path):
    bad = study()
    bad["protocolSection"]["identificationModule"]["briefTitle"] = "A study\x00of NUL"
    out, err, _ = run_import(tmp_path, page(bad, study(GOOD_ID)), expect_failure=True)
    assert "briefTitle: contains a NUL character" in err
    assert list(Trial.objects.values_list("nct_id", flat=True)) == [GOOD_ID]


def test_deep_nesting_in_a_record_is_kept_and_too_deep_a_file_fails_alone(tmp_path):
    nested = study()
    deep = []
    for _ in range(300):
        deep = [deep]
    nested["protocolSection"]["oddModule"] = deep
    too_deep = '{"studies": [' + "[" * 200_000 + "]" * 200_000 + "]}"
    out, err, elapsed = run_import(
        tmp_path, page(nested), too_deep, page(study(GOOD_ID)), expect_failure=True
    )
    assert "created 2" in out and "failed 1" in out
    assert "file1.json" in err
    assert Trial.objects.count() == 2
    assert elapsed < 3


def test_duplicate_nct_ids_in_one_page_give_one_trial_with_the_last_record(tmp_path):
    first, second = study(), study()
    second["protocolSection"]["identificationModule"]["briefTitle"] = "The later record"
    out, _, _ = run_import(tmp_path, page(first, second, study(GOOD_ID)), expect_failure=False)
    assert Trial.objects.filter(nct_id="NCT03934567").count() == 1
    assert Trial.objects.get(nct_id="NCT03934567").brief_title == "The later record"
    assert Trial.objects.count() == 2
    assert "failed 0" in out


@pytest.mark.parametrize(
    "given", ["NCT 0514 7467", " NCT05147467 ", "ＮＣＴ０５１４７４６７", "nct0514746７"]
)
def test_nct_ids_with_spaces_or_full_width_digits_are_cleaned(tmp_path, given):
    record = study(GOOD_ID)
    record["protocolSection"]["identificationModule"]["nctId"] = given
    run_import(tmp_path, page(record), expect_failure=False)
    assert list(Trial.objects.values_list("nct_id", flat=True)) == [GOOD_ID]
    # The same record again is unchanged, not a second trial.
    out, _, _ = run_import(tmp_path, page(record), expect_failure=False)
    assert "unchanged 1" in out
    assert Trial.objects.count() == 1


def test_an_nct_id_that_is_not_one_fails_with_its_reason(tmp_path):
    record = study(GOOD_ID)
    record["protocolSection"]["identificationModule"]["nctId"] = "NCT-0514"
    _, err, _ = run_import(tmp_path, page(record, study()), expect_failure=True)
    assert "“NCT-0514” is not NCT followed by 8 digits" in err
    assert Trial.objects.count() == 1


@pytest.mark.parametrize("run", ["[", "!["])
def test_ten_thousand_brackets_import_in_under_a_second(tmp_path, run):
    record = study()
    description = record["protocolSection"]["descriptionModule"]
    description["briefSummary"] = run * 10_000
    description["detailedDescription"] = "Before. " + run * 10_000 + " after."
    record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = run * 10_000
    _, _, elapsed = run_import(tmp_path, page(record, study(GOOD_ID)), expect_failure=False)
    assert elapsed < 2
    trial = Trial.objects.get(nct_id="NCT03934567")
    assert trial.brief_summary_html.count("[") == 10_000
    assert "<img" not in trial.brief_summary_html
    assert Trial.objects.count() == 2
