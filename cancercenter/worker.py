"""The background worker, made to survive: django-tasks-db's `db_worker`, wrapped.

django-tasks-db 0.13's worker exits on the first database error (its loop re-raises every
OperationalError except SQLite's "database is locked"), and a task whose worker is killed
stays RUNNING forever. Both belong upstream; until then this wrapper:

- runs the upstream worker in batch passes (run every ready task, return) inside a loop
  of its own, so a database error makes it wait (1 s, doubling to 30 s) and try again;
- requeues tasks left RUNNING longer than TASK_LEASE_SECONDS (their worker died), and at
  start-up those its own previous run (the same `--worker-id`) left behind. Every task
  here is idempotent, so running one again is safe (see submissions.services).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0
# How often a running worker looks for tasks abandoned by dead workers.
RECOVER_EVERY_SECONDS = 60.0


def tasks_recover(*, worker_id: str | None = None) -> int:
    """Put back in the queue tasks whose worker died; return how many.

    Those running longer than TASK_LEASE_SECONDS, and, given `worker_id`, those claimed
    last by that id: a worker asks for its own only when it runs nothing itself (at start,
    or after a database error broke off a task), so they are abandoned.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    mine = Q(worker_ids__contains=[worker_id]) if worker_id else Q(pk__in=[])
    count = 0
    for task in DBTaskResult.objects.running().filter(Q(started_at__lt=cutoff) | mine):
        abandoned = task.started_at < cutoff or task.worker_ids[-1:] == [worker_id]
        if abandoned:
            count += DBTaskResult.objects.filter(
                pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
            ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Requeued %s task(s) left running by a worker that stopped", count)
    return count


def _housekeeping(*, worker_id: str | None) -> None:
    """What a running worker does now and then, so nothing waits for the daily timer."""
    from cancercenter.submissions.services import notifications_send_due

    tasks_recover(worker_id=worker_id)
    notifications_send_due()


class ResilientWorker(Worker):
    """django-tasks-db's Worker that waits out database outages instead of exiting."""

    def __init__(self, *, batch: bool, **kwargs):
        super().__init__(batch=True, **kwargs)
        self.single_pass = batch
        self._last_recovery = 0.0

    def _recover_if_due(self, *, own_tasks: bool = False) -> None:
        now = time.monotonic()
        if own_tasks or now - self._last_recovery >= RECOVER_EVERY_SECONDS:
            _housekeeping(worker_id=self.worker_id if own_tasks else None)
            self._last_recovery = now

    def _done(self) -> bool:
        return self.max_tasks is not None and self._run_tasks >= self.max_tasks

    def run(self) -> None:
        backoff = 1.0
        own_tasks = True  # at start: whatever a previous run under this id left behind
        while self.running:
            try:
                self._recover_if_due(own_tasks=own_tasks)
                own_tasks = False
                super().run()  # one batch pass: every ready task, then back here
                self.startup_delay = False
                backoff = 1.0
            except DatabaseError as exc:
                if not self.running:
                    return
                logger.warning(
                    "Database unavailable (%s); worker %s retrying in %.0f s",
                    type(exc).__name__,
                    self.worker_id,
                    backoff,
                )
                for connection in connections.all(initialized_only=True):
                    try:
                        connection.close()
                    except DatabaseError:
                        logger.debug("Closing a broken connection failed", exc_info=True)
                own_tasks = True  # a task this error broke off is requeued once it is back
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            if self.single_pass or self._done():
                return
            close_old_connections()
            if self.running:
                time.sleep(self.interval)
