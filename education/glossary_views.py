"""/glossary/ and /es/glossary/: the NCI Dictionary of Cancer Terms, A to Z, with search."""

import string

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from education.languages import fold_accents
from education.models import GlossaryTerm
from education.pagination import ClampedPaginationMixin

LETTERS = list(string.ascii_uppercase)
MAX_QUERY_LENGTH = 100
# How each language names itself in the switch (as in cancercenter/languages.py).
NATIVE_NAMES = {"en": "English", "es": "Español"}


class GlossaryListView(ClampedPaginationMixin, ListView):
    """Terms of one letter (or matching ?q=), in the page's language, 50 a page."""

    template_name = "education/glossary_list.html"
    context_object_name = "terms"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        letter = request.GET.get("letter", "").upper()
        self.letter = "" if self.query else (letter if letter in LETTERS + ["#"] else "A")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        terms = GlossaryTerm.objects.visible().in_language(get_language())
        if self.query:
            terms = terms.matching(self.query)
        elif self.letter == "#":
            terms = terms.exclude(letter__in=LETTERS)
        else:
            terms = terms.filter(letter=self.letter)
        return terms.only("name", "slug", "language", "definition").order_by("search_name")

    def get_context_data(self, **kwargs):
        counts = dict(
            GlossaryTerm.objects.visible()
            .in_language(get_language())
            .values_list("letter")
            .annotate(n=Count("pk"))
            .values_list("letter", "n")
        )
        letters = [
            {"letter": letter, "count": counts.get(letter, 0), "current": letter == self.letter}
            for letter in LETTERS
        ]
        return super().get_context_data(
            query=self.query,
            letter=self.letter,
            letters=letters,
            breadcrumbs=[(_("Dictionary of cancer terms"), None)],
            **kwargs,
        )


class GlossaryTermView(DetailView):
    """One term: its definition, pronunciation and the term in the other language."""

    template_name = "education/glossary_term.html"
    context_object_name = "term"

    def get_object(self, queryset=None):
        """The term by its slug in the page's language. An address with the other
        language's slug (/es/glossary/immunotherapy/) shows this language's entry of the
        same term, or the other language's entry marked as such when there is none."""
        language = get_language()
        terms = GlossaryTerm.objects.visible().filter(slug=self.kwargs["slug"])
        found = sorted(terms, key=lambda t: t.language != language)
        if not found:
            raise Http404
        term = found[0]
        if term.language != language:
            translated = (
                GlossaryTerm.objects.visible().filter(cdr_id=term.cdr_id, language=language).first()
            )
            term = translated or term
        return term

    def get_context_data(self, **kwargs):
        term = self.object
        other = (
            GlossaryTerm.objects.visible()
            .filter(cdr_id=term.cdr_id)
            .exclude(language=term.language)
            .only("name", "slug", "language")
            .first()
        )
        site = settings.CENTER["site_url"].rstrip("/")
        return super().get_context_data(
            other_language_term=other,
            canonical_url=site + term.get_absolute_url(),
            # Shown on a page in another language: no entry in this one yet.
            term_language_missing=term.language != get_language(),
            **_language_links(term, other),
            breadcrumbs=[
                (_("Dictionary of cancer terms"), reverse("glossary:term-list")),
                (term.name, None),
            ],
            letter_url=reverse("glossary:term-list")
            + f"?letter={fold_accents(term.name[:1]).upper() or 'A'}",
            **kwargs,
        )


def _language_links(term: GlossaryTerm, other: GlossaryTerm | None) -> dict:
    """The switch and hreflang alternates lead to the same term in the other language
    (its own slug), or to that language's dictionary when the term has no entry there."""
    site = settings.CENTER["site_url"].rstrip("/")
    by_language = {term.language: term.get_absolute_url()}
    if other is not None:
        by_language[other.language] = other.get_absolute_url()
    switch = []
    for code, _name in settings.LANGUAGES:
        if code == term.language:
            continue
        with translation.override(code):
            target = by_language.get(code) or reverse("glossary:term-list")
        switch.append({"code": code, "name": NATIVE_NAMES.get(code, code), "target": target})
    default = by_language.get(settings.LANGUAGE_CODE) or by_language[term.language]
    return {
        "language_alternates": [
            {"code": code, "url": site + url} for code, url in sorted(by_language.items())
        ],
        "language_default_url": site + default,
        "language_switch": switch,
    }
