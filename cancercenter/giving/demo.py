"""Demo funds for the gift form (`manage.py load_demo_content`).

Idempotent: funds are matched by slug; existing ones are left as staff keep them. The
search synonyms every site needs come from a migration, not from the demo.
"""

from django.db import transaction

from cancercenter.giving.models import Fund

FUNDS = [
    {
        "slug": "immunotherapy-research",
        "name": "Immunotherapy research",
        "description": "Laboratory and clinical research into CAR T, antibody and "
        "transplant treatments.",
        "name_es": "Investigación en inmunoterapia",
        "description_es": "Investigación de laboratorio y clínica sobre la terapia CAR T, los "
        "anticuerpos y los trasplantes.",
    },
    {
        "slug": "where-most-needed",
        "name": "Where it is needed most",
        "description": "Lets the center put your gift where it will help most this year.",
        "name_es": "Donde más se necesite",
        "description_es": "Permite que el centro use su donación donde más ayude este año.",
    },
    {
        "slug": "patient-travel-and-support",
        "name": "Patient travel and support",
        "description": "Lodging, travel and everyday help for patients and families who "
        "come from far away.",
        "name_es": "Viaje y apoyo para pacientes",
        "description_es": "Alojamiento, viaje y ayuda diaria para pacientes y familias que "
        "vienen de lejos.",
    },
    {
        "slug": "stem-cell-transplant-program",
        "name": "Stem cell transplant program",
        "description": "Care, donor matching and follow-up for people having a transplant.",
        "name_es": "Programa de trasplante de células madre",
        "description_es": "Atención, búsqueda de donantes compatibles y seguimiento para "
        "quienes reciben un trasplante.",
    },
]


@transaction.atomic
def load() -> dict[str, int]:
    for order, fund in enumerate(FUNDS, start=1):
        row, _created = Fund.objects.get_or_create(
            slug=fund["slug"],
            defaults={
                "name": fund["name"],
                "description": fund["description"],
                "order": order * 10,
            },
        )
        if not row.name_es:  # the Spanish version, unless staff wrote their own
            row.name_es, row.description_es = fund["name_es"], fund["description_es"]
            row.save(update_fields=["name_es", "description_es"])
    return {"funds": len(FUNDS)}
