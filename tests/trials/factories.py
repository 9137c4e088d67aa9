"""factory_boy factories for trials. Most tests import real records instead."""

import factory

from trials.models import Phase, Sex, Trial, TrialSite, TrialStatus, facility_key


class TrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trial
        django_get_or_create = ["nct_id"]

    nct_id = factory.Sequence(lambda n: f"NCT{90000000 + n:08d}")
    brief_title = factory.Sequence(lambda n: f"A study of treatment {n}")
    brief_summary = "A plain summary."
    brief_summary_html = "<p>A plain summary.</p>"
    overall_status = TrialStatus.RECRUITING
    phases = factory.LazyFunction(lambda: [Phase.PHASE2])
    conditions = factory.LazyFunction(lambda: ["Leukemia"])
    sex = Sex.ALL
    minimum_age = "18 Years"
    minimum_age_years = 18

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            from trials.services import SEARCH_VECTOR

            Trial.objects.filter(pk=instance.pk).update(search_vector=SEARCH_VECTOR)


class TrialSiteFactory(factory.django.DjangoModelFactory):
    """A site; give `trial`. Coordinates default to none (unknown)."""

    class Meta:
        model = TrialSite

    trial = factory.SubFactory(TrialFactory)
    position = factory.Sequence(lambda n: n)
    facility = factory.Sequence(lambda n: f"Hospital {n}")
    facility_key = factory.LazyAttribute(lambda site: facility_key(site.facility))
    status = TrialStatus.RECRUITING
    is_recruiting = factory.LazyAttribute(lambda site: site.status == TrialStatus.RECRUITING)
    city = "Bethesda"
    state = "Maryland"
    country = "United States"
