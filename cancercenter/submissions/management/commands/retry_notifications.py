from django.core.management.base import BaseCommand

from cancercenter.submissions.models import Notification, NotificationStatus
from cancercenter.submissions.services import notifications_retry


class Command(BaseCommand):
    help = "Queue every unsent notification email again (after fixing the mail server)."

    def handle(self, *args, **options):
        count = notifications_retry()
        failed = Notification.objects.filter(status=NotificationStatus.FAILED).count()
        self.stdout.write(f"Queued {count} notifications again; {failed} are still failing.")
