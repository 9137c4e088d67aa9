"""The private storage for uploads no visitor may fetch: photos sent with a form, a draft
story's photo, a registry file waiting for its import (PRIVATE_MEDIA_ROOT, never served)."""

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
