from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from education.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from tests.conftest import data_file_lines
from tests.factories import TopicFactory

XSS_FILES = ["payloads/fuzzdb_xss-rsnake.txt", "payloads/fuzzdb_xss-other.txt",
             "payloads/fuzzdb_XSSPolyglot.txt"]  # fmt: skip
ALLOWED_SCHEMES = {"", "http", "https", "mailto", "tel"}


class TagAudit(HTMLParser):
    """Collects every tag and attribute the sanitiser let through."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                if scheme not in ALLOWED_SCHEMES:
                    self.problems.append(f"href scheme {scheme!r}")


def assert_safe(html: str):
    audit = TagAudit()
    audit.feed(html)
    assert audit.problems == [], html


@pytest.mark.parametrize("relative", XSS_FILES)
def test_every_xss_payload_is_neutralised(relative):
    for payload in data_file_lines(relative):
        for text in (payload, f"Intro\n\n{payload}\n\n[link]({payload})"):
            assert_safe(render_markdown(text).html)


def test_markdown_features_editors_use_survive():
    html = render_markdown(
        "## Steps\n\n1. **Collect**\n2. *Infuse*\n\n[Call us](tel:+15550104000) or "
        "[read more](https://example.org/x)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    ).html
    assert '<h2 id="section-steps">Steps</h2>' in html
    assert "<ol>" in html and "<strong>Collect</strong>" in html
    assert 'href="tel:+15550104000"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "<table>" in html


def test_javascript_links_and_event_handlers_are_removed():
    html = render_markdown(
        '[click](javascript:alert(1))\n\n<a href="#" onclick="steal()">x</a>\n\n'
        "<img src=x onerror=alert(1)>\n\n<script>alert(1)</script>"
    ).html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<script" not in html


def test_headings_shift_below_the_page_h1_and_build_a_contents_list():
    rendered = render_markdown("# Big\n\n## Smaller\n\nText")
    assert "<h1" not in rendered.html
    assert [entry["name"] for entry in rendered.toc] == ["Big", "Smaller"]


@pytest.mark.django_db
def test_topic_stores_rendered_html_once_and_the_page_serves_it_escaped(client):
    topic = TopicFactory(body="Hello <script>alert('x')</script> & goodbye")
    assert "<script" not in topic.body_html
    assert "&amp; goodbye" in topic.body_html
    body = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
