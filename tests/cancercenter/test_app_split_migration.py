"""An installation from before the app split migrates to the new apps and loses nothing.

The database is taken back to the migrations main had before the split (every model in
the `cancercenter` app), filled there through the historical models, and migrated forward.
Everything runs in the test's transaction, so the database is as it was afterwards.
"""

from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from cancercenter.contact.models import ContactRequest
from cancercenter.giving.models import Fund, GiftPledge
from cancercenter.search.models import SearchSynonym
from cancercenter.submissions.models import Notification

pytestmark = pytest.mark.django_db

# Where main stood before the split: the app's own migrations, none of the new apps'.
BEFORE_SPLIT = [
    ("cancercenter", "0004_phone_and_single_line_validators"),
    ("giving", None),
    ("contact", None),
    ("search", None),
    ("submissions", None),
]
MOVED = {
    "fund": "giving",
    "giftpledge": "giving",
    "contactrequest": "contact",
    "searchsynonym": "search",
    "notification": "submissions",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    executor.loader.build_graph()  # reads what is applied now
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def migrate_back_to_before_the_split():
    old_apps = migrate(BEFORE_SPLIT)
    # A database from then has run the synonym seed under the app's old name.
    MigrationRecorder(connection).record_applied("cancercenter", "0005_seed_search_synonyms")
    return old_apps


def migrate_forward():
    # Rows made above leave deferred foreign-key checks pending in the test's transaction;
    # a later migration that alters one of their tables (submissions 0002) needs them done.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_rows_content_types_permissions_and_links_survive_the_split(django_user_model):
    old_apps = migrate_back_to_before_the_split()
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    old_types = {
        model: OldContentType.objects.get_or_create(app_label="cancercenter", model=model)[0].pk
        for model in MOVED
    }
    fund = old_apps.get_model("cancercenter", "Fund").objects.create(
        name="Transplant program", slug="transplant", order=10
    )
    pledge = old_apps.get_model("cancercenter", "GiftPledge").objects.create(
        reference="G-AAAA-BBBB",
        amount=Decimal("50.00"),
        fund=fund,
        name="Ana Pérez",
        email="ana@example.org",
        address="1 Main St",
    )
    contact = old_apps.get_model("cancercenter", "ContactRequest").objects.create(
        reference="C-AAAA-BBBB",
        topic="travel",
        name="Luis",
        email="luis@example.org",
        message="Where can my family stay?",
        consent=True,
    )
    old_apps.get_model("cancercenter", "SearchSynonym").objects.all().delete()
    old_apps.get_model("cancercenter", "SearchSynonym").objects.create(
        terms=["XRT", "radiotherapy"], note="kept by an editor"
    )
    old_apps.get_model("cancercenter", "Notification").objects.create(
        content_type_id=old_types["giftpledge"],
        object_id=pledge.pk,
        reference=pledge.reference,
        audience="staff",
        recipients="giving@example.org",
        subject="New gift pledge",
        body="See the admin.",
    )
    OldPermission = old_apps.get_model("auth", "Permission")
    team = old_apps.get_model("auth", "Group").objects.create(name="Gift team")
    team.permissions.add(
        OldPermission.objects.get_or_create(
            content_type_id=old_types["giftpledge"],
            codename="view_giftpledge",
            defaults={"name": "Can view gift pledge"},
        )[0]
    )
    user = django_user_model.objects.create_user(username="dev-office", password="pw")
    LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=old_types["contactrequest"],
        object_id=str(contact.pk),
        object_repr=contact.reference,
        action_flag=CHANGE,
    )

    migrate_forward()

    for model, label in MOVED.items():
        content_type = ContentType.objects.get(pk=old_types[model])
        assert (content_type.app_label, content_type.model) == (label, model)
    assert not ContentType.objects.filter(app_label="cancercenter", model__in=MOVED).exists()

    pledge_now = GiftPledge.objects.select_related("fund").get(reference="G-AAAA-BBBB")
    assert (pledge_now.amount, pledge_now.fund.slug) == (Decimal("50.00"), "transplant")
    assert Fund.objects.get(slug="transplant").pledges.get() == pledge_now
    assert ContactRequest.objects.get().message == "Where can my family stay?"
    # (The Spanish groups arrive later, from their own seed migration.)
    english = SearchSynonym.objects.filter(language="en")
    assert list(english.values_list("terms", flat=True)) == [["XRT", "radiotherapy"]]
    assert Notification.objects.get().submission == pledge_now

    user.groups.add(Group.objects.get(name="Gift team"))
    user = django_user_model.objects.get(pk=user.pk)  # no cached permissions
    assert user.has_perm("giving.view_giftpledge")
    assert Permission.objects.filter(content_type__app_label="cancercenter").count() == 0
    assert LogEntry.objects.get().get_edited_object() == ContactRequest.objects.get()


def test_a_synonym_list_its_editors_emptied_stays_empty():
    old_apps = migrate_back_to_before_the_split()
    old_apps.get_model("cancercenter", "SearchSynonym").objects.all().delete()

    migrate_forward()

    assert not SearchSynonym.objects.filter(language="en").exists()


def test_the_split_can_be_undone_with_the_data_in_place():
    Fund.objects.create(name="Research", slug="research")
    fund_type = ContentType.objects.get_for_model(Fund)
    old_apps = migrate(BEFORE_SPLIT)
    assert old_apps.get_model("cancercenter", "Fund").objects.get().slug == "research"
    old_type = old_apps.get_model("contenttypes", "ContentType").objects.get(pk=fund_type.pk)
    assert (old_type.app_label, old_type.model) == ("cancercenter", "fund")
    migrate_forward()
    assert Fund.objects.get().slug == "research"
    assert ContentType.objects.get_for_model(Fund).pk == fund_type.pk
