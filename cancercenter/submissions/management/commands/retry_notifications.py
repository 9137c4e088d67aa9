from django.core.management.base import BaseCommand

from cancercenter.submissions.models import Notification
from cancercenter.submissions.services import notifications_retry, notifications_send_due


class Command(BaseCommand):
    help = (
        "Queue the notification emails whose next try is due, after settling tries a crash "
        "interrupted. Idempotent; the scheduled maintenance runs it. --now: every pending or "
        "failed email at once, with a fresh retry window (after fixing the mail server). "
        "Emails that may already have been delivered are never sent again from here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send every pending or failed email now, not only those that are due.",
        )

    def handle(self, *args, now: bool, **options):
        count = notifications_retry() if now else notifications_send_due()
        attention = Notification.objects.needing_attention().count()
        self.stdout.write(f"Queued {count} notifications; {attention} need attention.")
