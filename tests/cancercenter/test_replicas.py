"""Read replicas (issue 19, point 5): which database serves each query.

The replica here is a second alias with its own connection to the test database (as a
replica would hold the same rows); each test records the queries of each connection, so it
sees which one served a read. `make scale-test` runs the same router against a real
streaming replica.
"""

import contextvars
import copy
import time
from http import HTTPStatus

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from cancercenter import replicas
from cancercenter.contact.models import ContactRequest
from stories.models import Story
from tests.contact.test_contact import contact_data
from tests.ports import closed_port
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def add_replica(alias: str, **changes) -> None:
    """A connection of its own under `alias`, to the test database unless changed."""
    primary = connections["default"]
    config = copy.deepcopy(primary.settings_dict)
    config.update(changes)
    setattr(connections._connections, alias, type(primary)(config, alias=alias))


def remove_replica(alias: str) -> None:
    if hasattr(connections._connections, alias):
        getattr(connections._connections, alias).close()
        delattr(connections._connections, alias)


@pytest.fixture
def replica(settings):
    """A replica alias, the router and its middleware on, and this test unpinned."""
    add_replica("replica1")
    settings.DATABASE_REPLICA_ALIASES = ["replica1"]
    settings.DATABASE_ROUTERS = ["cancercenter.replicas.ReplicaRouter"]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:4],
        "cancercenter.replicas.ReplicaPinMiddleware",
        *settings.MIDDLEWARE[4:],
    ]
    settings.REPLICA_MAX_LAG_SECONDS = 0  # the lag check has a test of its own
    forget = (replicas._down_until, replicas._lag_checked_until, replicas._lagging)
    for state in forget:
        state.clear()
    token = replicas._pinned.set(False)
    yield connections["replica1"]
    replicas._pinned.reset(token)
    for state in forget:
        state.clear()
    remove_replica("replica1")


class Served:
    """Counts the queries each connection ran inside the block."""

    def __enter__(self):
        # A full log (9,000 queries, left by earlier tests in this process) would not grow,
        # so nothing would be counted: start from an empty one.
        for alias in ("default", "replica1"):
            connections[alias].queries_log.clear()
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica1"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @property
    def by(self) -> dict:
        return {"primary": len(self.primary), "replica": len(self.replica)}


def unpinned():
    """A fresh request context, as the middleware starts a GET."""
    replicas._pinned.set(False)


def test_the_replica_is_a_connection_of_its_own(replica):
    with connections["default"].cursor() as primary, replica.cursor() as other:
        primary.execute("select pg_backend_pid()")
        other.execute("select pg_backend_pid()")
        assert primary.fetchone() != other.fetchone()


def test_a_read_outside_a_transaction_goes_to_the_replica(replica):
    StoryFactory()
    unpinned()
    with Served() as served:
        assert Story.objects.published().count() == 1
    assert served.by == {"primary": 0, "replica": 1}


def test_a_read_inside_a_transaction_goes_to_the_primary(replica):
    with Served() as served, transaction.atomic():
        Story.objects.count()
    assert served.by["replica"] == 0 and served.by["primary"] >= 1


def test_after_a_write_every_read_goes_to_the_primary(replica):
    with Served() as served:
        Story.objects.count()
        StoryFactory()
        Story.objects.count()
        Story.objects.count()
    assert served.by["replica"] == 1  # only the read before the write


def test_public_pages_read_from_the_replica_and_a_form_post_from_the_primary(replica, client):
    StoryFactory(title="Walking again")
    with Served() as served:
        response = client.get("/stories/")
    assert response.status_code == HTTPStatus.OK and "Walking again" in response.content.decode()
    assert served.by["replica"] >= 1 and served.by["primary"] == 0
    assert replicas.PIN_COOKIE not in response.cookies

    with Served() as served:
        response = client.post("/contact/", contact_data())
    assert response.status_code == HTTPStatus.FOUND
    assert served.by["replica"] == 0 and ContactRequest.objects.count() == 1
    # The thank-you page reads the new row: from the primary, which surely has it.
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == 5
    with Served() as served:
        thanks = client.get(response["Location"])
    assert thanks.status_code == HTTPStatus.OK
    assert served.by["replica"] == 0 and served.by["primary"] >= 1

    # Once the cookie has expired, reads go back to the replica.
    client.cookies.pop(replicas.PIN_COOKIE)
    with Served() as served:
        client.get("/stories/")
    assert served.by["primary"] == 0


