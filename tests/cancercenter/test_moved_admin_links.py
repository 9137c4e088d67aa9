"""Admin links from before the app split (in staff emails, bookmarks) still open the record."""

from http import HTTPStatus

import pytest

from tests.factories import GiftPledgeFactory

pytestmark = pytest.mark.django_db


def test_an_old_link_to_a_pledge_opens_it_in_the_giving_app(admin_client):
    pledge = GiftPledgeFactory()
    response = admin_client.get(f"/admin/cancercenter/giftpledge/{pledge.pk}/change/", follow=True)
    assert response.redirect_chain == [
        (f"/admin/giving/giftpledge/{pledge.pk}/change/", HTTPStatus.MOVED_PERMANENTLY)
    ]
    assert response.status_code == HTTPStatus.OK
    assert pledge.reference in response.content.decode()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/cancercenter/", "/admin/"),
        ("/admin/cancercenter/contactrequest/", "/admin/contact/contactrequest/"),
        ("/admin/cancercenter/notification/?status__exact=failed",
         "/admin/submissions/notification/?status__exact=failed"),
        ("/admin/cancercenter/searchsynonym/add/", "/admin/search/searchsynonym/add/"),
        ("/admin/cancercenter/fund/", "/admin/giving/fund/"),
    ],
)  # fmt: skip
def test_old_admin_pages_redirect_to_their_new_app(client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (HTTPStatus.MOVED_PERMANENTLY, new)


def test_an_unknown_old_admin_page_is_not_found(client):
    assert client.get("/admin/cancercenter/nothing/").status_code == HTTPStatus.NOT_FOUND
