from pathlib import Path

from django.core.management.base import BaseCommand

from education.glossary import DEFAULT_PATH, glossary_import


class Command(BaseCommand):
    help = "Load the NCI Dictionary of Cancer Terms (idempotent; staff edits are kept)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", type=Path, default=DEFAULT_PATH, help="a JSON-lines file"
        )

    def handle(self, *args, path: Path, **options):
        report = glossary_import(path=path)
        self.stdout.write(f"Glossary: {report}.")
        for problem in report.skipped[:20]:
            self.stderr.write(f"  skipped {problem}")
