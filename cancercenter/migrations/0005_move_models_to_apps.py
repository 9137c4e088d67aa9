"""Each capability has its own app now: this app's models move out, their data stays.

The new apps (`giving`, `contact`, `search`, `submissions`) take the models over in their
0001 migrations with the same tables (`db_table`), so nothing in the database moves. Here
the models leave this app's state, and their content types are relabelled in place: the
rows keep their ids, so group permissions, admin history and the outbox's links to
submissions (a GenericForeignKey) all still point at the right model.
"""

from django.db import migrations

MOVED = {
    "contactrequest": "contact",
    "fund": "giving",
    "giftpledge": "giving",
    "notification": "submissions",
    "searchsynonym": "search",
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, target in MOVED.items():
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue  # already there: the old row, if any, is left alone
        ContentType.objects.filter(app_label="cancercenter", model=model).update(
            app_label=target
        )


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, source in MOVED.items():
        if not ContentType.objects.filter(app_label="cancercenter", model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(
                app_label="cancercenter"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cancercenter", "0004_phone_and_single_line_validators"),
        ("contact", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("giving", "0001_initial"),
        ("search", "0001_initial"),
        ("submissions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="GiftPledge"),
                migrations.DeleteModel(name="Fund"),
                migrations.DeleteModel(name="ContactRequest"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="SearchSynonym"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
