"""Redirects: old addresses keep working after a slug change or a move; missing addresses
are counted without personal data."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cancercenter.redirects import services
from cancercenter.redirects.models import MissingPath, Redirect
from education.models import PublicationStatus
from tests.factories import PageFactory, TopicFactory
from tests.outages import database_outage  # noqa: F401  (fixture)
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def rename(obj, slug):
    obj.slug = slug
    obj.save()


def test_a_topic_slug_change_answers_301_from_the_old_address_in_both_languages(client):
    topic = TopicFactory(slug="car-t-basics")
    rename(topic, "car-t-cell-therapy")
    response = client.get("/education/car-t-basics/?from=leaflet")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/education/car-t-cell-therapy/?from=leaflet"
    response = client.get("/es/education/car-t-basics/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/es/education/car-t-cell-therapy/"
    assert client.get(response["Location"]).status_code == HTTPStatus.OK
    assert Redirect.objects.get(old_path="/education/car-t-basics/").hits == 1


def test_a_story_slug_change_redirects_and_a_draft_leaves_none(client):
    story = StoryFactory(slug="maria")
    rename(story, "maria-cord-blood")
    assert client.get("/stories/maria/")["Location"] == "/stories/maria-cord-blood/"
    draft = TopicFactory(slug="draft-one", status=PublicationStatus.DRAFT)
    rename(draft, "draft-two")
    assert not Redirect.objects.filter(old_path__contains="draft-one").exists()


def test_moving_a_page_redirects_it_and_every_page_under_it(client):
    patients = PageFactory(slug="patients")
    visiting = PageFactory(slug="visiting", parent=patients)
    parking = PageFactory(slug="parking", parent=visiting)
    guests = PageFactory(slug="guests")
    visiting.parent = guests
    visiting.save()
    parking.refresh_from_db()
    assert parking.path == "guests/visiting/parking"
    for old, new in [
        ("/patients/visiting/", "/guests/visiting/"),
        ("/patients/visiting/parking/", "/guests/visiting/parking/"),
        ("/es/patients/visiting/parking/", "/es/guests/visiting/parking/"),
    ]:
        response = client.get(old)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY, old
        assert response["Location"] == new
    assert client.get("/patients/").status_code == HTTPStatus.OK  # the parent did not move


def test_chains_collapse_and_an_address_in_use_again_redirects_no_more(client):
    topic = TopicFactory(slug="a")
    rename(topic, "b")
    rename(topic, "c")
    assert Redirect.objects.get(old_path="/education/a/").new_path == "/education/c/"
    assert Redirect.objects.get(old_path="/education/b/").new_path == "/education/c/"
    assert client.get("/education/a/")["Location"] == "/education/c/"  # one hop
    rename(topic, "a")  # back to its first name: never a loop
    assert not Redirect.objects.filter(old_path="/education/a/").exists()
    assert Redirect.objects.get(old_path="/education/c/").new_path == "/education/a/"
    assert Redirect.objects.get(old_path="/education/b/").new_path == "/education/a/"
    assert client.get("/education/a/").status_code == HTTPStatus.OK


def test_a_new_page_at_a_redirected_address_takes_it_back(client):
    services.redirect_save(old_path="/visiting/", new_path="/locations/")
    PageFactory(slug="visiting")
    assert not Redirect.objects.exists()
    assert client.get("/visiting/").status_code == HTTPStatus.OK


def test_manual_redirect_from_the_admin(staff_client, client):
    response = staff_client.post(
        "/admin/redirects/redirect/add/",
        {"old_path": "/flyers//car-t", "new_path": "/education/car-t/#start", "is_permanent": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    redirect = Redirect.objects.get()
    assert redirect.old_path == "/flyers/car-t"
    assert redirect.created_by.username == "staff"
    assert redirect.is_permanent
    assert "checked" in staff_client.get("/admin/redirects/redirect/add/").content.decode()
    response = client.get("/flyers/car-t?utm=x")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/education/car-t/?utm=x#start"


def test_a_temporary_redirect_answers_302(client):
    services.redirect_save(old_path="/flu/", new_path="/contact/", is_permanent=False)
    assert client.get("/flu/").status_code == HTTPStatus.FOUND


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("/a/", "/a/", "cannot point at its own address"),
        ("/a/", "https://elsewhere.example/", "starts with “/”"),
        ("/a/", "//elsewhere.example/", "starts with “/”"),
        ("a/", "/b/", "starts with “/”"),
        ("/b/", "/a/", "round in a loop"),  # /a/ already redirects to /b/
    ],
)
def test_the_admin_refuses_bad_redirects_with_a_message(staff_client, old_path, new_path, message):
    services.redirect_save(old_path="/a/", new_path="/b/")
    response = staff_client.post(
        "/admin/redirects/redirect/add/", {"old_path": old_path, "new_path": new_path}
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert Redirect.objects.count() == 1


def test_a_manual_redirect_to_a_redirected_address_is_collapsed():
    services.redirect_save(old_path="/b/", new_path="/c/")
    services.redirect_save(old_path="/a/", new_path="/b/")
    assert Redirect.objects.get(old_path="/a/").new_path == "/c/"
    services.redirect_save(old_path="/c/", new_path="/d/")
    assert set(Redirect.objects.values_list("new_path", flat=True)) == {"/d/"}


def test_missing_addresses_are_counted_per_day_without_personal_data(client):
    for _ in range(3):
        client.get(
            "/no-such-page/?email=pat@example.org",
            HTTP_USER_AGENT="Secret browser",
            HTTP_REFERER="https://example.org/pat",
            REMOTE_ADDR="203.0.113.9",
        )
    row = MissingPath.objects.get()
    assert (row.path, row.hits) == ("/no-such-page/", 3)
    stored = " ".join(str(value) for value in MissingPath.objects.values().get().values())
    for personal in ["pat@example.org", "Secret", "203.0.113.9", "example.org"]:
        assert personal not in stored


def test_a_404_costs_two_queries_for_redirects(client):
    client.get("/no-such-page/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/no-such-page/")
    ours = [q["sql"] for q in queries if "redirects_" in q["sql"]]
    assert len(ours) == 2


def test_very_long_paths_are_cut_and_a_day_holds_a_limited_number(client, monkeypatch):
    client.get("/" + "x" * 2000 + "/")
    assert len(MissingPath.objects.get().path) == 500
    monkeypatch.setattr(services, "MISSING_PATHS_PER_DAY", 3)
    for n in range(6):
        client.get(f"/wp-admin/probe-{n}.php/")
    assert MissingPath.objects.count() == 3
    client.get("/" + "x" * 2000 + "/")  # a known address is still counted
    assert MissingPath.objects.get(path__startswith="/xxx").hits == 2


def test_the_admin_lists_the_most_requested_missing_addresses_of_30_days(staff_client):
    today = timezone.localdate()
    MissingPath.objects.create(day=today, path="/old-flyer/", hits=7)
    MissingPath.objects.create(day=today - timedelta(days=3), path="/old-flyer/", hits=5)
    MissingPath.objects.create(day=today, path="/typo/", hits=2)
    MissingPath.objects.create(day=today - timedelta(days=40), path="/ancient/", hits=99)
    services.redirect_save(old_path="/typo/", new_path="/contact/")
    response = staff_client.get("/admin/redirects/missingpath/")
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "/old-flyer/" in body and "12" in body
    assert "/ancient/" not in body
    assert body.index("/old-flyer/") < body.index("/typo/")
    assert "/admin/redirects/redirect/add/?old_path=%2Fold-flyer%2F" in body
    assert "Has a redirect" in body
    add = staff_client.get("/admin/redirects/redirect/add/?old_path=%2Fold-flyer%2F")
    assert 'value="/old-flyer/"' in add.content.decode()


def test_the_missing_list_needs_permission(client, django_user_model):
    user = django_user_model.objects.create_user(username="clerk", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/redirects/missingpath/").status_code == HTTPStatus.FORBIDDEN


def test_maintenance_forgets_counts_older_than_30_days():
    today = timezone.localdate()
    MissingPath.objects.create(day=today - timedelta(days=30), path="/old/")
    MissingPath.objects.create(day=today - timedelta(days=29), path="/recent/")
    call_command("run_maintenance", stdout=open("/dev/null", "w"))
    assert list(MissingPath.objects.values_list("path", flat=True)) == ["/recent/"]


def test_a_missing_address_while_the_database_is_down_is_never_a_500(
    client,
    database_outage,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    database_outage.stop()
    # A page that needs the database: the 503 it always was.
    assert client.get("/no-such-page/").status_code == HTTPStatus.SERVICE_UNAVAILABLE
    # A 404 made without the database (a missing photo): still a plain 404.
    assert client.get("/media/stories/gone.jpg").status_code == HTTPStatus.NOT_FOUND
    database_outage.restart()
    assert client.get("/media/stories/gone.jpg").status_code == HTTPStatus.NOT_FOUND
    assert MissingPath.objects.get().path == "/media/stories/gone.jpg"


def test_a_location_slug_change_redirects(client):
    from tests.pages.test_pages import location

    place = location(slug="main")
    rename(place, "main-campus")
    assert client.get("/locations/main/")["Location"] == "/locations/main-campus/"


def test_reverting_a_page_slug_in_the_admin_redirects_from_the_slug_it_leaves(staff_client, client):
    import reversion
    from reversion.models import Version

    page = PageFactory(slug="visiting-hours", title="Visiting hours")
    with reversion.create_revision():
        page.save()
    rename(page, "visiting")
    old = Version.objects.get_for_object(page).get()
    form = {
        "title_en": "Visiting hours", "slug": "visiting-hours", "body_en": page.body_en,
        "status_en": "published", "order": 0,
        "published_at_0": "2026-01-01", "published_at_1": "09:00:00",
    }  # fmt: skip
    response = staff_client.post(f"/admin/pages/page/{page.pk}/history/{old.pk}/", form)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.path == "visiting-hours"
    assert client.get("/visiting-hours/").status_code == HTTPStatus.OK
    assert client.get("/visiting/")["Location"] == "/visiting-hours/"
    assert not Redirect.objects.filter(old_path="/visiting-hours/").exists()


def test_the_missing_list_runs_the_same_queries_for_many_addresses(
    staff_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    MissingPath.objects.bulk_create(
        MissingPath(day=today - timedelta(days=n % 20), path=f"/gone-{n}/", hits=n + 1)
        for n in range(300)
    )
    staff_client.get("/admin/redirects/missingpath/")
    with django_assert_max_num_queries(6):
        response = staff_client.get("/admin/redirects/missingpath/?p=2")
    assert response.status_code == HTTPStatus.OK
    assert "Page 2 of 6" in response.content.decode()
