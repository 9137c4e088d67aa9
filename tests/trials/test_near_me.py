"""The finder's ZIP code and radius: trials with a recruiting site inside the circle, the
nearest site on each card, a clear message for a bad ZIP code, a fixed query count."""

import math
import re

import pytest

from tests.trials.factories import TrialFactory, TrialSiteFactory
from trials.geo import RADIUS_CHOICES, haversine_miles, zip_place

pytestmark = pytest.mark.django_db

ZIP = "20892"  # Bethesda, MD
MILES_PER_DEGREE = 2 * math.pi * 3958.8 / 360


def ids(response) -> list[str]:
    return re.findall(r'href="/trials/(NCT\d{8})/"', response.content.decode())


def site_at_miles(trial, miles: float, **kwargs):
    """A site due north of the ZIP code's centre, `miles` away."""
    place = zip_place(ZIP)
    latitude = place.latitude + miles / MILES_PER_DEGREE
    site = TrialSiteFactory(trial=trial, latitude=latitude, longitude=place.longitude, **kwargs)
    assert (
        abs(haversine_miles(place.latitude, place.longitude, latitude, place.longitude) - miles)
        < 0.01
    )
    return site


@pytest.mark.parametrize("radius", RADIUS_CHOICES)
def test_a_site_just_inside_the_radius_counts_and_just_outside_does_not(client, radius):
    inside = TrialFactory(nct_id="NCT00000001")
    site_at_miles(inside, radius - 0.5)
    outside = TrialFactory(nct_id="NCT00000002")
    site_at_miles(outside, radius + 0.5)
    assert ids(client.get("/trials/", {"zip": ZIP, "radius": radius})) == ["NCT00000001"]


def test_the_default_radius_is_100_miles(client):
    site_at_miles(TrialFactory(nct_id="NCT00000001"), 99)
    site_at_miles(TrialFactory(nct_id="NCT00000002"), 101)
    response = client.get("/trials/", {"zip": ZIP})
    assert ids(response) == ["NCT00000001"]
    assert re.search(r'<option value="100" selected>', response.content.decode())


def test_only_recruiting_sites_count_and_the_nearest_comes_first(client):
    closed_only = TrialFactory(nct_id="NCT00000003")
    site_at_miles(closed_only, 5, status="COMPLETED")
    far = TrialFactory(nct_id="NCT00000002")
    site_at_miles(far, 80, facility="Far Clinic", city="Far Town")
    near = TrialFactory(nct_id="NCT00000001")
    site_at_miles(near, 300)
    site_at_miles(near, 10, facility="Near Hospital", city="Rockville")
    response = client.get("/trials/", {"zip": ZIP})
    assert ids(response) == ["NCT00000001", "NCT00000002"]
    assert "Near Hospital, Rockville: about 10 miles" in response.content.decode()


def test_an_unknown_or_malformed_zip_code_says_what_to_do_beside_the_field(client):
    TrialFactory(nct_id="NCT00000001")
    for value, message in [
        ("00000", "We could not find the ZIP code 00000"),
        ("abcde", "Enter a US ZIP code of 5 digits"),
    ]:
        response = client.get("/trials/", {"zip": value})
        body = response.content.decode()
        assert response.status_code == 200
        assert message in body
        assert re.search(r'<input[^>]*name="zip"[^>]*aria-invalid="true"', body)
        assert "<title>Error:" in body
        # The other filters still apply; the bad ZIP code is no filter.
        assert ids(response) == ["NCT00000001"]


def test_at_our_center_only(client, settings):
    settings.CENTER = {**settings.CENTER, "trial_facility_name": "Riverside Cancer Institute"}
    ours = TrialFactory(nct_id="NCT00000001")
    TrialSiteFactory(trial=ours, facility="Riverside Cancer Institute")
    TrialFactory(nct_id="NCT00000002", is_featured=True)
    response = client.get("/trials/", {"at_center": "yes"})
    assert ids(response) == ["NCT00000001"]
    assert "At our center" in response.content.decode()


def test_zip_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(25):
        trial = TrialFactory()
        for miles in (5, 40, 90, 400):
            site_at_miles(trial, miles + n)
    with django_assert_max_num_queries(8):
        response = client.get("/trials/", {"zip": ZIP, "radius": 100, "q": "study"})
    assert len(ids(response)) == 20
    with django_assert_max_num_queries(8):
        response = client.get("/trials/", {"zip": ZIP, "radius": 500, "at_center": "yes"})
    assert response.status_code == 200
