"""Measure what the database connection settings cost per request (for DATABASE_POOL's default).

Usage: `python -m bench.pool [requests]`. Each mode runs in its own process with the real
settings: Django's request_started/request_finished signals wrap one small query, as a
request does, so the connection handling of each mode is what differs. Uses the
embedded database, or DATABASE_URL when set.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys, time, django
django.setup()
from django.core import signals
from django.db import connection
requests = int(sys.argv[1])
timings = []
for _ in range(requests):
    started = time.perf_counter()
    signals.request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    signals.request_finished.send(sender=None)
    timings.append(time.perf_counter() - started)
timings.sort()
print(f"{sum(timings) / len(timings) * 1e6:.0f} {timings[len(timings) // 2] * 1e6:.0f} "
      f"{timings[int(len(timings) * 0.99)] * 1e6:.0f}")
"""

MODES = {
    "new connection per request (CONN_MAX_AGE=0)": {"CONN_MAX_AGE": "0"},
    "persistent connection (CONN_MAX_AGE=60, the default)": {"CONN_MAX_AGE": "60"},
    "psycopg pool (DATABASE_POOL=true)": {"DATABASE_POOL": "true"},
}


def main(requests: int) -> None:
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cancercenter.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
    }
    print(f"{requests} request cycles per mode; microseconds per request")  # noqa: T201
    print(f"{'mode':<55} {'mean':>7} {'median':>7} {'p99':>7}")  # noqa: T201
    for label, overrides in MODES.items():
        result = subprocess.run(
            [sys.executable, "-c", PROBE, str(requests)],
            cwd=ROOT,
            env={**base, **overrides},
            capture_output=True,
            text=True,
            check=True,
        )
        mean, median, p99 = result.stdout.split()
        print(f"{label:<55} {mean:>7} {median:>7} {p99:>7}")  # noqa: T201


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
