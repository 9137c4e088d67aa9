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
        "name_es": "Riverside Cancer Center, hospital principal",
        "summary_es": "Trasplante y terapia de células CAR T, la unidad de infusión y las "
        "consultas.",
        "hours_note_es": "Las consultas atienden de lunes a viernes, de 7:30 a. m. a 6 p. m.",
        "parking_es": "El estacionamiento para visitantes de Elm Street es gratuito para pacientes "
        "y un acompañante: lleve su boleto a la recepción. Los niveles 1 y 2 tienen espacios "
        "accesibles.",
        "directions_es": "Las líneas de autobús 4 y 12 paran en la entrada principal. Desde la "
        "autopista, tome la salida Riverside Avenue y siga los letreros azules del hospital.",
        "accessibility_es": "Entrada sin escalones por la puerta principal, con sillas de ruedas "
        "para prestar. Bucles de inducción en todas las recepciones. Pida un intérprete sin costo.",
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
        "name_es": "Centro de infusión Oak Grove",
        "summary_es": "Infusiones de anticuerpos y consultas de seguimiento, más cerca de casa.",
        "hours_note_es": "Cerrado los días feriados federales.",
        "parking_es": "Estacionamiento gratuito frente al edificio.",
        "directions_es": "La línea de autobús 7 para en Oak Grove Road y 3rd Street.",
        "accessibility_es": "Entrada sin escalones y baños accesibles.",
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

ABOUT_ES = {
    "title_es": "Quiénes somos",
    "summary_es": "Quiénes somos y cómo cuidamos a las personas con cáncer.",
    "body_es": "Somos un centro oncológico para nuestra región: médicos, enfermeras, "
    "investigadores y personal de apoyo que tratan el cáncer y estudian mejores formas de "
    "hacerlo.\n\n## Nuestro enfoque\n\nLa inmunoterapia está en el centro de nuestro "
    "trabajo: trasplante de células madre, tratamientos con anticuerpos y terapia de células "
    "CAR T, con estudios clínicos que acercan nuevos tratamientos a los pacientes que "
    "califican.\n\n## Ayuda durante el tratamiento\n\nNuestro servicio de atención al "
    "paciente ayuda con citas, segundas opiniones, viajes y alojamiento, para que pacientes y "
    "familias puedan concentrarse en el cuidado.",
    "status_es": "published",
}

VISITING_ES = {
    "title_es": "Cómo visitarnos",
    "summary_es": "Qué traer a su primera consulta y cómo orientarse.",
    "body_es": "## Su primera consulta\n\nTraiga una identificación con foto, su tarjeta del "
    "seguro, una lista de sus medicamentos y resultados de pruebas recientes. Llegue 30 "
    "minutos antes.\n\n## Cómo encontrarnos\n\nVea nuestras sedes para direcciones, "
    "estacionamiento y cómo llegar.",
    "status_es": "published",
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
    approved = {"status": "published", "review_state": "approved"}
    about, _created = Page.objects.get_or_create(
        parent=None, slug=ABOUT["slug"], defaults={**ABOUT, **ABOUT_ES, **approved}
    )
    Page.objects.get_or_create(
        parent=about,
        slug=VISITING["slug"],
        defaults={**VISITING, **VISITING_ES, **approved},
    )
    seed_notices(Page)
    return {"locations": Location.objects.count(), "pages": Page.objects.count()}
