from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trials.services import trial_import_paths


class Command(BaseCommand):
    help = (
        "Import ClinicalTrials.gov API v2 JSON: files or folders (read recursively), each a "
        "study object or an API page. Upserts by NCT id and keeps staff-owned fields. "
        "Exits non-zero if any record failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *args, paths: list[Path], **options):
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        report = trial_import_paths(paths=paths)
        for failure in report.failed:
            self.stderr.write(f"FAILED {failure.source}: {failure.reason}")
        style = self.style.SUCCESS if report.ok else self.style.ERROR
        self.stdout.write(style(report.summary()))
        if not report.ok:
            raise CommandError(
                f"{len(report.failed)} record(s) failed; the others were imported.", returncode=1
            )
