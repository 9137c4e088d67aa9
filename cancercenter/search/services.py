"""The site search: one full-text query per kind of page, over stored, GIN-indexed vectors.

Every searchable model keeps a weighted, GIN-indexed `search_vector` (title A, summary B,
body C; trials: titles A, conditions and interventions B, keywords C, summary D, kept by the
trials import service), so a search only parses the query and reads the index. A search costs a
fixed number of queries: one for the synonyms, then one per kind, which returns the best
rows together with the total count (a window function) and the highlighted snippets.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, transaction
from django.db.models import Case, Count, F, Func, QuerySet, TextField, Value, When, Window
from django.db.models.functions import Concat, RowNumber
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from psycopg.errors import QueryCanceled

from cancercenter.search.models import SearchSynonym, expand_query
from education.models import FAQ, Topic
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
    """One kind of page in the results: where its rows come from and how they show."""

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    title_field: str
    snippet_source: Callable[[], object]
    # The only columns a result needs (its title and what get_absolute_url reads).
    fields: tuple[str, ...] = ()
    see_all_url: Callable[[str], str] | None = None

    def matches(self, search_query: SearchQuery) -> QuerySet:
        """This kind's published rows that match, best first, each with a snippet."""
        return (
            self.queryset()
            .filter(search_vector=search_query)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                snippet=SearchHeadline(
                    self.snippet_source(), search_query, config="english", **HEADLINE_OPTIONS
                ),
            )
            .only(*self.fields)
            .order_by("-rank", self.title_field, "pk")
        )

    def best_matches(self, search_query: SearchQuery, count: int) -> QuerySet:
        """The `count` best matches with the total; snippets for those rows only."""
        order = [F("rank").desc(), F(self.title_field).asc(), F("pk").asc()]
        headline = SearchHeadline(
            self.snippet_source(), search_query, config="english", **HEADLINE_OPTIONS
        )
        return (
            self.queryset()
            .filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .annotate(position=Window(RowNumber(), order_by=order), total=Window(Count("pk")))
            .annotate(snippet=Case(When(LessThanOrEqual(F("position"), count), then=headline)))
            .only(*self.fields)
            .order_by("-rank", self.title_field, "pk")[:count]
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
        snippet_source=lambda: Concat(
            F("summary"), Value(" "), _plain_text(F("body")), output_field=TextField()
        ),
    ),
    SearchKind(
        key="faqs",
        label=_("Questions and answers"),
        queryset=_faqs,
        title_field="question",
        fields=("question",),
        snippet_source=lambda: _plain_text(F("answer")),
    ),
    SearchKind(
        key="stories",
        label=_("Patient stories"),
        queryset=_stories,
        title_field="title",
        fields=("title", "slug"),
        snippet_source=lambda: Concat(
            F("teaser"), Value(" "), _plain_text(F("body")), output_field=TextField()
        ),
    ),
    SearchKind(
        key="trials",
        label=_("Clinical trials"),
        queryset=_trials,
        title_field="brief_title",
        fields=("nct_id", "brief_title"),
        snippet_source=lambda: Concat(
            F("nct_id"), Value(": "), _plain_text(F("brief_summary")), output_field=TextField()
        ),
        see_all_url=_trial_finder_url,
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString


@dataclass
class KindResults:
    kind: SearchKind
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def see_all_url(self) -> str:
        return self.kind.url_for_all(self.query)


def synonym_groups() -> list[list[str]]:
    return list(SearchSynonym.objects.values_list("terms", flat=True))


def build_search_query(query: str, groups: list[list[str]]) -> SearchQuery:
    """The query OR each of its synonym variants, in websearch syntax (never a syntax error)."""
    variants = expand_query(query, groups)
    search_query = SearchQuery(variants[0], search_type="websearch", config="english")
    for variant in variants[1:]:
        search_query |= SearchQuery(variant, search_type="websearch", config="english")
    return search_query


def _hit(kind: SearchKind, row) -> Hit:
    return Hit(
        title=getattr(row, kind.title_field),
        url=row.get_absolute_url(),
        snippet=mark_snippet(row.snippet),
    )


def search_grouped(query: str, *, groups: list[list[str]]) -> list[KindResults]:
    """The best few results of every kind, with each kind's total (one query per kind).

    Snippets (ts_headline, the costly part) are cut only for the rows shown: a CASE on each
    row's position, so a query matching thousands of pages still highlights five.
    """
    search_query = build_search_query(query, groups)
    results = []
    for kind in KINDS:
        rows = list(kind.best_matches(search_query, RESULTS_PER_KIND))
        total = rows[0].total if rows else 0
        results.append(
            KindResults(kind=kind, query=query, total=total, hits=[_hit(kind, r) for r in rows])
        )
    return results


def search_kind(query: str, kind: SearchKind, *, groups: list[list[str]]) -> QuerySet:
    """Every match of one kind, best first, for its "see all" page (paginate it)."""
    return kind.matches(build_search_query(query, groups))


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
