"""Exactly one email per notification, as far as SMTP allows, through a real SMTP server.

A loopback SMTP sink stands in for the mail server; it can reject, hang, or take a message
and drop the connection before answering (accepted, but the sender never hears it).
"""

import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from bench.smtp_sink import SMTPSink
from cancercenter.contact.models import ContactRequest
from cancercenter.submissions import services
from cancercenter.submissions.models import Notification, NotificationStatus
from tests.ports import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    """A mail server on loopback, and the site's real SMTP backend pointed at it."""
    with SMTPSink(free_port()) as server:
        settings.EMAIL_BACKEND = "cancercenter.submissions.mail.OutboxSMTPBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 2
        yield server


@pytest.fixture
def notification(django_capture_on_commit_callbacks) -> Notification:
    """One queued staff email for a contact request, not yet tried."""
    request = ContactRequest.objects.create(
        topic="travel",
        name="Ana",
        phone="+1 555 0100",
        message="Where can we stay?",
        consent=True,
    )
    with django_capture_on_commit_callbacks(execute=False):
        (queued,) = services.notifications_queue(submission=request)
    return queued


def make_stale(notification: Notification) -> None:
    """As if the attempt had started long ago: its worker is gone."""
    Notification.objects.filter(pk=notification.pk).update(
        attempt_started_at=timezone.now() - services.sending_lease() - timedelta(seconds=1)
    )


def test_the_message_id_is_made_once_and_kept_on_every_try(sink, notification):
    assert f".notification.{notification.reference}@" in notification.message_id
    sink.mode = "reject"
    assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert "451" in notification.last_error

    sink.mode = "accept"
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert services.notification_send(notification_id=notification.pk) is True
    assert sink.message_ids == [notification.message_id]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2


def test_a_sent_notification_is_never_sent_again(sink, notification):
    assert services.notification_send(notification_id=notification.pk) is True
    assert services.notification_send(notification_id=notification.pk) is True
    services.notifications_retry()
    call_command("retry_notifications", stdout=None)
    assert len(sink.messages) == 1


def test_accepted_but_the_answer_lost_is_not_sent_again(sink, notification):
    """The server took the message and the connection died before its "250 queued"."""
    sink.mode = "lose_reply"
    assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.UNCONFIRMED
    assert notification.handed_over_at is not None

    sink.mode = "accept"
    services.notifications_send_due()
    services.notifications_retry()  # what `retry_notifications --now` does
    assert len(sink.messages) == 1
    assert Notification.objects.needing_attention().filter(pk=notification.pk).exists()


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs, no except clause catches it."""


def test_a_worker_killed_after_the_server_accepted_does_not_send_twice(
    sink, notification, monkeypatch
):
    original = services._record_outcome

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(services, "_record_outcome", killed)
    with pytest.raises(WorkerKilled):
        services.notification_send(notification_id=notification.pk)
    monkeypatch.setattr(services, "_record_outcome", original)
    assert len(sink.messages) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING  # the crash is visible

    services.notifications_send_due()  # too soon: another worker might still be on it
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    make_stale(notification)
    services.notifications_send_due()
    services.notifications_retry()
    call_command("retry_notifications", stdout=None)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.UNCONFIRMED
    assert len(sink.messages) == 1


def test_a_worker_killed_mid_send_sends_it_once_later(sink, notification, monkeypatch):
    """Killed before the final dot: the server threw the message away, so it is due again."""

    def killed(_notification):
        raise WorkerKilled

    monkeypatch.setattr(services, "_record_handover", killed)
    with pytest.raises(WorkerKilled):
        services.notification_send(notification_id=notification.pk)
    monkeypatch.undo()
    time.sleep(0.2)  # the sink notices the dropped connection
    assert sink.messages == []

    make_stale(notification)
    assert services.notifications_send_due() == 1  # immediate backend: sent right away
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert sink.message_ids == [notification.message_id]


def test_a_hung_mail_server_fails_the_try_within_seconds(sink, notification, settings):
    sink.mode = "hang"
    settings.EMAIL_TIMEOUT = 1
    started = time.monotonic()
    assert services.notification_send(notification_id=notification.pk) is False
    assert time.monotonic() - started < 5
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.last_error


def test_failures_keep_retrying_slower_for_days_then_alert_staff(
    notification, settings, staff_client
):
    settings.EMAIL_BACKEND = "tests.contact.test_contact.BrokenEmailBackend"
    delays = [services.retry_delay(attempt) for attempt in range(1, 30)]
    assert delays[0] == timedelta(minutes=1)
    assert delays == sorted(delays) and max(delays) == timedelta(hours=6)

    tries = 0
    while True:
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
        services.notification_send(notification_id=notification.pk)
        tries += 1
        notification.refresh_from_db()
        if notification.status != NotificationStatus.PENDING:
            break
        # Time passes until the next try is due.
        Notification.objects.filter(pk=notification.pk).update(
            created_at=notification.created_at
            - (notification.next_attempt_at - notification.attempt_started_at)
        )
        if tries == settings.NOTIFICATION_ALERT_ATTEMPTS:
            assert Notification.objects.needing_attention().count() == 1
            page = staff_client.get("/admin/")
            assert "1 notification email needs attention" in page.content.decode()
    assert notification.status == NotificationStatus.FAILED
    span = notification.attempt_started_at - notification.created_at
    assert span >= timedelta(days=settings.NOTIFICATION_RETRY_DAYS) - timedelta(hours=6)
    assert tries > 10

    health = staff_client.get("/healthz").json()
    assert health["notifications_needing_attention"] == 1
    outbox = staff_client.get("/admin/submissions/notification/?attention=yes")
    assert outbox.status_code == HTTPStatus.OK
    assert notification.reference in outbox.content.decode()


def test_no_banner_when_every_email_went_out(staff_client, notification, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.notification_send(notification_id=notification.pk)
    page = staff_client.get("/admin/")
    assert "needs attention" not in page.content.decode()


def test_the_banner_counts_only_the_queues_a_user_may_see(client, django_user_model, notification):
    Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.FAILED)
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="editor", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            codename="view_notification",
            content_type=ContentType.objects.get_for_model(Notification),
        )
    )
    client.force_login(user)
    assert "needs attention" not in client.get("/admin/").content.decode()
