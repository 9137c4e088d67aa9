from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cancercenter.contact.models import ContactRequest
from cancercenter.giving.models import GiftPledge
from cancercenter.submissions.models import Notification, SubmissionStatus
from cancercenter.submissions.services import notifications_queue
from tests.factories import GiftPledgeFactory

pytestmark = pytest.mark.django_db


def make_request(status, closed_days_ago=None):
    request = ContactRequest.objects.create(
        topic="other", name="N", email="n@example.org", message="m", consent=True, status=status
    )
    if closed_days_ago is not None:
        request.closed_at = timezone.now() - timedelta(days=closed_days_ago)
        request.save()
    notifications_queue(submission=request)
    return request


def test_purge_deletes_only_closed_submissions_past_retention():
    old_done = make_request(SubmissionStatus.DONE, closed_days_ago=400)
    recent_done = make_request(SubmissionStatus.DONE, closed_days_ago=10)
    old_open = make_request(SubmissionStatus.IN_PROGRESS)
    ContactRequest.objects.filter(pk=old_open.pk).update(
        created_at=timezone.now() - timedelta(days=900)
    )

    out = StringIO()
    call_command("purge_submissions", "--days", "365", "--dry-run", stdout=out)
    assert "Would delete 1 contact requests" in out.getvalue()
    assert ContactRequest.objects.count() == 3

    out = StringIO()
    call_command("purge_submissions", "--days", "365", stdout=out)
    assert "Deleted 1 contact requests" in out.getvalue()
    assert set(ContactRequest.objects.values_list("pk", flat=True)) == {recent_done.pk, old_open.pk}
    assert not Notification.objects.filter(reference=old_done.reference).exists()
    assert Notification.objects.filter(reference=recent_done.reference).exists()


def test_purge_covers_every_kind_of_submission_including_gifts():
    make_request(SubmissionStatus.DONE, closed_days_ago=400)
    old_gift = GiftPledgeFactory(status=SubmissionStatus.DONE)
    GiftPledge.objects.filter(pk=old_gift.pk).update(closed_at=timezone.now() - timedelta(days=400))
    notifications_queue(submission=old_gift)
    open_gift = GiftPledgeFactory(fund=old_gift.fund)

    out = StringIO()
    call_command("purge_submissions", "--days", "365", "--dry-run", stdout=out)
    assert "Would delete 1 gift pledges" in out.getvalue()
    assert "Would delete 1 contact requests" in out.getvalue()

    out = StringIO()
    call_command("purge_submissions", "--days", "365", stdout=out)
    assert "Deleted 1 gift pledges" in out.getvalue()
    assert list(GiftPledge.objects.all()) == [open_gift]
    assert not ContactRequest.objects.exists()
    assert not Notification.objects.filter(reference=old_gift.reference).exists()
