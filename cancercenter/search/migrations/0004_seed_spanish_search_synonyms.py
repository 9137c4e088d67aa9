"""Spanish synonym groups, for searches on /es/ pages (editors add more in the admin)."""

from django.db import migrations

SPANISH_GROUPS = [
    (
        ["CAR T", "células CAR T", "terapia de células T con receptores quiméricos",
         "terapia de células T con CAR", "receptor de antígeno quimérico"],
        "Terapia de células T con CAR",
    ),
    (
        ["trasplante de médula ósea", "trasplante de células madre", "TMO",
         "trasplante de células madre hematopoyéticas", "TCMH"],
        "Trasplante",
    ),
    (
        ["inhibidor de puntos de control", "inhibidores de puntos de control inmunitario",
         "anti-PD-1", "PD-1"],
        "Inhibidores de puntos de control",
    ),
    (["quimioterapia", "quimio"], "Quimioterapia"),
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    for terms, note in SPANISH_GROUPS:
        SearchSynonym.objects.get_or_create(terms=terms, language="es", defaults={"note": note})


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    SearchSynonym.objects.filter(language="es", terms__in=[t for t, _n in SPANISH_GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_synonym_language")]

    operations = [migrations.RunPython(seed, unseed)]
