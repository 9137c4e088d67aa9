"""HTML templates are read without their indentation; what people typed is untouched."""

import html
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.template import engines

from cancercenter.template_loaders import trim_indentation
from tests.contact.test_contact import contact_data, fresh_token


def test_indentation_and_blank_lines_go_and_every_line_break_stays():
    source = "<ul>\n    <li>One</li>\n\n    \n    <li>{{ two }}</li>\n</ul>\n"
    assert trim_indentation(source) == "<ul>\n<li>One</li>\n<li>{{ two }}</li>\n</ul>\n"
    # Words on both sides of a line break keep their space.
    assert (
        trim_indentation("<a>Read</a>\n    <span>more</span>") == "<a>Read</a>\n<span>more</span>"
    )


def test_templates_with_pre_or_textarea_are_left_as_written():
    for source in ["<pre>\n  indented\n</pre>", "<textarea>\n  {{ value }}</textarea>"]:
        assert trim_indentation(source) == source


def test_the_site_engine_trims_html_but_not_text_emails():
    engine = engines["django"].engine
    page = engine.get_template("base.html")
    assert not re.search(r"\n[ \t]+<", page.source)
    assert page.source != Path(page.origin.name).read_text()
    email = engine.get_template("emails/contact_acknowledgement.txt")
    assert email.source == Path(email.origin.name).read_text()


@pytest.mark.django_db
def test_a_message_typed_with_indentation_comes_back_exactly(post_form):
    typed = "Line one\n    indented line\n\n  after a blank line"
    data = contact_data(message=typed, form_token=fresh_token(seconds_ago=0.5))
    response = post_form("/contact/", data)  # too fast: the form is shown again
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    (shown,) = re.findall(r'<textarea name="message"[^>]*>(.*?)</textarea>', body, re.S)
    assert html.unescape(shown).replace("\r\n", "\n").lstrip("\n") == typed
