from django_tasks import task


@task()
def import_upload(upload_id: int) -> str:
    """Import one file staff uploaded (see services.trial_upload_import)."""
    from trials.services import trial_upload_import

    return trial_upload_import(upload_id=upload_id)
