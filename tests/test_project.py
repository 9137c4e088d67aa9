"""Guards on the project as a whole: migrations, deploy settings, security headers."""

import os
import secrets
import subprocess
import sys
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()}")


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECURE_SSL_REDIRECT", "TASKS_BACKEND", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cancer.example.org",
        CSRF_TRUSTED_ORIGINS="https://cancer.example.org",
        BEHIND_TLS_PROXY="true",
        TRUSTED_PROXIES="10.0.0.5",
        CACHE_URL="redis://127.0.0.1:6379/1",
        # The development database may hold the seeded notices, still template text; that
        # warning has its own test (tests/pages).
        SILENCED_SYSTEM_CHECKS="pages.W001",
    )
    env.update(overrides)
    return env


def test_deploy_check_passes_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"CACHE_URL": "locmemcache://", "WEB_CONCURRENCY": "3"}, "cancercenter.E001"),
        ({"TRUSTED_PROXIES": ""}, "cancercenter.W001"),
    ],
)
def test_deploy_check_fails_on_per_worker_rate_limits_and_untrusted_proxies(overrides, message):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_one_worker_may_use_the_local_memory_cache():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(CACHE_URL="locmemcache://", WEB_CONCURRENCY="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_serve_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import cancercenter.wsgi"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cancercenter.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GIFT_MAX_AMOUNT", "1000000000"),
        ("GIFT_MAX_AMOUNT", "0"),
        ("GIFT_PRESET_AMOUNTS", "25,90000"),
    ],
)
def test_gift_limits_the_database_cannot_hold_stop_the_site_at_startup(variable, value):
    """Better a clear startup error for staff than a donor's 500 on a large gift."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**production_env(), variable: value},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert variable in result.stderr


def test_makemigrations_check_runs_without_any_environment():
    env = {key: value for key, value in production_env().items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**env, "DEBUG": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_csp_forbids_inline_code_and_third_parties(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"  # nothing unless named below
    for kind in ["script-src", "style-src", "font-src", "connect-src"]:
        assert directives[kind] == "'self'", kind
    assert directives["img-src"] == "'self' data:"
    assert directives["report-uri"] == "/csp-report/"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "http" not in policy  # no third-party origin is allowed anywhere


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/education/")
    assert response.status_code == HTTPStatus.OK
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_and_secure_cookies_when_debug_is_off(client, settings):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    response = client.get("/", secure=True)
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_templates_have_no_inline_script_style_or_handlers():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for marker in ('style="', "<script>", "<style", " onclick=", " onload=", " onchange=",
                       " onsubmit=", "javascript:"):  # fmt: skip
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []


def test_templates_load_nothing_from_other_sites():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if 'src="http' in path.read_text() or 'href="//' in path.read_text()
    ]
    assert offenders == []


def test_public_uploads_are_served_and_private_ones_are_not(client, settings, tmp_path):
    """`make serve` serves story photos from MEDIA_ROOT, never what waits for review."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "media" / "stories").mkdir(parents=True)
    (tmp_path / "media" / "stories" / "ana.webp").write_bytes(b"RIFF-photo")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "sent.jpg").write_bytes(b"private")

    response = client.get("/media/stories/ana.webp")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF-photo"
    for path in ["/media/../private/sent.jpg", "/media/%2e%2e/private/sent.jpg", "/media/"]:
        assert client.get(path).status_code in {400, 404}, path  # never the file
    assert client.post("/media/stories/ana.webp").status_code in {403, 405}


def test_every_setting_variable_is_documented():
    """Each variable settings.py reads has a README row and a line in .env.example."""
    import re

    settings_source = (ROOT / "cancercenter" / "settings.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL"} <= names
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert [n for n in sorted(names) if f"`{n}`" not in readme] == []
    assert [n for n in sorted(names) if not re.search(rf"^{n}=", example, re.M)] == []


# Spelled in pieces so that this file does not trip its own check.
OUTSIDE_FOLDER_MARKERS = ("../" + "shared", "shared" + "/data", '"shared"' + ' / "data"')


def test_nothing_reads_a_folder_outside_the_repository():
    """A clone of the repository alone must pass its tests: no code, test or script may read
    the shared folder that sits beside the working copy on the developers' machine."""
    tracked = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    suffixes = {".py", ".sh", ".toml", ".cfg", ".ini", ".txt", ".html", ".md", ".yml", ".yaml"}
    offenders = []
    for name in tracked:
        path = ROOT / name
        if name.startswith("tests/data/") or not path.is_file():
            continue
        if path.suffix not in suffixes and path.name not in {"Makefile", "run"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}: {m}" for m in OUTSIDE_FOLDER_MARKERS if m in text]
    assert not offenders, "files that name a folder outside the repository:\n" + "\n".join(
        offenders
    )


def test_test_data_is_inside_the_repository_with_its_provenance():
    from tests.conftest import TEST_DATA

    assert TEST_DATA.is_relative_to(ROOT)
    provenance = (TEST_DATA / "PROVENANCE.md").read_text()
    for folder in sorted(p.name for p in TEST_DATA.iterdir() if p.is_dir()):
        assert f"`{folder}/" in provenance, f"tests/data/{folder} has no provenance line"
    assert len(list((TEST_DATA / "ctgov" / "studies").glob("NCT*.json"))) == 129
