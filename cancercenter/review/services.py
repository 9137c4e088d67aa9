"""Review before publishing: submit, approve (which publishes), send back; and the weekly
review-cycle email. Each action is logged as a ReviewEvent, and the person who submitted the
item is emailed, through the outbox, when it is approved or sent back.

Reviewable models have `review_state`, a `publish_<model>` permission and a translated
`status`. A review covers the item in every language: approval publishes each language
whose text is written (a language with no text stays as it was), and a topic's review date
and reviewer are set for each language published.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cancercenter.review.models import ReviewAction, ReviewDigest, ReviewEvent, ReviewState
from cancercenter.submissions.models import Notification
from cancercenter.submissions.services import new_message_id, notification_enqueue
from education.models import Topic

logger = logging.getLogger(__name__)

PUBLISHED = "published"  # education.models.PublicationStatus.PUBLISHED


class ReviewError(Exception):
    """A review action that does not apply to the item as it is now."""


def can_publish(user, model: type[models.Model]) -> bool:
    """May this user approve and publish items of this model?"""
    opts = model._meta
    return bool(user.is_active and user.has_perm(f"{opts.app_label}.publish_{opts.model_name}"))


def can_edit(user, model: type[models.Model]) -> bool:
    opts = model._meta
    return bool(user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}"))


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _record(*, item, action: str, user, comment: str = "", languages=(), now=None) -> ReviewEvent:
    return ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        action=action,
        actor=user,
        actor_name=display_name(user)[:200],
        at=now or timezone.now(),
        comment=comment.strip(),
        languages=" ".join(languages),
    )


def _set_state(item, state: str) -> None:
    # An UPDATE, not save(): changing the state is not an edit of the text.
    type(item)._default_manager.filter(pk=item.pk).update(review_state=state)
    item.review_state = state


def submitter(item) -> "models.Model | None":
    """Who last submitted the item for review (None if nobody did)."""
    event = (
        ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            action=ReviewAction.SUBMITTED,
        )
        .select_related("actor")
        .first()
    )
    return event.actor if event else None


@transaction.atomic
def review_submit(*, item, user, comment: str = "") -> ReviewEvent:
    """An editor asks for the item to be reviewed and published."""
    if not can_edit(user, type(item)):
        raise PermissionDenied
    if item.review_state == ReviewState.SUBMITTED:
        raise ReviewError(_("This is already waiting for review."))
    _set_state(item, ReviewState.SUBMITTED)
    return _record(item=item, action=ReviewAction.SUBMITTED, user=user, comment=comment)


@transaction.atomic
def review_send_back(*, item, user, comment: str) -> ReviewEvent:
    """A reviewer returns the item to draft with a comment; the submitter is emailed."""
    if not can_publish(user, type(item)):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")}, code="required")
    if item.review_state != ReviewState.SUBMITTED:
        raise ReviewError(_("This is not waiting for review."))
    _set_state(item, ReviewState.DRAFT)
    event = _record(item=item, action=ReviewAction.SENT_BACK, user=user, comment=comment)
    _email_submitter(item=item, event=event, template="emails/review_sent_back.txt")
    return event


def _publishable_languages(item) -> list[str]:
    """The default language, and each other language whose required text is written."""
    required = getattr(item, "translation_required", ("title",))
    return [
        code
        for code in _languages()
        if code == settings.LANGUAGE_CODE
        or all((getattr(item, f"{name}_{code}", "") or "").strip() for name in required)
    ]


@transaction.atomic
def review_approve(
    *,
    item,
    user,
    comment: str = "",
    reviewer_name: str = "",
    next_review_due: date | None = None,
    now: datetime | None = None,
) -> ReviewEvent:
    """A reviewer approves the item, which publishes it (from its publish date: a date to
    come keeps it scheduled). A topic records the review date and the reviewer for each
    language published. Raises ValidationError, changing nothing, if the item cannot be
    published as it is (e.g. a story without written authorization)."""
    model = type(item)
    if not can_publish(user, model):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    if next_review_due is not None and next_review_due <= today:
        raise ValidationError(
            {"next_review_due": _("The next review must come after today.")}, code="past"
        )
    languages = _publishable_languages(item)
    saved = {code: getattr(item, f"status_{code}") for code in _languages()}
    for attempt in (1, 2):
        for code in languages:
            setattr(item, f"status_{code}", PUBLISHED)
        try:
            item.full_clean()
            break
        except ValidationError as error:
            others = [c for c in languages if c != settings.LANGUAGE_CODE]
            translated_only = others and all(
                key.endswith(tuple(f"_{c}" for c in others)) for key in error.message_dict
            )
            for code, status in saved.items():
                setattr(item, f"status_{code}", status)
            if attempt == 2 or not translated_only:
                raise
            # A translation started but unfinished: publish the rest, leave it as it was.
            languages = [settings.LANGUAGE_CODE]
    if hasattr(item, "last_reviewed_by_id"):
        name = (reviewer_name or display_name(user)).strip()[:200]
        for code in languages:
            setattr(item, f"last_reviewed_on_{code}", today)
            setattr(item, f"reviewed_by_{code}", name)
            if next_review_due is not None:
                setattr(item, f"next_review_due_{code}", next_review_due)
        item.last_reviewed_by = user
    item.review_state = ReviewState.APPROVED
    item.save()
    event = _record(
        item=item,
        action=ReviewAction.APPROVED,
        user=user,
        comment=comment,
        languages=languages,
        now=now,
    )
    _email_submitter(item=item, event=event, template="emails/review_approved.txt")
    return event


def review_state_sync(*, items: list, user) -> int:
    """After a publish or unpublish outside the review buttons (the list actions, or a
    status set by someone who may publish): what is published is approved, logged as such;
    what is published in no language goes back to draft. Returns how many changed."""
    changed = 0
    for item in items:
        published = [c for c in _languages() if getattr(item, f"status_{c}") == PUBLISHED]
        if published and item.review_state != ReviewState.APPROVED:
            _set_state(item, ReviewState.APPROVED)
            _record(
                item=item,
                action=ReviewAction.APPROVED,
                user=user,
                comment=_("Published without the review buttons."),
                languages=published,
            )
            changed += 1
        elif not published and item.review_state == ReviewState.APPROVED:
            _set_state(item, ReviewState.DRAFT)
            changed += 1
    return changed


def _admin_url(item) -> str:
    opts = item._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    return settings.CENTER["site_url"].rstrip("/") + path


def _queue_email(*, about, recipients: list[str], template: str, context: dict) -> Notification:
    """Write one staff email to the outbox; it is sent once the transaction commits."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(template, {"center": settings.CENTER, **context}).strip()
    subject, _sep, body = text.partition("\n")
    notification = Notification.objects.create(
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
        reference=about.reference,
        audience=Notification.Audience.STAFF,
        recipients="\n".join(recipients),
        subject=" ".join(subject.split())[:250],
        body=body.strip() + "\n",
        message_id=new_message_id(about.reference),
    )
    transaction.on_commit(
        lambda: notification_enqueue(notification_id=notification.pk), robust=True
    )
    return notification


