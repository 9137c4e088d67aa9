"""The scheduled maintenance does every chore once, and doing it again changes nothing."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cancercenter.contact.models import ContactRequest
from cancercenter.submissions.models import Notification, NotificationStatus, SubmissionStatus
from cancercenter.submissions.services import sending_lease
from cancercenter.submissions.tasks import send_notification
from stories import images
from tests.cancercenter.test_worker import database_queue  # noqa: F401  (fixture)
from tests.submissions.test_orphan_files import clean_private_media  # noqa: F401  (fixture)
from tests.submissions.test_purge import make_request

pytestmark = pytest.mark.django_db


def maintenance(*arguments) -> str:
    out = StringIO()
    call_command("run_maintenance", *arguments, stdout=out)
    return out.getvalue()


def test_maintenance_does_each_chore_once(
    database_queue,  # noqa: F811
    clean_private_media,  # noqa: F811
    settings,
):
    settings.SUBMISSION_RETENTION_DAYS = 365
    expired = make_request(SubmissionStatus.DONE, closed_days_ago=400)
    kept = make_request(SubmissionStatus.NEW)
    for _ in range(2):  # two emails sent a month ago
        send_notification.enqueue(notification_id=0)
    DBTaskResult.objects.update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=30)
    )
    interrupted = Notification.objects.filter(object_id=kept.pk).first()
    Notification.objects.filter(pk=interrupted.pk).update(
        status=NotificationStatus.SENDING,
        attempt_started_at=timezone.now() - sending_lease() - timedelta(minutes=1),
    )
    private = images.private_storage()
    stray = private.save("story-submissions/stray.jpg", ContentFile(b"x"))
    old = time.time() - 2 * 3600
    os.utime(private.path(stray), (old, old))

    dry = maintenance("--dry-run")
    assert "purge_submissions: Would delete 1 submissions in all." in dry
    assert "cleanup_orphan_files: Would delete 1 orphaned files." in dry
    assert ContactRequest.objects.filter(pk=expired.pk).exists() and private.exists(stray)

    first = maintenance()
    # Tests never commit, so nothing queued the four new emails: the safety net does.
    assert "retry_notifications: Queued 4 notifications" in first
    assert "purge_submissions: Deleted 1 submissions in all." in first
    assert "prune_task_results: Deleted 2 finished task results." in first
    assert "cleanup_orphan_files: Deleted 1 orphaned files." in first
    assert not ContactRequest.objects.filter(pk=expired.pk).exists()
    assert ContactRequest.objects.filter(pk=kept.pk).exists()
    assert not private.exists(stray)
    interrupted.refresh_from_db()
    assert interrupted.status == NotificationStatus.PENDING  # not handed over: due again

    second = maintenance()
    assert "retry_notifications: Queued 0 notifications" in second
    assert "purge_submissions: Deleted 0 submissions in all." in second
    assert "prune_task_results: Deleted 0 finished task results." in second
    assert "cleanup_orphan_files: Deleted 0 orphaned files." in second


def test_retention_left_to_staff_when_set_to_zero(settings):
    settings.SUBMISSION_RETENTION_DAYS = 0
    make_request(SubmissionStatus.DONE, closed_days_ago=4000)
    assert "purge_submissions" not in maintenance()
    assert ContactRequest.objects.count() == 1
