from django_tasks_db.management.commands import db_worker

from cancercenter.worker import ResilientWorker


class Command(db_worker.Command):
    help = (
        "Run the background worker (django-tasks-db's db_worker, with the same options) so "
        "that it survives database outages and requeues tasks a dead worker left running. "
        "Give it a stable --worker-id per service so a restart requeues its own tasks at once."
    )

    def handle(self, *args, **options):
        # The upstream command builds its Worker by name; build ours with the same options.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
