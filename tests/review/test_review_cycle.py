"""The review cycle: a weekly email, once a week, and the admin dashboard's counts."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cancercenter.review.models import ReviewDigest
from cancercenter.review.services import review_cycle_digest_send
from cancercenter.submissions.models import Notification
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

# A Wednesday, in the center's time zone.
WEDNESDAY = date(2026, 12, 2)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def people(django_user_model):
    call_command("setup_roles", stdout=StringIO())
    made = {}
    for group, username in [
        ("Content editors", "editor"),
        ("Medical reviewers", "reviewer"),
        ("Development office", "fundraiser"),
    ]:
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        made[username] = user
    return made


@pytest.fixture
def cycle_topics():
    today = WEDNESDAY
    return {
        "overdue": TopicFactory(
            title="Overdue guide",
            next_review_due=today - timedelta(days=3),
            last_reviewed_on=today - timedelta(days=400),
        ),  # fmt: skip
        # Only its Spanish text is overdue: each language has its own review dates.
        "overdue_es": TopicFactory(
            title="Spanish overdue",
            next_review_due=today + timedelta(200),
            next_review_due_es=today - timedelta(days=1),
        ),  # fmt: skip
        "soon": TopicFactory(title="Soon guide", next_review_due=today + timedelta(days=30)),
        "later": TopicFactory(title="Later guide", next_review_due=today + timedelta(days=31)),
        "never": TopicFactory(title="Undated guide"),
    }


def send(now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return review_cycle_digest_send(now=now)


def test_weekly_email_lists_overdue_and_due_soon_topics_to_editors_and_reviewers(
    people, cycle_topics, django_capture_on_commit_callbacks
):
    digest, report = send(at(WEDNESDAY), django_capture_on_commit_callbacks)
    assert digest.overdue_count == 2 and digest.due_soon_count == 1
    assert report == "Emailed 2 people: 2 overdue, 1 due within 30 days."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["editor@example.org", "reviewer@example.org"]
    assert "2 topics overdue, 1 due within 30 days" in message.subject
    overdue_part, _sep, soon_part = message.body.partition("Due within 30 days:")
    assert "Overdue guide" in overdue_part and "Spanish overdue" in overdue_part
    assert "Soon guide" in soon_part
    assert "Later guide" not in message.body and "Undated guide" not in message.body
    assert "/admin/education/topic/?review=overdue" in message.body


def test_the_email_goes_once_a_week_however_often_maintenance_runs(
    people, cycle_topics, django_capture_on_commit_callbacks
):
    send(at(WEDNESDAY), django_capture_on_commit_callbacks)
    digest, report = send(at(WEDNESDAY, 15), django_capture_on_commit_callbacks)
    assert digest is None and report.startswith("Already sent for the week of 2026-11-30")
    send(at(WEDNESDAY + timedelta(days=4)), django_capture_on_commit_callbacks)  # Sunday
    assert len(mail.outbox) == 1
    send(at(WEDNESDAY + timedelta(days=5)), django_capture_on_commit_callbacks)  # Monday
    assert len(mail.outbox) == 2
    assert list(ReviewDigest.objects.values_list("week_of", flat=True)) == [
        date(2026, 12, 7),
        date(2026, 11, 30),
    ]


def test_no_email_when_nothing_is_due(people, django_capture_on_commit_callbacks):
    TopicFactory(next_review_due=WEDNESDAY + timedelta(days=90))
    digest, report = send(at(WEDNESDAY), django_capture_on_commit_callbacks)
    assert report == "Checked: 0 overdue, 0 due within 30 days; no email (nothing due)."
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_weekday_setting_holds_the_email_until_that_day(
    people, cycle_topics, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_DIGEST_WEEKDAY = 3  # Thursday
    digest, report = send(at(WEDNESDAY), django_capture_on_commit_callbacks)
    assert digest is None and mail.outbox == []
    send(at(WEDNESDAY + timedelta(days=1)), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_run_maintenance_sends_the_digest(people):
    TopicFactory(next_review_due=timezone.localdate() - timedelta(days=1))
    out = StringIO()
    call_command("run_maintenance", stdout=out)
    assert "review_digest: Emailed 2 people: 1 overdue, 0 due within 30 days." in out.getvalue()
    out = StringIO()
    call_command("run_maintenance", stdout=out)
    assert "review_digest: Already sent for the week of" in out.getvalue()
    assert Notification.objects.filter(subject__startswith="Medical review:").count() == 1


def test_dashboard_shows_the_review_cycle_counts_with_links(client, people):
    today = timezone.localdate()
    TopicFactory(title="Late", next_review_due=today - timedelta(days=1))
    TopicFactory(title="Soon", next_review_due=today + timedelta(days=10))
    TopicFactory(title="Soon too", next_review_due=today + timedelta(days=20))
    client.force_login(people["editor"])
    page = client.get("/admin/").content.decode()
    assert "Medical review cycle" in page
    overdue = '?review=overdue">Review overdue</a></th><td>1</td>'
    soon = '?review=due-soon">Due in the next 30 days</a></th><td>2</td>'
    assert overdue in page and soon in page
    listing = client.get("/admin/education/topic/?review=due-soon").content.decode()
    assert "Soon too" in listing and "Late" not in listing
    # Someone without access to topics sees neither block.
    client.force_login(people["fundraiser"])
    page = client.get("/admin/").content.decode()
    assert "Medical review cycle" not in page and "Waiting for me" not in page
