"""ClinicalTrials.gov text (CommonMark) to safe HTML that reads like a page.

ClinicalTrials.gov stores its long texts (summary, description, eligibility) as CommonMark.
They are rendered with markdown-it-py, a CommonMark parser that runs in linear time (the
old renderer took 44 s on a summary of 20,000 "["), with what registry text never means
turned off:
- indented code blocks: registry writers indent sub-items and notes by 4 or more spaces,
  which CommonMark would show as wide <pre><code> boxes;
- fenced code, inline code spans, images and raw HTML.
Backslash escapes ("\\< 1 cm", "10\\^9/L") are resolved by the parser, and an ordered
list interrupted by a note continues with `<ol start="N">`. The output then goes through
the site's one nh3 policy (education.markdown), with `start` allowed on <ol> and no
<pre>/<code> at all.

Staff Markdown (topic pages, local notes) stays on education.markdown: it needs tables,
abbreviations, definition lists and a table of contents, and is written by staff.
"""

import re
import threading

import nh3
from markdown_it import MarkdownIt

from education.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

REGISTRY_TAGS = ALLOWED_TAGS - {"pre", "code"}
REGISTRY_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "ol": {"start"}}
DISABLED_RULES = ["code", "fence", "backticks", "image", "html_block", "html_inline"]

# Twenty or more "[" or "![" in a row are never links or images, but they make the inline
# parser try each one as a label (10,000 "![" took 0.45 s a field): escaped, they are text.
BRACKET_RUN_RE = re.compile(r"(?:!?\[){20,}")

_local = threading.local()


def _parser() -> MarkdownIt:
    if not hasattr(_local, "md"):
        md = MarkdownIt("commonmark", {"html": False}).disable(DISABLED_RULES)
        # Let every link parse as a link: nh3 then drops an href with a scheme we do not
        # allow, so "[x](javascript:...)" leaves the word "x", not the script as text.
        md.validateLink = lambda url: True
        _local.md = md
    return _local.md


def render_registry_text(text: str) -> str:
    """Registry CommonMark to sanitised HTML; "" for empty text."""
    if not text or not text.strip():
        return ""
    text = BRACKET_RUN_RE.sub(lambda run: run.group(0).replace("[", "\\["), text)
    raw_html = _parser().render(text)
    # The page has its own <h1>: a registry "# Heading" is a section of it.
    raw_html = raw_html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        raw_html,
        tags=REGISTRY_TAGS,
        attributes=REGISTRY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
