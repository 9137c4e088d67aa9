"""Writes with side effects for stories: photos, publishing, shared stories and drafts."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.models import Notification, SubmissionStatus
from cancercenter.submissions.services import (
    new_message_id,
    notification_enqueue,
    queue_handlers,
    submission_create,
    submission_set_status,
)
from education import revisions, scheduling
from education.models import PublicationStatus
from stories import images
from stories.models import (
    ConsentKind,
    Story,
    StoryConsent,
    StorySubmission,
    consent_current,
)


@transaction.atomic
def story_photo_renditions_refresh(*, story: Story, replaced_original=None) -> Story:
    """Make the responsive sizes of the story's (already clean) photo, replacing old ones.

    `replaced_original` is the photo file it replaced, if any: it is deleted too, so a
    removed photo does not stay reachable at its old address.
    """
    storage = images.story_photo_storage()
    old = story.photo_renditions
    replaced = getattr(replaced_original, "name", replaced_original) or ""
    if replaced and replaced != story.photo.name:
        transaction.on_commit(lambda: storage.delete(replaced))
    if story.photo:
        story.photo_renditions = images.make_renditions(storage=storage, name=story.photo.name)
        story.photo_width, story.photo_height = images.image_size(story.photo)
    else:
        story.photo_renditions = []
        story.photo_width = story.photo_height = None
    story.full_clean()
    story.save(update_fields=["photo_renditions", "photo_width", "photo_height", "body_html"])
    # Delete only after the new names are safely recorded.
    transaction.on_commit(lambda: images.delete_renditions(storage=storage, renditions=old))
    return story_photo_storage_sync(story=story)


@transaction.atomic
def story_photo_storage_sync(*, story: Story) -> Story:
    """Put the story's photo where its status says: public media once the story is
    published, private storage (staff only) while it is not. Call after any status change."""
    name, renditions, old_names = images.photo_files_move(
        name=story.photo.name if story.photo else "",
        renditions=story.photo_renditions,
        public=story.is_public_status,
    )
    if not old_names:
        return story
    Story.objects.filter(pk=story.pk).update(photo=name, photo_renditions=renditions)
    story.photo.name, story.photo_renditions = name, renditions
    storage = images.story_photo_storage()

    def remove_old() -> None:
        for old in old_names:
            storage.delete(old)

    # The old copies go only once the new names are committed.
    transaction.on_commit(remove_old)
    return story


def _photos_sync(pks) -> None:
    for story in (
        Story.objects.filter(pk__in=list(pks))
        .exclude(photo="")
        .only("pk", "photo", "photo_renditions", "status_en", "status_es")
    ):
        story_photo_storage_sync(story=story)


@transaction.atomic
def story_photo_set(*, story: Story, upload: File, alt: str, credit: str = "") -> Story:
    """Check and clean an uploaded photo, store it on the story and make its sizes."""
    replaced = story.photo.name if story.photo else ""
    story.photo = images.clean_image(upload)
    story.photo_alt = alt
    story.photo_credit = credit
    story.full_clean()
    story.save()
    return story_photo_renditions_refresh(story=story, replaced_original=replaced)


@transaction.atomic
def stories_publish(*, stories: QuerySet[Story]) -> tuple[int, list[Story]]:
    """Publish the given stories that carry written authorization; return (count, refused)."""
    now = timezone.now()
    pending = stories.exclude(status=PublicationStatus.PUBLISHED)
    # Written authorization on file, with an expiry still ahead, and not revoked.
    refused = list(pending.exclude(consent_current(timezone.localdate(now))))
    publishable = pending.exclude(pk__in=[story.pk for story in refused])
    pks = list(publishable.values_list("pk", flat=True))
    count = Story.objects.filter(pk__in=pks).update(
        status=PublicationStatus.PUBLISHED,
        # A draft's date is when it was started: published now, it shows today's date
        # (in the list, the feed and the sitemap). A date set in the future is kept.
        published_at=Greatest(F("published_at"), Value(now)),
        updated_at=now,
    )
    scheduling.passed_unpublish_clear(Story.objects.filter(pk__in=pks), now=now)
    _photos_sync(pks)
    revisions.versions_record(objects=Story.objects.filter(pk__in=pks), comment=_("Published"))
    return count, refused


@transaction.atomic
def stories_unpublish(*, stories: QuerySet[Story]) -> int:
    """Put the given stories back to draft; their photos leave public media."""
    pks = list(stories.values_list("pk", flat=True))
    count = Story.objects.filter(pk__in=pks).update(
        status=PublicationStatus.DRAFT, updated_at=timezone.now()
    )
    _photos_sync(pks)
    revisions.versions_record(
        objects=Story.objects.filter(pk__in=pks), comment=_("Unpublished (back to draft)")
    )
    return count


def _authorization_fields(story: Story) -> tuple:
    return (story.consent_received_on, story.consent_reference.strip(), story.consent_expires_on)


@transaction.atomic
def story_save(*, story: Story, user=None) -> Story:
    """Save a story edited in the admin (already validated): a new authorization received
    after a revocation lifts it, and a changed authorization joins the consent history."""
    revoked = story.consent_revoked_on
    if revoked and story.consent_received_on and story.consent_received_on > revoked:
        story.consent_revoked_on = None
    story.save()
    story_consent_record(story=story, user=user, after_revocation=bool(revoked))
    return story


def story_consent_record(*, story: Story, user=None, after_revocation: bool = False):
    """Add the story's current authorization to its history, if it is not the last one
    recorded. The first one (or the first after a revocation) is an authorization, later
    changes are renewals."""
    received, reference, expires = _authorization_fields(story)
    if not received:
        return None
    last = (
        StoryConsent.objects.filter(story=story)
        .exclude(kind=ConsentKind.REVOCATION)
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if last is not None and (last.received_on, last.reference, last.expires_on) == (
        received,
        reference,
        expires,
    ):
        return None
    kind = (
        ConsentKind.AUTHORIZATION
        if last is None or after_revocation or last.received_on != received
        else ConsentKind.RENEWAL
    )
    return StoryConsent.objects.create(
        story=story,
        kind=kind,
        received_on=received,
        reference=reference,
        expires_on=expires,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def story_consent_revoke(
    *, story: Story, revoked_on: date, method: str, note: str = "", user=None
) -> StoryConsent:
    """Record that the patient revoked the authorization: the story leaves the site at once
    (back to draft in every language) and its photo leaves public media."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    record = StoryConsent(
        story=story,
        kind=ConsentKind.REVOCATION,
        received_on=revoked_on,
        reference=story.consent_reference,
        expires_on=story.consent_expires_on,
        method=method,
        note=note,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    record.full_clean()
    record.save()
    story.consent_revoked_on = revoked_on
    story.status_en = story.status_es = PublicationStatus.DRAFT
    # A full save: the audit trail and any cache listening for saves see it.
    story.save(update_fields=["status_en", "status_es", "consent_revoked_on", "updated_at"])
    story_photo_storage_sync(story=story)
    return record


