"""Spanish fields for general pages and locations (django-modeltranslation; see
education/translation.py). A page is shown in Spanish once it is published in Spanish;
until then its Spanish address shows the English text with a notice."""

from modeltranslation.translator import TranslationOptions, register

from cancercenter.pages.models import Location, Menu, MenuItem, Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html", "seo_title", "seo_description", "status")


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("name", "summary", "hours_note", "parking", "directions", "accessibility")


@register(Menu)
class MenuTranslation(TranslationOptions):
    fields = ("title",)


@register(MenuItem)
class MenuItemTranslation(TranslationOptions):
    fields = ("label",)
