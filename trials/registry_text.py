"""ClinicalTrials.gov text (CommonMark) to safe HTML that reads like a page.

ClinicalTrials.gov stores its long texts (summary, description, eligibility) as CommonMark.
They are rendered with markdown-it-pyrs, the Python binding of markdown-it.rs (a Rust port
of the markdown-it CommonMark parser): linear time (the first renderer took 44 s on a
summary of 20,000 "["), and about 25 times faster than markdown-it-py, the pure-Python port
it replaced, with the same HTML on every shared study (a test compares them). The import
spends its time here, so this is what makes 1,000 studies a second possible (issue 12).
Only the rules registry text means are turned on; off are:
- indented code blocks: registry writers indent sub-items and notes by 4 or more spaces,
  which CommonMark would show as wide <pre><code> boxes;
- fenced code, inline code spans, images and raw HTML.
Backslash escapes ("\\< 1 cm", "10\\^9/L") are resolved by the parser, and an ordered
list interrupted by a note continues with `<ol start="N">`. The output then goes through
the site's one nh3 policy (education.markdown), with `start` allowed on <ol> and no
<pre>/<code> at all.

Text whose lines open hundreds of nested lists or quotes ("1. 1. 1. ..." 40,000 times)
overflows the Rust parser's stack, which would kill the process: no registry prose looks
like that, so such text goes to markdown-it-py, which has a nesting limit.

Staff Markdown (topic pages, local notes) stays on education.markdown: it needs tables,
abbreviations, definition lists and a table of contents, and is written by staff.
"""

import re
import threading

import markdown_it_pyrs
import nh3
from markdown_it import MarkdownIt

from education.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

REGISTRY_TAGS = ALLOWED_TAGS - {"pre", "code"}
REGISTRY_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "ol": {"start"}}
DISABLED_RULES = ["code", "fence", "backticks", "image", "html_block", "html_inline"]
ENABLED_RULES = [
    *["blockquote", "heading", "hr", "lheading", "list", "paragraph", "reference"],
    *["autolink", "emphasis", "entity", "escape", "link", "newline"],
]
# Far more container markers at a line's start than any prose has (see above).
DEEP_NESTING_RE = re.compile(r"^[ \t>*+\-.)0-9]{1000}", re.MULTILINE)

# Twenty or more "[" or "![" in a row are never links or images, but they make the inline
# parser try each one as a label (10,000 "![" took 0.45 s a field): escaped, they are text.
BRACKET_RUN_RE = re.compile(r"(?:!?\[){20,}")

_local = threading.local()


def _fast_parser() -> markdown_it_pyrs.MarkdownIt:
    if not hasattr(_local, "fast"):
        _local.fast = markdown_it_pyrs.MarkdownIt("zero").enable_many(ENABLED_RULES)
    return _local.fast


def _parser() -> MarkdownIt:
    """markdown-it-py, configured to give the same HTML: for deeply nested text."""
    if not hasattr(_local, "md"):
        # Both refuse a link to javascript:, vbscript:, file: or data: and show it as
        # text; nh3 then also drops any href whose scheme is not http(s) or mailto.
        _local.md = MarkdownIt("commonmark", {"html": False}).disable(DISABLED_RULES)
    return _local.md


def render_registry_text(text: str) -> str:
    """Registry CommonMark to sanitised HTML; "" for empty text."""
    if not text or not text.strip():
        return ""
    text = BRACKET_RUN_RE.sub(lambda run: run.group(0).replace("[", "\\["), text)
    parser = _parser() if DEEP_NESTING_RE.search(text) else _fast_parser()
    raw_html = parser.render(text)
    # The page has its own <h1>: a registry "# Heading" is a section of it.
    raw_html = raw_html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        raw_html,
        tags=REGISTRY_TAGS,
        attributes=REGISTRY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
