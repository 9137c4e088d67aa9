from django.core.management.base import BaseCommand, CommandError

from trials.ctgov_api import ALLOWED_PARAMS, MAX_PAGE_SIZE, validate_params
from trials.models import SyncProfile
from trials.services import sync_profile_run, trial_changes_digest_send, trial_sync


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise CommandError(f"--param takes NAME=VALUE, got “{text}”")
    return name.strip(), value


class Command(BaseCommand):
    help = (
        "Fetch trials from the ClinicalTrials.gov API v2 (CTGOV_API_URL) and import them like "
        "import_ctgov. With --param, one search; without, every active sync profile. "
        "Exits non-zero if a search stopped or a record failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help=f"a search parameter, repeatable; one of {', '.join(ALLOWED_PARAMS)}",
        )
        parser.add_argument(
            "--no-digest",
            action="store_true",
            help="do not email coordinators the changes found (they wait for the next digest)",
        )
        parser.add_argument(
            "--page-size", type=int, default=MAX_PAGE_SIZE, help="studies per page (max 1000)"
        )

    def handle(self, *args, param: list[str], page_size: int, no_digest: bool, **options):
        if param:
            params = dict(_param(text) for text in param)
            try:
                validate_params(params)
            except ValueError as error:
                raise CommandError(str(error)) from None
            runs = [
                (
                    "search " + " ".join(param),
                    lambda: trial_sync(params=params, page_size=page_size),
                )
            ]
        else:
            profiles = list(SyncProfile.objects.filter(is_active=True))
            if not profiles:
                raise CommandError(
                    "No active sync profile: add one in the admin (Trials › Sync profiles) "
                    "or give a search with --param."
                )
            runs = [
                (
                    f"profile “{profile.name}”",
                    lambda profile=profile: sync_profile_run(profile=profile, page_size=page_size),
                )
                for profile in profiles
            ]
        failed = 0
        for label, run in runs:
            report = run()
            for line in report.lines()[1:]:
                self.stderr.write(f"  {line}")
            style = self.style.SUCCESS if report.ok else self.style.ERROR
            self.stdout.write(style(f"{label}: {report.summary()}"))
            failed += not report.ok
        if not no_digest:
            digest = trial_changes_digest_send()
            if digest:
                self.stdout.write(
                    f"digest {digest.reference}: {digest.change_count} change(s) to "
                    f"{', '.join(digest.recipients.splitlines())}"
                )
        if failed:
            raise CommandError(
                f"{failed} of {len(runs)} search(es) stopped or had failed records; "
                "everything else was imported.",
                returncode=1,
            )
