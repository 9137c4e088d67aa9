"""What /healthz reports beyond the database and the cache: the object store's buckets and
the read replicas. Each store answer is kept for HEALTH_CACHE_SECONDS in this process, so
a load balancer checking every few seconds costs one request per bucket every half-minute,
and a store that does not answer holds one check for its timeouts, not every check.
"""

import logging
import time

from django.core.files.storage import storages

from cancercenter import replicas

logger = logging.getLogger(__name__)

HEALTH_CACHE_SECONDS = 30.0
_answers: dict[tuple, tuple[float, str]] = {}


def _kept(key: tuple, probe) -> str:
    now = time.monotonic()
    found = _answers.get(key)
    if found and found[0] > now:
        return found[1]
    answer = probe()
    _answers[key] = (now + HEALTH_CACHE_SECONDS, answer)
    return answer


def storage_states() -> dict[str, str]:
    """ "ok" or "unavailable" for each object-store bucket media go to ("default", public
    media, and "private", uploads awaiting review); nothing for local disk."""
    states = {}
    for alias in ("default", "private"):
        storage = storages[alias]
        bucket = getattr(storage, "bucket_name", None)
        if not bucket:
            continue  # local disk: nothing to reach
        endpoint = getattr(storage, "endpoint_url", None)
        states[alias] = _kept(("storage", alias, bucket, endpoint), lambda s=storage: _probe(s))
    return states


def _probe(storage) -> str:
    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except Exception as error:  # noqa: BLE001 - any failure to reach the store is "unavailable"
        logger.warning(
            "Object store %s unavailable (%s)", storage.bucket_name, type(error).__name__
        )
        return "unavailable"
    return "ok"


def replica_states() -> dict[str, str]:
    """ "ok", "lagging" or "unreachable" for each read replica (reads then go to the
    primary, so the site carries on)."""
    return {alias: replicas.replica_state(alias) for alias in replicas.replica_aliases()}


def forget() -> None:
    """Drop the kept answers (tests)."""
    _answers.clear()
