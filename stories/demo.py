"""Demo patient stories for `manage.py load_demo_content`.

Retold in our own words from the facts in DESIGN.md; the people are invented. The
illustrations are abstract shapes drawn with Pillow at load time, never photos of people.
Loading is idempotent: stories are matched by slug, and a picture is drawn only once.
"""

import io
import random
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from education.models import CancerType, PublicationStatus, Topic, Treatment
from stories import demo_es, services
from stories.models import Story, default_consent_expiry
from trials.models import Trial

STORIES = [
    {
        "slug": "elena-cord-blood-transplant",
        "title": "Leukemia came back. Cord blood gave me a second chance",
        "display_name": "Elena",
        "teaser": "Elena faced leukemia twice. When it returned, a transplant of umbilical cord "
        "blood rebuilt her immune system, and she has been in remission since.",
        "pull_quote": "Somewhere, a family I will never meet gave me my life back.",
        "treatments": ["stem-cell-transplant"],
        "cancer_types": ["leukemia"],
        "topics": ["stem-cell-transplant", "what-is-immunotherapy"],
        "featured": True,
        "consent": (date(2025, 11, 3), "DEMO-AUTH-2025-101"),
        "published": datetime(2026, 1, 20, 17, 0, tzinfo=UTC),
        "colors": [(0, 90, 140), (244, 180, 76), (138, 28, 74)],
        "photo_alt": "An abstract illustration: warm circles rising over a deep blue field.",
        "body": """
The first time I heard the word *leukemia*, I was planning a garden. Chemotherapy worked,
and for a while life went back to normal. Then, at a routine check-up, my blood counts were
off again. The leukemia had come back.

## Looking for a donor

My doctors explained that a stem cell transplant offered the best chance of a cure: new
blood-forming cells would grow a new immune system, one that could find and destroy the
cancer cells chemotherapy had missed. The hard part was finding a donor. No one in my
family matched, and the registry did not turn up a close enough match either.

That is when the transplant team told me about **umbilical cord blood**. Parents donate it
after a baby is born, and because it does not need to match as closely, it can work for
people like me.

## The weeks in the hospital

Conditioning was the hardest part: several days of strong chemotherapy to clear out my
marrow. The transplant itself felt almost ordinary, a bag of cells through my line, like a
transfusion. Then came the waiting, while the new cells settled in. My sister moved in as
my caregiver, and the nurses taught us what to watch for.

## Today

My counts recovered, and my doctors told me I was in remission. I still go for check-ups,
and I still think about the family who donated that cord blood. This spring I finally
planted the garden.
""",
    },
    {
        "slug": "marcus-car-t-husband-and-father",
        "title": "Back on the sidelines: a father's CAR T story",
        "display_name": "Marcus",
        "teaser": "When lymphoma kept returning, Marcus, a husband and father of two, had his "
        "own T cells re-engineered to fight it. Today he is back coaching his kids' team.",
        "pull_quote": "My own cells did the work. The team just taught them where to look.",
        "treatments": ["car-t-cell-therapy"],
        "cancer_types": ["lymphoma"],
        "topics": ["car-t-cell-therapy", "what-is-immunotherapy"],
        "featured": True,
        "consent": (date(2025, 12, 1), "DEMO-AUTH-2025-117"),
        "published": datetime(2026, 2, 10, 17, 0, tzinfo=UTC),
        "colors": [(29, 107, 52), (0, 90, 140), (255, 244, 206)],
        "photo_alt": "An abstract illustration: green and blue circles, like a playing field.",
        "body": """
I coach my son's soccer team and my daughter's softball team, so I noticed when I could
not keep up at practice anymore. The diagnosis was non-Hodgkin lymphoma. We tried
chemotherapy, and then more chemotherapy, and each time the lymphoma came back.

## A treatment made from me

My oncologist suggested **CAR T-cell therapy**. First, my blood ran through a machine that
kept some of my T cells. Those cells went to a laboratory, where they were changed to
recognize the lymphoma and grown into millions more. A few weeks later, after a short
course of chemotherapy, they were given back to me through a vein. The infusion took less
time than one of my practices.

## The hard days

The first week was rough: high fevers and a couple of days when I was confused and could
not find my words. The team had warned us this could happen and knew exactly what to do.
My wife stayed with me the whole time, and we lived close to the hospital for a month so
the team could keep watch.

## Home again

My scans came back clear. I still have follow-up visits, and I am careful, but I am back
on the sidelines every Saturday, yelling too loudly, just like before.
""",
    },
    {
        "slug": "priya-clinical-trial-no-donor-match",
        "title": "No full donor match, and a clinical trial that changed everything",
        "display_name": "Priya",
        "teaser": "Priya had an aggressive leukemia and no fully matched donor. An infused "
        "immunotherapy, offered through a clinical trial, brought her to complete remission.",
        "pull_quote": "Saying yes to the trial was the bravest thing I have ever done.",
        "treatments": ["antibody-infusions"],
        "cancer_types": ["leukemia"],
        "topics": ["antibody-infusions", "clinical-trials-explained"],
        "featured": True,
        "consent": (date(2026, 1, 12), "DEMO-AUTH-2026-004"),
        "published": datetime(2026, 3, 2, 17, 0, tzinfo=UTC),
        "colors": [(138, 28, 74), (243, 246, 248), (0, 62, 97)],
        "photo_alt": "An abstract illustration: soft pink and white shapes on dark blue.",
        "body": """
My leukemia was the aggressive kind, and it did not respond the way my doctors hoped. A
transplant might have helped, but there was a problem: no donor was a full match for me.

## Hearing about the trial

My care team told me about a **clinical trial** of a new immunotherapy, an infusion of
antibodies designed to bring my own T cells right up against the leukemia cells. The
research nurse went through everything with me: what was known, what was not, the
possible side effects, and that I could leave the trial at any time. I took the papers
home, talked with my family, and signed.

## The infusions

The medicine dripped in slowly through a small pump I carried with me. The first days
brought fevers and chills, and I stayed in the hospital while the team watched for a
strong immune reaction. After that I was mostly an outpatient, with a lot of blood tests.

## Complete remission

A few months in, my doctor sat down and said the words *complete remission*. I cried, and
so did she. The trial taught the team something, and it gave me my future. If you are
offered a trial, ask every question you have. You deserve the answers.
""",
    },
]


