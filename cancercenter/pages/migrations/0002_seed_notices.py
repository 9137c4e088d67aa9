from django.db import migrations


def seed(apps, schema_editor):
    from cancercenter.pages.notices import seed_notices

    seed_notices(apps.get_model("pages", "Page"))


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
