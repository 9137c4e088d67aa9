"""Keywords that know medicine: a brand name finds its generic and back, an abbreviation
finds the spelled-out disease, and the site's own synonym groups apply too."""

import re

import pytest

from tests.conftest import TEST_DATA
from tests.search.factories import SearchSynonymFactory
from tests.trials.factories import TrialFactory
from trials.services import trial_import_paths
from trials.synonyms import query_variants, shipped_groups

pytestmark = pytest.mark.django_db


def found(client, q: str) -> set[str]:
    ids = set()
    for page in range(1, 10):
        response = client.get("/trials/", {"q": q, "status": ["open", "closed"], "page": page})
        if response.status_code != 200:
            break
        new = set(re.findall(r'href="/trials/(NCT\d{8})/"', response.content.decode()))
        if not new - ids:
            break
        ids |= new
    return ids


@pytest.fixture
def real_studies():
    report = trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies"])
    assert report.ok


@pytest.mark.parametrize(
    ("one", "other"),
    [("keytruda", "pembrolizumab"), ("NSCLC", "non-small cell lung cancer"),
     ("Opdivo", "nivolumab"), ("AML", "acute myeloid leukemia")],
)  # fmt: skip
def test_synonyms_return_the_same_trials(client, real_studies, one, other):
    first, second = found(client, one), found(client, other)
    assert first == second
    if one in ("keytruda", "NSCLC"):
        assert len(first) >= 2  # the real records use both wordings


def test_a_brand_name_finds_a_trial_that_only_names_the_generic(client):
    TrialFactory(nct_id="NCT00000001", brief_title="Pembrolizumab after surgery")
    TrialFactory(nct_id="NCT00000002", brief_title="Keytruda in melanoma")
    TrialFactory(nct_id="NCT00000003", brief_title="Surgery alone")
    assert found(client, "keytruda") == {"NCT00000001", "NCT00000002"}
    assert found(client, "Pembrolizumab") == {"NCT00000001", "NCT00000002"}


def test_other_words_in_the_query_still_narrow_it(client):
    TrialFactory(nct_id="NCT00000001", brief_title="Pembrolizumab in melanoma")
    TrialFactory(nct_id="NCT00000002", brief_title="Keytruda in lung cancer")
    assert found(client, "keytruda melanoma") == {"NCT00000001"}


def test_the_sites_own_synonym_groups_are_used(client):
    SearchSynonymFactory(terms=["sunshine therapy", "heliotherapy"])
    TrialFactory(nct_id="NCT00000001", brief_title="Heliotherapy for fatigue")
    assert found(client, "sunshine therapy") == {"NCT00000001"}


def test_quotes_and_excluded_words_are_kept_as_typed():
    assert query_variants('"keytruda" trial', []) == ['"keytruda" trial']
    assert query_variants("keytruda -melanoma", []) == ["keytruda -melanoma"]


def test_the_shipped_groups_come_from_nci_and_include_the_pairs():
    groups = [{term.casefold() for term in group} for group in shipped_groups()]
    assert len(groups) > 1000
    assert any({"keytruda", "pembrolizumab"} <= group for group in groups)
    assert any({"nsclc", "non-small cell lung cancer"} <= group for group in groups)


def test_synonym_search_keeps_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    SearchSynonymFactory(terms=["sunshine therapy", "heliotherapy"])
    for n in range(25):
        TrialFactory(brief_title=f"Pembrolizumab study {n}")
    with django_assert_max_num_queries(8):
        assert client.get("/trials/", {"q": "keytruda"}).status_code == 200
