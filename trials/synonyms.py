"""Keywords that know medicine: the finder's `q` also finds a term's synonyms.

Two sources, merged per search:
- the site's search synonym groups, which editors keep in the admin (cancercenter.search);
- medical synonym groups shipped in trials/terms/ (see PROVENANCE.md there): brand and
  generic drug names and spelled-out diseases from NCI's Dictionary of Cancer Terms
  ("pembrolizumab ... Also called Keytruda."), "cancer"/"carcinoma" pairs from NCI's
  clinical-trial disease names, and common cancer abbreviations (NSCLC, DLBCL, ...).

A query that names a term of a group searches for every term of that group, each as a
phrase, in place of the words typed: "keytruda" and "pembrolizumab" become the same
search, and so do "NSCLC" and "non-small cell lung cancer".
"""

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.contrib.postgres.search import SearchQuery

from cancercenter.search.models import EXCLUDED, OPERATORS, normalize

TERMS_DIR = Path(__file__).resolve().parent / "terms"
SYNONYM_FILES = ("nci_synonyms.txt", "abbreviations.txt")
MAX_WORDS = 8  # the longest term looked up, in words
MAX_VARIANTS = 16


def read_groups(path: Path) -> list[list[str]]:
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            terms = [term.strip() for term in line.split("|") if term.strip()]
            if len(terms) > 1:
                groups.append(terms)
    return groups


@cache
def shipped_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for name in SYNONYM_FILES:
        if (TERMS_DIR / name).exists():
            groups.extend(tuple(group) for group in read_groups(TERMS_DIR / name))
    return tuple(groups)


def _index(groups: Iterable[Iterable[str]]) -> dict[str, set[str]]:
    """Normalized term -> every spelling in its groups (groups sharing a term merge)."""
    index: dict[str, set[str]] = {}
    for group in groups:
        spellings = {term for term in group if normalize(term)}
        for term in spellings:
            index.setdefault(normalize(term), set()).update(spellings)
    return index


@cache
def _shipped_index() -> dict[str, set[str]]:
    return _index(shipped_groups())


def synonyms_index(site_groups: list[list[str]]) -> dict[str, set[str]]:
    if not site_groups:
        return _shipped_index()
    index = {key: set(value) for key, value in _shipped_index().items()}
    for key, spellings in _index(site_groups).items():
        index.setdefault(key, set()).update(spellings)
    return index


def _phrase(term: str) -> str:
    term = term.replace('"', " ")
    return f'"{term}"' if len(term.split()) > 1 else term


def query_variants(query: str, site_groups: list[list[str]]) -> list[str]:
    """The websearch queries to OR together for `query`: itself when it names no known
    term; otherwise the query with the longest known term swapped for each of its
    synonyms (the typed term too, as a phrase)."""
    if OPERATORS.search(query) or EXCLUDED.search(query):
        return [query]  # quotes, "or" and "-word" are kept exactly as typed
    words = normalize(query).split()
    index = synonyms_index(site_groups)
    for length in range(min(MAX_WORDS, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            key = " ".join(words[start : start + length])
            if key in index:
                before, after = words[:start], words[start + length :]
                variants = sorted(" ".join([*before, _phrase(term), *after]) for term in index[key])
                return variants[:MAX_VARIANTS]
    return [query]


def synonym_search_query(query: str, site_groups: list[list[str]]) -> SearchQuery:
    variants = query_variants(query, site_groups)
    search_query = SearchQuery(variants[0], search_type="websearch", config="english")
    for variant in variants[1:]:
        search_query |= SearchQuery(variant, search_type="websearch", config="english")
    return search_query


# Building the shipped file ------------------------------------------------------------------

ALSO_CALLED = re.compile(r"\bAlso called ([^.]*)\.\s*$")
SPLIT_NAMES = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def build_glossary_synonyms(definitions: Path) -> list[list[str]]:
    """Groups from NCI Dictionary of Cancer Terms definitions (English, patient): the term
    and the names its definition ends with, "Also called Keytruda." """
    groups = {}
    for line in definitions.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("language") != "en" or record.get("audience") != "Patient":
            continue
        match = ALSO_CALLED.search((record.get("definition_text") or "").strip())
        if not match:
            continue
        names = [n.strip() for n in SPLIT_NAMES.split(match.group(1)) if n.strip()]
        group = sorted({record["term"].strip(), *names}, key=str.casefold)
        groups[frozenset(normalize(term) for term in group)] = group
    return sorted(groups.values(), key=lambda group: group[0].casefold())


def build_disease_pairs(mappings: Path) -> list[list[str]]:
    """ "X cancer" with "X carcinoma" where NCI's trial disease names have both."""
    names = {}
    for line in mappings.read_text(encoding="utf-8").splitlines():
        _codes, _, name = line.partition("|")
        if name.strip():
            names[name.strip().casefold()] = name.strip()
    pairs = []
    for folded, name in sorted(names.items()):
        if folded.endswith(" cancer"):
            other = folded.removesuffix(" cancer") + " carcinoma"
            if other in names:
                pairs.append([name, names[other]])
    return pairs


def build_synonyms(source_dir: Path) -> list[list[str]]:
    return build_glossary_synonyms(
        source_dir / "nci_glossary_definitions.jsonl"
    ) + build_disease_pairs(source_dir / "nci_cts_disease-name-mappings.txt")
