"""Stored files that no row refers to, and their removal (`manage.py cleanup_orphan_files`).

Uploads are written to storage while their row is saved; if the process dies before the
commit, the file stays behind with nothing pointing at it. Only the folders models upload
to are looked at, and only files older than a grace period, so an upload whose row is
being saved right now is never touched.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone


@dataclass
class UploadFolder:
    storage: Storage
    folder: str
    referenced: set[str] = field(default_factory=set)


def _storage_key(storage: Storage) -> str:
    # `__class__` sees through default_storage's lazy wrapper; an object store is told apart
    # by its bucket as well as its prefix (`location`).
    bucket = getattr(storage, "bucket_name", "")
    return f"{storage.__class__.__name__}:{bucket}:{getattr(storage, 'location', '')}"


def upload_folders() -> list[UploadFolder]:
    """Every (storage, folder) a FileField uploads to, with the names rows refer to."""
    folders: dict[tuple[str, str], UploadFolder] = {}
    by_storage: dict[str, set[str]] = defaultdict(set)
    storages: dict[str, Storage] = {}
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            storage = model_field.storage
            key = _storage_key(storage)
            storages[key] = storage
            names = (
                model._default_manager.exclude(**{model_field.name: ""})
                .values_list(model_field.name, flat=True)
                .iterator()
            )
            by_storage[key].update(name for name in names if name)
            if isinstance(model_field.upload_to, str) and model_field.upload_to:
                model_folders = [model_field.upload_to.rstrip("/")]
            else:
                # A callable upload_to may list the folders it chooses from.
                model_folders = getattr(model_field.upload_to, "folders", ())
            for folder in model_folders:
                folders.setdefault((key, folder), UploadFolder(storage=storage, folder=folder))
    from stories.models import Story

    story_storage = Story._meta.get_field("photo").storage
    by_storage[_storage_key(story_storage)].update(_story_rendition_names())
    for (key, _folder), upload_folder in folders.items():
        upload_folder.referenced = by_storage[key]
    return list(folders.values())


def _story_rendition_names() -> set[str]:
    """The resized copies of story photos, listed in Story.photo_renditions."""
    from stories.models import Story

    names = set()
    for renditions in (
        Story.objects.exclude(photo_renditions=[])
        .values_list("photo_renditions", flat=True)
        .iterator()
    ):
        for entry in renditions or []:
            names.update(entry.get(key) for key in ("jpg", "webp") if entry.get(key))
    return names


def _walk(storage: Storage, folder: str):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def orphan_files(*, min_age: timedelta) -> list[tuple[Storage, str]]:
    """(storage, name) of files in upload folders that no row refers to, older than min_age."""
    cutoff = timezone.now() - min_age
    orphans = []
    for upload_folder in upload_folders():
        storage = upload_folder.storage
        for name in _walk(storage, upload_folder.folder):
            if name in upload_folder.referenced:
                continue
            if storage.get_modified_time(name) > cutoff:
                continue  # perhaps an upload whose row is being saved right now
            orphans.append((storage, name))
    return orphans


def orphan_files_delete(*, min_age: timedelta, dry_run: bool = False) -> list[str]:
    """Delete (or, with dry_run, only list) orphaned upload files; return their names."""
    removed = []
    for storage, name in orphan_files(min_age=min_age):
        if not dry_run:
            storage.delete(name)
        removed.append(name)
    return removed
