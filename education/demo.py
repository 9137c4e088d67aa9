"""Demo treatments, cancer types, topics and FAQs for `manage.py load_demo_content`.

Written for this project from the facts in DESIGN.md; no sentence is copied from another
site. Loading is idempotent: rows are matched by slug (or question) and updated in place.
"""

from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cancercenter.review.models import ReviewAction, ReviewEvent, ReviewState
from education import demo_es
from education.models import FAQ, CancerType, PublicationStatus, Topic, Treatment

TREATMENTS = [
    {
        "slug": "stem-cell-transplant",
        "name": "Stem cell transplant",
        "short_description": "Healthy blood-forming cells, your own or a donor's, rebuild "
        "the blood and immune system after strong treatment.",
    },
    {
        "slug": "antibody-infusions",
        "name": "Antibody infusions",
        "short_description": "Lab-made antibodies, given through a vein, that lead your "
        "immune cells to the cancer.",
    },
    {
        "slug": "checkpoint-inhibitors",
        "name": "Checkpoint inhibitors",
        "short_description": "Medicines that release the brakes cancer puts on immune cells.",
    },
    {
        "slug": "car-t-cell-therapy",
        "name": "CAR T-cell therapy",
        "short_description": "Your own T cells, changed in a laboratory to find cancer, "
        "then given back to you.",
    },
]

CANCER_TYPES = [
    ("leukemia", "Leukemia"),
    ("lymphoma", "Lymphoma"),
    ("myeloma", "Multiple myeloma"),
    ("myelodysplastic-syndromes", "Myelodysplastic syndromes"),
    ("melanoma", "Melanoma"),
    ("lung-cancer", "Lung cancer"),
]

REVIEWER = "Dana Ortiz, MD, Immunotherapy Program"