def test_the_admin_reads_from_the_primary(replica, staff_client):
    with Served() as served:
        assert staff_client.get("/admin/stories/story/").status_code == HTTPStatus.OK
    assert served.by["replica"] == 0


def test_outside_a_request_every_read_goes_to_the_primary(replica):
    """The worker and commands: a task must see the row whose commit queued it."""
    StoryFactory()
    # A fresh context is what a worker's task or a command starts with. Asked of the router
    # (not counted on this test's connection objects: a fresh context may open its own).
    fresh = contextvars.Context()
    assert fresh.run(router.db_for_read, Story) == "default"
    assert fresh.run(Story.objects.count) == 1
    # The same read inside a web request's unpinned context goes to the replica.
    unpinned()
    assert router.db_for_read(Story) == "replica1"


def test_migrations_run_on_the_primary_only(replica):
    assert router.allow_migrate("default", "stories", model_name="story")
    assert not router.allow_migrate("replica1", "stories", model_name="story")
    assert not router.allow_migrate("replica1", "auth")


def test_a_replica_that_cannot_be_reached_sends_its_reads_to_the_primary(
    replica, settings, monkeypatch
):
    remove_replica("replica1")
    add_replica("replica1", HOST="127.0.0.1", PORT=str(closed_port()))
    StoryFactory()
    unpinned()
    assert Story.objects.count() == 1  # answered by the primary, no error
    assert router.db_for_read(Story) == "default"
    # Left out for REPLICA_RETRY_SECONDS, then tried again.
    later = time.monotonic() + settings.REPLICA_RETRY_SECONDS + 1
    monkeypatch.setattr(replicas.time, "monotonic", lambda: later)
    remove_replica("replica1")
    add_replica("replica1")
    assert router.db_for_read(Story) == "replica1"


def test_a_replica_that_lags_too_far_behind_is_read_again_once_it_caught_up(
    replica, settings, monkeypatch
):
    settings.REPLICA_MAX_LAG_SECONDS = 10
    StoryFactory()
    unpinned()
    with Served() as served:
        Story.objects.count()
        Story.objects.count()
    # Caught up (not even in recovery here): both reads on the replica, asked once.
    assert served.by == {"primary": 0, "replica": 3}
    assert served.replica.captured_queries[0]["sql"] == replicas.LAG_SQL

    # 60 s behind, as the replica answers the next check: reads go to the primary.
    clock = [time.monotonic() + replicas.LAG_CHECK_SECONDS + 1]
    monkeypatch.setattr(replicas.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(replicas, "LAG_SQL", "select 60.0")
    with Served() as served:
        Story.objects.count()
        Story.objects.count()
    assert served.by == {"primary": 2, "replica": 1}  # the check, then nothing more

    # Caught up again at the next check.
    clock[0] += replicas.LAG_CHECK_SECONDS + 1
    monkeypatch.setattr(replicas, "LAG_SQL", "select 0.2")
    with Served() as served:
        Story.objects.count()
    assert served.by == {"primary": 0, "replica": 2}


def test_healthz_reports_each_replica_and_is_degraded_while_one_is_unreachable(replica, client):
    from cancercenter import health

    health.forget()
    report = client.get("/healthz").json()
    assert report["replicas"] == {"replica1": "ok"} and report["status"] == "ok"
    remove_replica("replica1")
    add_replica("replica1", HOST="127.0.0.1", PORT=str(closed_port()))
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK  # reads go to the primary: keep traffic
    assert response.json()["replicas"] == {"replica1": "unreachable"}
    assert response.json()["status"] == "degraded"
