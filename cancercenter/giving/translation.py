"""Spanish fields for funds (django-modeltranslation; see education/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from cancercenter.giving.models import Fund


@register(Fund)
class FundTranslation(TranslationOptions):
    fields = ("name", "description")