TOPICS = [
    {
        "slug": "what-is-immunotherapy",
        "title": "What is immunotherapy?",
        "summary": "Immunotherapy is treatment that helps your own immune system find and "
        "destroy cancer cells.",
        "treatment": None,
        "cancer_types": [],
        "order": 1,
        "body": """
Your immune system protects you every day. White blood cells travel through your body,
checking cells and getting rid of germs and damaged cells. **Immunotherapy** is cancer
treatment that strengthens this natural defense, or points it at the cancer.

## How it is different from chemotherapy

Chemotherapy and radiation attack cancer cells directly. Immunotherapy works through your
immune system instead: it teaches, frees or adds immune cells so that *they* do the work.
Some people receive both kinds of treatment.

## The main forms we offer

- **Stem cell transplant.** New blood-forming cells, often from a donor, grow into a new
  immune system that can recognize and attack leftover cancer.
- **Antibody infusions.** Antibodies made in a laboratory are given through a vein. Some
  link your T cells to cancer cells; others switch off the signals cancer uses to hide.
- **CAR T-cell therapy.** Your own T cells are collected, changed in a laboratory so they
  can find the cancer, and then given back to you.

## Is it right for me?

Immunotherapy works well for some cancers and some people, and less well for others. Your
care team looks at the type of cancer, earlier treatments, your general health and your
wishes. Many new forms of immunotherapy are offered first through clinical trials.
""",
    },
    {
        "slug": "why-cancer-hides",
        "title": "Why cancer can hide from the immune system",
        "summary": "Cancer grows from your own cells, so the immune system does not always see "
        "it as a threat. Here is how cancer escapes, and how treatment responds.",
        "treatment": None,
        "cancer_types": [],
        "order": 2,
        "body": """
If the immune system is so good at clearing out damaged cells, why does cancer grow? There
are a few reasons.

## Cancer starts as "self"

Cancer cells come from the body's own cells. The immune system is trained not to attack
"self", so cancer can look familiar and harmless at first.

## Changes that make cells harder to see

As cancer grows, its genes change. Some changes lower the markers on the cell's surface
that immune cells use to spot trouble, so the cancer becomes harder to notice.

## Switching immune cells off

Immune cells have "checkpoints": off-switches that stop them from attacking healthy tissue.
Some cancer cells carry proteins on their surface that press these switches, so T cells
that reach the cancer stand down instead of attacking.

## What treatment can do

Immunotherapy answers each of these tricks. Some treatments boost the immune system as a
whole. Others target the cancer cells directly, for example by blocking the off-switches
(checkpoint inhibitors) or by giving T cells a new way to recognize the cancer (CAR T-cell
therapy).
""",
    },
    {
        "slug": "stem-cell-transplant",
        "title": "Stem cell transplant, including cord blood",
        "summary": "A stem cell transplant replaces diseased blood-forming cells with healthy "
        "ones. Donor cells can also grow a new immune system that fights cancer.",
        "treatment": "stem-cell-transplant",
        "cancer_types": ["leukemia", "lymphoma", "myeloma", "myelodysplastic-syndromes"],
        "order": 1,
        "body": """
Stem cells in the bone marrow make all of your blood cells, including the immune cells that
fight infection. A **stem cell transplant** (sometimes called a bone marrow transplant, BMT
or HSCT) gives you healthy stem cells after strong treatment has cleared out the diseased
ones.

Our transplant program has performed more than 3,400 stem cell transplants over its 40
years.

## Two main kinds

- **Autologous transplant:** the stem cells are your own, collected before treatment and
  returned afterward.
- **Allogeneic transplant:** the stem cells come from a donor. The donor's cells grow into a
  new immune system, which can find and destroy cancer cells that remain. This is why an
  allogeneic transplant is a form of immunotherapy.

## Where donor cells come from

Donors may be a brother or sister, another family member who is a half match, or a
volunteer found through a donor registry. **Umbilical cord blood**, given by parents after a
baby's birth, is another source. Cord blood does not need to match as closely, which helps
patients who have no fully matched donor.

## What to expect

1. Tests and visits to prepare, and finding a donor if you need one.
2. Conditioning: chemotherapy, sometimes with radiation, over several days.
3. The transplant itself, given through a vein like a blood transfusion.
4. Recovery while the new cells settle in and start making blood. Most people stay near
   the center for several weeks and need a caregiver with them.

## Risks

Infections are a risk until the new immune system is working. After a donor transplant,
the new immune cells can attack healthy tissue (graft-versus-host disease). Your team
watches closely for both and treats them early.
""",
    },
    {
        "slug": "antibody-infusions",
        "title": "Antibody infusions",
        "summary": "Laboratory-made antibodies, given through a vein, can lead your T cells to "
        "cancer cells or mark cancer cells for destruction.",
        "treatment": "antibody-infusions",
        "cancer_types": ["leukemia", "lymphoma", "myeloma"],
        "order": 1,
        "body": """
Antibodies are proteins the immune system makes to tag germs for attack. Scientists can
make antibodies in a laboratory that recognize a marker on cancer cells.

## How they work

- Some antibodies stick to a marker on cancer cells and call other immune cells to attack.
- **Bispecific antibodies** hold on to two things at once: a cancer cell and one of your
  T cells. By bringing them together, they direct your T cells against the cancer.
- Some antibodies carry a drug or a radioactive particle straight to the cancer cell.

## Getting an infusion

An infusion is medicine given slowly through a vein, in a clinic chair or, for some
medicines, during a short hospital stay. Some treatments run for a few hours every few
weeks; others run continuously for several days with a small portable pump.

## Side effects

Many people have fever, chills or tiredness around the first doses. Some antibodies can
cause a strong immune reaction called cytokine release syndrome, so the first doses may be
given in the hospital. Your nurses will tell you what to watch for and whom to call.
""",
    },
    {
        "slug": "checkpoint-inhibitors",
        "title": "Checkpoint inhibitors",
        "summary": "Checkpoint inhibitors are infusions that stop cancer from switching off your "
        "T cells, so the immune system can attack again.",
        "treatment": "checkpoint-inhibitors",
        "cancer_types": ["melanoma", "lung-cancer", "lymphoma"],
        "order": 2,
        "body": """
T cells have off-switches, called checkpoints, such as PD-1 and CTLA-4. They keep the
immune system from harming healthy tissue. Some cancers press these switches to protect
themselves.

## What the medicine does

A **checkpoint inhibitor** is an antibody that blocks the switch, so T cells stay active
and can attack the cancer. Examples include pembrolizumab and nivolumab, which block PD-1,
and ipilimumab, which blocks CTLA-4.

## How it is given

Checkpoint inhibitors are infusions given through a vein, usually every two to six weeks,
in an outpatient clinic. Treatment may continue for months, as long as it helps and side
effects stay manageable.

## Side effects

Because the immune system is more active, it can sometimes inflame healthy organs: the
skin, bowel, liver, lungs or hormone glands. Tell your team quickly about new diarrhea,
cough, rash, or unusual tiredness. Most of these effects can be treated when found early.
""",
    },
    {
        "slug": "car-t-cell-therapy",
        "title": "CAR T-cell therapy",
        "summary": "CAR T-cell therapy changes your own T cells in a laboratory so they can find "
        "and kill cancer cells, then returns them to you in one infusion.",
        "treatment": "car-t-cell-therapy",
        "cancer_types": ["leukemia", "lymphoma", "myeloma"],
        "order": 1,
        "body": """
T cells are immune cells that kill infected or abnormal cells. In **CAR T-cell therapy**,
your own T cells are re-engineered to carry a new receptor, a *chimeric antigen receptor*
(CAR), that locks on to a marker on your cancer cells.

## The steps

1. **Collection.** Your blood is drawn through a machine that keeps the T cells and returns
   the rest. This takes a few hours.
2. **Manufacturing.** In a specialized laboratory, the T cells are given the CAR and grown
   into many millions of cells. This takes a few weeks.
3. **Preparation.** A few days of low-dose chemotherapy make room for the new cells.
4. **Infusion.** The CAR T cells are given back through a vein, usually in less than an
   hour.
5. **Close watch.** You stay in or near the hospital for several weeks, because the
   strongest side effects tend to come in the first days.

## Approved CAR T therapies we offer

Our center was among the first to offer the FDA-approved CAR T therapies:

- **YESCARTA** (axicabtagene ciloleucel), for adults with certain types of non-Hodgkin
  lymphoma.
- **KYMRIAH** (tisagenlecleucel), for patients up to age 25 with acute lymphoblastic
  leukemia that has come back (relapsed) or has not responded to treatment (refractory).

Other CAR T therapies and new targets are being studied in clinical trials.

## Side effects

The new cells can cause cytokine release syndrome (fever, low blood pressure, trouble
breathing) and effects on the nervous system, such as confusion or trouble speaking. The
team is trained to spot and treat these quickly. You will need a caregiver with you for
the first weeks and should not drive for a while afterward.
""",
    },
    {
        "slug": "clinical-trials-explained",
        "title": "Clinical trials, explained",
        "summary": "Clinical trials test new treatments with volunteers. Here is how they work, "
        "how you are protected, and how to ask about one.",
        "treatment": None,
        "cancer_types": [],
        "order": 3,
        "body": """
A **clinical trial** is a research study that tests a new treatment, a new combination, or
a new way of giving a treatment. Many of today's immunotherapies, including CAR T-cell
therapy, became standard care because patients took part in trials.

## Phases

- **Phase 1** trials look for a safe dose and learn about side effects, usually in a small
  group.
- **Phase 2** trials check whether the treatment works for a certain cancer.
- **Phase 3** trials compare the new treatment with the current standard in a larger
  group.

## Your safety and your choice

Every trial is reviewed by an ethics board before it starts. Before you join, the study
team explains the trial, its possible risks and benefits, and your other options, and asks
for your written consent. You can leave a trial at any time, and your care continues.

## Who can join

Each trial has eligibility rules, such as the type and stage of cancer, earlier
treatments, age and general health. The rules keep volunteers safe and make the results
trustworthy. Our trial nurses can go through them with you.

## Finding a trial

Ask your doctor, call our trial nurses, or search our list of open trials. You can filter
by cancer type, treatment, phase and age.
""",
    },
    {
        "slug": "travel-and-comfort-guide",
        "title": "Travel and comfort guide",
        "summary": "Coming from out of town for treatment? Where to stay, how to get here, and "
        "what our concierge team can arrange for you and your family.",
        "treatment": None,
        "cancer_types": [],
        "order": 4,
        "body": """
Treatments such as transplant and CAR T-cell therapy often mean staying near the center
for several weeks. Our patient concierge team helps you and your family plan, so you can
focus on getting well.

## What the concierge team can do

- Help schedule appointments and second opinions, and gather records from other doctors.
- Suggest places to stay nearby, including discounted hotel rates and short-term
  apartments.
- Explain parking, shuttles and public transport to the center.
- Connect international patients with interpreters and help with visa letters.
- Point you to financial counselors and support programs for travel costs.

## Planning your stay

- Plan for a caregiver to stay with you the whole time. After transplant or CAR T-cell
  therapy, you will need someone with you day and night.
- Choose a place to stay within about 30 minutes of the center.
- Bring a list of your medicines, your insurance card and a photo ID.

## Comfort while you are here

Our infusion and transplant units offer warm blankets, Wi-Fi, quiet rooms and space for a
family member. Ask about support groups, counseling and programs for children in the
family.
""",
    },
]

