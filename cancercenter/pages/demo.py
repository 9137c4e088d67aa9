"""Demo locations and an About section (`manage.py load_demo_content`); the notices come
from a migration, since every site needs them. Idempotent: matched by slug, and what
staff have edited is left alone. The places are fictional."""

from django.conf import settings
from django.db import transaction

from cancercenter.pages.models import Location, LocationKind, Page
from cancercenter.pages.notices import seed_notices

LOCATIONS = [
    {
        "slug": "main-hospital",
        "name": "Riverside Cancer Center, main hospital",
        "kind": LocationKind.HOSPITAL,
        "summary": "Transplant and CAR T-cell care, the infusion unit and the clinics.",
        "is_main": True,
        "opening_hours": "Mo-Su 00:00-24:00",
        "hours_note": "Clinics see patients Monday to Friday, 7:30 a.m. to 6 p.m.",
        "parking": "The visitor garage on Elm Street is free for patients and one companion: "
        "bring your ticket to the front desk. Levels 1 and 2 have accessible spaces.",
        "directions": "Bus lines 4 and 12 stop at the front entrance. From the freeway, "
        "take the Riverside Avenue exit and follow the blue hospital signs.",
        "accessibility": "Step-free entrance at the main doors, with wheelchairs to borrow. "
        "Hearing loops at every front desk. Ask for an interpreter at no cost.",
        "latitude": "34.052200",
        "longitude": "-118.243700",
        "order": 1,
    },
    {
        "slug": "oak-grove-infusion-center",
        "name": "Oak Grove infusion center",
        "kind": LocationKind.CLINIC,
        "summary": "Antibody infusions and follow-up visits, closer to home.",
        "street": "48 Oak Grove Road",
        "postal_code": "90010",
        "phone": "+1-555-010-4020",
        "phone_display": "(555) 010-4020",
        "opening_hours": "Mo-Fr 08:00-17:00\nSa 08:00-12:00",
        "hours_note": "Closed on federal holidays.",
        "parking": "Free parking in front of the building.",
        "directions": "Bus line 7 stops at Oak Grove Road and 3rd Street.",
        "accessibility": "Step-free entrance and accessible restrooms.",
        "latitude": "34.061100",
        "longitude": "-118.301200",
        "order": 2,
    },
]

ABOUT = {
    "slug": "about",
    "title": "About us",
    "summary": "Who we are and how we care for people with cancer.",
    "body": "We are a cancer center for our region: doctors, nurses, researchers and "
    "support staff who treat cancer and study better ways to do it.\n\n"
    "## Our focus\n\nImmunotherapy is at the center of our work: stem cell transplant, "
    "antibody treatments and CAR T-cell therapy, with clinical trials that bring new "
    "treatments to patients who qualify.\n\n"
    "## Help around treatment\n\nOur patient concierge helps with appointments, second "
    "opinions, travel and lodging, so patients and families can focus on care.",
}

VISITING = {
    "slug": "visiting",
    "title": "Visiting us",
    "summary": "What to bring to your first visit, and how to find your way.",
    "body": "## Your first visit\n\nBring a photo ID, your insurance card, a list of your "
    "medicines and any recent test results. Plan to arrive 30 minutes early.\n\n"
    "## Finding us\n\nSee our locations for addresses, parking and directions.",
}


@transaction.atomic
def load() -> dict[str, int]:
    center = settings.CENTER
    for row in LOCATIONS:
        defaults = {
            "street": center["street"],
            "city": center["city"],
            "region": center["region"],
            "postal_code": center["postal_code"],
            "phone": center["phone"],
            "phone_display": center["phone_display"],
            **{k: v for k, v in row.items() if k != "slug"},
        }
        Location.objects.get_or_create(slug=row["slug"], defaults=defaults)
    about, _created = Page.objects.get_or_create(
        parent=None, slug=ABOUT["slug"], defaults={**ABOUT, "status": "published"}
    )
    Page.objects.get_or_create(
        parent=about, slug=VISITING["slug"], defaults={**VISITING, "status": "published"}
    )
    seed_notices(Page)
    return {"locations": Location.objects.count(), "pages": Page.objects.count()}
