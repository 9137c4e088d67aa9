"""Spanish fields for stories (django-modeltranslation; see education/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from stories.models import Story


@register(Story)
class StoryTranslation(TranslationOptions):
    fields = ("title", "teaser", "body", "body_html", "pull_quote", "photo_alt", "status")
