"""DATABASE_POOL=true works: the pool on, a query, an outage (a 503, not a hang), recovery.

The settings run in a real process (settings.py builds the pool options, as in production)
connected through a relay that the test cuts and restores, like a database restart.
"""

import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.ports import free_port
from tests.relay import Relay

ROOT = Path(__file__).resolve().parents[2]

# Answers one line per request: "pool" (is the pool on?), then "ok" or the error's name per
# query, closing the connection afterwards as Django does at the end of each request.
PROBE = """
import sys, time, django
django.setup()
from django.db import close_old_connections, connection
print("pool" if connection.pool is not None else "no-pool", flush=True)
for line in sys.stdin:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        answer = "ok"
    except Exception as exc:
        answer = type(exc).__module__ + "." + type(exc).__name__
    finally:
        close_old_connections()
    print(answer, round(time.monotonic() - started, 2), flush=True)
"""


def database_url(port: int) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'])}{password}@127.0.0.1:{port}/{quote(db['NAME'])}"


@pytest.fixture
def relay(db):
    server = Relay(free_port()).start()
    yield server
    server.stop()


def test_pool_on_a_query_an_outage_and_recovery(relay):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cancercenter.settings",
        "SECRET_KEY": "pool-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": database_url(relay.port),
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MIN_SIZE": "1",
        "DATABASE_POOL_TIMEOUT": "2",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def ask() -> tuple[str, float]:
        probe.stdin.write("q\n")
        probe.stdin.flush()
        answer, seconds = probe.stdout.readline().split()
        return answer, float(seconds)

    try:
        assert probe.stdout.readline().strip() == "pool", probe.stderr.read()
        assert [ask()[0] for _ in range(3)] == ["ok"] * 3

        relay.stop()  # the database goes away: its connections die, new ones are refused
        answer, seconds = ask()
        assert answer == "django.db.utils.OperationalError"  # the middleware's 503
        assert seconds < 5  # DATABASE_POOL_TIMEOUT, not a hang

        relay.start()
        deadline = time.monotonic() + 10
        while (answer := ask()[0]) != "ok" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert answer == "ok"
        assert ask()[0] == "ok"
    finally:
        probe.stdin.close()
        probe.wait(10)