def _email_submitter(*, item, event: ReviewEvent, template: str) -> Notification | None:
    person = submitter(item)
    if person is None or person.pk == event.actor_id or not person.email:
        return None  # nobody to tell, or the reviewer themself
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "event": event,
        "admin_url": _admin_url(item),
        "scheduled": getattr(item, "published_at", None) and item.published_at > event.at,
    }
    return _queue_email(about=event, recipients=[person.email], template=template, context=context)


# WAITING FOR ME


def waiting_for(queryset: models.QuerySet, user) -> models.QuerySet:
    """The admin's "waiting for me": for those who may publish, what is submitted; for the
    others, what they submitted and a reviewer sent back (their turn again)."""
    model = queryset.model
    if can_publish(user, model):
        return queryset.filter(review_state=ReviewState.SUBMITTED)
    if not can_edit(user, model):
        return queryset.none()
    events = ReviewEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
    )
    return queryset.annotate(
        last_review_action=Subquery(events.values("action")[:1]),
    ).filter(
        Exists(events.filter(action=ReviewAction.SUBMITTED, actor=user)),
        review_state=ReviewState.DRAFT,
        last_review_action=ReviewAction.SENT_BACK,
    )


# THE REVIEW CYCLE


@dataclass
class ReviewCycle:
    """Topics whose medical review is past due or due within 30 days."""

    today: date
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)


