"""What every translated content model shares: which language a page is shown in, and the
accent folding that lets Spanish search ignore accents.

Content is translated with django-modeltranslation (see each app's `translation.py`): one
column per language. The default language's columns (`title_en`) are the source of truth
for publishing in general; another language's text is shown only once it is written and
published in that language. Otherwise the page shows the English text, marked `lang="en"`,
with a notice in the reader's language (templates/includes/content_language_notice.html).
"""

from django.conf import settings
from django.db.models import F, Func, TextField, Value
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

# PostgreSQL here has no unaccent extension: accents are folded with translate(), which is
# immutable and so allowed in generated columns. Python folds queries with the same table.
ACCENTED = "ÁÀÂÄÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜÑÇáàâäéèêëíìîïóòôöúùûüñç"
UNACCENTED = "AAAAEEEEIIIIOOOOUUUUNCaaaaeeeeiiiioooouuuunc"
_FOLD = str.maketrans(ACCENTED, UNACCENTED)


def fold_accents(text: str) -> str:
    """'Célula, niño' -> 'Celula, nino', exactly as FoldAccents does in the database."""
    return text.translate(_FOLD)


class FoldAccents(Func):
    function = "translate"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(ACCENTED), Value(UNACCENTED), **extra)


def localized(field: str, language: str | None = None) -> str:
    """The column of `field` in a language: localized("title", "es") == "title_es"."""
    return build_localized_fieldname(field, language or DEFAULT_LANGUAGE)


def default_field(field: str) -> F:
    return F(localized(field))


class TranslatedContent:
    """Mixin for models registered with modeltranslation.

    `translation_required`: the fields a language needs before its version is shown.
    `translation_status`: (field, value) that means "published" in that language, if any.
    """

    translation_required: tuple[str, ...] = ()
    translation_status: tuple[str, object] | None = None

    def is_available_in(self, language: str) -> bool:
        if language == DEFAULT_LANGUAGE:
            return True
        if not all(getattr(self, localized(f, language), None) for f in self.translation_required):
            return False
        if self.translation_status is not None:
            field, published = self.translation_status
            return getattr(self, localized(field, language)) == published
        return True

    @property
    def content_language(self) -> str:
        """The language this object's text is shown in on the current page."""
        language = get_language() or DEFAULT_LANGUAGE
        return language if self.is_available_in(language) else DEFAULT_LANGUAGE

    @property
    def content_language_missing(self) -> bool:
        return self.content_language != (get_language() or DEFAULT_LANGUAGE)

    def languages(self) -> list[str]:
        """The languages this object is published in (for the sitemap)."""
        return [code for code, _name in settings.LANGUAGES if self.is_available_in(code)]


def available_in(model, language: str):
    """A Q for rows whose text may be shown in `language` (see TranslatedContent)."""
    from django.db.models import Q

    if language == DEFAULT_LANGUAGE:
        return Q(pk__isnull=False)
    condition = Q()
    for field in model.translation_required:
        column = localized(field, language)
        condition &= Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})
    if model.translation_status is not None:
        field, published = model.translation_status
        condition &= Q(**{localized(field, language): published})
    return condition


def shown(obj, field: str):
    """`field` of obj in the language its text is shown in (content_language)."""
    language = obj.content_language
    value = getattr(obj, localized(field, language), None)
    if value in (None, "", []) and language != DEFAULT_LANGUAGE:
        value = getattr(obj, localized(field), None)
    return value


def require_translated_text(obj, fields: tuple[str, ...]) -> None:
    """Publishing a language needs that language's text: errors next to the empty fields."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if obj.translation_status is None:
        return
    status_field, published = obj.translation_status
    errors = {}
    for code, _name in settings.LANGUAGES:
        if code == DEFAULT_LANGUAGE or getattr(obj, localized(status_field, code)) != published:
            continue
        for field in fields:
            if not getattr(obj, localized(field, code), None):
                errors[localized(field, code)] = ValidationError(
                    _("Write this in %(language)s before publishing the %(language)s version."),
                    code="translation_required",
                    params={"language": _name},
                )
    if errors:
        raise ValidationError(errors)
