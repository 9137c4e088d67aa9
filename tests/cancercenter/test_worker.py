"""The background worker survives a database outage and picks up tasks a dead worker left."""

import logging
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cancercenter.contact.models import ContactRequest
from cancercenter.submissions import services
from cancercenter.submissions.models import Notification, NotificationStatus
from cancercenter.worker import ResilientWorker
from tests.outages import database_outage  # noqa: F401  (fixture)


@pytest.fixture
def database_queue(settings):
    """The production task queue (django-tasks-db) instead of running tasks at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def queue_email() -> Notification:
    """A committed contact request whose staff email is queued as a task (not yet run)."""
    request = ContactRequest.objects.create(
        topic="travel", name="Ana", phone="+1 555 0100", message="Parking?", consent=True
    )
    (notification,) = services.notifications_queue(submission=request)
    return notification


def worker(**overrides) -> ResilientWorker:
    options = {
        "queue_names": ["default"],
        "interval": 0.1,
        "batch": False,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
    }
    return ResilientWorker(**{**options, **overrides})


def run_in_thread(target_worker: ResilientWorker) -> threading.Thread:
    def run():
        try:
            target_worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_waits_out_a_database_outage_then_sends(
    database_queue,
    database_outage,  # noqa: F811
    caplog,
):
    caplog.set_level(logging.WARNING, logger="cancercenter.worker")
    notification = queue_email()
    assert DBTaskResult.objects.ready().count() == 1

    database_outage.stop()
    running = worker()
    thread = run_in_thread(running)
    try:
        assert wait_for(lambda: "Database unavailable" in caplog.text, 10)
        time.sleep(1.5)  # a second failed pass, still no exit
        assert thread.is_alive()
        assert mail.outbox == []

        database_outage.restart()
        assert wait_for(lambda: len(mail.outbox) == 1)
    finally:
        running.running = False
        thread.join(10)
    assert not thread.is_alive()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert DBTaskResult.objects.successful().count() == 1


def test_a_task_left_running_by_a_dead_worker_is_run_again(database_queue, transactional_db):
    dead = queue_email()
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=1), worker_ids=["gone"]
    )
    live = queue_email()
    # Another worker took this one a moment ago and is still on it: leave it alone.
    DBTaskResult.objects.filter(status="READY").update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["alive"]
    )
    Notification.objects.filter(pk=live.pk).update(
        status=NotificationStatus.SENDING, attempt_started_at=timezone.now()
    )

    worker(batch=True).run()
    dead.refresh_from_db()
    live.refresh_from_db()
    assert dead.status == NotificationStatus.SENT and len(mail.outbox) == 1
    assert live.status == NotificationStatus.SENDING
    assert DBTaskResult.objects.running().get().worker_ids == ["alive"]


def test_a_restarted_worker_picks_up_its_own_task_at_once(database_queue, transactional_db):
    """`make serve` and the systemd unit give the worker a stable id for this."""
    notification = queue_email()
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now(), worker_ids=["w1"])
    worker(batch=True, worker_id="w1").run()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


def test_run_worker_command_runs_the_queue(database_queue, transactional_db):
    notification = queue_email()
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--worker-id", "cmd", stdout=StringIO()
    )
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
