from django.core.management.base import BaseCommand, CommandError

from cancercenter.submissions.services import submissions_purge


class Command(BaseCommand):
    help = (
        "Delete closed (done) form submissions of every kind that were closed more than "
        "--days days ago, with their queued emails. Open submissions are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True, help="Retention period in days.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be deleted."
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        counts = submissions_purge(days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for kind, count in counts.items():
            self.stdout.write(f"{verb} {count} {kind}")
        self.stdout.write(f"{verb} {sum(counts.values())} submissions in all.")
