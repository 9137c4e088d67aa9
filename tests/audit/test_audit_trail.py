"""The audit trail: each kind of event is written, and the database refuses to change it."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_otp.oath import totp

from cancercenter.audit.models import AuditAction, AuditEvent
from cancercenter.audit.services import audit_prune, audit_record
from cancercenter.contact.models import ContactRequest

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECRET_MESSAGE = "my diagnosis is a secret"


@pytest.fixture
def contact_request():
    return ContactRequest.objects.create(
        topic="billing", name="Pat Doe", email="pat@example.org", message=SECRET_MESSAGE,
        consent=True,
    )  # fmt: skip


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_an_update_or_delete_is_refused_by_the_database():
    event = audit_record(action=AuditAction.LOGIN, actor_username="nurse")
    for statement in (
        "UPDATE audit_auditevent SET actor_username = 'someone else' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="cannot be changed or deleted"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.actor_username == "nurse"


def test_retention_prunes_only_old_events(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    old = AuditEvent.objects.create(action=AuditAction.LOGIN, at=timezone.now() - timedelta(400))
    recent = audit_record(action=AuditAction.LOGIN)
    assert audit_prune(dry_run=True) == 1
    assert audit_prune() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_even_the_pruning_flag_cannot_delete_a_recent_event():
    event = audit_record(action=AuditAction.LOGIN)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('cancercenter.audit_prune_before', %s, true)",
                [(timezone.now() + timedelta(days=1)).isoformat()],
            )
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_maintenance_prunes_the_trail(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.AUDIT_RETENTION_DAYS = 100
    AuditEvent.objects.create(action=AuditAction.LOGIN, at=timezone.now() - timedelta(200))
    out = StringIO()
    call_command("run_maintenance", stdout=out)
    assert "prune_audit_trail: Deleted 1 audit events older than 100 days." in out.getvalue()


def test_sign_in_failure_and_lockout_are_recorded(client, django_user_model):
    django_user_model.objects.create_user(username="nurse", password=PASSWORD, is_staff=True)
    client.post("/admin/login/", {"username": "nurse", "password": PASSWORD},
                REMOTE_ADDR="198.51.100.4")  # fmt: skip
    (login,) = events(AuditAction.LOGIN)
    assert (login.actor_username, login.ip_address) == ("nurse", "198.51.100.4")
    client.logout()
    assert events(AuditAction.LOGOUT)
    for attempt in range(10):
        client.post("/admin/login/", {"username": "nurse", "password": f"x{attempt}"},
                    REMOTE_ADDR="203.0.113.9")  # fmt: skip
    failed = events(AuditAction.LOGIN_FAILED)
    assert len(failed) == 10
    assert failed[0].actor_username == "nurse"
    assert "x1" not in str(failed[0].detail)
    (lockout, *_) = events(AuditAction.LOCKED_OUT)
    assert lockout.ip_address == "203.0.113.9"


def test_mfa_changes_are_recorded(client, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    boss = django_user_model.objects.create_superuser(username="boss", password=PASSWORD)
    client.force_login_without_mfa(boss)
    client.get("/admin/account/two-step/setup/")
    device = TOTPDevice.objects.get(user=boss, confirmed=False)
    client.post("/admin/account/two-step/setup/", {"code": f"{totp(device.bin_key):06d}"})
    added = events(AuditAction.MFA_ADDED)
    assert {e.detail["device"] for e in added} == {"Authenticator app", "Recovery codes"}
    assert all(e.actor_username == "boss" for e in added)
    device.refresh_from_db()
    device.delete()
    assert events(AuditAction.MFA_REMOVED)[0].detail["owner"] == "boss"


def test_group_and_permission_changes_are_recorded(django_user_model):
    user = django_user_model.objects.create_user(username="nurse", is_staff=True)
    group = Group.objects.create(name="Patient concierge")
    user.groups.add(group)
    permission = Permission.objects.get(codename="view_contactrequest")
    group.permissions.add(permission)
    user.user_permissions.add(permission)
    user.groups.clear()
    user.is_superuser = True
    user.save()
    (added, removed) = sorted(events(AuditAction.GROUPS_CHANGED), key=lambda e: e.pk)
    assert added.detail == {"added": ["Patient concierge"]}
    assert removed.detail == {"removed": ["Patient concierge"]}
    perms = events(AuditAction.PERMISSIONS_CHANGED)
    assert len(perms) == 2
    assert perms[0].detail == {"added": ["contact.view_contactrequest"]}
    flags = events(AuditAction.ACCOUNT_CHANGED)
    assert flags[0].detail == {"created": False, "is_superuser": True}


def test_queue_views_exports_and_status_changes_are_recorded(staff_client, contact_request):
    page = f"/admin/contact/contactrequest/{contact_request.pk}/change/"
    assert staff_client.get(page).status_code == HTTPStatus.OK
    (viewed,) = events(AuditAction.SUBMISSION_VIEWED)
    assert (viewed.actor_username, viewed.object_label) == ("staff", contact_request.reference)
    assert viewed.object_type == "contact.contactrequest"

    staff_client.post(
        "/admin/contact/contactrequest/",
        {"action": "export_csv", "_selected_action": [contact_request.pk]},
    )
    (exported,) = events(AuditAction.EXPORTED)
    assert exported.detail == {"references": [contact_request.reference]}

    staff_client.post(
        "/admin/contact/contactrequest/",
        {"action": "mark_done", "_selected_action": [contact_request.pk]},
    )
    (status,) = events(AuditAction.STATUS_CHANGED)
    assert status.detail == {"references": [contact_request.reference], "status": "done"}

    everything = str(list(AuditEvent.objects.values()))
    assert SECRET_MESSAGE not in everything
    assert "Pat Doe" not in everything and "pat@example.org" not in everything


def test_photo_views_are_recorded(staff_client):
    from django.core.files.base import ContentFile

    from stories.models import StorySubmission

    submission = StorySubmission(name="Ana", email="ana@example.org", story="A story",
                                 consent=True)  # fmt: skip
    submission.photo.save("ana.jpg", ContentFile(b"\xff\xd8\xff photo"), save=False)
    submission.save()
    response = staff_client.get(f"/admin/stories/storysubmission/{submission.pk}/photo/")
    assert response.status_code == HTTPStatus.OK
    (viewed,) = events(AuditAction.PHOTO_VIEWED)
    assert viewed.object_label == submission.reference


def test_publish_and_unpublish_are_recorded(staff_client):
    from education.models import PublicationStatus
    from tests.factories import TopicFactory

    topic = TopicFactory(status=PublicationStatus.DRAFT)
    changelist = "/admin/education/topic/"
    staff_client.post(changelist, {"action": "publish", "_selected_action": [topic.pk]})
    staff_client.post(changelist, {"action": "unpublish", "_selected_action": [topic.pk]})
    topic.status = PublicationStatus.PUBLISHED
    topic.save()
    assert [e.action for e in AuditEvent.objects.order_by("pk") if "publish" in e.action] == [
        "published", "unpublished", "published",
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="published").first().object_label == topic.title


def test_only_superusers_read_the_trail_and_nobody_edits_it(client, django_user_model):
    event = audit_record(action=AuditAction.LOGIN, actor_username="nurse")
    staff = django_user_model.objects.create_user(username="editor", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="audit"))
    client.force_login(staff)
    assert client.get("/admin/audit/auditevent/").status_code == HTTPStatus.FORBIDDEN
    boss = django_user_model.objects.create_superuser(username="boss", password=PASSWORD)
    client.force_login(boss)
    listing = client.get("/admin/audit/auditevent/?action__exact=login")
    assert listing.status_code == HTTPStatus.OK
    assert "nurse" in listing.text
    detail = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert detail.status_code == HTTPStatus.OK
    assert 'name="_save"' not in detail.text
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
