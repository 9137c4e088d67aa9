"""Seed the medical synonym groups every center needs, so search works on day one.

Editors extend or change them in the admin. The list is frozen here, as migrations must
be; `load_demo_content` adds nothing once these exist. Before the search got its own app
this was `cancercenter` 0005: a database that ran that one has had its seed already, and
keeps the list its editors made of it, even an empty one.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

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
    recorder = MigrationRecorder(schema_editor.connection)
    if recorder.migration_qs.filter(app="cancercenter", name="0005_seed_search_synonyms").exists():
        return  # seeded before the split
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    if SearchSynonym.objects.exists():
        return  # a center that already keeps its own list
    SearchSynonym.objects.bulk_create(
        SearchSynonym(terms=terms, note=note) for terms, note in GROUPS
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
