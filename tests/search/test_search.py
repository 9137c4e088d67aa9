"""The site search at /search/: relevance, synonyms, grouping, snippets, odd input."""

import importlib
import json
import re
import unicodedata
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from cancercenter.search.models import SearchSynonym, expand_query
from tests.conftest import TEST_DATA
from tests.factories import FAQFactory, PageFactory, TopicFactory
from tests.search.factories import SearchSynonymFactory
from tests.stories.factories import StoryFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db


def hit_titles(response) -> list[str]:
    return re.findall(
        r'class="search-hit__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == HTTPStatus.OK
    return response


def test_a_title_hit_ranks_above_summary_and_body_hits(client):
    TopicFactory(
        title="Living after treatment", body="Lymphoma follow-up visits and lymphoma care."
    )
    TopicFactory(title="Getting ready", summary="What lymphoma patients should pack.")
    TopicFactory(title="Lymphoma")
    assert hit_titles(search(client, "lymphoma")) == [
        "Lymphoma", "Getting ready", "Living after treatment"
    ]  # fmt: skip


def test_drafts_and_future_topics_and_unpublished_faqs_are_not_found(client):
    from datetime import timedelta

    from django.utils import timezone

    TopicFactory(title="Draft about mesothelioma", status="draft")
    TopicFactory(title="Future mesothelioma", published_at=timezone.now() + timedelta(days=3))
    FAQFactory(question="Is mesothelioma rare?", is_published=False)
    response = search(client, "mesothelioma")
    assert hit_titles(response) == []
    assert "0 results" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("CAR T", "chimeric antigen receptor"),
        ("CAR-T", "chimeric antigen receptor"),
        ("chimeric antigen receptor", "CAR-T"),
        ("BMT", "stem cell transplant"),
        ("HSCT", "bone marrow transplant"),
        ("stem cell transplant", "HSCT"),
        ("checkpoint inhibitor", "PD-1"),
        ("PD-1", "immunotherapy drug"),
        ("immunotherapy drug", "checkpoint inhibitor"),
    ],
)
def test_medical_synonyms_work_both_ways(client, typed, written):
    SearchSynonymFactory(terms=["CAR T", "CAR-T", "chimeric antigen receptor"])
    SearchSynonymFactory(terms=["stem cell transplant", "bone marrow transplant", "BMT", "HSCT"])
    SearchSynonymFactory(terms=["checkpoint inhibitor", "PD-1", "immunotherapy drug"])
    TopicFactory(title="A page that says it differently", body=f"We offer {written} here.")
    TopicFactory(title="Unrelated", body="Parking and directions.")
    assert hit_titles(search(client, typed)) == ["A page that says it differently"]


