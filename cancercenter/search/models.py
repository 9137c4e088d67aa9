"""Medical synonyms for the site search, kept as data that editors extend in the admin."""

import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from education.languages import fold_accents

# How many alternative wordings one search may try; keeps the query small and fast.
MAX_VARIANTS = 12
# The web-search operators PostgreSQL's websearch_to_tsquery understands: a word to leave
# out ("-lymphoma"), a "quoted phrase", and "or".
EXCLUDED = re.compile(r'(?<!\S)-[^\s"]+')
OPERATORS = re.compile(r'"|\bor\b', re.IGNORECASE)


def normalize(text: str) -> str:
    """Lowercase words only, accents folded, so "CAR-T", "car t" and "CAR  T" compare equal,
    and so do "médula ósea" and "medula osea"."""
    return " ".join(re.findall(r"\w+", fold_accents(text).lower()))


class SearchSynonym(models.Model):
    """A group of words that mean the same thing to a patient ("BMT", "bone marrow transplant")."""

    terms = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("terms"),
        help_text=_(
            "Words or phrases that mean the same, separated by commas, for example: "
            "BMT, bone marrow transplant, stem cell transplant. A search for any one of them "
            "also finds pages that use the others."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of these words: a search uses the groups of its page's language."
        ),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Optional: why these belong together.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cancercenter_searchsynonym"  # the table it had before the app split
        ordering = ["language", "id"]
        verbose_name = _("search synonym group")
        verbose_name_plural = _("search synonym groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(terms__len__gte=2),
                name="search_synonym_has_two_terms",
                violation_error_message=_("A synonym group needs at least two terms."),
            )
        ]

    def __str__(self) -> str:
        return ", ".join(self.terms)


def expand_query(query: str, groups: list[list[str]]) -> list[str]:
    """The query first, then the query with each synonym phrase swapped for its alternatives.

    Swapping (rather than adding the alternatives to the query) keeps the other words:
    "CAR T side effects" also searches "chimeric antigen receptor" side effects.
    """
    # Excluded words ("-lymphoma") stay excluded in every variant. A quoted phrase or "or"
    # is left as typed: swapping words inside them would change what the person asked.
    excluded = EXCLUDED.findall(query)
    wanted = EXCLUDED.sub(" ", query)
    if OPERATORS.search(wanted):
        return [query]
    suffix = "".join(f" {word}" for word in excluded)
    variants = [query, *(f"{variant}{suffix}" for variant in _swapped(wanted, groups))]
    unique = list(dict.fromkeys(variant.lower() for variant in variants))
    return unique[:MAX_VARIANTS]


def _swapped(query: str, groups: list[list[str]]) -> list[str]:
    variants = []
    padded = f" {normalize(query)} "
    for group in groups:
        # Matched on plain words, swapped in as written: the text search parser reads
        # "PD-1" as "pd" and "-1", so only the editor's spelling finds pages that use it.
        spellings = {normalize(term): term for term in group if normalize(term)}
        hit = next(
            (key for key in sorted(spellings, key=len, reverse=True) if f" {key} " in padded),
            None,
        )
        if hit is None:
            continue
        alternatives = [hit] + [term.replace('"', " ") for term in group if term.strip()]
        for term in alternatives:
            phrase = f'"{term}"' if len(term.split()) > 1 else term
            variants.append(padded.replace(f" {hit} ", f" {phrase} ", 1).strip())
    return variants
