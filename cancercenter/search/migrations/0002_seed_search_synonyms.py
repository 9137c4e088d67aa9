"""Seed the medical synonym groups every center needs, so search works on day one.

Editors extend or change them in the admin. The list is frozen here, as migrations must
be; `load_demo_content` adds nothing once these exist.
"""

from django.db import migrations

GROUPS = [
    (["CAR T", "CAR-T", "chimeric antigen receptor"], "CAR T-cell therapy"),
    (
        [
            "stem cell transplant",
            "bone marrow transplant",
            "BMT",
            "HSCT",
            "blood stem cell transplant",
        ],
        "Transplant, in the words patients and doctors use",
    ),
    (
        ["checkpoint inhibitor", "PD-1", "immunotherapy drug", "PD-L1", "CTLA-4"],
        "Checkpoint inhibitors",
    ),
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("cancercenter", "SearchSynonym")
    if SearchSynonym.objects.exists():
        return  # a center that already keeps its own list
    SearchSynonym.objects.bulk_create(
        SearchSynonym(terms=terms, note=note) for terms, note in GROUPS
    )


class Migration(migrations.Migration):
    dependencies = [("cancercenter", "0004_phone_and_single_line_validators")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
