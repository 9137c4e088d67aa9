"""Changed addresses keep working: a 301 from the old URL to the new one (issue 16, point 4)."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.redirects.models import Redirect
from django.test import RequestFactory

from education.redirects import redirect_add
from tests.factories import PageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def admin_save(obj, user) -> None:
    """Save through the model's admin, as the change form does."""
    request = RequestFactory().post("/admin/")
    request.user = user
    admin.site._registry[type(obj)].save_model(request, obj, form=None, change=True)


def test_a_slug_change_answers_301_from_the_old_url_in_every_language(client, admin_user, settings):
    topic = TopicFactory(slug="car-t")
    old_url = topic.get_absolute_url()
    topic.slug = "car-t-cell-therapy"
    admin_save(topic, admin_user)
    response = client.get(old_url)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == topic.get_absolute_url()
    assert client.get(response["Location"]).status_code == HTTPStatus.OK
    spanish = client.get(f"/es{old_url}")
    assert spanish.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert spanish["Location"] == f"/es{topic.get_absolute_url()}"


def test_chains_collapse_and_a_reused_address_is_live_again(client, admin_user):
    topic = TopicFactory(slug="first")
    first = topic.get_absolute_url()
    for slug in ("second", "third"):
        topic.slug = slug
        admin_save(topic, admin_user)
    response = client.get(first)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == topic.get_absolute_url()  # straight to the last one
    topic.slug = "first"
    admin_save(topic, admin_user)
    assert client.get(first).status_code == HTTPStatus.OK
    assert not Redirect.objects.filter(old_path=first).exists()


def test_moving_a_page_redirects_it_and_the_pages_below_it(client, admin_user):
    parent = PageFactory(slug="visiting")
    child = PageFactory(slug="parking", parent=parent)
    old_child = child.get_absolute_url()
    parent.slug = "visit-us"
    admin_save(parent, admin_user)
    child.refresh_from_db()
    response = client.get(old_child)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == child.get_absolute_url() == "/visit-us/parking/"


def test_staff_add_a_redirect_by_hand_in_the_admin(client, admin_client):
    response = admin_client.post(
        "/admin/redirects/redirect/add/",
        {"site": settings.SITE_ID, "old_path": "/old-brochure/", "new_path": "/stories/"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/old-brochure/")["Location"] == "/stories/"


def test_a_missing_address_without_redirect_is_still_404(client):
    redirect_add(old_path="/a/", new_path="/b/")
    assert client.get("/nothing-here/").status_code == HTTPStatus.NOT_FOUND
