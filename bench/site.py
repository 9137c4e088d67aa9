"""The demo site the profile and the HTTP pass measure, in a database of its own.

`make serve` serves the demo content (`load_demo_content` and the NCI dictionary); the
profile (`python -m bench.profile`) and the HTTP pass (`python -m bench.http`) serve the same,
from `<DATABASE_URL's name>_bench` (or `BENCH_DATABASE_URL`), so the dev data is untouched.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

# Pages the public list names by example: a search and a filtered finder, as issue 19 measured.
EXTRA_PAGES = ["/search/?q=car+t", "/trials/?status=recruiting&phase=2"]


def production_env(**extra: str) -> dict[str, str]:
    """The environment of `make serve`: DEBUG off, over plain http on loopback."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or "benchmark-only-secret-key-0123456789-abcdefghijklmn",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SERVE_MEDIA="true",
        DATABASE_URL=bench_database_url(),
        # A benchmark client is one address making thousands of searches.
        SEARCH_RATE_LIMIT_COUNT="1000000000",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL")
    if not base:
        raise SystemExit("Set DATABASE_URL (or BENCH_DATABASE_URL): the HTTP pass needs a server")
    parts = urlsplit(base)
    name = parts.path.rstrip("/")
    if name.endswith("_bench"):  # already pointed at it (setup_django does)
        return base
    return urlunsplit(parts._replace(path=name + "_bench"))


def _create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare() -> None:
    """Migrate the bench database and load the demo content, as `make serve` does."""
    _create_database(bench_database_url())
    env = production_env()
    for command in [
        ["migrate", "--noinput", "-v0"],
        ["import_glossary"],
        ["load_demo_content"],
        ["link_glossary_terms"],
        ["collectstatic", "--noinput", "-v0"],
    ]:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip


def public_pages() -> list[str]:
    """Every public HTML page of the demo site (tests/public_urls.py names them), English.

    Needs Django set up against the bench database. Each URL name gets the first demo
    object of its kind; form thank-you pages are left out (they need a sent form).
    """
    from django.urls import reverse

    from cancercenter.care.models import Provider
    from cancercenter.pages.models import Location, Page
    from education.models import GlossaryTerm, Topic
    from stories.models import Story
    from tests.public_urls import NOT_PAGES, _named_patterns
    from trials.models import Trial

    trial = Trial.objects.listed().order_by("nct_id").first()
    samples = {
        "pages:location-detail": {"slug": Location.objects.order_by("pk").first().slug},
        "education:topic-detail": {"slug": Topic.objects.published().order_by("pk").first().slug},
        "stories:story-detail": {"slug": Story.objects.published().order_by("pk").first().slug},
        "trials:trial-detail": {"nct_id": trial.nct_id},
        "trials:trial-inquire": {"nct_id": trial.nct_id},
        "care:provider-detail": {"slug": Provider.objects.published().order_by("pk").first().slug},
        "glossary:term-detail": {
            "slug": GlossaryTerm.objects.filter(language="en").order_by("pk").first().slug
        },
    }
    urls = []
    for name in sorted(set(_named_patterns())):
        if name in NOT_PAGES or name.endswith("thanks") or name == "pages:page-detail":
            continue
        urls.append(reverse(name, kwargs=samples.get(name)))
    pages = Page.objects.published().order_by("path")
    urls += [page.get_absolute_url() for page in pages]
    return urls + EXTRA_PAGES


def setup_django() -> None:
    """Django in this process, against the bench database, configured like `make serve`."""
    os.environ.update(production_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancercenter.settings")
    import django

    django.setup()
