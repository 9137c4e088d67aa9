"""A hung database answers the 503 within seconds, never a hang (mail: see test_outbox)."""

import socket
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.cancercenter.test_database_pool import database_url
from tests.outages import database_outage  # noqa: F401  (fixture)
from tests.ports import free_port
from tests.relay import Relay

ROOT = Path(__file__).resolve().parents[2]


def test_every_connection_has_a_connect_timeout():
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5
    assert settings.EMAIL_TIMEOUT == 10


def test_a_database_host_that_never_answers_gives_the_503_in_seconds(
    client,
    database_outage,  # noqa: F811
):
    """The port takes the connection and then says nothing, like a frozen server."""
    with socket.socket() as black_hole:
        black_hole.bind(("127.0.0.1", free_port()))
        black_hole.listen(8)  # never accept(): the handshake completes, nothing answers
        database_outage.stop()
        connection.settings_dict.update(
            HOST="127.0.0.1",
            PORT=str(black_hole.getsockname()[1]),
            OPTIONS={**connection.settings_dict["OPTIONS"], "connect_timeout": 1},
        )
        started = time.monotonic()
        response = client.get("/education/")
        elapsed = time.monotonic() - started
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert elapsed < 4


SLOW_QUERY = """
import os, sys, time
{setup}
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
    started = time.monotonic()
    try:
        cursor.execute("SELECT pg_sleep(3)")
        print("finished", flush=True)
    except Exception as exc:
        print(type(exc).__module__ + "." + type(exc).__name__, round(time.monotonic() - started, 1))
"""


@pytest.mark.parametrize(
    ("setup", "expected_timeout"),
    [("import cancercenter.wsgi", "1s"), ("import django; django.setup()", "0")],
    ids=["web process", "command or worker"],
)
def test_web_requests_stop_a_slow_query_other_processes_do_not(db, setup, expected_timeout):
    with Relay(free_port()) as relay:
        result = subprocess.run(
            [sys.executable, "-c", SLOW_QUERY.format(setup=setup)],
            cwd=ROOT,
            env={
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "cancercenter.settings",
                "SECRET_KEY": "timeout-test-only-secret-key-0123456789-abcdefghijklmnopqrstu",
                "DATABASE_URL": database_url(relay.port),
                "DATABASE_STATEMENT_TIMEOUT": "1",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
    lines = result.stdout.split("\n")
    assert lines[0] == expected_timeout, result.stderr
    if expected_timeout == "0":
        assert lines[1] == "finished"
    else:
        error, seconds = lines[1].split()
        assert error == "django.db.utils.OperationalError"  # the middleware's 503
        assert float(seconds) < 2
