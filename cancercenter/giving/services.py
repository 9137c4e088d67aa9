from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cancercenter.giving.models import GiftPledge, Tribute
from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.models import Notification
from cancercenter.submissions.services import notifications_queue, submission_create


def gift_pledge_create(*, form_data: dict, token: FormToken | None) -> tuple[GiftPledge, bool]:
    """Save a gift pledge and queue the emails to staff, the donor and anyone to tell."""
    return submission_create(instance=GiftPledge(**form_data), token=token)


def gift_tributes_send(*, queryset) -> int:
    """Tell the people donors asked us to tell, once staff have the gift; return how many.

    Each person is told once: pledges whose tribute email was already queued are skipped.
    """
    already_told = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(GiftPledge),
        audience=Notification.Audience.NOTIFIED,
    ).values("object_id")
    pledges = (
        queryset.exclude(tribute=Tribute.NONE).exclude(notify_email="").exclude(pk__in=already_told)
    )
    count = 0
    with transaction.atomic():
        for pledge in pledges.select_related("fund"):
            notifications_queue(submission=pledge, planned=pledge.tribute_notifications())
            count += 1
    return count
