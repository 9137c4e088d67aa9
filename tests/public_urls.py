"""Every public URL of the site, with sample objects, for tests that walk the whole site.

`public_urls()` fails loudly when a named URL has no entry here, so a new page cannot slip
past the one-<h1>, validator and accessibility sweeps.
"""

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

# URL names that are not HTML pages for the public.
NOT_PAGES = {
    "csp-report",
    "healthz",
    "language-switch",
    "media",
    "robots-txt",
    "sitemap",
    "stories:story-feed",
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin" or pattern.namespace == "admin":
                continue
            if str(pattern.pattern).startswith("admin/"):
                continue  # staff pages beside the admin (two-step sign-in, passkeys)
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


SPANISH_TOPIC = {
    "title_es": "Tema de ejemplo",
    "summary_es": "Un resumen en español.",
    "body_es": "## Qué es\n\nLa inmunoterapia ayuda a su sistema inmunitario.",
}


def make_sample_content() -> dict[str, dict]:
    """Create one published object of each kind; return reverse() kwargs per URL name."""
    from education.models import GlossaryTerm
    from tests.factories import FAQFactory, TopicFactory, TreatmentFactory
    from tests.stories.factories import StoryFactory
    from tests.trials.factories import TrialFactory

    # Dictionary terms first, so the sample texts below link to them (with popovers).
    GlossaryTerm.objects.create(
        cdr_id=45333, language="en", name="immunotherapy", slug="immunotherapy",
        definition="A type of therapy that uses substances to stimulate the immune system.",
        pronunciation="(IH-myoo-noh-THAYR-uh-pee)",
    )  # fmt: skip
    GlossaryTerm.objects.create(
        cdr_id=45333, language="es", name="inmunoterapia", slug="inmunoterapia",
        definition="Tipo de terapia que usa sustancias para estimular el sistema inmunitario.",
    )  # fmt: skip
    # Written in both languages, so every page shows its Spanish version under /es/.
    treatment = TreatmentFactory(slug="sample-treatment", name_es="Tratamiento de ejemplo")
    topic = TopicFactory(
        slug="sample-topic", treatment=treatment, **SPANISH_TOPIC, status_es="published",
        body="## What it is\n\nImmunotherapy helps your immune system.",
    )  # fmt: skip
    FAQFactory(topic=topic, question_es="¿Duele?", answer_es="No, casi nunca.")
    story = StoryFactory(
        slug="sample-story", treatments=[treatment], featured=True,
        title_es="Mi historia", teaser_es="Cómo me fue.", body_es="Me fue bien.",
        status_es="published",
    )  # fmt: skip
    trial = TrialFactory(nct_id="NCT00000042", at_center="yes")  # offers "I’m interested"
    from cancercenter.pages.models import Location, Page
    from cancercenter.pages.notices import seed_notices

    seed_notices(Page)  # transactional tests empty the tables the migration seeded
    about = Page.objects.create(title="About us", slug="about", status="published")
    Page.objects.create(title="Parking", slug="parking", parent=about, status="published")
    clinic = Location.objects.create(
        name="Sample clinic", slug="sample-clinic", street="2 Oak Road", city="Springfield",
        region="CA", postal_code="90000", phone="+1-555-010-4020",
        phone_display="(555) 010-4020", opening_hours="Mo-Fr 08:00-17:00",
        parking="Free parking in front.", latitude="34.06", longitude="-118.3",
    )  # fmt: skip
    from tests.care.factories import ProviderFactory

    doctor = ProviderFactory(
        slug="sample-doctor", name="Alex Sample", treatments=[treatment], locations=[clinic],
        trials=[trial], title_es="Especialista en cáncer de la sangre",
        biography_es="## Formación\n\nSe formó en hematología.",
    )  # fmt: skip
    return {
        "care:provider-detail": {"slug": doctor.slug},
        "pages:location-detail": {"slug": "sample-clinic"},
        "pages:page-detail": {"path": "about/parking"},
        "education:topic-detail": {"slug": topic.slug},
        "stories:story-detail": {"slug": story.slug},
        "trials:trial-detail": {"nct_id": trial.nct_id},
        "trials:trial-inquire": {"nct_id": trial.nct_id},
        "trials:trial-inquiry-thanks": {"nct_id": trial.nct_id},
        "glossary:term-detail": {"slug": "immunotherapy"},
    }


def public_urls() -> list[str]:
    """The English addresses; every one also answers under /es/ (the language prefix)."""
    kwargs_by_name = make_sample_content()
    urls = []
    missing = []
    for name in sorted(set(_named_patterns())):
        if name in NOT_PAGES:
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                urls.append(reverse(name, kwargs=kwargs_by_name.get(name)))
        except Exception:
            missing.append(name)
    assert not missing, f"Add sample content for these URLs in tests/public_urls.py: {missing}"
    # Every general page too: the seeded notices and the sample tree's parent.
    from cancercenter.pages.models import Page

    with translation.override(settings.LANGUAGE_CODE):
        urls += [page.get_absolute_url() for page in Page.objects.exclude(path="about/parking")]
    return urls


# Pages whose Spanish address is not the English one under /es/ (glossary terms have a
# slug per language; /es/ + the English slug also answers, with the Spanish entry).
SPANISH_ADDRESSES = {"/glossary/immunotherapy/": "/es/glossary/inmunoterapia/"}


def spanish_url(url: str) -> str:
    return SPANISH_ADDRESSES.get(url, "/es" + url)
