"""factory_boy factories for doctors' profiles."""

import factory

from cancercenter.care.models import Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    """A published doctor; pass treatments=[…], cancer_types=[…], locations=[…], trials=[…]."""

    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sam Doctor{n}")
    slug = factory.Sequence(lambda n: f"sam-doctor-{n}")
    credentials = "MD"
    title = "Blood cancer specialist"
    biography = "## Training\n\nTrained in internal medicine and hematology."
    languages_spoken = factory.LazyFunction(lambda: ["en"])
    accepting_new_patients = True
    is_published = True

    @factory.post_generation
    def treatments(self, create, extracted, **kwargs):
        if create and extracted:
            self.treatments.set(extracted)

    @factory.post_generation
    def cancer_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.cancer_types.set(extracted)

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)

    @factory.post_generation
    def trials(self, create, extracted, **kwargs):
        if create and extracted:
            self.trials.set(extracted)
