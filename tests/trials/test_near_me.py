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


def test_zip_search_pages_keep_distance_order_and_the_total(client):
    """A ZIP search's page reads its trials' ids with the total beside them (one window
    count, not a second pass over every nearby site), then the trials: the order, the
    total and a page past the end still behave as on every other list."""
    trials = [TrialFactory(nct_id=f"NCT{70000000 + n:08d}") for n in range(25)]
    for n, trial in enumerate(reversed(trials)):  # created far to near: the order is ours
        site_at_miles(trial, 1 + n)
    nearest_first = [trial.nct_id for trial in reversed(trials)]

    first = client.get("/trials/", {"zip": ZIP})
    assert ids(first) == nearest_first[:20]
    assert "25 trials found" in first.content.decode()
    second = client.get("/trials/", {"zip": ZIP, "page": 2})
    assert ids(second) == nearest_first[20:]
    assert "25 trials found" in second.content.decode()
    # An old link past the end shows the last page, with the same total.
    past_the_end = client.get("/trials/", {"zip": ZIP, "page": 9})
    assert ids(past_the_end) == nearest_first[20:]
    assert "25 trials found" in past_the_end.content.decode()


def test_a_zip_search_with_no_trial_nearby_says_so_without_counting_again(
    client, django_assert_max_num_queries
):
    site_at_miles(TrialFactory(), 400)
    with django_assert_max_num_queries(6):
        response = client.get("/trials/", {"zip": ZIP, "radius": 20})
    assert ids(response) == []
    assert "0 trials found" in response.content.decode()


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def _plan(queryset) -> list[dict]:
    """The plan's nodes, with sequential and bitmap scans priced out so that a handful of
    test rows plan as thousands would."""
    import json

    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = json.loads(queryset.explain(format="json"))
    return list(_plan_nodes(plan[0]["Plan"]))


def test_the_zip_search_reads_nearby_sites_from_the_index_alone():
    """The sites inside the box come from an index-only scan of the GiST index on their
    point: nothing of the join or the distance sends a site back to the table (testing
    the site's id, which the index does not hold, did). With a few hundred trials far
    away, so that the planner sees the box is the selective side, as at full size."""
    from django.db import connection

    from trials.models import Trial, TrialSite
    from trials.views import LIST_DEFERRED, filter_trials

    site_at_miles(TrialFactory(), 10)
    far = Trial.objects.bulk_create(
        Trial(nct_id=f"NCT{80000000 + n:08d}", brief_title=f"Far {n}", overall_status="RECRUITING")
        for n in range(300)
    )
    TrialSite.objects.bulk_create(
        TrialSite(
            trial=trial, position=p, facility=f"Far site {p}", facility_key=f"far site {p}",
            status="RECRUITING", is_recruiting=True, latitude=61.2 + p / 10, longitude=-149.9,
        )
        for trial in far for p in range(10)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trials_trial")
        cursor.execute("ANALYZE trials_trialsite")
    queryset = filter_trials(
        Trial.objects.listed().defer(*LIST_DEFERRED), {"zip": ZIP, "radius": 100}
    )
    site_scans = [
        node for node in _plan(queryset[:20]) if node.get("Relation Name") == "trials_trialsite"
    ]
    assert [(node["Node Type"], node["Index Name"]) for node in site_scans] == [
        ("Index Only Scan", "trial_site_recruiting_point")
    ]


def test_the_finders_first_page_is_read_in_order_from_an_index():
    from trials.models import Trial
    from trials.views import LIST_DEFERRED, filter_trials

    TrialFactory()
    queryset = filter_trials(Trial.objects.listed().defer(*LIST_DEFERRED), {})
    nodes = _plan(queryset[:20])
    assert not [node for node in nodes if node["Node Type"] == "Sort"], nodes
    assert "trial_open_finder_order" in [node.get("Index Name") for node in nodes]
