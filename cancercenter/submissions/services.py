import logging
import time
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cancercenter.submissions import signals
from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.mail import DeliveryUnknown
from cancercenter.submissions.models import (
    Notification,
    NotificationStatus,
    PlannedNotification,
    Submission,
    SubmissionStatus,
)

logger = logging.getLogger(__name__)


def submission_create(*, instance: Submission, token: FormToken | None) -> tuple[Submission, bool]:
    """Validate and save a new submission, queueing its emails; return (row, created).

    A token that was used before returns the row it created instead of a duplicate.
    """
    model = type(instance)
    if token is not None:
        instance.client_key = token.key
        existing = model.objects.filter(client_key=token.key).first()
        if existing:
            return existing, False
    instance.full_clean(exclude=["reference", "client_key"])
    uploads = _new_uploads(instance)
    try:
        with transaction.atomic():
            instance.save()
            notifications_queue(submission=instance)
    except BaseException as exc:
        # The row is not committed, so files its save wrote belong to nothing: remove them.
        _delete_uploads(uploads)
        # Two simultaneous posts of the same form: the other one won, and it is the same.
        if isinstance(exc, IntegrityError) and token is not None:
            existing = model.objects.filter(client_key=token.key).first()
            if existing:
                return existing, False
        raise
    logger.info("Submission %s received", instance.reference)  # never the body
    return instance, True


def _new_uploads(instance) -> list:
    """The instance's files that its save will write to storage (not stored yet)."""
    files = (getattr(instance, f.name) for f in instance._meta.concrete_fields)
    return [file for file in files if isinstance(file, FieldFile) and file and not file._committed]


def _delete_uploads(uploads: list) -> None:
    for file in uploads:
        if file._committed and file.name:
            try:
                file.storage.delete(file.name)
            except Exception:  # the orphan clean-up will find it later
                logger.exception("Could not remove an upload of an unsaved submission")


def _render_email(template: str, context: dict) -> tuple[str, str]:
    text = render_to_string(template, context).strip()
    subject, _, body = text.partition("\n")
    return " ".join(subject.split())[:250], body.strip() + "\n"


def notifications_queue(
    *, submission: Submission, planned: list[PlannedNotification] | None = None
) -> list[Notification]:
    """Write this submission's emails to the outbox and send them once it is committed.

    By default these are the staff email, the person's acknowledgement and the kind's
    `extra_notifications()`. Given `planned`, only those: emails sent later, when staff act.
    """
    kind = submission.notification_kind
    context = {
        "submission": submission,
        "center": settings.CENTER,
        "response_time": settings.SUBMISSION_RESPONSE_TIME_TEXT,
        "admin_url": settings.CENTER["site_url"].rstrip("/") + submission.get_admin_url(),
        **submission.notification_context(),
    }
    content_type = ContentType.objects.get_for_model(submission)
    emails = []
    if planned is None:
        staff = settings.SUBMISSION_RECIPIENTS.get(kind) or [settings.CENTER["email"]]
        emails.append((Notification.Audience.STAFF, staff, f"emails/{kind}_staff.txt"))
        person = submission.acknowledgement_email()
        if person:
            emails.append(
                (Notification.Audience.PERSON, [person], f"emails/{kind}_acknowledgement.txt")
            )
        planned = submission.extra_notifications()
    for extra in planned:
        if extra.recipients:
            emails.append((extra.audience, extra.recipients, f"emails/{extra.template}.txt"))

    notifications = []
    for audience, recipients, template in emails:
        # The person reads their email in the language they used on the site; staff read
        # theirs in the site's own language.
        language = (
            settings.LANGUAGE_CODE
            if audience == Notification.Audience.STAFF
            else translation.get_language()
        )
        with translation.override(language):
            subject, body = _render_email(template, context)
        notifications.append(
            Notification.objects.create(
                content_type=content_type,
                object_id=submission.pk,
                reference=submission.reference,
                audience=audience,
                recipients="\n".join(recipients),
                subject=subject,
                body=body,
                message_id=new_message_id(submission.reference),
            )
        )
    for notification in notifications:
        transaction.on_commit(
            lambda pk=notification.pk: notification_enqueue(notification_id=pk), robust=True
        )
    return notifications


def notification_enqueue(*, notification_id: int, delay: timedelta | None = None) -> None:
    from cancercenter.submissions.tasks import send_notification

    task = send_notification
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue(notification_id=notification_id)
    except Exception:  # the row stays pending; the scheduled retry_notifications picks it up
        logger.exception("Could not enqueue notification %s", notification_id)


# The slowing retry schedule: 1, 2, 4 ... minutes, then every 6 hours until retry_until.
RETRY_DELAY_CAP = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), RETRY_DELAY_CAP)


def sending_lease() -> timedelta:
    """How long an attempt may take before it counts as interrupted (a crashed worker).

    Every step of an SMTP conversation is bounded by EMAIL_TIMEOUT; a dozen steps is ample.
    """
    return timedelta(seconds=max(30, 12 * (settings.EMAIL_TIMEOUT or 10)))


