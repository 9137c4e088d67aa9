from django_tasks import task


@task()
def send_notification(notification_id: int) -> bool:
    """Send one email from the outbox (see services.notification_send)."""
    from cancercenter.submissions.services import notification_send

    return notification_send(notification_id=notification_id)
