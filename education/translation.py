"""Spanish (and any later language) fields for education content, via django-modeltranslation.

Each field below gets one column per language (`title_en`, `title_es`); `topic.title` reads
the active language's column, falling back to English when it is empty. The default
language's columns are the source of truth. Review dates and publishing are per language:
a Spanish page is shown in Spanish only once its Spanish text is published
(`education.content_language`).
"""

from modeltranslation.translator import TranslationOptions, register

from education.models import FAQ, CancerType, Topic, Treatment


@register(Treatment)
class TreatmentTranslation(TranslationOptions):
    fields = ("name", "short_description")


@register(CancerType)
class CancerTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "body",
        "body_html",
        "toc",
        "status",
        "last_reviewed_on",
        "next_review_due",
        "reviewed_by",
    )


@register(FAQ)
class FAQTranslation(TranslationOptions):
    fields = ("question", "answer", "answer_html", "is_published")
