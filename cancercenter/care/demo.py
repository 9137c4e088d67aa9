"""Demo doctors for `manage.py load_demo_content`.

The people are invented for this project and their profiles are written in our own words.
Their portraits are plain silhouettes drawn with Pillow at load time, never photos of
anyone. Loading is idempotent: doctors are matched by slug, and what editors changed is
left alone.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from cancercenter.care import services
from cancercenter.care.models import FormOfAddress, Provider
from cancercenter.pages.models import Location
from education.models import CancerType, Treatment
from trials.models import Trial

PORTRAIT_ALT = "A placeholder portrait: a plain silhouette on a colored background."
PORTRAIT_ALT_ES = "Un retrato de muestra: una silueta sencilla sobre un fondo de color."

DOCTORS = [
    {
        "slug": "dana-ortiz",
        "form_of_address": FormOfAddress.DOCTOR_FEMININE,
        "name": "Dana Ortiz",
        "credentials": "MD",
        "title": "Blood cancer and stem cell transplant specialist",
        "title_es": "Especialista en cánceres de la sangre y trasplante de células madre",
        "treatments": ["stem-cell-transplant", "car-t-cell-therapy"],
        "cancer_types": ["leukemia", "lymphoma", "myeloma"],
        "locations": ["main-hospital"],
        "languages": ["en", "es"],
        "accepting": True,
        "trials": ["NCT05147467"],
        "colors": ((214, 234, 232), (54, 110, 112)),
        "biography": """
Dr. Ortiz leads the transplant team's clinic and reviews the program's patient education
pages before they are published.

## How she works
She meets every new patient with a transplant nurse, so that questions about donors, the
hospital stay and the months after have an answer on the first day. She asks patients to
bring a family member or friend: there is a lot to take in.

## Training
Internal medicine, then hematology and oncology, with a further year in cord blood and
donor transplants.
""",
        "biography_es": """
La Dra. Ortiz dirige la consulta del equipo de trasplante y revisa las páginas de
educación para pacientes antes de que se publiquen.

## Cómo trabaja
Recibe a cada paciente nuevo junto con una enfermera de trasplante, para que las preguntas
sobre donantes, la estancia en el hospital y los meses siguientes tengan respuesta desde el
primer día. Pide a los pacientes que vengan con un familiar o un amigo: hay mucho que
asimilar.

## Formación
Medicina interna, luego hematología y oncología, y un año más en trasplantes de sangre de
cordón umbilical y de donante.
""",
    },
    {
        "slug": "kwame-asante",
        "name": "Kwame Asante",
        "credentials": "MD, PhD",
        "title": "Cellular therapy (CAR T) physician",
        "title_es": "Médico de terapia celular (CAR T)",
        "treatments": ["car-t-cell-therapy"],
        "cancer_types": ["lymphoma", "leukemia"],
        "locations": ["main-hospital"],
        "languages": ["en", "fr"],
        "accepting": True,
        "trials": ["NCT03934567"],
        "colors": ((226, 228, 244), (72, 78, 140)),
        "biography": """
Dr. Asante cares for adults with lymphoma and leukemia who are considering CAR T-cell
therapy, from the first visit to the collection of cells, the infusion and the follow-up.

He studies why some patients' cells work better than others in the lab, and explains his
research in plain words to anyone who asks.
""",
        "biography_es": """
El Dr. Asante atiende a adultos con linfoma y leucemia que consideran la terapia de
células CAR T, desde la primera consulta hasta la recolección de células, la infusión y el
seguimiento.

Estudia por qué las células de algunos pacientes funcionan mejor que otras en el
laboratorio, y explica su investigación con palabras sencillas a quien se lo pregunte.
""",
    },
    {
        "slug": "mei-lin-tran",
        "form_of_address": FormOfAddress.DOCTOR_FEMININE,
        "name": "Mei-Lin Tran",
        "credentials": "MD",
        "title": "Lung cancer specialist (medical oncologist)",
        "title_es": "Especialista en cáncer de pulmón (oncóloga médica)",
        "treatments": ["checkpoint-inhibitors", "antibody-infusions"],
        "cancer_types": ["lung-cancer"],
        "locations": ["main-hospital", "oak-grove-infusion-center"],
        "languages": ["en", "vi", "yue"],
        "accepting": True,
        "trials": ["NCT04956640", "NCT05879978"],
        "colors": ((240, 230, 214), (140, 96, 52)),
        "biography": """
Dr. Tran treats lung cancer with immunotherapy and targeted medicines, and sees patients
for infusions closer to home at the Oak Grove center.

She leads two of the center's lung cancer trials and will tell you honestly whether a
trial is a good fit for you, or not.
""",
        "biography_es": """
La Dra. Tran trata el cáncer de pulmón con inmunoterapia y medicamentos dirigidos, y
atiende a pacientes para sus infusiones más cerca de casa, en el centro de Oak Grove.

