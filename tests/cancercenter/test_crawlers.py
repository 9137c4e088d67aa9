"""What crawlers and link previews see: sitemap, robots.txt, meta tags, JSON-LD."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from http import HTTPStatus

import pytest
from django.utils.timezone import localdate

from tests.factories import FAQFactory, TopicFactory, TreatmentFactory
from tests.jsonld import head_tags, json_ld
from tests.public_urls import public_urls
from tests.stories.factories import StoryFactory
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_published_pages_with_lastmod_and_nothing_else(client):
    published = TopicFactory(slug="published-topic")
    TopicFactory(slug="draft-topic", status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    root = ET.fromstring(response.content)
    entries = {
        url.find("s:loc", NS).text: url.find("s:lastmod", NS) for url in root.findall("s:url", NS)
    }
    assert f"{SITE}/" in entries
    assert f"{SITE}/education/" in entries
    assert f"{SITE}/education/faq/" in entries
    assert f"{SITE}/contact/" in entries
    assert f"{SITE}/give/" in entries
    assert f"{SITE}{published.get_absolute_url()}" in entries
    assert f"{SITE}/education/draft-topic/" not in entries
    assert not any("/search/" in url or "thank-you" in url for url in entries)
    assert entries[f"{SITE}{published.get_absolute_url()}"].text == str(
        localdate(published.updated_at)
    )
    assert all(lastmod is not None for lastmod in entries.values())


def test_sitemap_lists_listed_trials_only(client):
    TrialFactory(nct_id="NCT01111111")
    TrialFactory(nct_id="NCT02222222", is_listed=False)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/trials/NCT01111111/</loc>" in body
    assert "NCT02222222" not in body
    assert f"<loc>{SITE}/trials/</loc>" in body


def test_sitemap_lists_published_stories_only(client):
    story = StoryFactory(slug="published-story")
    StoryFactory(slug="draft-story", status="draft", consent_received_on=None)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/stories/published-story/</loc>" in body
    assert f"<lastmod>{localdate(story.updated_at)}</lastmod>" in body
    assert "draft-story" not in body
    assert f"<loc>{SITE}/stories/</loc>" in body


def test_robots_keeps_crawlers_out_of_admin_search_and_thank_you_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Disallow: /contact/thank-you/" in lines
    assert "Disallow: /trials/*/inquire/thank-you/" in lines
    assert "Disallow: /stories/share/thank-you/" in lines
    assert "Disallow: /give/thank-you/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public site stays open


def test_every_page_has_canonical_description_open_graph_and_twitter_tags(client):
    for url in public_urls():
        html = client.get(url).content.decode()
        meta, links = head_tags(html)
        assert links["canonical"] == SITE + url, url
        for name in ["description", "og:title", "og:description", "og:url", "og:image",
                     "og:type", "twitter:card", "twitter:title", "twitter:image"]:  # fmt: skip
            assert meta.get(name), f"{url} lacks {name}"
        assert meta["og:image"] == f"{SITE}/static/img/share.png"
        assert meta["og:url"] == SITE + url


def test_canonical_keeps_the_page_number_only_of_an_unfiltered_list(client, rf):
    from cancercenter.context_processors import canonical_url

    assert canonical_url(rf.get("/stories/", {"page": "2"})) == f"{SITE}/stories/?page=2"
    assert canonical_url(rf.get("/stories/", {"page": "1"})) == f"{SITE}/stories/"
    filtered = rf.get("/stories/", {"page": "2", "treatment": "car-t-cell-therapy"})
    assert canonical_url(filtered) == f"{SITE}/stories/"
    assert canonical_url(rf.get("/stories/", {"page": "2", "utm_source": "x"})) == (
        f"{SITE}/stories/"
    )


def test_share_image_exists_and_is_a_large_png():
    from pathlib import Path

    from PIL import Image

    with Image.open(Path(__file__).resolve().parents[2] / "static/img/share.png") as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_page_title_and_description_reach_the_share_tags(client):
    topic = TopicFactory(title="CAR T-cell therapy", summary="Your own T cells, retrained.")
    meta, _ = head_tags(client.get(topic.get_absolute_url()).content.decode())
    assert meta["og:title"].startswith("CAR T-cell therapy |")
    assert meta["og:description"] == "Your own T cells, retrained."
    assert meta["description"] == "Your own T cells, retrained."
    assert meta["og:type"] == "article"


def test_every_page_shows_breadcrumbs_with_matching_json_ld(client):
    for url in public_urls():
        html = client.get(url).content.decode()
        crumbs = json_ld(html).get("BreadcrumbList", [])
        if url == "/":
            assert crumbs == [] and 'class="breadcrumbs"' not in html
            continue
        assert len(crumbs) == 1, url
        items = crumbs[0]["itemListElement"]
        assert items[0]["name"] == "Home" and items[0]["item"] == f"{SITE}/"
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        assert 'aria-label="Breadcrumb"' in html, url
        for item in items:
            assert item["name"] in html.replace("&#x27;", "'")


def test_topic_breadcrumbs_lead_through_treatments(client):
    topic = TopicFactory(title="Stem cell transplant")
    html = client.get(topic.get_absolute_url()).content.decode()
    items = json_ld(html)["BreadcrumbList"][0]["itemListElement"]
    assert [item["name"] for item in items] == ["Home", "Treatments", "Stem cell transplant"]
    assert items[1]["item"] == f"{SITE}/education/"
    assert items[2]["item"] == SITE + topic.get_absolute_url()
    assert '<span aria-current="page">Stem cell transplant</span>' in html


def test_error_pages_show_home_only(client):
    html = client.get("/no-such-page/").content.decode()
    items = json_ld(html)["BreadcrumbList"][0]["itemListElement"]
    assert [item["name"] for item in items] == ["Home"]


def test_home_page_has_medical_organization(client):
    html = client.get("/").content.decode()
    (org,) = json_ld(html)["MedicalOrganization"]
    for key in ["name", "url", "telephone", "address"]:
        assert org[key], key
    assert org["address"]["@type"] == "PostalAddress"


def test_topic_has_medical_web_page_with_review(client):
    treatment = TreatmentFactory(name="CAR T-cell therapy")
    topic = TopicFactory(
        title="CAR T-cell therapy",
        treatment=treatment,
        last_reviewed_on=date(2026, 9, 15),
        next_review_due=date(2027, 9, 15),
        reviewed_by="Dana Ortiz, MD",
    )
    html = client.get(topic.get_absolute_url()).content.decode()
    (page,) = json_ld(html)["MedicalWebPage"]
    assert page["name"] == "CAR T-cell therapy"
    assert page["url"] == SITE + topic.get_absolute_url()
    assert page["lastReviewed"] == "2026-09-15"
    assert page["reviewedBy"] == {"@type": "Person", "name": "Dana Ortiz, MD"}
    assert page["about"]["name"] == "CAR T-cell therapy"
    assert page["publisher"]["@type"] == "MedicalOrganization"


def test_faq_page_has_faqpage_with_every_question_and_answer(client):
    FAQFactory(question="How long does CAR T take?", answer="About **four weeks**.")
    FAQFactory(question="Can my family stay?", answer="Yes.")
    html = client.get("/education/faq/").content.decode()
    (faq_page,) = json_ld(html)["FAQPage"]
    questions = {q["name"]: q["acceptedAnswer"]["text"] for q in faq_page["mainEntity"]}
    assert questions == {
        "How long does CAR T take?": "About four weeks.",
        "Can my family stay?": "Yes.",
    }
    assert all(q["@type"] == "Question" for q in faq_page["mainEntity"])


def test_faq_answers_in_json_ld_are_the_words_read_not_the_dictionary_popovers(client):
    from education.models import GlossaryTerm

    GlossaryTerm.objects.create(
        cdr_id=46514, language="en", name="apheresis", slug="apheresis",
        definition="A procedure in which blood is collected.", pronunciation="(A-feh-REE-sis)",
    )  # fmt: skip
    FAQFactory(question="How are my cells collected?", answer="Through **apheresis**, in a day.")
    html = client.get("/education/faq/").content.decode()
    assert 'class="glossary-popover"' in html  # the page itself still defines the word
    (faq_page,) = json_ld(html)["FAQPage"]
    (question,) = faq_page["mainEntity"]
    assert question["acceptedAnswer"]["text"] == "Through apheresis, in a day."


def test_json_ld_cannot_be_broken_out_of_by_content(client):
    topic = TopicFactory(title="</script><script>alert(1)</script>")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["MedicalWebPage"][0]["name"] == "</script><script>alert(1)</script>"


def test_trial_page_has_medical_trial_with_design_phase_status_and_nct_id(client):
    trial = TrialFactory(
        nct_id="NCT03333333",
        phases=["PHASE1", "PHASE2"],
        raw={
            "protocolSection": {
                "designModule": {
                    "designInfo": {"allocation": "RANDOMIZED", "maskingInfo": {"masking": "DOUBLE"}}
                }
            }
        },
        locations=[
            {"facility": "A", "country": "United States"},
            {"facility": "B", "country": "Canada"},
        ],  # fmt: skip
    )
    html = client.get(trial.get_absolute_url()).content.decode()
    (data,) = json_ld(html)["MedicalTrial"]
    assert data["identifier"] == "NCT03333333"
    assert data["url"] == f"{SITE}/trials/NCT03333333/"
    assert data["status"] == "https://schema.org/Recruiting"
    assert data["phase"]
    assert data["trialDesign"] == [
        "https://schema.org/RandomizedTrial",
        "https://schema.org/DoubleBlindedTrial",
        "https://schema.org/MultiCenterTrial",
        "https://schema.org/InternationalTrial",
    ]
    crumbs = json_ld(html)["BreadcrumbList"][0]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Clinical trials", trial.brief_title]
    _meta, links = head_tags(html)
    assert links["canonical"] == f"{SITE}/trials/NCT03333333/"
    assert html.count('rel="canonical"') == 1


def test_story_page_has_article_and_breadcrumbs(client):
    story = StoryFactory(title="Remission, twice", teaser="A cord blood transplant.")
    html = client.get(story.get_absolute_url()).content.decode()
    (article,) = json_ld(html)["Article"]
    for key in ["headline", "datePublished", "dateModified", "author", "publisher", "url"]:
        assert article[key], key
    assert article["headline"] == "Remission, twice"
    crumbs = json_ld(html)["BreadcrumbList"][0]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Patient stories", "Remission, twice"]
    meta, _links = head_tags(html)
    assert meta["og:type"] == "article"


def test_atom_feed_is_linked_from_every_page_head(client):
    for url in public_urls():
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert head.count('type="application/atom+xml"') == 1, url
        assert 'href="/stories/feed/"' in head, url


def test_sitemap_and_json_ld_dates_are_the_centers_local_date(client, settings):
    """Just after midnight UTC it is still the day before at a US center: dates follow the
    center's time zone, the same day the page itself shows."""
    settings.TIME_ZONE = "America/Los_Angeles"
    topic = TopicFactory(slug="late-evening-topic")
    evening = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)  # 19:00 on Nov 2 in Los Angeles
    type(topic).objects.filter(pk=topic.pk).update(updated_at=evening, published_at=evening)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/education/late-evening-topic/</loc><lastmod>2026-11-02</lastmod>" in body
    page = client.get("/education/late-evening-topic/")
    (data,) = json_ld(page.content.decode())["MedicalWebPage"]
    assert data["dateModified"] == "2026-11-02"
    assert data["datePublished"] == "2026-11-02"