FAQS = [
    (
        "what-is-immunotherapy",
        "Does immunotherapy work for every kind of cancer?",
        "No. It works very well for some cancers and not yet for others. Your doctor will "
        "explain whether an approved immunotherapy or a clinical trial fits your situation.",
    ),
    (
        "what-is-immunotherapy",
        "Is immunotherapy the same as chemotherapy?",
        "No. Chemotherapy attacks fast-growing cells directly. Immunotherapy helps your immune "
        "system attack the cancer. Some treatment plans use both.",
    ),
    (
        "what-is-immunotherapy",
        "Will my insurance cover immunotherapy?",
        "Most approved immunotherapies are covered by insurance, but plans differ. Our "
        "financial counselors check your coverage before treatment starts and help with "
        "prior approvals.",
    ),
    (
        "stem-cell-transplant",
        "Do I need a perfectly matched donor?",
        "Not always. Half-matched family members and umbilical cord blood are options when no "
        "fully matched donor is found. Your transplant team will explain which source is best "
        "for you.",
    ),
    (
        "stem-cell-transplant",
        "How long will I stay near the center after a transplant?",
        "Most people stay close by for several weeks after a donor transplant, and need a "
        "caregiver with them. Our concierge team can help you find a place to stay.",
    ),
    (
        "stem-cell-transplant",
        "Is donating stem cells painful for the donor?",
        "Most donors give cells from the blood through a machine, which feels like a long blood "
        "donation. Some donors give marrow from the hip bone under anesthesia. Both are usually "
        "well tolerated.",
    ),
    (
        "car-t-cell-therapy",
        "How long does CAR T-cell therapy take from start to finish?",
        "Usually a few weeks pass between collecting your T cells and the infusion, while the "
        "cells are made. After the infusion, expect to stay near the center for about four "
        "weeks.",
    ),
    (
        "car-t-cell-therapy",
        "Who can receive KYMRIAH or YESCARTA?",
        "KYMRIAH is approved for patients up to age 25 with acute lymphoblastic leukemia that "
        "has come back or has not responded. YESCARTA is approved for adults with certain "
        "non-Hodgkin lymphomas. Your doctor will check whether you qualify.",
    ),
    (
        "checkpoint-inhibitors",
        "Which side effects should I report right away?",
        "Call us straight away about new diarrhea, a cough or shortness of breath, a spreading "
        "rash, yellow skin or eyes, or severe tiredness. These can be signs of inflammation "
        "that is easier to treat when caught early.",
    ),
    (
        "clinical-trials-explained",
        "Can I leave a clinical trial after I join?",
        "Yes. You can leave at any time, for any reason, and you will still receive care from "
        "our team.",
    ),
    (
        "clinical-trials-explained",
        "Will I get a placebo instead of treatment?",
        "Cancer trials rarely give a placebo alone. When a trial compares treatments, everyone "
        "receives at least the current standard treatment. The study team will tell you before "
        "you agree.",
    ),
    (
        "travel-and-comfort-guide",
        "Can a family member stay with me during treatment?",
        "Yes. We encourage it, and after transplant or CAR T-cell therapy a caregiver is "
        "required. Ask our concierge team about nearby lodging for families.",
    ),
    (
        None,
        "How do I ask for a second opinion?",
        "Call us or send a message through our contact form. A patient coordinator will "
        "collect your records and set up a visit with a specialist.",
    ),
]


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demo education content that is missing; return how many of each kind.

    Rows that exist are left alone, so `make run` never undoes what staff changed.
    """
    treatments = {}
    for order, data in enumerate(TREATMENTS, start=1):
        treatments[data["slug"]], _ = Treatment.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "short_description": data["short_description"],
                "order": order,
            },
        )
    cancer_types = {}
    for order, (slug, name) in enumerate(CANCER_TYPES, start=1):
        cancer_types[slug], _ = CancerType.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )

    published_at = datetime(2026, 1, 15, 17, 0, tzinfo=UTC)
    topics = {}
    new_topics = set()
    for data in TOPICS:
        overdue = data["slug"] == "travel-and-comfort-guide"  # shows the admin's overdue filter
        topic, created = Topic.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"].strip(),
                "treatment": treatments.get(data["treatment"]),
                "status": PublicationStatus.PUBLISHED,
                "published_at": published_at,
                "order": data["order"],
                "last_reviewed_on": date(2025, 5, 20) if overdue else date(2026, 9, 15),
                "next_review_due": date(2026, 5, 20) if overdue else date(2027, 9, 15),
                "reviewed_by": REVIEWER,
                "review_state": "approved",  # published demo text counts as reviewed
            },
        )
        if created:
            topic.cancer_types.set([cancer_types[slug] for slug in data["cancer_types"]])
            new_topics.add(data["slug"])
        topics[data["slug"]] = topic

    related = {
        "what-is-immunotherapy": ["why-cancer-hides", "clinical-trials-explained"],
        "stem-cell-transplant": ["car-t-cell-therapy", "travel-and-comfort-guide"],
        "antibody-infusions": ["checkpoint-inhibitors", "car-t-cell-therapy"],
        "car-t-cell-therapy": ["clinical-trials-explained"],
    }
    for slug, others in related.items():
        if slug in new_topics:
            topics[slug].related_topics.add(*(topics[other] for other in others))

    for order, (topic_slug, question, answer) in enumerate(FAQS, start=1):
        FAQ.objects.get_or_create(
            question=question,
            defaults={
                "answer": answer,
                "topic": topics.get(topic_slug),
                "order": order,
                "is_published": True,
            },
        )
    add_spanish(treatments, cancer_types, topics)
    _load_waiting_for_review()
    return {
        "treatments": len(treatments),
        "cancer types": len(cancer_types),
        "topics": len(topics),
        "FAQs": len(FAQS),
    }


def _fill_empty(obj, values: dict, suffix: str = "_es") -> bool:
    """Set the Spanish fields that are still empty, so editors' own Spanish is kept."""
    changed = False
    for field, value in values.items():
        if not getattr(obj, field + suffix):
            setattr(obj, field + suffix, value)
            changed = True
    return changed


