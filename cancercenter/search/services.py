"""The site search: one full-text query per kind of page, over stored, GIN-indexed vectors.

Every searchable model keeps a weighted, GIN-indexed `search_vector` (title A, summary B,
body C; trials: titles A, conditions and interventions B, keywords C, summary D, kept by the
trials import service), so a search only parses the query and reads the index. A search costs a
fixed number of queries: one for the synonyms, then one per kind, which returns the best
rows together with the total count (a scalar subquery) and the highlighted snippets.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, transaction
from django.db.models import F, Func, IntegerField, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from psycopg.errors import QueryCanceled

from cancercenter.pages.models import Page
from cancercenter.search.models import SearchSynonym, expand_query
from education.languages import DEFAULT_LANGUAGE, available_in, fold_accents, localized
from education.models import FAQ, SEARCH_CONFIGS, Topic
from stories.models import Story
from trials.models import Trial, TrialStatus

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 5

# ts_headline marks hits with these private-use characters; the snippet is HTML-escaped
# first and only then are they turned into <mark>, so page text can never become markup.
MARK_START, MARK_STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = {
    "start_sel": MARK_START,
    "stop_sel": MARK_STOP,
    "max_words": 30,
    "min_words": 12,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}
# Markdown punctuation and our own markers are removed from the text a snippet is cut from.
_SNIPPET_NOISE = "[#*_`>|\\[\\]\ue000\ue001]+"
# Control characters cannot be stored or searched (NUL even breaks the driver).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ue000\ue001]")
NCT_ID = re.compile(r"\bNCT\d{8}\b", re.IGNORECASE)


def clean_query(raw: str) -> str:
    """The query as the search uses it: printable, single-spaced, at most 200 characters."""
    text = _CONTROL_CHARACTERS.sub(" ", raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _plain_text(expression):
    return Func(
        expression,
        Value(_SNIPPET_NOISE),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def mark_snippet(headline: str | None) -> SafeString:
    """Escape a ts_headline result, then turn its markers into <mark> elements."""
    escaped = escape(headline or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@dataclass(frozen=True)
class SearchKind:
    """One kind of page in the results: where its rows come from and how they show.

    Translated kinds search the page's language: Spanish pages search the Spanish text
    (its own accent-folded `search_vector_es`, PostgreSQL's `spanish` configuration) of the
    rows published in Spanish. Trials are registry text, always searched in English.
    """

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    title_field: str
    # Builds the text a snippet is cut from, from the columns of a language.
    snippet_source: Callable[[str], object]
    # The only columns a result needs (its title and what get_absolute_url reads).
    fields: tuple[str, ...] = ()
    see_all_url: Callable[[str], str] | None = None
    translated: bool = True

    def language(self) -> str:
        language = get_language() or DEFAULT_LANGUAGE
        return language if self.translated and language in SEARCH_CONFIGS else DEFAULT_LANGUAGE

    def _title_column(self, language: str) -> str:
        return localized(self.title_field, language) if self.translated else self.title_field

    def matches(self, search_query: SearchQuery) -> QuerySet:
        """This kind's published rows that match, best first, each with a snippet."""
        language = self.language()
        rows, vector = self._language_rows(language)
        return (
            rows.filter(**{vector: search_query})
            .annotate(
                rank=SearchRank(F(vector), search_query),
                snippet=self._headline(language, search_query),
            )
            .only(*self.fields)
            .order_by("-rank", self._title_column(language), "pk")
        )

    def _language_rows(self, language: str) -> tuple[QuerySet, str]:
        """This kind's published rows in `language`, and the vector column to search."""
        vector = "search_vector" if language == DEFAULT_LANGUAGE else f"search_vector_{language}"
        rows = self.queryset()
        if language != DEFAULT_LANGUAGE:
            rows = rows.filter(available_in(rows.model, language))
        return rows, vector

    def _headline(self, language: str, search_query: SearchQuery) -> SearchHeadline:
        return SearchHeadline(
            self.snippet_source(language),
            search_query,
            config=SEARCH_CONFIGS[language],
            **HEADLINE_OPTIONS,
        )

    def best_matches(self, search_query: SearchQuery, count: int) -> QuerySet:
        """The `count` best matches, each with the total and a snippet, in one query.

        The total is a scalar subquery (PostgreSQL runs it once), not a window function: a
        window keeps every matching row, with the text its snippet is cut from, until the
        sort, and over thousands of matches that sort spilled to disk. Without it the sort
        is a top-N heapsort, and PostgreSQL cuts the snippets (ts_headline, the costly
        part) after the LIMIT, so a query matching thousands of pages highlights five.
        """
        language = self.language()
        rows, vector = self._language_rows(language)
        matched = rows.filter(**{vector: search_query})
        total = matched.order_by().annotate(
            matched_count=Func(F("pk"), function="COUNT", output_field=IntegerField())
        )
        return (
            matched.annotate(
                rank=SearchRank(F(vector), search_query),
                total=Subquery(total.values("matched_count")),
                snippet=self._headline(language, search_query),
            )
            .only(*self.fields)
            .order_by("-rank", self._title_column(language), "pk")[:count]
        )

    def url_for_all(self, query: str) -> str:
        if self.see_all_url is not None:
            return self.see_all_url(query)
        return reverse("search") + "?" + urlencode({"q": query, "kind": self.key})


def _topics():
    return Topic.objects.published()


def _faqs():
    return FAQ.objects.published()


def _stories():
    return Story.objects.published()


def _trials():
    return Trial.objects.listed()


def _pages():
    return Page.objects.published()


def _trial_finder_url(query: str) -> str:
    # The finder searches with the same words and offers its filters. It shows open trials
    # unless told otherwise; every status is asked for, so it lists what was counted here.
    statuses = [status.slug for status in TrialStatus]
    return reverse("trials:trial-list") + "?" + urlencode({"q": query, "status": statuses}, True)


KINDS = [
    SearchKind(
        key="topics",
        label=_("Treatment guides"),
        queryset=_topics,
        title_field="title",
        fields=("title", "slug"),
        snippet_source=lambda lang: Concat(
            F(localized("summary", lang)),
            Value(" "),
            _plain_text(F(localized("body", lang))),
            output_field=TextField(),
        ),
    ),
    SearchKind(
        key="faqs",
        label=_("Questions and answers"),
        queryset=_faqs,
        title_field="question",
        fields=("question",),
        snippet_source=lambda lang: _plain_text(F(localized("answer", lang))),
    ),
    SearchKind(
        key="stories",
        label=_("Patient stories"),
        queryset=_stories,
        title_field="title",
        fields=("title", "slug"),
        snippet_source=lambda lang: Concat(
            F(localized("teaser", lang)),
            Value(" "),
            _plain_text(F(localized("body", lang))),
            output_field=TextField(),
        ),
    ),
    SearchKind(
        key="pages",
        label=_("About us and visiting"),
        queryset=_pages,
        title_field="title",
        fields=("title", "path"),
        snippet_source=lambda lang: Concat(
            F(localized("summary", lang)),
            Value(" "),
            _plain_text(F(localized("body", lang))),
            output_field=TextField(),
        ),
    ),
    SearchKind(
        key="trials",
        label=_("Clinical trials"),
        queryset=_trials,
        title_field="brief_title",
        fields=("nct_id", "brief_title"),
        snippet_source=lambda lang: Concat(
            F("nct_id"), Value(": "), _plain_text(F("brief_summary")), output_field=TextField()
        ),
        see_all_url=_trial_finder_url,
        translated=False,
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString
    # The language of the title and snippet (registry text is English on every page).
    language: str = DEFAULT_LANGUAGE


@dataclass
class KindResults:
    kind: SearchKind
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def see_all_url(self) -> str:
        return self.kind.url_for_all(self.query)


def synonym_groups(language: str | None = None) -> list[list[str]]:
    """The synonym groups of the page's language (one query)."""
    language = language or get_language() or DEFAULT_LANGUAGE
    return list(SearchSynonym.objects.filter(language=language).values_list("terms", flat=True))


def build_search_query(
    query: str, groups: list[list[str]], language: str = DEFAULT_LANGUAGE
) -> SearchQuery:
    """The query OR each of its synonym variants, in websearch syntax (never a syntax error).

    Spanish queries are accent-folded like the stored Spanish vectors: "celula" and
    "célula" are the same search.
    """
    config = SEARCH_CONFIGS[language]
    variants = expand_query(query, groups)
    if language != DEFAULT_LANGUAGE:
        variants = [fold_accents(variant) for variant in variants]
    search_query = SearchQuery(variants[0], search_type="websearch", config=config)
    for variant in variants[1:]:
        search_query |= SearchQuery(variant, search_type="websearch", config=config)
    return search_query


def _query_for(kind: SearchKind, query: str, groups: list[list[str]], cache: dict):
    language = kind.language()
    if language not in cache:
        # Registry text is English: an English search with the English synonym groups
        # would cost a query more, so trials use the words as typed.
        kind_groups = groups if language == (get_language() or DEFAULT_LANGUAGE) else []
        cache[language] = build_search_query(query, kind_groups, language)
    return cache[language]


def _hit(kind: SearchKind, row) -> Hit:
    return Hit(
        title=getattr(row, kind.title_field),
        url=row.get_absolute_url(),
        snippet=mark_snippet(row.snippet),
        language=kind.language(),
    )


def search_grouped(query: str, *, groups: list[list[str]]) -> list[KindResults]:
    """The best few results of every kind, with each kind's total (one query per kind)."""
    queries: dict = {}
    results = []
    for kind in KINDS:
        search_query = _query_for(kind, query, groups, queries)
        rows = list(kind.best_matches(search_query, RESULTS_PER_KIND))
        total = rows[0].total if rows else 0
        results.append(
            KindResults(kind=kind, query=query, total=total, hits=[_hit(kind, r) for r in rows])
        )
    return results


def search_kind(query: str, kind: SearchKind, *, groups: list[list[str]]) -> QuerySet:
    """Every match of one kind, best first, for its "see all" page (paginate it)."""
    return kind.matches(_query_for(kind, query, groups, {}))


def hits(kind: SearchKind, rows) -> list[Hit]:
    return [_hit(kind, row) for row in rows]


def jump_url(query: str) -> str | None:
    """Where a query that names one thing should go straight away (an NCT id: its trial)."""
    match = NCT_ID.search(query)
    if match is None:
        return None
    return _listed_trial_url(match.group().upper())


def _listed_trial_url(nct_id: str) -> str | None:
    # An id we do not list (hidden, or never imported) falls through to the word search.
    trial = Trial.objects.listed().filter(nct_id=nct_id).only("nct_id").first()
    return trial.get_absolute_url() if trial else None


class SearchTooSlow(Exception):
    """The search went past SEARCH_STATEMENT_TIMEOUT_MS and was stopped by the database."""


def search_grouped_bounded(query: str, *, groups: list[list[str]]) -> list[KindResults]:
    """`search_grouped`, with PostgreSQL stopping any one of its queries after
    SEARCH_STATEMENT_TIMEOUT_MS, so no query text can hold a connection for long."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [f"{settings.SEARCH_STATEMENT_TIMEOUT_MS}ms"],
                )
            return search_grouped(query, groups=groups)
    except OperationalError as exc:
        if isinstance(exc.__cause__, QueryCanceled):
            raise SearchTooSlow from exc
        raise
