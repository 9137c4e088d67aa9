"""Page weight: HTML, stylesheets and scripts of a public page stay under 60 KB together,
with lists full (a whole page of long trial cards, of long answers), as served in
production (stylesheets minified by collectstatic's storage)."""

import re
from pathlib import Path

import pytest

from cancercenter.staticstorage import minified_css
from education.models import GlossaryTerm
from tests.factories import FAQFactory, TopicFactory
from tests.trials.factories import TrialFactory
from trials.views import TrialListView

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024
STATIC = Path(__file__).resolve().parents[1] / "static"
ASSET = re.compile(
    r'<link rel="stylesheet" href="/static/([^"]+)"|<script[^>]* src="/static/([^"]+)"'
)


def page_weight(html: str) -> int:
    """The page and every stylesheet and script it loads (print sheets included), in bytes."""
    total = len(html.encode())
    for stylesheet, script in set(ASSET.findall(html)):
        text = (STATIC / (stylesheet or script)).read_text()
        total += len((minified_css(text) if stylesheet else text).encode())
    return total


LONG_TITLE = (
    "A Phase 2 Study of an Investigational Bispecific Antibody Given With Standard "
    "Chemotherapy to Adults With Relapsed or Refractory Diffuse Large B-Cell Lymphoma {}"
)


def test_a_full_page_of_long_trials_is_under_the_budget(client):
    for n in range(TrialListView.paginate_by + 5):
        TrialFactory(
            brief_title=LONG_TITLE.format(n),
            conditions=["Diffuse Large B-Cell Lymphoma", "Follicular Lymphoma",
                        "Mantle Cell Lymphoma", "Marginal Zone Lymphoma", "Burkitt Lymphoma"],
        )  # fmt: skip
    html = client.get("/trials/").content.decode()
    assert html.count('class="finder__item"') == TrialListView.paginate_by
    assert page_weight(html) < BUDGET, page_weight(html)


@pytest.mark.parametrize("url", ["/", "/education/", "/give/", "/appointments/request/"])
def test_other_pages_are_under_the_budget(client, url):
    assert page_weight(client.get(url).content.decode()) < BUDGET


def test_a_full_page_of_long_answers_is_under_the_budget(client):
    from education.views import FAQListView

    for cdr_id, name in enumerate(["apheresis", "lymphocyte", "remission", "infusion"], 1):
        GlossaryTerm.objects.create(
            cdr_id=cdr_id, language="en", name=name, slug=name, pronunciation="(PRO-nun-see)",
            definition="A definition of about two lines, as the NCI dictionary writes them, "
            "for a reader who meets the word for the first time in a page about treatment.",
        )  # fmt: skip
    topic = TopicFactory(title="CAR T-cell therapy")
    # As long as the demo's longest answers, each defining one dictionary word.
    answer = (
        "Your T cells are collected by {} over a few hours, then changed in a laboratory "
        "so they can find the cancer, which takes a few weeks. After a short course of "
        "chemotherapy you receive the cells back, and you stay close to the center for "
        "about four weeks so the team can watch for side effects and treat them early. Your "
        "doctor will explain what the results mean for you and what comes next."
    )
    terms = ["apheresis", "lymphocyte", "remission", "infusion"]
    for n in range(FAQListView.paginate_by + 5):
        FAQFactory(topic=topic, question=f"What happens at step {n} of CAR T-cell therapy?",
                   answer=answer.format(terms[n % 4]))  # fmt: skip
    html = client.get("/education/faq/").content.decode()
    assert html.count('class="faq"') == FAQListView.paginate_by
    assert 'class="glossary-popover"' in html
    assert page_weight(html) < BUDGET, page_weight(html)


SUMMARY = (
    "What to expect before, during and after treatment, in plain words: the visits, the "
    "tests, the side effects to watch for, and who to call at any hour."
)


def test_full_pages_of_topics_stories_and_doctors_are_under_the_budget(client):
    from cancercenter.care.views import ProviderListView
    from education.views import TopicListView
    from stories.views import StoryListView
    from tests.care.factories import ProviderFactory
    from tests.stories.factories import StoryFactory

    for n in range(TopicListView.paginate_by + 1):
        TopicFactory(title=f"Living well during and after treatment, part {n}", summary=SUMMARY)
    for n in range(StoryListView.paginate_by + 1):
        StoryFactory(title=f"How I got back to the garden after my transplant ({n})",
                     teaser=SUMMARY)  # fmt: skip
    for n in range(ProviderListView.paginate_by + 1):
        ProviderFactory(name=f"Alexandra Montgomery-Reyes {n}")
    for url in ["/education/", "/stories/", "/doctors/"]:
        html = client.get(url).content.decode()
        assert 'rel="next"' in html or "?page=2" in html, url  # the page is full
        assert page_weight(html) < BUDGET, (url, page_weight(html))