def stories_schedule_apply(
    *, now: datetime | None = None
) -> tuple[scheduling.ScheduleReport, list[Story]]:
    """The stories' part of the scheduled upkeep: past their unpublish moment or their
    authorization's expiry, back to draft with their photos out of public media; past
    their publish moment, saved once; and the reminders of authorizations ending soon."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = scheduling.schedule_apply(Story, now=now, extra_due=Q(consent_expires_on__lte=today))
    for story in report.unpublished:
        story_photo_storage_sync(story=story)
    return report, story_consent_reminders_send(today=today)


def consent_reminder_recipients() -> list[str]:
    if settings.STORY_CONSENT_REMINDER_EMAILS:
        return list(settings.STORY_CONSENT_REMINDER_EMAILS)
    editors = queue_handlers(model=Story).exclude(email="").values_list("email", flat=True)
    return sorted(set(editors)) or [settings.CENTER["email"]]


def story_consent_reminders_send(*, today: date | None = None) -> list[Story]:
    """Email editors, through the outbox, about each published story whose authorization
    ends within STORY_CONSENT_REMINDER_DAYS: once per story and expiry date."""
    today = today or timezone.localdate()
    due = Story.objects.consent_expiring(
        within_days=settings.STORY_CONSENT_REMINDER_DAYS, today=today
    ).filter(
        Q(consent_reminder_sent_for__isnull=True)
        | ~Q(consent_reminder_sent_for=F("consent_expires_on"))
    )
    pks = list(due.values_list("pk", flat=True))
    if not pks:
        return []
    recipients = consent_reminder_recipients()
    site = settings.CENTER["site_url"].rstrip("/")
    content_type = ContentType.objects.get_for_model(Story)
    reminded = []
    for pk in pks:
        with transaction.atomic():
            story = due.select_for_update(skip_locked=True).filter(pk=pk).first()
            if story is None:
                continue
            reference = f"STORY{story.pk}"[:20]
            context = {
                "story": story,
                "days": (story.consent_expires_on - today).days,
                "center": settings.CENTER,
                "site_url": site,
                "admin_url": site + story.get_admin_url(),
            }
            with translation.override(settings.LANGUAGE_CODE):
                text = render_to_string("emails/story_consent_expiring.txt", context).strip()
            subject, _sep, body = text.partition("\n")
            notification = Notification.objects.create(
                content_type=content_type,
                object_id=story.pk,
                reference=reference,
                audience=Notification.Audience.STAFF,
                recipients="\n".join(recipients),
                subject=" ".join(subject.split())[:250],
                body=body.strip() + "\n",
                message_id=new_message_id(reference),
            )
            Story.objects.filter(pk=story.pk).update(
                consent_reminder_sent_for=story.consent_expires_on
            )
            transaction.on_commit(
                lambda pk=notification.pk: notification_enqueue(notification_id=pk), robust=True
            )
            reminded.append(story)
    return reminded


def story_submission_create(
    *, form_data: dict, token: FormToken | None
) -> tuple[StorySubmission, bool]:
    """Save a shared story (photo kept private) and queue the emails to staff and the person."""
    return submission_create(instance=StorySubmission(**form_data), token=token)


def _unique_slug(base: str) -> str:
    base = slugify(base)[:180] or "story"
    slug, n = base, 2
    while Story.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def story_create_from_submission(*, submission: StorySubmission) -> Story:
    """Turn a submission into a draft story for editors, copying its text and photo.

    The draft carries no authorization dates, so it cannot be published until staff have
    received the person's written authorization and entered it. Running it twice returns
    the same draft.
    """
    submission = StorySubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.draft_story_id:
        return submission.draft_story
    text = submission.story
    # Only the first name, and no name in the address: if an editor publishes without
    # changing them, nothing more of the person is public than a first name.
    first_name = (submission.name.split() or [""])[0]
    story = Story(
        title=_("%(name)s’s story") % {"name": Truncator(first_name).chars(150)},
        slug=_unique_slug(f"story {submission.reference}"),
        display_name=Truncator(first_name).chars(120),
        teaser=Truncator(" ".join(text.split())).chars(280),
        body=text,
        status=PublicationStatus.DRAFT,
    )
    if submission.photo:
        with submission.photo.open("rb") as private_file:
            story.photo = images.clean_image(private_file)
        story.photo_alt = submission.photo_description or _("Photo shared by %(name)s") % {
            "name": Truncator(first_name).chars(120)
        }
    story.full_clean()
    story.save()
    if submission.cancer_type_id:
        story.cancer_types.add(submission.cancer_type_id)
    if submission.treatment_id:
        story.treatments.add(submission.treatment_id)
    if story.photo:
        story_photo_renditions_refresh(story=story)
    submission.draft_story = story
    submission.save(update_fields=["draft_story", "updated_at"])
    if submission.status == SubmissionStatus.NEW:
        submission_set_status(submission=submission, status=SubmissionStatus.IN_PROGRESS)
    return story