Dirige dos de los ensayos de cáncer de pulmón del centro y le dirá con franqueza si un
ensayo le conviene o no.
""",
    },
    {
        "slug": "rafael-mendoza",
        "name": "Rafael Mendoza",
        "credentials": "MD",
        "title": "Melanoma and skin cancer specialist",
        "title_es": "Especialista en melanoma y cáncer de piel",
        "treatments": ["checkpoint-inhibitors"],
        "cancer_types": ["melanoma"],
        "locations": ["oak-grove-infusion-center"],
        "languages": ["en", "es", "pt"],
        "accepting": False,
        "trials": [],
        "colors": ((232, 240, 220), (86, 120, 60)),
        "biography": """
Dr. Mendoza has treated melanoma with checkpoint inhibitors since they first became
available. His clinic is full for now: the appointment team can book you with a colleague
on the same team.
""",
        "biography_es": """
El Dr. Mendoza trata el melanoma con inhibidores de puntos de control desde que estos
medicamentos existen. Su consulta está completa por ahora: el equipo de citas puede
reservarle con un colega del mismo equipo.
""",
    },
    {
        "slug": "priya-raman",
        "form_of_address": FormOfAddress.DOCTOR_FEMININE,
        "name": "Priya Raman",
        "credentials": "MD",
        "title": "Myeloma and bone marrow disorders specialist",
        "title_es": "Especialista en mieloma y enfermedades de la médula ósea",
        "treatments": ["antibody-infusions", "stem-cell-transplant"],
        "cancer_types": ["myeloma", "myelodysplastic-syndromes"],
        "locations": ["main-hospital"],
        "languages": ["en", "hi"],
        "accepting": True,
        "trials": [],
        "colors": ((244, 226, 232), (138, 60, 86)),
        "biography": """
Dr. Raman cares for people with multiple myeloma and myelodysplastic syndromes, with
antibody treatments and, when it is the right choice, a transplant of the patient's own
stem cells.
""",
        "biography_es": """
La Dra. Raman atiende a personas con mieloma múltiple y síndromes mielodisplásicos, con
tratamientos de anticuerpos y, cuando es la mejor opción, un trasplante de sus propias
células madre.
""",
    },
    {
        "slug": "jordan-ellis",
        "name": "Jordan Ellis",
        "credentials": "NP",
        "form_of_address": FormOfAddress.NAME,
        "title": "Nurse practitioner, infusions and CAR T follow-up",
        "title_es": "Enfermero practicante, infusiones y seguimiento de CAR T",
        "treatments": ["car-t-cell-therapy", "antibody-infusions"],
        "cancer_types": ["lymphoma"],
        "locations": ["oak-grove-infusion-center"],
        "languages": ["en", "ase"],
        "accepting": True,
        "trials": [],
        "colors": ((222, 236, 246), (44, 96, 140)),
        "biography": """
Jordan sees patients between their doctor's visits: side effects, blood counts, and the
practical questions that come up at home. Jordan signs in American Sign Language.
""",
        "biography_es": """
Jordan atiende a los pacientes entre las consultas con su médico: efectos secundarios,
análisis de sangre y las preguntas prácticas que surgen en casa. Jordan se comunica en
lengua de señas americana.
""",
    },
]


def _portrait(background: tuple[int, int, int], figure: tuple[int, int, int]) -> ContentFile:
    """A neutral placeholder: a head-and-shoulders silhouette, the same for everyone."""
    size = 600
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 110, 400, 310), fill=figure)  # head
    draw.ellipse((90, 350, 510, 770), fill=figure)  # shoulders, cut off by the frame
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="portrait.png")


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demo doctors that are missing; return how many of each kind."""
    treatments = {t.slug: t for t in Treatment.objects.all()}
    cancer_types = {c.slug: c for c in CancerType.objects.all()}
    locations = {loc.slug: loc for loc in Location.objects.all()}
    portraits = 0
    for data in DOCTORS:
        provider, created = Provider.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "credentials": data["credentials"],
                "form_of_address": data.get("form_of_address", FormOfAddress.DOCTOR),
                "title": data["title"],
                "title_es": data["title_es"],
                "biography": data["biography"].strip(),
                "biography_es": data["biography_es"].strip(),
                "languages_spoken": data["languages"],
                "accepting_new_patients": data["accepting"],
                "is_published": True,
            },
        )
        if not created:
            continue
        provider.treatments.set([treatments[s] for s in data["treatments"] if s in treatments])
        provider.cancer_types.set(
            [cancer_types[s] for s in data["cancer_types"] if s in cancer_types]
        )
        provider.locations.set([locations[s] for s in data["locations"] if s in locations])
        provider.trials.set(Trial.objects.filter(nct_id__in=data["trials"]))
        provider.photo_alt_es = PORTRAIT_ALT_ES
        services.provider_photo_set(
            provider=provider, upload=_portrait(*data["colors"]), alt=PORTRAIT_ALT
        )
        portraits += 1
    return {"doctors": len(DOCTORS), "portraits drawn": portraits}
