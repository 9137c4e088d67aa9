"""Writing and pruning the audit trail. Events name records by id and reference, never
by what a person wrote."""

import contextvars
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cancercenter.audit.models import AuditAction, AuditEvent
from cancercenter.submissions.antispam import client_ip

# The status value of a published story or topic (education.models.PublicationStatus).
PUBLISHED = "published"

# The request being served, so events raised deep in a save know who and from where.
current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def _client_ip(request) -> str | None:
    address = client_ip(request) if request is not None else ""
    return address or None


def audit_record(
    *,
    action: AuditAction | str,
    request=None,
    actor=None,
    actor_username: str | None = None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Write one event. Who and from where default to the current request's user."""
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(getattr(obj, "reference", "") or obj.pk)
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_username=(
            actor_username if actor_username is not None else actor.get_username() if actor else ""
        )[:150],
        ip_address=_client_ip(request),
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_label=str(object_label)[:200],
        detail=detail or {},
    )


def audit_prune(*, dry_run: bool = False) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS (0: keep them all); returns how many."""
    days = settings.AUDIT_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The trigger lets this one transaction delete rows older than the cutoff.
            cursor.execute(
                "SELECT set_config('cancercenter.audit_prune_before', %s, true)",
                [cutoff.isoformat()],
            )
        count, _ = old.delete()
    return count


def publication_bulk(*, queryset, change):
    """Run a bulk publish or unpublish (`change()`, an UPDATE that sends no signals) and
    record every record whose publication it changed. Returns what `change()` returned."""
    published = PUBLISHED
    before = dict(queryset.values_list("pk", "status"))
    result = change()
    after = queryset.model.objects.filter(pk__in=before).values_list("pk", "status", "title")
    for pk, status, title in after:
        if (before[pk] == published) != (status == published):
            audit_record(
                action=AuditAction.PUBLISHED if status == published else AuditAction.UNPUBLISHED,
                object_type=queryset.model._meta.label_lower,
                object_id=str(pk),
                object_label=title,
            )
    return result
