"""Staff roles: each team sees its own queues and nothing else, in the real admin."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from cancercenter.contact.models import ContactRequest
from cancercenter.roles import ROLES
from cancercenter.submissions.models import Notification
from cancercenter.submissions.services import notifications_queue
from tests.factories import GiftPledgeFactory, TopicFactory

pytestmark = pytest.mark.django_db

GIFTS = "/admin/giving/giftpledge/"
CONTACTS = "/admin/contact/contactrequest/"
FUNDS = "/admin/giving/fund/"
TOPICS = "/admin/education/topic/"
NOTIFICATIONS = "/admin/submissions/notification/"


@pytest.fixture
def roles():
    call_command("setup_roles", stdout=StringIO())


@pytest.fixture
def member(client, django_user_model, roles):
    """Log in as a staff member of one group (a real user, through the real admin)."""

    def login(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower().replace(" ", "-"), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return client

    return login


@pytest.fixture
def submissions():
    pledge = GiftPledgeFactory()
    contact = ContactRequest.objects.create(
        topic="travel", name="Ana", email="ana@example.org", message="m", consent=True
    )
    notifications_queue(submission=pledge)
    notifications_queue(submission=contact)
    return pledge, contact


def test_setup_roles_is_idempotent_and_resets_hand_made_changes():
    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert "Created Development office" in out.getvalue()
    # Apps still being built are skipped by name, and picked up on a later run.
    for role in ROLES:
        for app_label, model_name, _actions in role.permissions:
            labels = {config.label for config in apps.get_app_configs()}
            installed = app_label in labels and model_name in {
                m._meta.model_name for m in apps.get_app_config(app_label).get_models()
            }
            skipped = f"Skipped {app_label}.{model_name}: not installed yet" in out.getvalue()
            assert skipped != installed, (app_label, model_name)
    before = {g.name: set(g.permissions.values_list("codename", flat=True))
              for g in Group.objects.all()}  # fmt: skip
    office = Group.objects.get(name="Development office")
    office.permissions.add(Permission.objects.get(codename="delete_giftpledge"))

    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert "Updated Development office" in out.getvalue()
    after = {g.name: set(g.permissions.values_list("codename", flat=True))
             for g in Group.objects.all()}  # fmt: skip
    assert after == before
    assert set(after) == {role.name for role in ROLES}


def test_development_office_has_exactly_the_gift_permissions(roles):
    office = Group.objects.get(name="Development office")
    assert set(office.permissions.values_list("codename", flat=True)) == {
        "view_giftpledge", "change_giftpledge",
        "view_fund", "add_fund", "change_fund",
        "view_notification", "change_notification",
    }  # fmt: skip


def test_development_office_sees_gifts_but_not_contact_requests(member, submissions):
    pledge, contact = submissions
    client = member("Development office")
    assert client.get(GIFTS).status_code == HTTPStatus.OK
    assert client.get(f"{GIFTS}{pledge.pk}/change/").status_code == HTTPStatus.OK
    assert client.get(FUNDS).status_code == HTTPStatus.OK
    assert client.get(CONTACTS).status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"{CONTACTS}{contact.pk}/change/").status_code == HTTPStatus.FORBIDDEN
    assert client.get(TOPICS).status_code == HTTPStatus.FORBIDDEN
    index = client.get("/admin/").content.decode()
    assert "Gift pledges" in index and "Funds" in index
    assert "Contact requests" not in index and "Topics" not in index
    # Gifts come only from the public form; pledges are not deleted by hand either.
    assert client.get(f"{GIFTS}{pledge.pk}/delete/").status_code == HTTPStatus.FORBIDDEN


def test_patient_concierge_sees_contact_requests_but_not_gifts(member, submissions):
    pledge, contact = submissions
    client = member("Patient concierge")
    assert client.get(CONTACTS).status_code == HTTPStatus.OK
    assert client.get(f"{CONTACTS}{contact.pk}/change/").status_code == HTTPStatus.OK
    assert client.get(GIFTS).status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"{GIFTS}{pledge.pk}/change/").status_code == HTTPStatus.FORBIDDEN
    assert client.get(FUNDS).status_code == HTTPStatus.FORBIDDEN
    index = client.get("/admin/").content.decode()
    assert "Contact requests" in index
    assert "Gift pledges" not in index and "Funds" not in index


def test_content_editors_edit_content_and_see_no_queue(member, submissions):
    topic = TopicFactory()
    client = member("Content editors")
    assert client.get(TOPICS).status_code == HTTPStatus.OK
    assert client.get(f"{TOPICS}{topic.pk}/change/").status_code == HTTPStatus.OK
    for url in (GIFTS, CONTACTS, FUNDS, NOTIFICATIONS):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    index = client.get("/admin/").content.decode()
    assert "Topics" in index
    for queue in ("Gift pledges", "Contact requests", "Notifications"):
        assert queue not in index


def test_each_team_sees_only_its_own_emails_in_the_outbox(member, submissions):
    pledge, contact = submissions
    client = member("Development office")
    response = client.get(NOTIFICATIONS)
    assert response.status_code == HTTPStatus.OK
    shown = {n.reference for n in response.context["cl"].result_list}
    assert shown == {pledge.reference}
    body = response.content.decode()
    assert contact.reference not in body
    assert "contact request" not in body.lower()  # not even as a filter choice
    hidden = Notification.objects.filter(reference=contact.reference).first()
    # Another team's email is "not found", as if it did not exist.
    assert client.get(f"{NOTIFICATIONS}{hidden.pk}/change/").status_code == HTTPStatus.FOUND

    client = member("Patient concierge")
    shown = {n.reference for n in client.get(NOTIFICATIONS).context["cl"].result_list}
    assert shown == {contact.reference}


def test_superusers_see_every_email(staff_client, submissions):
    pledge, contact = submissions
    shown = {n.reference for n in staff_client.get(NOTIFICATIONS).context["cl"].result_list}
    assert shown == {pledge.reference, contact.reference}


def test_assignee_choices_are_the_people_who_handle_that_queue(
    member, submissions, django_user_model
):
    pledge, contact = submissions
    client = member("Patient concierge")  # logs in as "patient-concierge"
    for name in ["Development office", "Content editors"]:
        other = django_user_model.objects.create_user(username=name, is_staff=True)
        other.groups.add(Group.objects.get(name=name))
    django_user_model.objects.create_user(username="inactive-concierge", is_staff=True,
                                          is_active=False).groups.add(
        Group.objects.get(name="Patient concierge"))  # fmt: skip
    django_user_model.objects.create_superuser(username="admin", password="pw")

    form = client.get(f"{CONTACTS}{contact.pk}/change/").context["adminform"].form
    choices = {user.username for user in form.fields["assignee"].queryset}
    assert choices == {"patient-concierge", "admin"}

    # Someone who has left the team stays on the records they were given.
    leaver = django_user_model.objects.get(username="Development office")
    ContactRequest.objects.filter(pk=contact.pk).update(assignee=leaver)
    form = client.get(f"{CONTACTS}{contact.pk}/change/").context["adminform"].form
    assert "Development office" in {user.username for user in form.fields["assignee"].queryset}


def test_queue_filters_do_not_list_every_account(member, submissions, django_user_model):
    pledge, contact = submissions
    client = member("Patient concierge")
    django_user_model.objects.create_user(username="dev-office-lee", is_staff=True)
    body = client.get(CONTACTS).content.decode()
    assert "dev-office-lee" not in body
    ContactRequest.objects.filter(pk=contact.pk).update(
        assignee=django_user_model.objects.get(username="patient-concierge")
    )
    assert "patient-concierge" in client.get(CONTACTS).content.decode()


QUEUES = {
    "gifts": GIFTS,
    "contacts": CONTACTS,
    "inquiries": "/admin/trials/trialinquiry/",
    "story submissions": "/admin/stories/storysubmission/",
    "appointments": "/admin/care/appointmentrequest/",
    "referrals": "/admin/care/referral/",
}


@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        ("Development office", {"gifts"}),
        ("Patient concierge", {"contacts", "story submissions"}),
        ("Trial coordinators", {"inquiries"}),
        ("Content editors", set()),
        ("Appointment center", {"appointments", "referrals"}),
    ],
)
def test_each_team_opens_exactly_its_own_queues(member, group, allowed):
    client = member(group)
    for queue, url in QUEUES.items():
        expected = HTTPStatus.OK if queue in allowed else HTTPStatus.FORBIDDEN
        assert client.get(url).status_code == expected, (group, queue)


def test_make_run_sets_up_the_roles_before_serving():
    """The demo that `make run` serves has the staff groups the README describes."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    plan = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    steps = [line for line in plan.splitlines() if "manage.py" in line]
    names = [line.split("manage.py", 1)[1].split()[0] for line in steps]
    assert "setup_roles" in names
    assert names.index("migrate") < names.index("setup_roles") < names.index("runserver")
