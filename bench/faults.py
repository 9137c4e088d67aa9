"""Fault injection against the production setup, all on loopback: `make faults`.

Starts a private PostgreSQL (initdb in a temporary folder), Redis, an SMTP sink, gunicorn
and the supervised `run_worker`, on ports 8800-8899 only. While simulated people send the
contact form (some double-click), it stops and restarts PostgreSQL, takes Redis away and
back, and kills the worker with SIGKILL twice. People whose post is answered with the
"not sent yet" page send it again, as the page asks. Then it waits for the outbox to
drain and prints requests by status, rows, emails delivered and duplicates.

Expected: 0 lost, 0 duplicate rows, 0 duplicate emails, 0 responses with status 500.
Bounded: `--people` (default 150), `--concurrency` (default 12), and `--max-seconds`
(default 240) for the whole run. Usage: `python -m bench.faults [--people N] ...`.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

from bench.smtp_sink import SMTPSink

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORTS = {"postgres": 8801, "redis": 8802, "smtp": 8803, "web": 8804}
HOST = "127.0.0.1"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: T201


def as_postgres_user(command: str) -> list[str]:
    """PostgreSQL refuses to run as root; the embedded server's user runs it then."""
    if os.geteuid() == 0:
        return ["su", "pgserver", "-s", "/bin/sh", "-c", command]
    return ["sh", "-c", command]


