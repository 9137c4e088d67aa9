import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cancercenter.submissions.antispam import FormToken
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
    try:
        with transaction.atomic():
            instance.save()
            notifications_queue(submission=instance)
    except IntegrityError:
        # Two simultaneous posts of the same form: the other one won, and it is the same.
        if token is not None:
            existing = model.objects.filter(client_key=token.key).first()
            if existing:
                return existing, False
        raise
    logger.info("Submission %s received", instance.reference)  # never the body
    return instance, True


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
    except Exception:  # the row stays pending; retry_notifications picks it up
        logger.exception("Could not enqueue notification %s", notification_id)


def notification_send(*, notification_id: int) -> bool:
    """Try to send one queued email; record the outcome. Returns whether it was sent.

    With a queue that can defer (django-tasks-db), a failure schedules another try with a
    growing delay; the immediate backend used in development retries at once instead.
    """
    backend_defers = _task_backend_defers()
    tries_now = 1 if backend_defers else settings.NOTIFICATION_MAX_ATTEMPTS
    for _ in range(tries_now):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update().filter(pk=notification_id).first()
            )
            if notification is None or notification.status == NotificationStatus.SENT:
                return True
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                return False
            notification.attempts += 1
            try:
                EmailMessage(
                    subject=notification.subject,
                    body=notification.body,
                    to=notification.recipient_list,
                ).send()
            except Exception as exc:  # any mail failure: record it, keep the row
                notification.last_error = f"{type(exc).__name__}: {exc}"[:500]
                exhausted = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
                notification.status = (
                    NotificationStatus.FAILED if exhausted else NotificationStatus.PENDING
                )
                notification.save(update_fields=["attempts", "last_error", "status"])
                logger.warning(
                    "Notification %s for %s failed (attempt %s)",
                    notification.pk,
                    notification.reference,
                    notification.attempts,
                )
                if exhausted:
                    return False
                continue
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
            return True
    if backend_defers:
        notification_enqueue(
            notification_id=notification_id,
            delay=timedelta(minutes=2 ** min(notification.attempts, 8)),
        )
    return False


def _task_backend_defers() -> bool:
    from cancercenter.submissions.tasks import send_notification

    return send_notification.get_backend().supports_defer


def notifications_retry(*, queryset=None) -> int:
    """Send unsent notifications again with a fresh set of attempts; return how many."""
    queryset = Notification.objects.unsent() if queryset is None else queryset.unsent()
    ids = list(queryset.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(attempts=0, status=NotificationStatus.PENDING)
    for pk in ids:
        notification_enqueue(notification_id=pk)
    return len(ids)


@transaction.atomic
def submission_set_status(*, submission: Submission, status: str) -> Submission:
    """Move a submission through the queue, stamping when it was closed."""
    submission.status = status
    submission.closed_at = timezone.now() if status == SubmissionStatus.DONE else None
    submission.save(update_fields=["status", "closed_at", "updated_at"])
    return submission


@transaction.atomic
def submissions_set_status(*, queryset, status: str) -> int:
    """The same move for many submissions at once (admin actions), in one UPDATE."""
    now = timezone.now()
    return queryset.update(
        status=status,
        closed_at=now if status == SubmissionStatus.DONE else None,
        updated_at=now,
    )


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
