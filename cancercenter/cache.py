"""A Redis cache that the site can live without.

Django's own Redis backend raises on every call while Redis is unreachable, which turned
every page that touches the cache (form rate limits, the cached sitemap) into a 500. This
subclass answers "not cached" instead and logs it, so pages are built fresh until Redis is
back. `incr()` is left raising on purpose: a counter has no harmless fallback, so its caller
(the form rate limit) decides, and it fails open.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# One warning per process per this many seconds, not one per request during an outage.
LOG_EVERY_SECONDS = 30.0


class FailOpenRedisCache(RedisCache):
    _last_warning = 0.0

    def _unavailable(self, operation: str, exc: Exception, fallback):
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= LOG_EVERY_SECONDS:
            FailOpenRedisCache._last_warning = now
            logger.warning(
                "Cache unavailable (%s: %s); carrying on without it", operation, type(exc).__name__
            )
        return fallback

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            return self._unavailable("get", exc, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            return self._unavailable("get_many", exc, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            return self._unavailable("has_key", exc, False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            return self._unavailable("add", exc, False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as exc:
            return self._unavailable("set", exc, None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            return self._unavailable("set_many", exc, list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            return self._unavailable("touch", exc, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            return self._unavailable("delete", exc, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as exc:
            return self._unavailable("delete_many", exc, None)

    def clear(self):
        try:
            return super().clear()
        except RedisError as exc:
            return self._unavailable("clear", exc, False)

    def ping(self) -> bool:
        return bool(self._cache.get_client(write=True).ping())


def cache_available() -> bool:
    """Whether the default cache answers right now (for /healthz)."""
    try:
        ping = getattr(cache, "ping", None)
        if ping is not None:
            return ping()
        cache.set("healthz:probe", 1, timeout=10)
        return cache.get("healthz:probe") == 1
    except Exception:  # whatever the backend raises, the answer is "not available"
        return False