def test_synonyms_added_in_the_admin_take_effect(staff_client, client):
    TopicFactory(title="Radiation", body="Radiotherapy sessions are short.")
    assert hit_titles(search(client, "xrt")) == []
    response = staff_client.post(
        "/admin/search/searchsynonym/add/",
        {"terms": "XRT, radiotherapy", "language": "en", "note": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert hit_titles(search(client, "xrt")) == ["Radiation"]


def test_synonym_swap_keeps_the_other_words():
    groups = [["CAR T", "chimeric antigen receptor"]]
    assert expand_query("CAR-T side effects", groups) == [
        "car-t side effects",
        '"car t" side effects',
        '"chimeric antigen receptor" side effects',
    ]
    assert expand_query("carton", groups) == ["carton"]


def test_excluded_words_stay_excluded_when_a_synonym_is_typed(client):
    SearchSynonymFactory(terms=["CAR T", "CAR-T", "chimeric antigen receptor"])
    TopicFactory(title="CAR T for lymphoma", body="Chimeric antigen receptor cells for lymphoma.")
    TopicFactory(title="CAR T for myeloma", body="Chimeric antigen receptor cells for myeloma.")
    assert hit_titles(search(client, "CAR T -lymphoma")) == ["CAR T for myeloma"]
    assert hit_titles(search(client, "CAR-T -lymphoma")) == ["CAR T for myeloma"]


def test_results_are_grouped_by_kind_with_counts_and_see_all_links(client):
    for n in range(7):
        TopicFactory(title=f"Fatigue guide {n}")
    FAQFactory(question="Why am I tired? Is fatigue normal?")
    response = search(client, "fatigue")
    body = response.content.decode()
    assert "8 results" in body
    assert "Treatment guides <span" in body and "(7)" in body
    assert "Questions and answers <span" in body and "(1)" in body
    assert len(hit_titles(response)) == 5 + 1
    # Only the kind with more than it shows gets a "see all" link, and it lists them all.
    assert body.count("See all") == 1
    see_all = re.search(r'href="([^"]*kind=topics[^"]*)"', body).group(1).replace("&amp;", "&")
    everything = client.get(see_all)
    assert len(hit_titles(everything)) == 7
    assert "7 results in Treatment guides" in everything.content.decode()


def test_snippets_highlight_the_words_and_escape_markup_before_marking(client):
    TopicFactory(
        title="Safety",
        body='Infusion <script>alert("x")</script> <b>reactions</b> \ue000are rare.',
    )
    body = search(client, "infusion reactions").content.decode()
    snippet = re.search(r'class="search-hit__snippet">(.*?)</p>', body, re.S).group(1)
    assert "<mark>Infusion</mark>" in snippet
    assert "&lt;script" in snippet and "<script" not in snippet
    assert "<b>" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_empty_search_shows_help_popular_topics_and_the_phone(client):
    TopicFactory(title="What is immunotherapy?")
    SearchSynonymFactory(terms=["BMT", "bone marrow transplant"])
    body = search(client, "").content.decode()
    assert "What are you looking for?" in body
    assert "What is immunotherapy?" in body
    assert "(555) 010-4000" in body
    assert 'href="/search/?q=BMT"' in body


def test_no_results_page_suggests_and_gives_the_phone(client):
    TopicFactory(title="What is immunotherapy?")
    body = search(client, "qwertyuiop").content.decode()
    assert "0 results" in body
    assert "Nothing matched" in body
    assert "Popular topics" in body and "What is immunotherapy?" in body
    assert "(555) 010-4000" in body


def test_search_page_is_kept_out_of_indexes(client):
    body = search(client, "x").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in body


def test_an_nct_id_goes_straight_to_its_listed_trial(client):
    TrialFactory(nct_id="NCT01234567")
    for q in ["NCT01234567", "nct01234567", "  tell me about NCT01234567 please"]:
        response = client.get("/search/", {"q": q})
        assert response.status_code == HTTPStatus.FOUND, q
        assert response["Location"] == "/trials/NCT01234567/"


def test_an_unknown_or_hidden_nct_id_falls_back_to_the_word_search(client):
    TrialFactory(nct_id="NCT07654321", is_listed=False)
    for q in ["NCT07654321", "NCT00000001"]:
        response = search(client, q)
        assert "0 results" in response.content.decode()


def test_published_stories_are_searched_title_first(client):
    StoryFactory(title="Back to the garden", teaser="After my cord blood transplant.")
    StoryFactory(title="Cord blood gave me a second chance")
    StoryFactory(title="Draft cord blood story", status="draft", consent_received_on=None)
    response = search(client, "cord blood")
    body = response.content.decode()
    assert "Patient stories <span" in body and "(2)" in body
    assert hit_titles(response) == ["Cord blood gave me a second chance", "Back to the garden"]
    assert "Draft cord blood story" not in body


def test_listed_trials_are_searched_and_see_all_opens_the_finder(client):
    for n in range(5):
        TrialFactory(brief_title=f"Ibrutinib for lymphoma, part {n}")
    TrialFactory(brief_title="Ibrutinib, finished", overall_status="COMPLETED")
    TrialFactory(brief_title="Hidden ibrutinib trial", is_listed=False)
    response = search(client, "ibrutinib")
    body = response.content.decode()
    assert "Clinical trials <span" in body and "(6)" in body
    assert "Hidden ibrutinib trial" not in body
    see_all = re.search(r'href="(/trials/\?q=ibrutinib[^"]*)"', body).group(1)
    finder = client.get(see_all.replace("&amp;", "&")).content.decode()
    # The finder lists the same six trials, the completed one included.
    assert "6 trials found" in finder
    assert "Ibrutinib, finished" in finder and "Hidden ibrutinib trial" not in finder


def test_every_naughty_string_is_answered_without_an_error(client, settings):
    settings.SEARCH_RATE_LIMIT = (100_000, 60)
    TopicFactory(title="CAR T-cell therapy")
    lines = (TEST_DATA / "blns" / "blns.txt").read_text(encoding="utf-8").splitlines()
    strings = [line for line in lines if line and not line.startswith("#")]
    assert len(strings) > 400
    for text in strings:
        response = client.get("/search/", {"q": text})
        if any(unicodedata.category(char) == "Cc" for char in text):
            # Control characters are refused before the page (tests/test_odd_bytes.py).
            assert response.status_code == HTTPStatus.BAD_REQUEST, text
        else:
            assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}, text
    # Very long queries are cut, not refused.
    assert client.get("/search/", {"q": "leukemia " * 500}).status_code == HTTPStatus.OK


def test_query_count_is_fixed_whatever_the_number_of_results(client, django_assert_max_num_queries):
    SearchSynonymFactory(terms=["BMT", "bone marrow transplant"])
    for n in range(30):
        topic = TopicFactory(title=f"Transplant guide {n}")
        FAQFactory(question=f"Transplant question {n}?", topic=topic)
    for n in range(30):
        TrialFactory(brief_title=f"Transplant trial {n}")
        StoryFactory(title=f"My transplant {n}")
    for n in range(30):
        PageFactory(title=f"Transplant unit {n}", slug=f"unit-{n}")
    # synonyms + one per kind: topics, FAQs, stories, pages, trials (best rows, totals,
    # snippets), + the search's statement timeout (set_config; in tests, also a savepoint
    # and release)
    with django_assert_max_num_queries(9):
        search(client, "transplant")
    with django_assert_max_num_queries(10):  # + popular topics
        search(client, "nothing-matches-this")
    # + the NCT id lookup, which finds nothing, + popular topics for the empty result
    with django_assert_max_num_queries(11):
        search(client, "NCT99999999 transplant")
    with django_assert_max_num_queries(3):  # synonyms, count, page
        search(client, "transplant", kind="faqs")


def test_header_search_box_points_at_the_search_page(client):
    body = client.get("/").content.decode()
    assert 'action="/search/"' in body and 'name="q"' in body


def test_content_editors_may_keep_the_synonyms(client, django_user_model):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    editor = django_user_model.objects.create_user(username="ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(editor)
    response = client.get("/admin/search/searchsynonym/add/")
    assert response.status_code == HTTPStatus.OK


def test_a_new_site_has_the_medical_synonyms_without_demo_content(client):
    """The three groups the portal promises are seeded by a migration, not the demo."""
    from django.apps import apps

    seeding = importlib.import_module("cancercenter.search.migrations.0002_seed_search_synonyms")
    editor = SimpleNamespace(connection=connection)
    SearchSynonym.objects.all().delete()
    seeding.seed(apps, editor)
    seeding.seed(apps, editor)  # a second run adds nothing
    assert SearchSynonym.objects.count() == 3
    TopicFactory(title="Your transplant day", body="A bone marrow transplant takes an hour.")
    TopicFactory(title="Cell therapy basics", body="Chimeric antigen receptor cells, explained.")
    assert hit_titles(search(client, "BMT")) == ["Your transplant day"]
    assert hit_titles(search(client, "CAR-T")) == ["Cell therapy basics"]


def test_searches_are_rate_limited_per_client(client, settings):
    settings.SEARCH_RATE_LIMIT = (3, 60)
    statuses = [client.get("/search/", {"q": f"word{n}"}).status_code for n in range(4)]
    assert statuses == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]
    busy = client.get("/search/", {"q": "again"})
    assert "Too many searches at once" in busy.content.decode()
    assert busy.headers["Retry-After"] == "60"
    assert client.get("/search/").status_code == HTTPStatus.OK  # the empty page is free
    other = client.get("/search/", {"q": "word"}, REMOTE_ADDR="198.51.100.3")
    assert other.status_code == HTTPStatus.OK


def test_a_search_past_its_statement_timeout_says_to_try_fewer_words(client, settings, monkeypatch):
    """PostgreSQL itself stops a search query that runs too long; the page still answers.

    The search is replaced by a real query that takes 200 ms, so the database's own timeout
    (50 ms here) is what stops it.
    """
    from cancercenter.search import services

    def slow_search(query, *, groups):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        return []

    settings.SEARCH_STATEMENT_TIMEOUT_MS = 50
    monkeypatch.setattr(services, "search_grouped", slow_search)
    response = client.get("/search/", {"q": "transplant"})
    assert response.status_code == HTTPStatus.OK
    assert "That search took too long" in response.content.decode()
    settings.SEARCH_STATEMENT_TIMEOUT_MS = 1000
    response = client.get("/search/", {"q": "transplant"})
    assert "That search took too long" not in response.content.decode()


def test_snippets_are_made_only_for_the_rows_shown(client):
    """ts_headline is the costly part; a search matching 30 topics highlights 5."""
    from cancercenter.search import services

    for n in range(30):
        TopicFactory(title=f"Transplant guide {n}")
    topics = next(kind for kind in services.KINDS if kind.key == "topics")
    query = services.build_search_query("transplant", [])
    rows = list(topics.best_matches(query, 5))
    assert len(rows) == 5 and rows[0].total == 30
    assert all(row.snippet for row in rows)
    # In PostgreSQL's plan, the node that computes ts_headline (its output starts with the
    # call; passed-through outputs are parenthesised) handles only the five rows kept.
    plan = json.loads(
        topics.best_matches(query, 5).explain(format="json", verbose=True, analyze=True)
    )
    computing = [
        node
        for node in _plan_nodes(plan[0]["Plan"])
        if any(output.startswith("ts_headline(") for output in node.get("Output", []))
    ]
    assert computing, plan
    assert all(node["Actual Rows"] <= 5 for node in computing), computing


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def test_the_security_tests_slow_query_is_bounded(client):
    """200 characters of repeated synonym phrases once took 2-3 s: every repeat multiplied
    the synonym variants. Now the variants are capped, so the slow query sends as many
    statements as a short one, of a size bounded whatever is typed; `make bench`
    (site_search) asserts their database time stays under 100 ms over 10,000 trials."""
    from django.test.utils import CaptureQueriesContext

    from cancercenter.search.models import MAX_VARIANTS
    from cancercenter.search.services import MAX_QUERY_LENGTH

    SearchSynonymFactory(terms=["CAR T", "CAR-T", "chimeric antigen receptor"])
    SearchSynonymFactory(terms=["stem cell transplant", "bone marrow transplant", "BMT"])
    TopicFactory(title="Bone marrow transplant")
    TopicFactory(title="CAR T-cell therapy")

    def statements(q):
        with CaptureQueriesContext(connection) as queries:
            html = search(client, q).content.decode()
        return html, [query["sql"] for query in queries.captured_queries]

    slow = ("BMT car t " * 20)[:200]
    groups = [synonym.terms for synonym in SearchSynonym.objects.all()]
    assert len(expand_query(slow, groups)) == MAX_VARIANTS
    _html, short = statements("BMT car t")
    html, long = statements(slow)
    assert "Bone marrow transplant" in html and "CAR T-cell therapy" in html
    assert len(long) == len(short)
    # Each statement carries at most every variant of the longest query, a few times over.
    ceiling = max(len(sql) for sql in short) + 4 * MAX_VARIANTS * MAX_QUERY_LENGTH * 2
    assert max(len(sql) for sql in long) < ceiling
