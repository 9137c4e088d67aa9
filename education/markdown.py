"""Staff-written Markdown to safe HTML.

Every app renders Markdown through `render_markdown`, so there is one sanitiser policy:
Markdown renders first, then nh3 (Ammonia) removes anything that could run script.
"""

import threading
from dataclasses import dataclass, field
from html import unescape

import markdown
import nh3
from django.utils.text import slugify

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
    "td": set(),
}
HEADING_ID_PREFIX = "section-"


@dataclass
class RenderedMarkdown:
    html: str
    toc: list[dict] = field(default_factory=list)


def _heading_slug(value: str, separator: str) -> str:
    # A prefix keeps heading ids from clashing with the page's own ids.
    return HEADING_ID_PREFIX + (slugify(value) or "part")


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One parser per thread, reset between documents: building one costs more than a render."""
    if not hasattr(_local, "md"):
        _local.md = markdown.Markdown(
            extensions=["toc", "tables", "sane_lists", "abbr", "def_list"],
            extension_configs={"toc": {"slugify": _heading_slug}},
            output_format="html",
        )
    return _local.md


def render_markdown(text: str) -> RenderedMarkdown:
    """Render Markdown to sanitised HTML, with a table of contents of its headings.

    Body text sits under the page's own <h1>, so a Markdown "# Heading" becomes <h2>.
    """
    md = _markdown()
    raw_html = md.reset().convert(text or "").replace("<h1", "<h2").replace("</h1>", "</h2>")
    html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    toc = [
        {"id": token["id"], "name": unescape(token["name"]), "level": max(token["level"], 2)}
        for token in _flatten(md.toc_tokens)
        if token["level"] <= 3
    ]
    return RenderedMarkdown(html=html, toc=toc)


def _flatten(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.get("children", [])))
    return flat
