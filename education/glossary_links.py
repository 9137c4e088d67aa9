"""Definitions where the words are: the first use of a dictionary term in a page's text
links to its definition.

Decided when the content is saved, in the text's language, and stored in its HTML (never
worked out per request). Each link goes to the term's page, so it works without
JavaScript; static/js/glossary.js opens the definition in place instead, in a native
`popover` stored right after the link. Editors switch a term off for one page in its
"dictionary words not to link" field. Registry text (trials) is never glossified.
"""

import re
import uuid
from dataclasses import dataclass

from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from education.languages import fold_accents

# Phrases up to this many words are looked up; longer terms are rare and never linked.
MAX_WORDS = 6
MIN_LENGTH = 5
# Everyday words (in term_key form) that are dictionary terms too, but that no reader of
# a cancer center's pages needs explained; linking them would bury the useful links.
TOO_COMMON = {
    "cancer", "treatment", "patient", "doctor", "therapy", "blood", "clinical", "normal",
    "abnormal", "fever", "tissue", "cells", "organ", "family", "stage", "tratamiento",
    "paciente", "sangre", "medico", "cuerpo", "celula", "celulas", "fiebre", "tejido",
    "familia", "estadio", "anormal", "clinico",
}  # fmt: skip
# Text inside these elements is never linked.
SKIPPED_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "button"}
TAG = re.compile(r"(<[^>]+>)")
# Stored in the page's language at save time.
MORE_LABEL = _("More about this word")
CLOSE_LABEL = _("Close")
WORD = re.compile(r"\w+(?:[-']\w+)*")
# One stored popover (see _link): everything inside it is escaped text, so the first
# closing button then span after its start is its end.
POPOVER = re.compile(r'<span class="glossary-popover" id="[^"]*" popover .*?</button></span>', re.S)


def plain_text(html: str) -> str:
    """A glossified text as plain words, as read on the page: without the definitions
    stored in its popovers (JSON-LD answers, for example)."""
    return strip_tags(POPOVER.sub("", html)).strip()


def term_key(text: str) -> str:
    """How a term and a run of words compare: lower case, accents folded, single spaces."""
    return " ".join(WORD.findall(fold_accents(text).lower()))


@dataclass(frozen=True)
class LinkableTerm:
    cdr_id: int
    name: str
    url: str
    definition: str
    pronunciation: str


_CACHE: dict[str, tuple[tuple, dict]] = {}


def linkable_terms(language: str) -> dict[str, LinkableTerm]:
    """The visible dictionary terms of a language, by term_key.

    One small query tells whether the dictionary changed since the last call in this
    process; only then are the terms read again (a second query).
    """
    from django.db.models import Count, Max

    from education.models import GlossaryTerm

    rows = GlossaryTerm.objects.visible().in_language(language)
    version = tuple(rows.aggregate(n=Count("pk"), changed=Max("updated_at")).values())
    cached = _CACHE.get(language)
    if cached and cached[0] == version:
        return cached[1]
    terms = {}
    for term in rows.only("cdr_id", "name", "slug", "language", "definition", "pronunciation"):
        key = term_key(term.name)
        if len(key) < MIN_LENGTH or key in TOO_COMMON or len(key.split()) > MAX_WORDS:
            continue
        terms.setdefault(
            key,
            LinkableTerm(
                term.cdr_id, term.name, term.get_absolute_url(), term.definition,
                term.pronunciation,
            ),
        )  # fmt: skip
    _CACHE[language] = (version, terms)
    return terms


def excluded_keys(switched_off: str) -> set[str]:
    """The editor's "not to link" list: one term per line (commas also work)."""
    return {term_key(part) for part in re.split(r"[\n,;]", switched_off or "") if part.strip()}


def glossify(html: str, *, language: str, terms: dict[str, LinkableTerm], off: str = "") -> str:
    """The HTML with the first use of each term linked (see the module docstring)."""
    if not html or not terms:
        return html
    skip = excluded_keys(off)
    used: set[int] = set()
    prefix = uuid.uuid4().hex[:8]  # popover ids stay unique when pages show several texts
    depth = 0
    parts = TAG.split(html)
    with translation.override(language):
        for index, part in enumerate(parts):
            if part.startswith("<"):
                name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
                if name and name.group(1).lower() in SKIPPED_TAGS:
                    depth += -1 if part.startswith("</") else 1
                continue
            if depth > 0 or not part.strip():
                continue
            parts[index] = _link_words(part, terms, skip, used, prefix)
    return "".join(parts)


def _link_words(text: str, terms, skip: set[str], used: set[int], prefix: str) -> str:
    words = list(WORD.finditer(text))
    keys = [term_key(match.group()) for match in words]
    out, position, index = [], 0, 0
    while index < len(words):
        found = None
        for size in range(min(MAX_WORDS, len(words) - index), 0, -1):
            key = " ".join(keys[index : index + size])
            term = terms.get(key)
            if term and key not in skip and term.cdr_id not in used:
                # The words must be one phrase in the text (spaces only between them).
                start, end = words[index].start(), words[index + size - 1].end()
                if " ".join(text[start:end].split()) == " ".join(
                    m.group() for m in words[index : index + size]
                ):
                    found = (term, start, end, size)
                    break
        if found is None:
            index += 1
            continue
        term, start, end, size = found
        used.add(term.cdr_id)
        out.append(text[position:start])
        out.append(_link(term, text[start:end], f"glossary-{prefix}-{term.cdr_id}"))
        position = end
        index += size
    out.append(text[position:])
    return "".join(out)


def _link(term: LinkableTerm, words: str, popover_id: str) -> str:
    """A link to the term's page, and its definition in a popover (shown by glossary.js)."""
    pronunciation = (
        f' <span class="glossary-popover__pronunciation">{escape(term.pronunciation)}</span>'
        if term.pronunciation
        else ""
    )
    return (
        f'<a class="glossary-link" href="{escape(term.url)}" '
        f'data-definition="{popover_id}" aria-haspopup="dialog">{words}</a>'
        f'<span class="glossary-popover" id="{popover_id}" popover role="dialog" '
        f'aria-labelledby="{popover_id}-term">'
        f'<span class="glossary-popover__term" id="{popover_id}-term">{escape(term.name)}</span>'
        f"{pronunciation} "
        f'<span class="glossary-popover__definition">{escape(term.definition)}</span> '
        f'<a class="glossary-popover__more" href="{escape(term.url)}">'
        f"{escape(str(MORE_LABEL))}</a> "
        f'<button class="glossary-popover__close" type="button" popovertarget="{popover_id}" '
        f'popovertargetaction="hide">{escape(str(CLOSE_LABEL))}</button></span>'
    )
