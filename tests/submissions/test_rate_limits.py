"""Rate limits that fit real people: only accepted forms count, a client is its address as
the trusted proxies report it, and an IPv6 client is its /64."""

import ipaddress
from http import HTTPStatus

import pytest
from django.test import RequestFactory

from cancercenter.contact.models import ContactRequest
from cancercenter.submissions.antispam import client_id, client_ip
from tests.contact.test_contact import contact_data

pytestmark = pytest.mark.django_db


def test_forms_sent_back_with_errors_do_not_count(post_form, settings):
    settings.FORM_RATE_LIMIT = (2, 600)
    for _ in range(5):  # someone struggling with the form
        response = post_form("/contact/", contact_data(email="not an address"))
        assert response.status_code == HTTPStatus.OK
    statuses = [post_form("/contact/", contact_data()).status_code for _ in range(3)]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
    assert ContactRequest.objects.count() == 2


def test_an_ipv6_client_is_counted_by_its_64(post_form, settings):
    settings.FORM_RATE_LIMIT = (1, 600)
    first = post_form("/contact/", contact_data(), REMOTE_ADDR="2001:db8:1:2::1")
    assert first.status_code == HTTPStatus.FOUND
    same_64 = post_form("/contact/", contact_data(), REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert same_64.status_code == HTTPStatus.TOO_MANY_REQUESTS
    other_64 = post_form("/contact/", contact_data(), REMOTE_ADDR="2001:db8:1:3::1")
    assert other_64.status_code == HTTPStatus.FOUND


def test_a_forged_forwarded_for_does_not_make_a_new_client(post_form, settings):
    settings.FORM_RATE_LIMIT = (1, 600)
    settings.TRUSTED_PROXIES = []
    post_form("/contact/", contact_data(), REMOTE_ADDR="203.0.113.5")
    response = post_form(
        "/contact/", contact_data(), REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.5", "198.51.100.7", "198.51.100.7"),  # through our proxy
        ("10.0.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim: no
        ("10.0.0.5", "198.51.100.7, 10.0.1.9", "198.51.100.7"),  # two proxies of ours
        ("10.0.0.5", None, "10.0.0.5"),
        ("10.0.0.5", "garbage, 198.51.100.7", "198.51.100.7"),
        ("10.0.0.5", "198.51.100.7, garbage", "10.0.0.5"),
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not through our proxy: ignored
    ],
)
def test_only_trusted_proxies_are_believed(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/16")]
    assert client_ip(request(remote, forwarded)) == client
    assert client_id(request(remote, forwarded)) == client_id(request(client))


def test_an_ipv4_mapped_address_is_its_ipv4(settings):
    assert client_id(request("::ffff:198.51.100.7")) == client_id(request("198.51.100.7"))