def review_cycle(*, today: date | None = None) -> ReviewCycle:
    """The topics of the review cycle, soonest first; the same lists the admin filters show."""
    today = today or timezone.localdate()
    order = [f"next_review_due_{settings.LANGUAGE_CODE}", "pk"]
    overdue = Topic.objects.review_overdue(today=today).order_by(*order)
    due_soon = Topic.objects.review_due_soon(today=today).order_by(*order)
    return ReviewCycle(today=today, overdue=list(overdue), due_soon=list(due_soon))


def review_cycle_recipients() -> list[str]:
    """Active staff who edit or medically review topics (by group or by their own
    permissions), and REVIEW_DIGEST_EXTRA_RECIPIENTS."""
    permissions = Permission.objects.filter(
        content_type__app_label="education", codename__in=["change_topic", "publish_topic"]
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions))
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    addresses = [*users, *settings.REVIEW_DIGEST_EXTRA_RECIPIENTS]
    return list(dict.fromkeys(address.strip() for address in addresses if address.strip()))


def review_cycle_digest_send(*, now: datetime | None = None) -> tuple[ReviewDigest | None, str]:
    """The weekly review-cycle email: once per week (from REVIEW_DIGEST_WEEKDAY on), to
    editors and medical reviewers, when some topic is overdue or due within 30 days.

    Idempotent: a second run in the same week does nothing. Returns (digest, report).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_of = today - timedelta(days=today.weekday())
    if today.weekday() < settings.REVIEW_DIGEST_WEEKDAY:
        return None, "Not this week's day yet."
    if ReviewDigest.objects.filter(week_of=week_of).exists():
        return None, f"Already sent for the week of {week_of.isoformat()}."
    cycle = review_cycle(today=today)
    recipients = review_cycle_recipients() if cycle.overdue or cycle.due_soon else []
    try:
        with transaction.atomic():
            digest = ReviewDigest.objects.create(
                week_of=week_of,
                recipients="\n".join(recipients),
                overdue_count=len(cycle.overdue),
                due_soon_count=len(cycle.due_soon),
            )
            if recipients:
                site = settings.CENTER["site_url"].rstrip("/")
                changelist = site + reverse("admin:education_topic_changelist")
                _queue_email(
                    about=digest,
                    recipients=recipients,
                    template="emails/review_cycle_digest.txt",
                    context={
                        "cycle": cycle,
                        "site_url": site,
                        "overdue_url": changelist + "?review=overdue",
                        "due_soon_url": changelist + "?review=due-soon",
                    },
                )
    except IntegrityError:  # another run made this week's digest at the same moment
        return None, f"Already sent for the week of {week_of.isoformat()}."
    counts = f"{digest.overdue_count} overdue, {digest.due_soon_count} due within 30 days"
    if not recipients:
        reason = "nothing due" if not (cycle.overdue or cycle.due_soon) else "no recipients"
        return digest, f"Checked: {counts}; no email ({reason})."
    return digest, f"Emailed {len(recipients)} people: {counts}."


# Every reviewable model, in the order the admin lists them.
REVIEWABLE = [("education", "topic"), ("stories", "story"), ("pages", "page")]


def reviewable_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [apps.get_model(app_label, model_name) for app_label, model_name in REVIEWABLE]


def waiting_sections(user, *, limit: int = 0) -> list[dict]:
    """Per reviewable model: may the user see it, how many items wait for them, the first
    `limit` of them and the filtered admin list. Two queries a model at most."""
    sections = []
    for model in reviewable_models():
        opts = model._meta
        may_see = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or can_edit(user, model)
        waiting = waiting_for(model._default_manager.all(), user) if may_see else None
        items = list(waiting.order_by("-pk")[:limit]) if waiting is not None and limit else []
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        sections.append(
            {
                "model": model,
                "name": opts.verbose_name_plural,
                "may_see": may_see,
                "may_publish": can_publish(user, model),
                "count": waiting.count() if waiting is not None else 0,
                "items": items,
                "url": f"{changelist}?waiting=me",
                "admin_url_name": f"admin:{opts.app_label}_{opts.model_name}_change",
            }
        )
    return sections


def review_cycle_counts(*, today: date | None = None) -> dict:
    """The admin dashboard's review-cycle block: counts only (two queries)."""
    today = today or timezone.localdate()
    changelist = reverse("admin:education_topic_changelist")
    return {
        "overdue": Topic.objects.review_overdue(today=today).count(),
        "due_soon": Topic.objects.review_due_soon(today=today).count(),
        "overdue_url": f"{changelist}?review=overdue",
        "due_soon_url": f"{changelist}?review=due-soon",
    }
