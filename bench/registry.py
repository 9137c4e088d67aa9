"""The list of benchmarks `make bench` runs, in order. Each yields report lines."""

from http import HTTPStatus
from urllib.parse import urlencode

from bench.timing import measure, measure_with_median


def education_pages():
    """Education pages with 1,000 topics and 3,000 FAQs."""
    from django.test import Client

    from education.models import FAQ, PublicationStatus, Topic, Treatment

    treatments = [
        Treatment.objects.create(name=f"Treatment {i}", slug=f"treatment-{i}") for i in range(10)
    ]
    topics = Topic.objects.bulk_create(
        Topic(
            title=f"Topic {i} about immunotherapy",
            slug=f"topic-{i}",
            summary="A summary.",
            body="## Part\n\nText about transplant and CAR T cells.",
            body_html="<h2>Part</h2><p>Text.</p>",
            treatment=treatments[i % 10],
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(1000)
    )
    FAQ.objects.bulk_create(
        FAQ(
            question=f"Question {i}?",
            answer="Answer.",
            answer_html="<p>Answer.</p>",
            topic=topics[i % 1000],
        )  # fmt: skip
        for i in range(3000)
    )
    client = Client()

    def get(url):
        def action():
            assert client.get(url).status_code == HTTPStatus.OK

        return action

    yield "Education pages (1,000 topics, 3,000 FAQs)"
    for label, url in [
        ("home page", "/"),
        ("education index", "/education/"),
        ("topic page", "/education/topic-500/"),
        ("FAQ page", "/education/faq/"),
        ("site search ?q=transplant", "/search/?q=transplant"),
    ]:
        yield "  " + measure(label, get(url))


def _synthetic_studies(count: int) -> list:
    """`count` variants of the real shared records, each with its own NCT id."""
    import copy
    import json
    from pathlib import Path

    from trials.ctgov import SourceRecord

    folder = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctgov" / "studies"
    originals = [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
    studies = []
    for index in range(count):
        study = copy.deepcopy(originals[index % len(originals)])
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT{80000000 + index:08d}"
        studies.append(SourceRecord(f"synthetic-{index}", record=study))
    return studies


def trials_import():
    """Import 3,000 records (real ones with new NCT ids), then the same again."""
    import time

    from trials.services import trial_import

    studies = _synthetic_studies(3000)
    yield "ClinicalTrials.gov import (3,000 records)"
    for label in ["first import (all created)", "re-import (all unchanged)"]:
        started = time.perf_counter()
        report = trial_import(sources=studies)
        elapsed = time.perf_counter() - started
        yield f"  {label:<53} {elapsed:7.2f} s   {report.summary()}"
    for item in studies[:1000]:
        item.record["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    started = time.perf_counter()
    report = trial_import(sources=studies[:1000])
    elapsed = time.perf_counter() - started
    yield f"  {'re-import of 1,000 changed records':<53} {elapsed:7.2f} s   {report.summary()}"


def trials_import_speed():
    """Import throughput: 10,000 studies built from the 129 real shared records (each with
    its own NCT id), imported through `trial_import` as `import_ctgov` and `ctgov_sync` do.
    Prints studies per second for the first import (all created), a re-import of unchanged
    studies, and a re-import after one status change in every tenth study (updates and
    change records), with the peak memory of this process and the machine's load."""
    import os
    import resource
    import time

    from trials.models import Trial, TrialChange
    from trials.services import trial_import

    Trial.objects.filter(nct_id__startswith="NCT9").delete()
    studies = _synthetic_studies(10_000)
    for index, item in enumerate(studies):
        item.record["protocolSection"]["identificationModule"]["nctId"] = (
            f"NCT{90000000 + index:08d}"
        )

    def load() -> str:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())

    yield f"ClinicalTrials.gov import speed ({len(studies):,} studies, {os.cpu_count()} cores)"

    def run(label, sources):
        before = load()
        started = time.perf_counter()
        report = trial_import(sources=sources)
        elapsed = time.perf_counter() - started
        rate = len(sources) / elapsed
        return (
            f"  {label:<38} {elapsed:7.1f} s  {rate:7.0f} studies/s   {report.summary()}"
            f"   load {before} -> {load()}"
        )

    yield run("first import (all created)", studies)
    yield run("re-import (all unchanged)", studies)
    for item in studies[::10]:
        item.record["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    changes = TrialChange.objects.count()
    yield run("re-import, every 10th status changed", studies)
    yield f"  change records written: {TrialChange.objects.count() - changes:,}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    yield f"  peak memory of the benchmark process: {peak:.0f} MB (the studies are held in memory)"
    yield "  targets (issue 12): first import >= 1,000 studies/s, re-import >= 5,000 studies/s"


_IMPORT_IN_A_CHILD = """
import json, os, resource, sys, time
import django
django.setup()
from django.conf import settings
settings.DATABASES["default"].update(json.loads(os.environ["BENCH_DATABASE"]))
from trials.services import trial_import_paths
started = time.perf_counter()
report = trial_import_paths(paths=[sys.argv[1]])
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"summary": report.summary(), "seconds": elapsed, "peak_mb": peak}))
"""


def trials_import_memory():
    """Peak memory of `import_ctgov` on a 100 MB API page ({"studies": [...]}, built from
    the real shared records): the import runs in a process of its own, so its peak is its
    own, and reads the file study by study. Issue 12: under 300 MB."""
    import copy
    import json
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from django.db import connection

    from trials.models import Trial

    Trial.objects.filter(nct_id__startswith="NCT5").delete()
    folder = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctgov" / "studies"
    originals = [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
    target = 100 * 1024 * 1024
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "page.json"
        count = 0
        with path.open("w", encoding="utf-8") as out:  # one study at a time: no big list
            out.write('{"studies": [')
            while out.tell() < target:
                study = copy.deepcopy(originals[count % len(originals)])
                study["protocolSection"]["identificationModule"]["nctId"] = (
                    f"NCT{50000000 + count:08d}"
                )
                out.write(("," if count else "") + json.dumps(study))
                count += 1
            out.write('], "nextPageToken": "end"}')
        size = path.stat().st_size
        database = {
            key: connection.settings_dict[key]
            for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
        }
        env = {**os.environ, "BENCH_DATABASE": json.dumps(database)}
        result = subprocess.run(
            [sys.executable, "-c", _IMPORT_IN_A_CHILD, str(path)],
            env=env, capture_output=True, text=True, check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    yield f"ClinicalTrials.gov import of one large file ({size / 2**20:.0f} MB, {count:,} studies)"
    yield (
        f"  peak memory of the importing process: {figures['peak_mb']:.0f} MB (target 300 MB)"
        f"   {figures['seconds']:.1f} s   {figures['summary']}   load {load}"
    )


def trials_finder():
    """Finder and trial page latency with the 3,000 imported trials (after trials_import)."""
    from django.test import Client

    from trials.models import Trial

    if not Trial.objects.exists():
        from trials.services import trial_import

        trial_import(sources=_synthetic_studies(3000))
    client = Client()
    nct_id = Trial.objects.order_by("-site_count").values_list("nct_id", flat=True).first()

    def get(url):
        def action():
            assert client.get(url).status_code == HTTPStatus.OK

        return action

    yield f"Trial finder ({Trial.objects.count():,} trials)"
    for label, url in [
        ("finder, no filters", "/trials/"),
        ("finder ?q=lung cancer", "/trials/?q=lung+cancer"),
        ("finder ?phase=2&age=40&sex=female", "/trials/?phase=2&age=40&sex=female"),
        ("finder ?status=completed&page=5", "/trials/?status=completed&page=5"),
        ("finder ?q=<NCT id>", f"/trials/?q={nct_id}"),
        ("trial page with the most sites", f"/trials/{nct_id}/"),
    ]:
        yield "  " + measure(label, get(url))


# The security test's slow query (issue: bounded search): 200 characters of repeated
# synonym phrases took 2-3 s before synonym expansion was capped and snippets bounded.
SLOW_SEARCH = "/search/?" + urlencode({"q": ("BMT car t " * 20)[:200]})
SLOW_SEARCH_BUDGET_MS = 100.0


def _assert_statement_time(action, budget_ms: float):
    """The database time of one request's statements (the median of 15 runs, so one noisy
    moment does not decide), asserted under the budget: `make bench` fails past it."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    totals, slowest = [], []
    for _ in range(15):
        with CaptureQueriesContext(connection) as queries:
            action()
        times = [float(query["time"]) * 1000 for query in queries.captured_queries]
        totals.append(sum(times))
        slowest.append(max(times))
    total = statistics.median(totals)
    verdict = "ok" if total < budget_ms else "OVER BUDGET"
    yield (
        f"  statement time of the slow query: median {total:.1f} ms over "
        f"{len(queries.captured_queries)} statements, slowest {statistics.median(slowest):.1f} ms "
        f"(budget {budget_ms:.0f} ms): {verdict}"
    )
    assert total < budget_ms, f"the slow search's statements took {total:.1f} ms"


def site_search():
    """The site search (/search/?q=) over 10,000 trials, 1,000 topics, 1,000 stories, 3,000 FAQs.

    Tops the tables up to those counts, so it gives the same figures alone or after the
    other benchmarks.
    """
    import random

    from django.test import Client

    from cancercenter.search.models import SearchSynonym
    from education.models import FAQ, PublicationStatus, Topic
    from stories.models import Story
    from trials.models import Trial, TrialStatus
    from trials.services import SEARCH_VECTOR

    rng = random.Random(6)
    words = (
        "immunotherapy transplant leukemia lymphoma infusion donor remission fatigue fever "
        "travel lodging insurance nurse appointment relapse marrow antibody receptor cells "
        "myeloma biopsy scan dose trial eligibility caregiver recovery nutrition"
    ).split()

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    Topic.objects.bulk_create(
        Topic(
            title=f"Search topic {i} {text(3)}",
            slug=f"search-topic-{i}",
            summary=text(25),
            body=text(600),
            body_html="<p>Text.</p>",
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(max(0, 1000 - Topic.objects.count()))
    )
    FAQ.objects.bulk_create(
        FAQ(question=f"{text(8)}?", answer=text(80), answer_html="<p>Answer.</p>")
        for _ in range(max(0, 3000 - FAQ.objects.count()))
    )
    Story.objects.bulk_create(
        Story(
            title=f"My story {i}: {text(3)}",
            slug=f"search-story-{i}",
            display_name=f"Patient {i}",
            teaser=text(20),
            body=text(700),
            body_html="<p>Text.</p>",
            status=PublicationStatus.PUBLISHED,
            consent_received_on="2026-01-01",
            consent_reference=f"Search bench {i}",
            consent_expires_on="2099-01-01",
        )
        for i in range(max(0, 1000 - Story.objects.count()))
    )
    new_trials = Trial.objects.bulk_create(
        Trial(
            nct_id=f"NCT{70000000 + i:08d}",
            brief_title=f"A study of {text(4)}",
            official_title=text(15),
            brief_summary=text(120),
            conditions=[text(2)],
            overall_status=TrialStatus.RECRUITING,
        )
        for i in range(max(0, 10000 - Trial.objects.count()))
    )
    Trial.objects.filter(pk__in=[t.pk for t in new_trials]).update(search_vector=SEARCH_VECTOR)
    SearchSynonym.objects.create(terms=["CAR T", "CAR-T", "chimeric antigen receptor"])
    SearchSynonym.objects.create(terms=["stem cell transplant", "bone marrow transplant", "BMT"])
    from django.db import connection

    with connection.cursor() as cursor:
        # As autovacuum would in production after thousands of new rows: without
        # statistics the planner guesses one matching row and picks poor plans.
        for table in ["trials_trial", "education_topic", "education_faq", "stories_story"]:
            cursor.execute(f"VACUUM ANALYZE {table}")
    client = Client()
    nct_id = Trial.objects.values_list("nct_id", flat=True).first()

    def get(url, status=HTTPStatus.OK):
        def action():
            assert client.get(url).status_code == status

        return action

    counts = (
        f"{Trial.objects.count():,} trials, {Topic.objects.count():,} topics, "
        f"{Story.objects.count():,} stories, {FAQ.objects.count():,} FAQs"
    )
    yield f"Site search ({counts})"
    for label, url in [
        ("common word ?q=transplant", "/search/?q=transplant"),
        ("two words ?q=donor+fatigue", "/search/?q=donor+fatigue"),
        ("synonym ?q=BMT", "/search/?q=BMT"),
        ("no results ?q=zebra", "/search/?q=zebra"),
        (
            "see all topics ?q=transplant&kind=topics&page=3",
            "/search/?q=transplant&kind=topics&page=3",
        ),
        ("see all stories ?q=donor&kind=stories", "/search/?q=donor&kind=stories"),
        # The security test's slow query: 200 characters of repeated synonym phrases.
        ("200 characters of synonyms", SLOW_SEARCH),
    ]:
        yield "  " + measure(label, get(url))
    yield from _assert_statement_time(get(SLOW_SEARCH), SLOW_SEARCH_BUDGET_MS)
    yield "  " + measure("NCT id jump ?q=<NCT id>", get(f"/search/?q={nct_id}", HTTPStatus.FOUND))


def story_pages():
    """Story list, filters, a story page and the feed with 500 stories."""
    from django.test import Client

    from education.models import CancerType, PublicationStatus, Treatment
    from stories.models import Story

    treatments = [
        Treatment.objects.get_or_create(slug=f"story-treatment-{i}", name=f"Story treatment {i}")[0]
        for i in range(4)
    ]
    cancer_types = [
        CancerType.objects.get_or_create(slug=f"story-cancer-{i}", name=f"Story cancer {i}")[0]
        for i in range(4)
    ]
    stories = Story.objects.bulk_create(
        Story(
            title=f"Story {i}",
            slug=f"bench-story-{i}",
            display_name=f"Patient {i}",
            teaser="How treatment brought me home.",
            body="## Part\n\nText.",
            body_html="<h2>Part</h2><p>Text.</p>",
            status=PublicationStatus.PUBLISHED,
            consent_received_on="2026-01-01",
            consent_reference=f"Bench {i}",
            consent_expires_on="2099-01-01",
            featured=i < 3,
        )
        for i in range(500)
    )
    Story.treatments.through.objects.bulk_create(
        Story.treatments.through(story=story, treatment=treatments[i % 4])
        for i, story in enumerate(stories)
    )
    Story.cancer_types.through.objects.bulk_create(
        Story.cancer_types.through(story=story, cancertype=cancer_types[i % 4])
        for i, story in enumerate(stories)
    )
    client = Client()

    def get(url):
        def action():
            assert client.get(url).status_code == HTTPStatus.OK

        return action

    yield "Story pages (500 stories)"
    for label, url in [
        ("story list", "/stories/"),
        (
            "story list, filtered",
            "/stories/?treatment=story-treatment-1&cancer_type=story-cancer-1",
        ),
        ("story list, page 20", "/stories/?page=20"),
        ("story page", "/stories/bench-story-250/"),
        ("Atom feed", "/stories/feed/"),
    ]:
        yield "  " + measure(label, get(url))


def trials_near_me():
    """The finder's ZIP code search over 10,000 trials with 50 sites each (500,000 sites
    around real US ZIP centroids). Reports each case as a ratio of the unfiltered finder
    on the same machine, and the load average, since the machine is shared."""
    import os
    import random

    from django.conf import settings
    from django.test import Client

    from trials.geo import _zip_table
    from trials.models import Trial, TrialSite, TrialStatus, facility_key
    from trials.services import SEARCH_VECTOR

    rng = random.Random(11)
    places = list(_zip_table().values())
    # One trial in 200 lists our center among its sites, as a center's own trials would.
    ours = "Bench Cancer Institute"
    settings.CENTER = {**settings.CENTER, "trial_facility_name": ours}
    new_trials = Trial.objects.bulk_create(
        Trial(
            nct_id=f"NCT{60000000 + i:08d}",
            brief_title=f"A near-me study {i} of lung cancer" if i % 7 == 0 else f"Study {i}",
            brief_summary="A summary.",
            conditions=["Lung Cancer" if i % 7 == 0 else "Leukemia"],
            overall_status=TrialStatus.RECRUITING if i % 3 else TrialStatus.COMPLETED,
            site_count=50,
        )
        for i in range(max(0, 10000 - Trial.objects.count()))
    )
    Trial.objects.filter(pk__in=[t.pk for t in new_trials]).update(search_vector=SEARCH_VECTOR)
    without_sites = Trial.objects.filter(sites__isnull=True).values_list("pk", flat=True)
    batch = []
    for trial_pk in without_sites.iterator():
        for position in range(50):
            place = rng.choice(places)
            facility = ours if position == 1 and trial_pk % 200 == 0 else f"Site {position}"
            batch.append(
                TrialSite(
                    trial_id=trial_pk, position=position, facility=facility,
                    facility_key=facility_key(facility),
                    status=TrialStatus.RECRUITING if position % 4 else TrialStatus.COMPLETED,
                    is_recruiting=bool(position % 4), city=place.city, state=place.state,
                    country="United States", latitude=place.latitude + rng.uniform(-0.05, 0.05),
                    longitude=place.longitude + rng.uniform(-0.05, 0.05),
                )
            )  # fmt: skip
        if len(batch) >= 20000:
            TrialSite.objects.bulk_create(batch)
            batch = []
    TrialSite.objects.bulk_create(batch)
    Trial.objects.refresh_center_flags()  # as an import does for the trials it writes
    from django.db import connection

    with connection.cursor() as cursor:
        # As autovacuum would in production: statistics, and the visibility map that lets
        # the geo index answer without reading the table.
        cursor.execute("VACUUM ANALYZE trials_trialsite")
        cursor.execute("VACUUM ANALYZE trials_trial")
    client = Client()

    def get(url):
        def action():
            assert client.get(url).status_code == HTTPStatus.OK

        return action

    yield (
        f"Trial finder near a ZIP code ({Trial.objects.count():,} trials, "
        f"{TrialSite.objects.count():,} sites)"
    )
    baseline = None
    for label, url in [
        ("finder, no filters (the baseline)", "/trials/"),
        ("?zip=20892 (Bethesda), 20 miles", "/trials/?zip=20892&radius=20"),
        ("?zip=20892, 100 miles (default)", "/trials/?zip=20892"),
        ("?zip=10001 (Manhattan), 500 miles", "/trials/?zip=10001&radius=500"),
        ("?zip=59001 (rural Montana), 100 miles", "/trials/?zip=59001"),
        ("?zip=20892&q=lung cancer, 100 miles", "/trials/?zip=20892&q=lung+cancer"),
        ("?at_center=yes (no ZIP)", "/trials/?at_center=yes"),
        ("?zip=20892&at_center=yes", "/trials/?zip=20892&at_center=yes"),
        ("?zip=20892, page 5", "/trials/?zip=20892&page=5"),
    ]:
        line, median = measure_with_median(label, get(url))
        baseline = baseline or median
        yield f"  {line}   x{median / baseline:4.1f} of baseline"
    if os.environ.get("BENCH_PROFILE"):
        yield from _profile(get("/trials/?zip=20892"))
    if os.environ.get("BENCH_EXPLAIN"):
        from trials.geo import zip_place
        from trials.views import LIST_DEFERRED, filter_trials

        place = zip_place("20892")
        queryset = filter_trials(
            Trial.objects.listed().defer(*LIST_DEFERRED), {"zip": place.zip_code, "radius": 100}
        )
        yield queryset[:20].explain(analyze=True)
        yield queryset.explain(analyze=True)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    yield f"  load average (1, 5, 15 min): {load} on {os.cpu_count()} cores"


def _profile(action, *, top: int = 25):
    """With BENCH_PROFILE set: where one request's time goes (cProfile, sorted by own
    time) and each query's time, so an optimisation starts from a measurement."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()
    with CaptureQueriesContext(connection) as queries:
        profiler = cProfile.Profile()
        profiler.enable()
        action()
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    yield out.getvalue()
    for query in queries.captured_queries:
        yield f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}"


BENCHMARKS = [
    education_pages,
    trials_import,
    trials_import_speed,
    trials_import_memory,
    trials_finder,
    story_pages,
    site_search,
    trials_near_me,
]
