from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cancercenter.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump) and both media folders into a new dated folder "
        "under --output (default backups/). Restore with restore_site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="Where backup folders go.")

    def handle(self, *args, output: str, **options):
        try:
            folder = backup_create(destination=Path(output).resolve())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {folder}")
