"""Photos go when their row goes, whichever way it is deleted.

Bulk deletes in the admin skip `Model.delete()`, so files are removed on `post_delete`,
once the deletion is committed (a rolled-back delete keeps its files).
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from stories import images
from stories.models import Story, StorySubmission


@receiver(post_delete, sender=Story, dispatch_uid="stories.story_files")
def delete_story_files(sender, instance: Story, **kwargs) -> None:
    original = instance.photo.name if instance.photo else ""
    renditions = list(instance.photo_renditions or [])

    def remove():
        storage = images.story_photo_storage()
        if original:
            storage.delete(original)
        images.delete_renditions(storage=storage, renditions=renditions)

    transaction.on_commit(remove)


@receiver(post_delete, sender=StorySubmission, dispatch_uid="stories.submission_files")
def delete_submission_photo(sender, instance: StorySubmission, **kwargs) -> None:
    photo = instance.photo.name if instance.photo else ""
    if photo:
        transaction.on_commit(lambda: images.private_storage().delete(photo))
