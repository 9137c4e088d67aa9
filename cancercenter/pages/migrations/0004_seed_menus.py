from django.db import migrations


def seed(apps, schema_editor):
    from cancercenter.pages.menus import seed_menus

    seed_menus(
        apps.get_model("pages", "Menu"),
        apps.get_model("pages", "MenuItem"),
        apps.get_model("pages", "Page"),
    )


class Migration(migrations.Migration):
    """Today's navigation as menus, so nothing changes for a site until staff edit them."""

    dependencies = [("pages", "0003_menus")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
