"""Read replicas (settings DATABASE_REPLICA_URLS): public reads from a replica, the rest from
the primary.

Only web requests read from a replica: the worker, management commands and migrations
always use the primary (a task must see the row whose commit queued it). In a request, a
read goes to a replica unless the request is pinned to the primary:
- inside a transaction (an atomic block on the primary), where it must see the writes made
  so far;
- after any write in the same request (the router pins the request as it routes the write);
- for the rest of a request that is not a plain GET or HEAD, or is under /admin/ (staff
  read back what they just changed), pinned from its start;
- for REPLICA_PIN_SECONDS after a request that wrote, through a short cookie, so the
  thank-you page after a form, or the page after a sign-in, does not read a replica that
  has not caught up yet.
Migrations run on the primary only; a replica gets the schema by replication.

A replica that cannot be reached is left out for REPLICA_RETRY_SECONDS and its reads go to
the primary: a replica outage costs speed, never a page. So is one that lags more than
REPLICA_MAX_LAG_SECONDS behind the primary (asked of it every LAG_CHECK_SECONDS, by each
process), until it has caught up.
"""

import contextvars
import itertools
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import OperationalError

logger = logging.getLogger(__name__)

PIN_COOKIE = "primary_db"

# Pinned unless a request (ReplicaPinMiddleware) says otherwise.
_pinned = contextvars.ContextVar("cancercenter_pinned_to_primary", default=True)
_down_until: dict[str, float] = {}
_turn = itertools.count()

LAG_CHECK_SECONDS = 5
# Seconds since the last replayed commit, while WAL received is still waiting to be replayed
# (0 when caught up, also on a quiet primary with nothing to replay).
LAG_SQL = (
    "select case when pg_is_in_recovery() and pg_last_wal_receive_lsn() is distinct from "
    "pg_last_wal_replay_lsn() then coalesce(extract(epoch from now() - "
    "pg_last_xact_replay_timestamp()), 0) else 0 end"
)
_lag_checked_until: dict[str, float] = {}
_lagging: dict[str, bool] = {}


def replica_aliases() -> list[str]:
    """The replicas' aliases (replica1, replica2...), as settings made them."""
    return settings.DATABASE_REPLICA_ALIASES


def pin_to_primary() -> None:
    """Every read from now on, in this request, goes to the primary."""
    _pinned.set(True)


def pinned_to_primary() -> bool:
    return _pinned.get()


def _usable(alias: str) -> bool:
    """Reachable, and not lagging further behind than REPLICA_MAX_LAG_SECONDS."""
    now = time.monotonic()
    if _down_until.get(alias, 0) > now:
        return False
    connection = connections[alias]
    try:
        connection.ensure_connection()
        if settings.REPLICA_MAX_LAG_SECONDS and _lag_checked_until.get(alias, 0) <= now:
            _lag_checked_until[alias] = now + LAG_CHECK_SECONDS
            with connection.cursor() as cursor:
                cursor.execute(LAG_SQL)
                lag = float(cursor.fetchone()[0])
            lagging = lag > settings.REPLICA_MAX_LAG_SECONDS
            if lagging != _lagging.get(alias, False):
                logger.warning("Replica %s %s (%.1f s behind)", alias,
                               "lags: reading from the primary" if lagging else "caught up",
                               lag)  # fmt: skip
            _lagging[alias] = lagging
    except OperationalError as error:
        logger.warning(
            "Replica %s unreachable (%s); reading from the primary for %s s",
            alias,
            type(error).__name__,
            settings.REPLICA_RETRY_SECONDS,
        )
        _down_until[alias] = now + settings.REPLICA_RETRY_SECONDS
        return False
    return not _lagging.get(alias, False)


def replica_state(alias: str) -> str:
    """For /healthz: "ok", "lagging" or "unreachable" (the router's own test)."""
    if _usable(alias):
        return "ok"
    return "lagging" if _lagging.get(alias, False) else "unreachable"


class ReplicaRouter:
    """Reads to a replica unless pinned or in a transaction; writes and migrations to the
    primary."""

    def db_for_read(self, model, **hints):
        if _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        replicas = replica_aliases()
        for _attempt in range(len(replicas)):
            alias = replicas[next(_turn) % len(replicas)]
            if _usable(alias):
                return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # All aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """Starts each request unpinned (or pinned, see the module docstring) and, after a
    request that wrote, keeps the visitor on the primary for REPLICA_PIN_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = (
            request.method not in ("GET", "HEAD")
            or request.path_info.startswith("/admin/")
            or PIN_COOKIE in request.COOKIES
        )
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
            wrote = _pinned.get() and not pinned
            if (wrote or request.method not in ("GET", "HEAD")) and settings.REPLICA_PIN_SECONDS:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.REPLICA_PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _pinned.reset(token)