def _illustration(colors: list[tuple[int, int, int]], seed: int) -> ContentFile:
    """An abstract picture of soft overlapping shapes: decorative, never a person."""
    rng = random.Random(seed)
    width, height = 1600, 1000
    image = Image.new("RGB", (width, height), colors[0])
    draw = ImageDraw.Draw(image, "RGBA")
    for index in range(14):
        color = colors[1 + index % (len(colors) - 1)]
        radius = rng.randint(80, 320)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*color, 110))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return ContentFile(buffer.getvalue(), name="illustration.jpg")


def _add_spanish(story: Story) -> None:
    """The story's Spanish version, published in Spanish, unless it has one already."""
    spanish = demo_es.STORIES.get(story.slug)
    if spanish is None or story.title_es:
        return
    for field, value in spanish.items():
        setattr(story, f"{field}_es", value.strip())
    story.status_es = PublicationStatus.PUBLISHED
    story.save()


def _demo_expiry(received_on: date) -> date:
    """The default period from the authorization, or from today where that ends soon: a
    fresh demo site has no authorization about to expire (the admin filter and the
    reminder are shown by tests, not by the demo)."""
    expires = default_consent_expiry(received_on)
    soonest = timezone.localdate() + timedelta(days=settings.STORY_CONSENT_REMINDER_DAYS + 1)
    return expires if expires > soonest else default_consent_expiry()


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demo stories that are missing; return how many of each kind.

    Stories that exist are left alone, so `make run` never undoes what editors changed.
    """
    treatments = {t.slug: t for t in Treatment.objects.all()}
    cancer_types = {c.slug: c for c in CancerType.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    illustrations = 0
    for seed, data in enumerate(STORIES, start=1):
        received_on, reference = data["consent"]
        story, created = Story.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "display_name": data["display_name"],
                "teaser": data["teaser"],
                "pull_quote": data["pull_quote"],
                "body": data["body"].strip(),
                "featured": data["featured"],
                "status": PublicationStatus.PUBLISHED,
                "review_state": "approved",
                "published_at": data["published"],
                "consent_received_on": received_on,
                "consent_reference": reference,
                "consent_expires_on": _demo_expiry(received_on),
            },
        )
        _add_spanish(story)
        if not created:
            continue
        services.story_consent_record(story=story)
        story.treatments.set([treatments[s] for s in data["treatments"] if s in treatments])
        story.cancer_types.set([cancer_types[s] for s in data["cancer_types"] if s in cancer_types])
        story.related_topics.set([topics[s] for s in data["topics"] if s in topics])
        # Open demo trials of the same treatment, when the trials demo has loaded some.
        trials = Trial.objects.listed().open().filter(treatments__slug__in=data["treatments"])
        story.related_trials.set(trials.order_by("nct_id")[:2])
        if not story.photo or not story.photo_renditions:
            services.story_photo_set(
                story=story,
                upload=_illustration(data["colors"], seed),
                alt=data["photo_alt"],
                credit="Illustration for the demo site",
            )
            illustrations += 1
    return {"stories": len(STORIES), "illustrations drawn": illustrations}
