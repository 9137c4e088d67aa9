"""Two app servers sharing everything, on loopback: `make scale-test`.

Starts, each on its own loopback port (from --port-base, default 8200: 8200-8205):
- a PostgreSQL 15 primary and a streaming replica of it (initdb, pg_basebackup -R); without
  PostgreSQL 15's server binaries, a fresh database on the machine's server, no replica;
- Redis (its own redis-server; without the binary, 127.0.0.1:6379 database 7);
- moto's S3 server, with a public and a private bucket;
- two gunicorns (A and B) with the same settings: DATABASE_URL, DATABASE_REPLICA_URLS,
  CACHE_URL and MEDIA_S3_* pointing at the above.
Then it checks, as a visitor and a staff member would through both servers, that forms are
saved through either, the form rate limit is counted across both, a story photo sent
through one is seen in the admin of the other, a publish on one is seen on the other (its
photo then public in the bucket), an unpublish on one takes it off the other, a staff
session signed in on one is valid on the other, public pages read from the replica, and a
replica whose replay is paused (falling behind) is left out until it catches up.
It prints each check and exits 1 if any failed (2 if it could not set up). Not part of
`make test`. Bounded: --max-seconds (default 420) for the whole run.
"""

import argparse
import http.client
import http.cookies
import io
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"
PUBLIC_BUCKET, PRIVATE_BUCKET = "scale-media", "scale-private"
STAFF_USER, STAFF_PASSWORD, STAFF_CODE = "scale-staff", secrets.token_urlsafe(16), "scalecode01"
RATE_LIMIT = 3
MAX_LAG = 1  # REPLICA_MAX_LAG_SECONDS for the run


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: T201


class Checks:
    def __init__(self):
        self.results: list[tuple[bool, str, str]] = []

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        self.results.append((bool(ok), what, detail))
        log(f"{'PASS' if ok else 'FAIL'}  {what}{f' ({detail})' if detail else ''}")
        return bool(ok)

    @property
    def failed(self) -> int:
        return sum(1 for ok, _what, _detail in self.results if not ok)


# Processes ---------------------------------------------------------------------------------


