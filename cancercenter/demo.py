"""Demo funds for the gift form and search synonyms (`manage.py load_demo_content`).

Idempotent: funds are matched by slug and updated in place.
"""

from django.db import transaction

from cancercenter.gifts import Fund
from cancercenter.synonyms import SearchSynonym, normalize

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


SYNONYMS = [
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


@transaction.atomic
def load_search_synonyms() -> dict[str, int]:
    """Create each group once, matched by its first term; later runs leave them alone."""
    existing = {normalize(group.terms[0]) for group in SearchSynonym.objects.all()}
    created = 0
    for terms, note in SYNONYMS:
        if normalize(terms[0]) in existing:
            continue
        group = SearchSynonym(terms=terms, note=note)
        group.full_clean()
        group.save()
        created += 1
    return {"synonym groups": SearchSynonym.objects.count()}
