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
    },
    {
        "slug": "where-most-needed",
        "name": "Where it is needed most",
        "description": "Lets the center put your gift where it will help most this year.",
    },
    {
        "slug": "patient-travel-and-support",
        "name": "Patient travel and support",
        "description": "Lodging, travel and everyday help for patients and families who "
        "come from far away.",
    },
    {
        "slug": "stem-cell-transplant-program",
        "name": "Stem cell transplant program",
        "description": "Care, donor matching and follow-up for people having a transplant.",
    },
]


@transaction.atomic
def load() -> dict[str, int]:
    for order, fund in enumerate(FUNDS, start=1):
        Fund.objects.get_or_create(
            slug=fund["slug"],
            defaults={
                "name": fund["name"],
                "description": fund["description"],
                "order": order * 10,
            },
        )
    return {"funds": len(FUNDS)}
