from django.core.management.base import BaseCommand

from cancercenter.review.services import review_cycle_digest_send


class Command(BaseCommand):
    help = (
        "The weekly review-cycle email to editors and medical reviewers: topics overdue for "
        "medical review and due within 30 days. Run by run_maintenance; sends once a week."
    )

    def handle(self, *args, **options):
        _digest, report = review_cycle_digest_send()
        self.stdout.write(report)
