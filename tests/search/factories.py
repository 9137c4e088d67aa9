import factory

from cancercenter.search.models import SearchSynonym


class SearchSynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SearchSynonym

    terms = factory.Sequence(lambda n: [f"term{n}a", f"term{n}b"])
