"""Spanish fields for doctors' profiles (django-modeltranslation; see
education/translation.py). A profile is shown in Spanish once its Spanish biography is
written; until then its Spanish address shows the English text with a notice."""

from modeltranslation.translator import TranslationOptions, register

from cancercenter.care.models import Provider


@register(Provider)
class ProviderTranslation(TranslationOptions):
    fields = ("title", "photo_alt", "biography", "biography_html")
