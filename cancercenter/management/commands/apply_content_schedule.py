from django.core.management.base import BaseCommand
from django.utils import timezone

from cancercenter.pages.services import pages_schedule_apply
from education.services import faqs_schedule_apply, topics_schedule_apply
from stories.services import stories_schedule_apply


def content_schedule_apply(*, now=None) -> str:
    """Carry out every content model's publish and unpublish moments (and story
    authorizations ending); one line of report."""
    now = now or timezone.now()
    parts = [
        f"topics {topics_schedule_apply(now=now)}",
        f"FAQs {faqs_schedule_apply(now=now)}",
        f"pages {pages_schedule_apply(now=now)}",
    ]
    stories, reminded = stories_schedule_apply(now=now)
    parts.append(f"stories {stories}, {len(reminded)} authorization reminders queued")
    return "; ".join(parts) + "."


class Command(BaseCommand):
    help = (
        "Carry out scheduled publishing: content past its unpublish moment (or a story past "
        "its authorization's expiry) goes back to draft, content whose publish moment came "
        "is saved once so lists and caches follow, and editors are reminded of authorizations "
        "ending soon. Idempotent; run hourly by run_maintenance."
    )

    def handle(self, *args, **options):
        self.stdout.write(content_schedule_apply())
