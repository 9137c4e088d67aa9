"""Many people giving at once, against a real server: every pledge kept, none twice."""

import http.client
import http.cookiejar
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener, urlopen

import pytest
from django.core import mail

from cancercenter.giving.models import GiftPledge
from tests.factories import FundFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 50


def open_form(base_url):
    """GET the form like a browser: the CSRF cookie and token, and the signed form token."""
    jar = http.cookiejar.CookieJar()
    with build_opener(HTTPCookieProcessor(jar)).open(f"{base_url}/give/", timeout=30) as page:
        html = page.read().decode()
    fields = {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("csrfmiddlewaretoken", "form_token", "fund")
    }
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, fields


def pledge_data(fields, n):
    return urlencode(
        {
            **fields,
            "amount_choice": "other",
            "other_amount": f"{n + 1}.50",
            "frequency": "once",
            "tribute": "none",
            "name": f"Donor {n}",
            "email": f"donor{n}@example.org",
            "address": f"{n} Main Street",
            "message": f"Pledge number {n}",
            "website": "",
        }
    ).encode()


def connect(base_url):
    """A connection opened beforehand, as a browser's would be; one at a time, so the test
    server's small listen backlog never overflows (that would be the test's fault)."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.connect()
    return connection


def send(base_url, connection, cookie, data, barrier):
    """POST one pledge on its own open connection, then follow the redirect."""
    barrier.wait()  # everyone presses "send" at the same moment
    connection.request(
        "POST",
        "/give/",
        body=data,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    location = response.getheader("Location", "")
    with urlopen(urljoin(base_url, location), timeout=30) as thanks:
        return response.status, location, thanks.read().decode()


@pytest.fixture
def busy_server(live_server, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.FORM_RATE_LIMIT = (10_000, 600)  # every thread comes from 127.0.0.1
    FundFactory(name="Research", slug="research")
    return live_server.url


def test_fifty_simultaneous_pledges_are_all_stored_once(busy_server):
    forms = [open_form(busy_server) for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE, timeout=60)
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        futures = [
            pool.submit(
                send, busy_server, connect(busy_server), cookie, pledge_data(fields, n), barrier
            )
            for n, (cookie, fields) in enumerate(forms)
        ]
        results = [future.result() for future in futures]

    assert all(status == HTTPStatus.FOUND for status, _url, _page in results)
    assert all(url.startswith("/give/thank-you/?r=") for _status, url, _page in results)
    pledges = GiftPledge.objects.all()
    assert pledges.count() == PEOPLE
    assert len({p.reference for p in pledges}) == PEOPLE
    assert {p.email for p in pledges} == {f"donor{n}@example.org" for n in range(PEOPLE)}
    for pledge in pledges:
        n = int(pledge.name.removeprefix("Donor "))
        assert str(pledge.amount) == f"{n + 1}.50" and pledge.message == f"Pledge number {n}"
    # Each person saw their own reference.
    for (_status, _url, page), n in zip(results, range(PEOPLE), strict=True):
        assert GiftPledge.objects.get(email=f"donor{n}@example.org").reference in page
    assert len(mail.outbox) == PEOPLE * 2


def test_one_form_sent_many_times_at_once_is_stored_once(busy_server):
    cookie, fields = open_form(busy_server)
    data = pledge_data(fields, 7)
    senders = 10
    barrier = threading.Barrier(senders, timeout=60)
    connections = [connect(busy_server) for _ in range(senders)]
    with ThreadPoolExecutor(max_workers=senders) as pool:
        results = list(pool.map(lambda c: send(busy_server, c, cookie, data, barrier), connections))

    pledge = GiftPledge.objects.get()
    assert all(status == HTTPStatus.FOUND for status, _url, _page in results)
    assert all(pledge.reference in page for _status, _url, page in results)
    assert len(mail.outbox) == 2
