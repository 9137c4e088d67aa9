"""factory_boy factories for the education vocabulary and pages."""

from datetime import timedelta

import factory
from django.utils import timezone

from education.models import FAQ, CancerType, PublicationStatus, Topic, Treatment


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treatment
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")


class CancerTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CancerType
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Cancer type {n}")
    slug = factory.Sequence(lambda n: f"cancer-type-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    summary = "A short summary for patients."
    body = "## First part\n\nSome text.\n\n## Second part\n\nMore text."
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer in **Markdown**."
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "giving.Fund"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Fund {n}")
    slug = factory.Sequence(lambda n: f"fund-{n}")
    description = "What this fund pays for."
    order = factory.Sequence(lambda n: n)


class GiftPledgeFactory(factory.django.DjangoModelFactory):
    """A saved pledge, as if it came through the form (no notifications queued)."""

    class Meta:
        model = "giving.GiftPledge"

    amount = "50.00"
    fund = factory.SubFactory(FundFactory)
    name = "Sam Rivera"
    email = "sam@example.org"
    address = "12 Oak Street\nSpringfield, CA 90000"


class PageFactory(factory.django.DjangoModelFactory):
    """A published general page at the top of the tree."""

    class Meta:
        model = "pages.Page"

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Plain words for patients and families."
    status = "published"