def add_spanish(treatments: dict, cancer_types: dict, topics: dict) -> None:
    """The Spanish version of every demo row, published in Spanish, where it is missing."""
    for slug, values in demo_es.TREATMENTS.items():
        if slug in treatments and _fill_empty(treatments[slug], values):
            treatments[slug].save()
    for slug, name in demo_es.CANCER_TYPES.items():
        if slug in cancer_types and _fill_empty(cancer_types[slug], {"name": name}):
            cancer_types[slug].save()
    for slug, values in demo_es.TOPICS.items():
        topic = topics.get(slug)
        if topic is None or topic.title_es:
            continue
        _fill_empty(topic, {**values, "body": values["body"].strip()})
        topic.status_es = PublicationStatus.PUBLISHED
        topic.last_reviewed_on_es = topic.last_reviewed_on_en
        topic.next_review_due_es = topic.next_review_due_en
        topic.reviewed_by_es = demo_es.REVIEWER
        topic.save()
    for faq in FAQ.objects.filter(question_en__in=demo_es.FAQS, question_es__isnull=True):
        question, answer = demo_es.FAQS[faq.question_en]
        faq.question_es, faq.answer_es, faq.is_published_es = question, answer, True
        faq.save()


# A draft an editor has submitted, so the admin shows the review workflow on `make run`:
# "Waiting for me" for medical reviewers (and the development superuser).
WAITING_FOR_REVIEW = {
    "slug": "eating-well-during-treatment",
    "title": "Eating well during treatment",
    "summary": "Small, frequent meals and plenty to drink help many people through "
    "treatment. Your care team can adjust this advice to you.",
    "body": """
## Why food matters now

Treatment asks a lot of your body. Enough calories and protein help it repair tissue and
keep up your strength between visits.

## When eating is hard

- Try five or six small meals instead of three large ones.
- Keep easy snacks close: yogurt, crackers, soup, fruit.
- Sip water, broth or other drinks through the day.

## Ask your care team

A dietitian can help if you are losing weight, if food tastes different, or if your mouth
is sore. Tell your nurse before you start any supplement.
""",
}


def _load_waiting_for_review() -> None:
    topic, created = Topic.objects.get_or_create(
        slug=WAITING_FOR_REVIEW["slug"],
        defaults={
            "title": WAITING_FOR_REVIEW["title"],
            "summary": WAITING_FOR_REVIEW["summary"],
            "body": WAITING_FOR_REVIEW["body"].strip(),
            "status": PublicationStatus.DRAFT,
            "review_state": ReviewState.SUBMITTED,
            "order": 90,
        },
    )
    if created:
        ReviewEvent.objects.create(
            content_type=ContentType.objects.get_for_model(Topic),
            object_id=topic.pk,
            action=ReviewAction.SUBMITTED,
            actor_name="Jordan Vale (demo editor)",
            comment="First draft, ready for a medical check of the advice on supplements.",
        )