def new_message_id(reference: str) -> str:
    """A Message-ID, made once per notification and kept for every try."""
    domain = urlsplit(settings.CENTER["site_url"]).hostname or "cancercenter.example"
    return make_msgid(idstring=f"notification.{reference}", domain=domain)


def _settle_interrupted(notification: Notification) -> None:
    """An attempt that never finished: was the message possibly accepted?

    Handed over to the server (the final dot may have gone out): it may well have been
    delivered, so it is never sent again by itself; staff are alerted instead. Not handed
    over: the server cannot have accepted it, so it is simply due again.
    """
    if notification.handed_over_at:
        notification.status = NotificationStatus.UNCONFIRMED
        notification.last_error = "Interrupted after the mail server was handed the message."
        logger.warning(
            "Notification %s for %s may have been sent; not sending it again",
            notification.pk,
            notification.reference,
        )
    else:
        notification.status = NotificationStatus.PENDING
        notification.last_error = "Interrupted before the mail server accepted the message."
        notification.next_attempt_at = timezone.now()
    notification.save(update_fields=["status", "last_error", "next_attempt_at"])


def _claim(notification_id: int) -> Notification | None:
    """Mark one due notification as being sent, committed before any SMTP traffic."""
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return None
        if notification.status == NotificationStatus.SENDING:
            if notification.attempt_started_at and (
                notification.attempt_started_at > now - sending_lease()
            ):
                return None  # another worker is sending it right now
            _settle_interrupted(notification)
        if notification.status != NotificationStatus.PENDING:
            return None  # sent, possibly sent, or given up: never sent again by itself
        if notification.next_attempt_at and notification.next_attempt_at > now:
            return None  # not due yet: an early duplicate of the scheduled task
        if not notification.message_id:
            notification.message_id = new_message_id(notification.reference)
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.attempt_started_at = now
        notification.handed_over_at = None
        notification.save(
            update_fields=[
                "status",
                "attempts",
                "attempt_started_at",
                "handed_over_at",
                "message_id",
            ]
        )
        return notification


def _record_handover(notification: Notification) -> None:
    """Commit "the server is about to accept it" (called just before SMTP's final dot)."""
    now = timezone.now()
    updated = Notification.objects.filter(
        pk=notification.pk,
        status=NotificationStatus.SENDING,
        attempt_started_at=notification.attempt_started_at,
    ).update(handed_over_at=now)
    if not updated:  # another worker took over this attempt: do not send a second copy
        raise RuntimeError(f"notification {notification.pk} is no longer ours to send")
    notification.handed_over_at = now


def _record_outcome(notification: Notification, **fields) -> None:
    """Save the attempt's outcome, waiting out a short database outage (a few seconds).

    If the database stays away, the row stays "sending" and is settled later by
    `_settle_interrupted`, which never sends a handed-over message twice.
    """
    for pause in (0, 1, 2, 4):
        time.sleep(pause)
        try:
            Notification.objects.filter(
                pk=notification.pk, attempt_started_at=notification.attempt_started_at
            ).update(**fields)
            return
        except (OperationalError, InterfaceError):
            logger.warning("Could not record notification %s yet", notification.pk)
            _drop_connection()
    raise OperationalError(f"could not record the outcome of notification {notification.pk}")


def _drop_connection() -> None:
    from django.db import connection

    try:
        connection.close()
    except Exception:  # a broken connection may fail to close; it is dropped either way
        logger.debug("Closing a broken database connection failed", exc_info=True)


def notification_send(*, notification_id: int) -> bool:
    """Try to send one queued email once; record the outcome. Returns whether it is sent.

    The attempt is committed as "sending" before the mail server is contacted, the moment
    of handover just before the server can accept it, and "sent" right after; no
    transaction is held open while talking to the server. A failure schedules the next try
    on a slowing schedule (with a queue that can defer, django-tasks-db; otherwise the
    scheduled `retry_notifications` picks it up) until `retry_until`, days later.
    """
    notification = _claim(notification_id)
    if notification is None:
        return Notification.objects.filter(
            pk=notification_id, status=NotificationStatus.SENT
        ).exists()
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=notification.recipient_list,
        headers={"Message-ID": notification.message_id},
    )
    connection = get_connection()
    if getattr(connection, "records_handover", False):
        message.handover = lambda: _record_handover(notification)
    else:
        # A backend that cannot say when it hands over: assume it does at once, so a crash
        # during the send is treated as "may have been sent", never as "send again".
        _record_handover(notification)
    try:
        message.send()
    except DeliveryUnknown as exc:
        _record_outcome(
            notification,
            status=NotificationStatus.UNCONFIRMED,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        logger.warning("Notification %s may have been sent; not retrying", notification.pk)
        return False
    except Exception as exc:  # any other mail failure: the server did not accept it
        now = timezone.now()
        retry_until = notification.retry_until or (
            notification.created_at + timedelta(days=settings.NOTIFICATION_RETRY_DAYS)
        )
        delay = retry_delay(notification.attempts)
        gave_up = now + delay > retry_until
        _record_outcome(
            notification,
            status=NotificationStatus.FAILED if gave_up else NotificationStatus.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            handed_over_at=None,
            next_attempt_at=None if gave_up else now + delay,
        )
        logger.warning(
            "Notification %s for %s failed (attempt %s)%s",
            notification.pk,
            notification.reference,
            notification.attempts,
            "; giving up" if gave_up else "",
        )
        if not gave_up:
            notification_enqueue(notification_id=notification.pk, delay=delay)
        return False
    _record_outcome(
        notification,
        status=NotificationStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    return True


def notifications_recover() -> int:
    """Settle attempts interrupted by a crash (see `_settle_interrupted`); return how many."""
    stale = Notification.objects.filter(
        status=NotificationStatus.SENDING,
        attempt_started_at__lt=timezone.now() - sending_lease(),
    )
    count = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=NotificationStatus.SENDING)
                .first()
            )
            if notification is not None:
                _settle_interrupted(notification)
                count += 1
    return count