class Postgres:
    def __init__(self, folder: Path):
        self.data = folder / "pgdata"
        self.pg_ctl = PG_BIN / "pg_ctl"

    def init(self) -> None:
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "pgserver")
            shutil.chown(self.data, "pgserver")
        subprocess.run(
            as_postgres_user(
                f"{PG_BIN / 'initdb'} -D {self.data} -U postgres --auth=trust -E UTF8"
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = f"-p {PORTS['postgres']} -k {self.data} -c listen_addresses={HOST}"
        subprocess.run(
            as_postgres_user(
                f"{self.pg_ctl} -D {self.data} -o '{options}' -l {self.data}/log -w start"
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            as_postgres_user(f"{self.pg_ctl} -D {self.data} -m fast -w stop"), capture_output=True
        )


class Supervised:
    """A process restarted whenever it exits (as `make serve` and systemd do for the worker)."""

    def __init__(self, command: list[str], env: dict, log_path: Path):
        self.command, self.env, self.log_path = command, env, log_path
        self.process = None
        self.restarts = 0
        self.running = True
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        with self.log_path.open("ab") as output:
            while self.running:
                self.process = subprocess.Popen(
                    self.command, env=self.env, cwd=ROOT, stdout=output, stderr=output
                )
                self.process.wait()
                if self.running:
                    self.restarts += 1
                    time.sleep(1)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)

    def stop(self) -> None:
        self.running = False
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Person:
    """One person sending the contact form; some double-click the button."""

    def __init__(self, number: int, double_click: bool, statuses: Counter, lock: threading.Lock):
        self.number = number
        self.double_click = double_click
        self.statuses = statuses
        self.lock = lock
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection(HOST, PORTS["web"], timeout=40)
        headers = {"Host": f"{HOST}:{PORTS['web']}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                    self.cookie = value.split(";", 1)[0]
            location = response.getheader("Location", "")
        except (OSError, http.client.HTTPException):
            status, text, location = "no answer", "", ""
        finally:
            connection.close()
        with self.lock:
            self.statuses[f"{method} {status}"] += 1
        return status, text, location

    @staticmethod
    def fields(html: str) -> dict[str, str]:
        data = {}
        for tag in re.findall(r"<input\b[^>]*>", html):
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name and ('type="radio"' not in tag and 'type="checkbox"' not in tag):
                data[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
        return data

    def send(self, deadline: float) -> str | None:
        """Send the form until it is saved; return the thank-you page's signed reference."""
        html = ""
        while time.monotonic() < deadline:
            status, html, _ = self.request("GET", "/contact/")
            if status == 200:
                break
            time.sleep(1)
        else:
            return None
        data = self.fields(html)
        data.update(
            topic="travel", name=f"Fault person {self.number}", email=f"p{self.number}@example.org",
            phone="", preferred_method="email", preferred_time="any", consent="on", website="",
            message=f"fault-run person {self.number}: where can we stay?",
        )  # fmt: skip
        body = urllib.parse.urlencode(data)
        while time.monotonic() < deadline:
            if self.double_click:
                with ThreadPoolExecutor(2) as pool:
                    answers = list(
                        pool.map(lambda _: self.request("POST", "/contact/", body), [0, 1])
                    )
            else:
                answers = [self.request("POST", "/contact/", body)]
            for status, _text, location in answers:
                if status == 302 and "?r=" in location:
                    return location.split("?r=", 1)[1]
            # "Not sent yet" (503) or no answer: send the same form again, as the page asks.
            time.sleep(1)
        return None


def django_report(env: dict, signed: list[str]) -> dict:
    """Counts from the database, and the references the thank-you pages carried (signed)."""
    script = """
import json, sys, django
django.setup()
from django.apps import apps
from django.core import signing
from django.db.models import Count
from cancercenter.submissions.views import THANKS_SALT
confirmed = [signing.loads(value, salt=THANKS_SALT) for value in json.load(sys.stdin)]
request = next(m for m in apps.get_models() if m.__name__ == "ContactRequest")
notification = next(m for m in apps.get_models() if m.__name__ == "Notification")
rows = request.objects.filter(message__startswith="fault-run person ")
print(json.dumps({
    "rows": rows.count(),
    "people": rows.values("message").distinct().count(),
    "references": list(rows.values_list("reference", flat=True)),
    "notifications": dict(notification.objects.values_list("status").annotate(n=Count("pk"))),
    "message_ids": list(notification.objects.values_list("message_id", flat=True)),
    "confirmed": confirmed,
}))
"""
    result = subprocess.run(
        [PYTHON, "-c", script],
        env=env,
        cwd=ROOT,
        input=json.dumps(signed),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--max-seconds", type=float, default=240)
    options = parser.parse_args(argv)
    options.people = max(1, min(options.people, 1000))
    options.concurrency = max(1, min(options.concurrency, 50))
    started = time.monotonic()
    deadline = started + options.max_seconds
    for tool in [
        PG_BIN / "initdb",
        shutil.which("redis-server"),
        shutil.which("gunicorn") or ROOT / ".venv/bin/gunicorn",
    ]:
        if not tool or not Path(tool).exists():
            log(f"Missing {tool}: the fault run needs PostgreSQL 15's server and redis-server.")
            return 2

    folder = Path(tempfile.mkdtemp(prefix="cancercenter-faults-"))
    secret_key = secrets.token_urlsafe(50)
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "cancercenter.settings",
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@{HOST}:{PORTS['postgres']}/postgres",
        "CACHE_URL": f"redis://{HOST}:{PORTS['redis']}/0",
        "EMAIL_URL": f"smtp://{HOST}:{PORTS['smtp']}",
        "EMAIL_TIMEOUT": "2",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "TASK_LEASE_SECONDS": "20",
        "FORM_MIN_FILL_SECONDS": "0",
        "FORM_RATE_LIMIT_COUNT": "100000",
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "LOG_LEVEL": "WARNING",
    }
    postgres = Postgres(folder)
    redis = web = worker = sink = None
    try:
        log(f"Private PostgreSQL on {PORTS['postgres']}, Redis {PORTS['redis']}, SMTP sink "
            f"{PORTS['smtp']}, gunicorn {PORTS['web']}; files in {folder}")  # fmt: skip
        postgres.init()
        postgres.start()
        redis_command = [
            shutil.which("redis-server"),
            "--port",
            str(PORTS["redis"]),
            "--bind",
            HOST,
        ]
        redis_command += ["--save", "", "--appendonly", "no"]
        redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
        sink = SMTPSink(PORTS["smtp"]).start()
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
        )
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        web_log = (folder / "gunicorn.log").open("ab")
        web = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "cancercenter.wsgi",
             "--bind", f"{HOST}:{PORTS['web']}", "--workers", "2", "--timeout", "30"],
            env=env, cwd=ROOT, stdout=web_log, stderr=web_log,
        )  # fmt: skip
        worker = Supervised(
            [
                PYTHON,
                "manage.py",
                "run_worker",
                "--worker-id",
                "faults-worker",
                "--interval",
                "0.2",
            ],
            env,
            folder / "worker.log",
        )
        worker.start()
        probe = Person(0, False, Counter(), threading.Lock())
        while probe.request("GET", "/healthz")[0] != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.5)

        statuses: Counter = Counter()
        lock = threading.Lock()
        people = [Person(n, n % 5 == 0, statuses, lock) for n in range(1, options.people + 1)]
        load_deadline = deadline - 60  # leave time for the outbox to drain

        def faults() -> None:
            schedule = [
                (3, "stop PostgreSQL", postgres.stop),
                (7, "start PostgreSQL", postgres.start),
                (10, "stop Redis", lambda: (redis.terminate(), redis.wait())),
                (14, "start Redis", lambda: restart_redis()),
                (16, "kill the worker (SIGKILL)", worker.kill),
                (19, "kill the worker (SIGKILL)", worker.kill),
            ]
            begin = time.monotonic()
            for at, label, action in schedule:
                time.sleep(max(0, begin + at - time.monotonic()))
                log(f"fault: {label}")
                action()

        def restart_redis() -> None:
            nonlocal redis
            redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)

        log(f"{options.people} people send the contact form ({options.concurrency} at a time)")
        fault_thread = threading.Thread(target=faults, daemon=True)
        fault_thread.start()
        with ThreadPoolExecutor(options.concurrency) as pool:
            signed = list(pool.map(lambda person: person.send(load_deadline), people))
        fault_thread.join()

        log("load done; waiting for the outbox to drain")
        signed = [value for value in signed if value]
        report = django_report(env, signed)
        while time.monotonic() < deadline:
            unsettled = report["notifications"].get("pending", 0) + report["notifications"].get(
                "sending", 0
            )
            if not unsettled:
                break
            subprocess.run([PYTHON, "manage.py", "retry_notifications"], env=env, cwd=ROOT,
                           capture_output=True, timeout=60)  # fmt: skip
            time.sleep(3)
            report = django_report(env, signed)

        confirmed = set(report["confirmed"])
        stored = set(report["references"])
        delivered = set(sink.message_ids)
        expected = set(report["message_ids"])
        results = {
            "requests by status": dict(sorted(statuses.items())),
            "people": options.people,
            "people told their form was saved": len(confirmed),
            "people never saved (gave up)": options.people - len(confirmed),
            "rows": report["rows"],
            "lost (confirmed but no row)": len(confirmed - stored),
            "duplicate rows": report["rows"] - report["people"],
            "notifications by status": report["notifications"],
            "emails delivered (distinct)": len(delivered),
            "emails never delivered": len(expected - delivered),
            "duplicate emails": sink.duplicates(),
            "responses with status 500": sum(
                n for key, n in statuses.items() if key.endswith(" 500")
            ),
            "worker restarts": worker.restarts,
            "seconds": round(time.monotonic() - started),
        }
        print(json.dumps(results, indent=2))  # noqa: T201
        bad = results["lost (confirmed but no row)"] + results["duplicate rows"]
        bad += results["duplicate emails"] + results["responses with status 500"]
        bad += results["people never saved (gave up)"]
        return 1 if bad else 0
    finally:
        for process in (web,):
            if process and process.poll() is None:
                process.terminate()
                process.wait(10)
        if worker:
            worker.stop()
        if redis and redis.poll() is None:
            redis.terminate()
            redis.wait(10)
        if sink:
            sink.stop()
        postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
