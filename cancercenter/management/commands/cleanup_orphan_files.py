from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from cancercenter.files import orphan_files_delete


class Command(BaseCommand):
    help = (
        "Delete uploaded files that no row refers to (left by a crash between writing the "
        "file and saving its row). Only upload folders are searched, and only files older "
        "than --min-age-hours. Idempotent; the scheduled maintenance runs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would go.")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1.0,
            help="Leave files younger than this alone (default 1).",
        )

    def handle(self, *args, dry_run: bool, min_age_hours: float, **options):
        if min_age_hours < 0:
            raise CommandError("--min-age-hours must be 0 or more.")
        names = orphan_files_delete(min_age=timedelta(hours=min_age_hours), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for name in names:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(names)} orphaned files.")
