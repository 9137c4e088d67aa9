"""The trial page lists every site by place, recruiting first, closed ones folded away,
and with a ZIP code the nearest recruiting sites and their distance."""

import re

import pytest

from tests.conftest import TEST_DATA
from tests.trials.factories import TrialFactory, TrialSiteFactory
from trials.models import TrialSite, TrialStatus
from trials.services import trial_import_paths

pytestmark = pytest.mark.django_db

# ZIP 20892 (Bethesda, MD) has its centroid near 39.00 N, 77.10 W.
BETHESDA_ZIP = "20892"


def test_import_stores_every_site_with_its_coordinates_and_contacts():
    trial_import_paths(paths=[TEST_DATA / "ctgov" / "studies" / "NCT04956640.json"])
    sites = TrialSite.objects.filter(trial__nct_id="NCT04956640")
    assert sites.count() == 49
    first = sites.first()
    assert first.facility == "University of Alabama at Birmingham"
    assert (round(first.latitude, 2), round(first.longitude, 2)) == (33.52, -86.80)
    assert first.is_recruiting
    assert sites.filter(latitude__isnull=False).count() == 47  # two have no geoPoint


def test_reimport_replaces_sites_instead_of_adding_them(tmp_path):
    import json

    record = json.loads((TEST_DATA / "ctgov" / "studies" / "NCT04956640.json").read_text())
    path = tmp_path / "a.json"
    path.write_text(json.dumps(record))
    trial_import_paths(paths=[path])
    record["protocolSection"]["contactsLocationsModule"]["locations"] = record["protocolSection"][
        "contactsLocationsModule"
    ]["locations"][:2]
    path.write_text(json.dumps(record))
    trial_import_paths(paths=[path])
    assert TrialSite.objects.count() == 2


def test_sites_are_grouped_by_place_with_recruiting_first_and_closed_folded(client):
    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility="Closed Clinic", status="COMPLETED", city="Boston",
                     state="Massachusetts")  # fmt: skip
    TrialSiteFactory(trial=trial, facility="Soon Hospital", status="NOT_YET_RECRUITING",
                     city="Baltimore")  # fmt: skip
    TrialSiteFactory(trial=trial, facility="Open Hospital", city="Baltimore")
    TrialSiteFactory(trial=trial, facility="Paris Site", country="France", state="", city="Paris")
    body = client.get(trial.get_absolute_url()).content.decode()
    assert "2 of 4 sites are recruiting." in body
    assert "3 sites open to new patients" in body
    # The United States first, then other countries; recruiting before not yet recruiting.
    assert body.index("United States") < body.index("France")
    assert body.index("Open Hospital") < body.index("Soon Hospital")
    details = re.search(r'<details class="trial-sites__closed">(.*?)</details>', body, re.S)
    assert "1 site not taking new patients" in details.group(1)
    assert "Closed Clinic" in details.group(1)
    assert "Closed Clinic" not in body.replace(details.group(1), "")


def test_a_zip_code_shows_the_nearest_recruiting_sites_and_their_distance(client):
    trial = TrialFactory()
    TrialSiteFactory(trial=trial, facility="Far Away", latitude=34.05, longitude=-118.24,
                     city="Los Angeles")  # fmt: skip
    TrialSiteFactory(trial=trial, facility="Next Door", latitude=39.0, longitude=-77.1)
    TrialSiteFactory(trial=trial, facility="Closed Near", latitude=39.0, longitude=-77.1,
                     status="COMPLETED")  # fmt: skip
    body = client.get(trial.get_absolute_url(), {"zip": BETHESDA_ZIP}).content.decode()
    near = re.search(r'<ol class="trial-sites__near">(.*?)</ol>', body, re.S).group(1)
    assert near.index("Next Door") < near.index("Far Away")
    assert "Closed Near" not in near
    assert re.search(r"Los Angeles.*about 2,2\d\d miles", near, re.S)
    assert "Nearest recruiting site: Next Door" in body


def test_an_unknown_zip_code_gets_a_message_beside_the_field(client):
    trial = TrialFactory()
    TrialSiteFactory(trial=trial)
    response = client.get(trial.get_absolute_url(), {"zip": "00000"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in body
    assert "We could not find the US ZIP code “00000”" in body


def test_trial_page_query_count_does_not_grow_with_sites(client, django_assert_max_num_queries):
    trial = TrialFactory(overall_status=TrialStatus.RECRUITING)
    for n in range(60):
        TrialSiteFactory(trial=trial, latitude=39 + n / 100, longitude=-77.0)
    with django_assert_max_num_queries(8):
        response = client.get(trial.get_absolute_url(), {"zip": BETHESDA_ZIP})
    assert response.status_code == 200