def notifications_send_due() -> int:
    """Queue every pending notification whose next try is due (the scheduled safety net)."""
    notifications_recover()
    due = Notification.objects.filter(status=NotificationStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    queued = _queued_notification_ids()
    ids = [pk for pk in due.values_list("pk", flat=True) if pk not in queued]
    for pk in ids:
        notification_enqueue(notification_id=pk)
    return len(ids)


def _queued_notification_ids() -> set[int]:
    """Notifications that already wait in django-tasks-db's queue (not queued twice)."""
    from cancercenter.submissions.tasks import send_notification

    if not isinstance(send_notification.get_backend(), DatabaseBackend):
        return set()
    queued = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path=send_notification.module_path,
    ).values_list("args_kwargs", flat=True)
    return {(entry.get("kwargs") or {}).get("notification_id") for entry in queued}


def notifications_retry(*, queryset=None) -> int:
    """Send unsent notifications now, with a fresh retry window; return how many.

    Without a queryset (`manage.py retry_notifications --now`): pending and failed ones.
    Messages that may already have been delivered ("unconfirmed") are sent again only when
    staff select them in the admin, after checking with the recipient.
    """
    notifications_recover()
    if queryset is None:
        queryset = Notification.objects.filter(
            status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED]
        )
    else:
        queryset = queryset.exclude(
            status__in=[NotificationStatus.SENT, NotificationStatus.SENDING]
        )
    ids = list(queryset.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(
        status=NotificationStatus.PENDING,
        next_attempt_at=None,
        handed_over_at=None,
        retry_until=timezone.now() + timedelta(days=settings.NOTIFICATION_RETRY_DAYS),
    )
    for pk in ids:
        notification_enqueue(notification_id=pk)
    return len(ids)


@transaction.atomic
def submission_set_status(*, submission: Submission, status: str) -> Submission:
    """Move a submission through the queue, stamping when it was closed."""
    submission.status = status
    submission.closed_at = timezone.now() if status == SubmissionStatus.DONE else None
    submission.save(update_fields=["status", "closed_at", "updated_at"])
    signals.submission_status_changed.send(
        sender=type(submission), references=[submission.reference], status=status
    )
    return submission


@transaction.atomic
def submissions_set_status(*, queryset, status: str) -> int:
    """The same move for many submissions at once (admin actions), in one UPDATE."""
    now = timezone.now()
    references = list(queryset.values_list("reference", flat=True))
    count = queryset.update(
        status=status,
        closed_at=now if status == SubmissionStatus.DONE else None,
        updated_at=now,
    )
    signals.submission_status_changed.send(
        sender=queryset.model, references=references, status=status
    )
    return count


def queue_handlers(*, model: type[Submission], include_pk: int | None = None):
    """Active staff who may work this queue: the choices for its "assigned to" field.

    That is superusers and anyone allowed to change the model, directly or through a
    group. `include_pk` keeps a current assignee who has since left the team.
    """
    permission = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        codename=f"change_{model._meta.model_name}",
    )
    may_work = Q(is_active=True, is_staff=True) & (
        Q(is_superuser=True)
        | Q(user_permissions__in=permission)
        | Q(groups__permissions__in=permission)
    )
    if include_pk is not None:
        may_work |= Q(pk=include_pk)
    users = get_user_model().objects
    return users.filter(pk__in=users.filter(may_work).values("pk")).order_by(
        "first_name", "last_name", "username"
    )


def submission_models() -> list[type[Submission]]:
    return [model for model in apps.get_models() if issubclass(model, Submission)]


@transaction.atomic
def submissions_purge(*, days: int, dry_run: bool = False) -> dict[str, int]:
    """Delete closed submissions (and their emails) closed more than `days` ago."""
    cutoff = timezone.now() - timedelta(days=days)
    counts = {}
    for model in submission_models():
        expired = model.objects.filter(status=SubmissionStatus.DONE, closed_at__lt=cutoff)
        counts[str(model._meta.verbose_name_plural)] = expired.count()
        if not dry_run:
            ids = list(expired.values_list("pk", flat=True))
            Notification.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=ids
            ).delete()
            for instance in model.objects.filter(pk__in=ids):
                instance.delete()  # lets models remove their files
    return counts
