from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cancercenter.audit import services as audit
from cancercenter.redirects import services as redirects
from cancercenter.worker import tasks_recover


def command_report(name: str, *arguments: str) -> str:
    """Run a management command; its last line of output is the step's report."""
    out = StringIO()
    call_command(name, *arguments, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return lines[-1] if lines else "done"


def prune_task_results(*, dry_run: bool) -> str:
    """django-tasks-db's own pruning, with the count it only logs."""
    days = settings.TASK_RESULT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    count = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).count()
    dry = ["--dry-run"] if dry_run else []
    call_command(
        "prune_db_task_results", "--min-age-days", str(days), "--queue-name", "*", *dry,
        verbosity=0,
    )  # fmt: skip
    return f"{'Would delete' if dry_run else 'Deleted'} {count} finished task results."


def prune_audit_trail(*, dry_run: bool) -> str:
    count = audit.audit_prune(dry_run=dry_run)
    days = settings.AUDIT_RETENTION_DAYS
    return (
        f"{'Would delete' if dry_run else 'Deleted'} {count} audit events older than {days} days."
    )


def prune_missing_paths(*, dry_run: bool) -> str:
    count = redirects.missing_paths_prune(dry_run=dry_run)
    days = redirects.MISSING_PATHS_KEPT_DAYS
    return (
        f"{'Would delete' if dry_run else 'Deleted'} {count} missing-address counts "
        f"older than {days} days."
    )


class Command(BaseCommand):
    help = (
        "The scheduled upkeep, run hourly by a timer (see README, 'Scheduled maintenance'): "
        "scheduled publishing and story authorizations (apply_content_schedule), notification "
        "retries, abandoned tasks, the weekly review-cycle email, retention "
        "(purge_submissions), task-result pruning and orphaned files. Every step is "
        "idempotent and runs even if another fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what the deleting steps would do; send and requeue nothing.",
        )

    def steps(self, *, dry_run: bool) -> list[tuple[str, object]]:
        dry = ["--dry-run"] if dry_run else []
        steps = []
        if not dry_run:
            steps.append(("content_schedule", lambda: command_report("apply_content_schedule")))
            steps.append(("retry_notifications", lambda: command_report("retry_notifications")))
            steps.append(("recover_tasks", lambda: f"Requeued {tasks_recover()} abandoned tasks."))
            # Once a week only, however often maintenance runs (the digest records its week).
            steps.append(("review_digest", lambda: command_report("send_review_digest")))
        if settings.SUBMISSION_RETENTION_DAYS > 0:
            days = str(settings.SUBMISSION_RETENTION_DAYS)
            steps.append(
                (
                    "purge_submissions",
                    lambda: command_report("purge_submissions", "--days", days, *dry),
                )
            )
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            steps.append(("prune_task_results", lambda: prune_task_results(dry_run=dry_run)))
        if settings.AUDIT_RETENTION_DAYS > 0:
            steps.append(("prune_audit_trail", lambda: prune_audit_trail(dry_run=dry_run)))
        steps.append(("prune_missing_paths", lambda: prune_missing_paths(dry_run=dry_run)))
        steps.append(("cleanup_orphan_files", lambda: command_report("cleanup_orphan_files", *dry)))
        return steps

    def handle(self, *args, dry_run: bool, **options):
        failed = []
        for name, step in self.steps(dry_run=dry_run):
            try:
                self.stdout.write(f"{name}: {step()}")
            except Exception as exc:  # one broken step must not stop the others
                failed.append(name)
                self.stderr.write(f"{name}: FAILED ({type(exc).__name__}: {exc})")
        if failed:
            raise CommandError(f"Maintenance steps failed: {', '.join(failed)}")