def postgres_user() -> str | None:
    """PostgreSQL refuses to run as root: the machine's postgres user, or the embedded
    server's, runs it then."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "pgserver"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root, and no postgres (or pgserver) user to run PostgreSQL")


def as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    user = postgres_user()
    if user:
        command = ["su", user, "-s", "/bin/sh", "-c", " ".join(map(shlex_quote, command))]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)


def shlex_quote(value) -> str:
    import shlex

    return shlex.quote(str(value))


class Cluster:
    """One PostgreSQL server in its own folder (a primary, or a replica made from one)."""

    def __init__(self, folder: Path, port: int):
        self.data, self.port = folder, port

    def own(self) -> None:
        user = postgres_user()
        if user:
            shutil.chown(self.data.parent, user)
            shutil.chown(self.data, user)

    def init(self) -> None:
        self.data.mkdir(parents=True)
        self.own()
        result = as_postgres(
            [PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )
        if result.returncode:
            raise RuntimeError(f"initdb failed: {result.stderr[-1000:]}")

    def base_backup_of(self, primary: "Cluster") -> None:
        self.data.mkdir(parents=True)
        self.data.chmod(0o700)
        self.own()
        result = as_postgres(
            [PG_BIN / "pg_basebackup", "-h", HOST, "-p", primary.port, "-U", "postgres",
             "-D", self.data, "-R", "-X", "stream", "--checkpoint=fast"]
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"pg_basebackup failed: {result.stderr[-1000:]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses={HOST}"
        result = as_postgres(
            [PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.data / "log", "-w",
             "start"]
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"pg_ctl start failed: {result.stderr[-1000:]}")

    def stop(self) -> None:
        as_postgres([PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])


def query(url: str, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, connect_timeout=5, autocommit=True) as connection:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


# A browser with cookies, talking to either server (cookies are per host, not per port) -------


class Browser:
    def __init__(self, name: str):
        self.name = name
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, body: bytes | None = None,
                content_type: str = "") -> tuple[int, str, dict]:  # fmt: skip
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = {"Host": f"{HOST}:{port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    cookie = http.cookies.SimpleCookie(value)
                    for key, morsel in cookie.items():
                        if morsel["max-age"] == "0" or (morsel.value == "" and morsel["expires"]):
                            self.cookies.pop(key, None)
                        else:
                            self.cookies[key] = morsel.value
            return (
                response.status,
                raw.decode("utf-8", "replace"),
                {k.lower(): v for k, v in response.getheaders()} | {"_raw": raw},
            )
        finally:
            connection.close()

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, fields: dict, files: dict | None = None):
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(port, "POST", path, body, content_type)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                      f"{item}\r\n".encode())  # fmt: skip
    for name, (filename, data, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def hidden_fields(html: str) -> dict[str, str]:
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            data[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
    return data


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 90)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# The run -----------------------------------------------------------------------------------


def contact_fields(number: int) -> dict:
    return {
        "topic": "travel", "name": f"Scale person {number}", "email": f"s{number}@example.org",
        "phone": "", "preferred_method": "email", "preferred_time": "any", "consent": "on",
        "website": "", "message": f"scale-test person {number}: is there parking?",
    }  # fmt: skip


def send_contact(browser: Browser, port: int, number: int) -> tuple[int, str]:
    status, html, _ = browser.get(port, "/contact/")
    if status != 200:
        return status, ""
    fields = {**hidden_fields(html), **contact_fields(number)}
    status, _html, headers = browser.post(port, "/contact/", fields)
    return status, headers.get("location", "")


def staff_sign_in(browser: Browser, port: int) -> bool:
    browser.get(port, "/admin/login/?next=/admin/")
    status, _, headers = browser.post(
        port,
        "/admin/login/?next=/admin/",
        {"username": STAFF_USER, "password": STAFF_PASSWORD, "next": "/admin/"},
    )
    if status != 302:
        return False
    status, html, headers = browser.get(port, "/admin/")
    if status == 302 and "/two-step/" in headers.get("location", ""):
        verify = urllib.parse.urlsplit(headers["location"])
        path = verify.path + (f"?{verify.query}" if verify.query else "")
        browser.get(port, path)
        status, _, headers = browser.post(port, path, {"code": STAFF_CODE})
        if status != 302:
            return False
    status, html, _ = browser.get(port, "/admin/")
    return status == 200 and 'id="logout-form"' in html


def admin_action(browser: Browser, port: int, changelist: str, action: str, pk: int):
    return browser.post(
        port,
        changelist,
        {"action": action, "_selected_action": str(pk), "index": "0", "select_across": "0"},
    )


def wait_for(predicate, seconds: float = 10.0, interval: float = 0.2):
    """Poll until predicate() is truthy or the time is up; return its last value."""
    end = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() > end:
            return value
        time.sleep(interval)


def scenario(checks: Checks, ports: dict, env: dict, s3, replica_url: str | None) -> None:
    a, b = ports["web_a"], ports["web_b"]
    primary_url = env["DATABASE_URL"]

    visitor = Browser("visitor")
    for name, port in (("A", a), ("B", b)):
        status, body, _ = visitor.get(port, "/healthz")
        checks.check(status == 200, f"server {name} answers /healthz", body.strip()[:80])

    # Forms through both servers; the thank-you page read through the other one.
    references = []
    for number, (send_port, read_port) in enumerate([(a, b), (b, a)], start=1):
        person = Browser(f"person {number}")
        status, location = send_contact(person, send_port, number)
        parts = urllib.parse.urlsplit(location)
        thanks_status, thanks, _ = person.get(read_port, f"{parts.path}?{parts.query}")
        reference = re.search(r"\bC-[A-Z0-9-]+", thanks)
        references.append(reference.group(0) if reference else "")
        checks.check(
            status == 302 and thanks_status == 200 and reference,
            f"contact form sent through {'A' if send_port == a else 'B'}, thank-you page with "
            f"its reference read through {'B' if send_port == a else 'A'}",
            references[-1],
        )
    rows = query(primary_url, "select reference from cancercenter_contactrequest order by id")
    checks.check(
        [r[0] for r in rows] == references, "both contact requests are rows in the shared database"
    )

    # The rate limit is counted in the shared Redis. The two posts above came from the same
    # address (127.0.0.1), one through each server; posts alternating A and B must be refused
    # once both servers' posts together reach the limit, while each alone is still below it.
    same = Browser("one person, many posts")
    accepted = {a: 1, b: 1}
    refused_while_below = None
    statuses = []
    for number, port in enumerate([a, b, a, b], start=10):
        status = send_contact(same, port, number)[0]
        statuses.append(status)
        if status == 302:
            accepted[port] += 1
        elif status == 429 and refused_while_below is None:
            refused_while_below = accepted[port] < RATE_LIMIT
    checks.check(
        refused_while_below and sum(accepted.values()) == RATE_LIMIT,
        f"the form rate limit ({RATE_LIMIT} posts) is shared by A and B (Redis): refused (429) "
        "once both together reach it, each alone still below it",
        f"statuses {statuses}, accepted A {accepted[a]}, B {accepted[b]}",
    )

    # A story with a photo, sent through A.
    sharer = Browser("sharer")
    status, html, _ = sharer.get(a, "/stories/share/")
    fields = {
        **hidden_fields(html),
        "name": "Lena Ortiz", "email": "lena@example.org", "phone": "", "cancer_type": "",
        "treatment": "", "story": "The infusion days were long; my sister read to me.",
        "photo_description": "A garden in spring", "consent": "on", "website": "",
    }  # fmt: skip
    photo = jpeg_bytes()
    status, _, headers = sharer.post(
        a, "/stories/share/", fields, files={"photo": ("garden.jpg", photo, "image/jpeg")}
    )
    ((submission_pk, photo_name),) = query(
        primary_url, "select id, photo from stories_storysubmission order by id desc limit 1"
    )
    private_keys = s3.keys(PRIVATE_BUCKET)
    checks.check(
        status == 302 and photo_name in private_keys and not s3.keys(PUBLIC_BUCKET),
        "a story photo sent through A is in the private bucket only",
        photo_name,
    )
    anonymous_status = s3.anonymous_get(f"{s3.endpoint}/{PRIVATE_BUCKET}/{photo_name}")[0]
    checks.check(anonymous_status == 403, "the private object refuses anonymous reads (403)")

    staff = Browser("staff")
    checks.check(staff_sign_in(staff, b), "staff sign in on B (password and second step)")
    photo_url = f"/admin/stories/storysubmission/{submission_pk}/photo/"
    status, _, headers = staff.get(b, photo_url)
    checks.check(
        status == 200
        and headers.get("content-type") == "image/jpeg"
        and headers["_raw"] == s3.get(PRIVATE_BUCKET, photo_name),
        "B's admin streams the photo sent through A (from the private bucket)",
        f"{len(headers['_raw'])} bytes",
    )
    status, _, headers = Browser("anonymous").get(b, photo_url)
    checks.check(
        status == 302 and "/admin/login/" in headers.get("location", ""),
        "the admin photo view sends anonymous visitors to the sign-in page",
    )

    # Staff turn it into a draft story on A (the same session: signed in on B).
    status, _, _ = admin_action(staff, a, "/admin/stories/storysubmission/", "make_draft_story",
                                submission_pk)  # fmt: skip
    rows = query(
        primary_url,
        "select s.id, s.slug, s.photo from stories_story s join stories_storysubmission t "
        "on t.draft_story_id = s.id where t.id = %s",
        (submission_pk,),
    )
    checks.check(status == 302 and rows, "the staff session from B works on A: a draft story made")
    if not rows:
        return
    story_pk, slug, draft_photo = rows[0]
    checks.check(
        draft_photo.startswith("stories/drafts/") and draft_photo in s3.keys(PRIVATE_BUCKET),
        "the draft story's photo is in the private bucket",
        draft_photo,
    )
    status, _, headers = staff.get(
        b, "/admin/stories/story/photo/" + draft_photo.removeprefix("stories/drafts/")
    )
    checks.check(status == 200 and headers["_raw"][:3] == b"\xff\xd8\xff",
                 "B's admin shows the draft's photo made on A")  # fmt: skip
    public_path = f"/stories/{slug}/"
    checks.check(
        Browser("public").get(b, public_path)[0] == 404, "the draft is not public on B (404)"
    )

    # Written authorization entered, then published on A: seen on B.
    query(
        primary_url,
        "update stories_story set consent_received_on = current_date, "
        "consent_reference = 'Scale test file 1' where id = %s",
        (story_pk,),
    )
    status, _, _ = admin_action(staff, a, "/admin/stories/story/", "publish", story_pk)
    reader = Browser("reader on B")
    started = time.monotonic()
    seen = wait_for(lambda: reader.get(b, public_path)[0] == 200, seconds=10)
    checks.check(
        status == 302 and seen,
        "a story published on A is seen on B",
        f"after {time.monotonic() - started:.2f} s",
    )
    _, page, _ = reader.get(b, public_path)
    image = re.search(rf'src="({re.escape(s3.endpoint)}/{PUBLIC_BUCKET}/[^"]+)"', page)
    public_url = unescape(image.group(1)) if image else ""
    image_status, image_bytes = s3.anonymous_get(public_url) if public_url else (0, b"")
    checks.check(
        image_status == 200 and image_bytes[:3] == b"\xff\xd8\xff",
        "its photo is in the public bucket and loads without credentials from the page's URL",
        public_url.rsplit("/", 1)[-1],
    )
    checks.check(
        not any(key.startswith("stories/drafts/") for key in s3.keys(PRIVATE_BUCKET)),
        "the draft copies left the private bucket",
    )

    # Unpublished on B: gone from A, and the photo is no longer public.
    status, _, _ = admin_action(staff, b, "/admin/stories/story/", "unpublish", story_pk)
    gone = wait_for(lambda: Browser("public").get(a, public_path)[0] == 404, seconds=10)
    checks.check(status == 302 and gone, "a story unpublished on B is gone from A (404)")
    checks.check(
        public_url and s3.anonymous_get(public_url)[0] in (403, 404),
        "its photo's public URL no longer answers",
    )

    if replica_url:
        standby = query(replica_url, "select pg_is_in_recovery()")[0][0]
        streaming = query(primary_url, "select state from pg_stat_replication")
        checks.check(
            standby and [s[0] for s in streaming] == ["streaming"],
            "the replica is a hot standby, streaming from the primary",
        )
        for _ in range(3):
            for port in (a, b):
                Browser("public").get(port, "/stories/")
        database = urllib.parse.urlsplit(primary_url).path.lstrip("/")
        (connected,) = query(
            replica_url,
            "select count(*) from pg_stat_activity where datname = %s and backend_type = "
            "'client backend' and pid <> pg_backend_pid()",
            (database,),
        )[0]
        checks.check(connected > 0, "public pages read from the replica",
                     f"{connected} app connections to it")  # fmt: skip
        (published_on_replica,) = query(
            replica_url, "select status_en from stories_story where id = %s", (story_pk,)
        )[0]
        checks.check(published_on_replica == "draft", "the replica has the unpublish too")

        # A replica that falls behind is left out: its replay paused, a publish on A is
        # still seen on B, read from the primary once the servers notice the lag.
        query(replica_url, "select pg_wal_replay_pause()")
        try:
            status, _, _ = admin_action(staff, a, "/admin/stories/story/", "publish", story_pk)
            started = time.monotonic()
            seen = wait_for(lambda: Browser("public").get(b, public_path)[0] == 200, seconds=20)
            waited = time.monotonic() - started
            (on_replica,) = query(
                replica_url, "select status_en from stories_story where id = %s", (story_pk,)
            )[0]
            checks.check(
                status == 302 and seen and on_replica == "draft",
                "with the replica's replay paused, a story published on A is seen on B: reads "
                f"leave a replica more than {MAX_LAG} s behind",
                f"after {waited:.1f} s; the replica still says {on_replica!r}",
            )
        finally:
            query(replica_url, "select pg_wal_replay_resume()")


class S3:
    def __init__(self, port: int):
        import logging

        import boto3
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self.server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
        self.server.start()
        self.endpoint = f"http://{HOST}:{port}"
        self.client = boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id="scale", aws_secret_access_key="scale",
        )  # fmt: skip
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            self.client.create_bucket(Bucket=bucket)

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))

    def get(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()

    @staticmethod
    def anonymous_get(url: str) -> tuple[int, bytes]:
        parts = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request("GET", parts.path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.server.stop()


def manage(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, input=stdin,
                   text=True, capture_output=True, timeout=600)  # fmt: skip


STAFF_SETUP = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticDevice
user = get_user_model().objects.create_superuser({user!r}, "staff@example.org", {password!r})
device = StaticDevice.objects.create(user=user, name="scale test codes", confirmed=True)
device.token_set.create(token={code!r})
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port-base", type=int, default=8200)
    parser.add_argument("--max-seconds", type=float, default=420)
    options = parser.parse_args(argv)
    base = options.port_base
    ports = {"primary": base, "replica": base + 1, "redis": base + 2, "s3": base + 3,
             "web_a": base + 4, "web_b": base + 5}  # fmt: skip
    deadline = time.monotonic() + options.max_seconds
    gunicorn = ROOT / ".venv/bin/gunicorn"
    if not gunicorn.exists():
        log("gunicorn is missing: run `make install` first.")
        return 2
    try:
        import moto.server  # noqa: F401
    except ImportError:
        log("moto is missing: the dev extra (`make install`) brings it.")
        return 2

    folder = Path(tempfile.mkdtemp(prefix="cancercenter-scale-"))
    if postgres_user():
        shutil.chown(folder, postgres_user())
    primary = replica = redis = s3 = None
    webs: list[subprocess.Popen] = []
    checks = Checks()
    replica_url = None
    fallback_database = None
    try:
        have_pg15 = all((PG_BIN / tool).exists() for tool in ("initdb", "pg_basebackup", "pg_ctl"))
        if have_pg15:
            primary = Cluster(folder / "primary", ports["primary"])
            primary.init()
            primary.start()
            replica = Cluster(folder / "replica", ports["replica"])
            replica.base_backup_of(primary)
            replica.start()
            database_url = f"postgres://postgres@{HOST}:{ports['primary']}/postgres"
            replica_url = f"postgres://postgres@{HOST}:{ports['replica']}/postgres"
            log(f"PostgreSQL 15 primary on {ports['primary']}, streaming replica on "
                f"{ports['replica']}")  # fmt: skip
        else:
            server = os.environ.get("SCALE_DATABASE_SERVER", f"postgres://postgres@{HOST}:5432")
            name = f"cancercenter_scale_{os.getpid()}"
            query(f"{server}/postgres", f'create database "{name}"')
            fallback_database = (server, name)
            database_url = f"{server}/{name}"
            log(f"No PostgreSQL 15 server binaries in {PG_BIN}: database {name} on the machine's "
                "server, and no replica (the replica checks are skipped)")  # fmt: skip

        if shutil.which("redis-server"):
            redis = subprocess.Popen(
                [shutil.which("redis-server"), "--port", str(ports["redis"]), "--bind", HOST,
                 "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            cache_url = f"redis://{HOST}:{ports['redis']}/0"
        else:
            cache_url = f"redis://{HOST}:6379/7"
        s3 = S3(ports["s3"])
        log(f"Redis at {cache_url}; moto S3 at {s3.endpoint}")

        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MEDIA_"))},
            "DJANGO_SETTINGS_MODULE": "cancercenter.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "EMAIL_URL": "consolemail://",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "FORM_MIN_FILL_SECONDS": "0",
            "FORM_RATE_LIMIT_COUNT": str(RATE_LIMIT),
            "MEDIA_S3_BUCKET": PUBLIC_BUCKET,
            "PRIVATE_MEDIA_S3_BUCKET": PRIVATE_BUCKET,
            "PRIVATE_MEDIA_S3_PREFIX": "",
            "MEDIA_S3_ACL": "public-read",
            "S3_ENDPOINT_URL": s3.endpoint,
            "S3_REGION_NAME": "us-east-1",
            "S3_ACCESS_KEY_ID": "scale",
            "S3_SECRET_ACCESS_KEY": "scale",
            "MEDIA_ROOT": str(folder / "unused-media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "unused-private"),
            "LOG_LEVEL": "WARNING",
        }
        if redis is None:
            query_env = {**env}
            subprocess.run([PYTHON, "-c", "import redis,sys; redis.Redis.from_url(sys.argv[1])"
                            ".flushdb()", cache_url], env=query_env, check=True)  # fmt: skip
        log("migrate, collectstatic, a staff account")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "shell", stdin=STAFF_SETUP.format(
            user=STAFF_USER, password=STAFF_PASSWORD, code=STAFF_CODE))  # fmt: skip
        web_env = {**env, "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG)}
        if replica_url:
            web_env["DATABASE_REPLICA_URLS"] = replica_url
        for name in ("web_a", "web_b"):
            output = (folder / f"gunicorn-{name}.log").open("ab")
            webs.append(
                subprocess.Popen(
                    [
                        str(gunicorn),
                        "cancercenter.wsgi",
                        "--bind",
                        f"{HOST}:{ports[name]}",
                        "--workers",
                        "2",
                        "--timeout",
                        "30",
                    ],
                    env=web_env,
                    cwd=ROOT,
                    stdout=output,
                    stderr=output,
                )  # fmt: skip
            )
        for name in ("web_a", "web_b"):
            while True:
                try:
                    if Browser("probe").get(ports[name], "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {name} did not start; see {folder}")
                time.sleep(0.3)
        log(f"gunicorn A on {ports['web_a']}, B on {ports['web_b']}: the checks")
        scenario(checks, ports, env, s3, replica_url)
    except Exception as error:  # noqa: BLE001 - report any setup failure, then clean up
        checks.check(False, "the run completed", f"{type(error).__name__}: {error}")
        for log_file in folder.glob("gunicorn-*.log"):
            tail = log_file.read_text(errors="replace")[-1500:]
            if tail.strip():
                log(f"{log_file.name}:\n{tail}")
    finally:
        for web in webs:
            if web.poll() is None:
                web.terminate()
                try:
                    web.wait(10)
                except subprocess.TimeoutExpired:
                    web.kill()
        if redis and redis.poll() is None:
            redis.terminate()
            redis.wait(10)
        if s3:
            s3.stop()
        for cluster in (replica, primary):
            if cluster:
                cluster.stop()
        if fallback_database:
            server, name = fallback_database
            query(f"{server}/postgres", f'drop database if exists "{name}" with (force)')
        shutil.rmtree(folder, ignore_errors=True)

    passed = len(checks.results) - checks.failed
    print(json.dumps({"passed": passed, "failed": checks.failed}))  # noqa: T201
    print(f"scale-test: {passed} passed, {checks.failed} failed")  # noqa: T201
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
