"""The private storage for uploads no visitor may fetch: photos sent with a form, a draft
story's photo, a registry file waiting for its import (PRIVATE_MEDIA_ROOT, never served)."""

import sys

from django.core.files.storage import Storage, storages


class _PrivateStorage(Storage):
    """Forwards to `storages["private"]` (PRIVATE_MEDIA_ROOT: never served), looked up on
    each use rather than when models load, so a deployment's or a test's STORAGES setting
    always applies. Models name it through a function (`private_storage`), which keeps
    their migrations free of the setting."""


def _forward(name: str):
    def method(self, *args, **kwargs):
        return getattr(storages["private"], name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "open", "save", "delete", "exists", "path", "url", "size", "listdir",
    "get_valid_name", "get_alternative_name", "get_available_name", "generate_filename",
    "get_accessed_time", "get_created_time", "get_modified_time",
):  # fmt: skip
    setattr(_PrivateStorage, _name, _forward(_name))

_private_storage = _PrivateStorage()


def private_storage() -> Storage:
    return _private_storage


def object_store_errors() -> tuple[type[BaseException], ...]:
    """The exceptions an S3 storage raises when the store fails. Empty until boto3 is in
    use (media on object storage): nothing else can raise them, and a site on the local
    disk never pays for importing it."""
    if "botocore" not in sys.modules:
        return ()
    from boto3.exceptions import Boto3Error
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError, Boto3Error)


def storage_unavailable(exc: BaseException | None) -> bool:
    """The object store did not answer, timed out or refused: not a bug in the page.

    Raised by S3 storages (`STORAGES`, settings MEDIA_S3_BUCKET) after their bounded
    retries; pages answer 503 and forms show what was typed again (never a 500).
    """
    errors = object_store_errors()
    return bool(errors) and isinstance(exc, errors)


def storage_answers(storage: Storage) -> bool:
    """Whether the storage answers a cheap lookup now: lets a form say so next to its
    file field, with everything typed kept, instead of failing when it saves."""
    try:
        storage.exists(".answering")
    except Exception as exc:
        if storage_unavailable(exc):
            return False
        raise
    return True
