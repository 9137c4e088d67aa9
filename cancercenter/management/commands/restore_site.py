from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cancercenter import pagecache
from cancercenter.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and both media folders by a backup folder made by "
        "backup_site. Stop the web server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder made by backup_site.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip

    def handle(self, *args, folder: str, interactive: bool, **options):
        path = Path(folder).resolve()
        if interactive:
            answer = input(
                f"This replaces the database and the media folders with {path}. Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restored = backup_restore(folder=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        pagecache.content_changed()  # the pages cached before show the replaced content
        self.stdout.write(f"Restored {', '.join(restored)} from {path}")
