"""Writes with side effects for stories: photos, publishing, shared stories and drafts."""

from django.core.files.base import File
from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.models import SubmissionStatus
from cancercenter.submissions.services import submission_create, submission_set_status
from education import revisions
from education.models import PublicationStatus
from stories import images
from stories.models import HAS_WRITTEN_AUTHORIZATION, Story, StorySubmission


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
    pending = stories.exclude(status=PublicationStatus.PUBLISHED)
    refused = list(pending.exclude(HAS_WRITTEN_AUTHORIZATION))
    now = timezone.now()
    publishable = pending.exclude(pk__in=[story.pk for story in refused])
    pks = list(publishable.values_list("pk", flat=True))
    count = Story.objects.filter(pk__in=pks).update(
        status=PublicationStatus.PUBLISHED,
        # A draft's date is when it was started: published now, it shows today's date
        # (in the list, the feed and the sitemap). A date set in the future is kept.
        published_at=Greatest(F("published_at"), Value(now)),
        updated_at=now,
    )
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
