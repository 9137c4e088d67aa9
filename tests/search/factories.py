import factory

from cancercenter.synonyms import SearchSynonym


class SearchSynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SearchSynonym

    terms = factory.Sequence(lambda n: [f"term{n}a", f"term{n}b"])
