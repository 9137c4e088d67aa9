"""Suggest education cancer types and treatments for a trial from its conditions and
interventions.

Suggestions are applied only when a trial is first imported; after that the tags belong to
staff, and imports never touch them. Matching uses, per vocabulary slug:
- a pattern of plain-language and drug names (below);
- terms derived from NCI's clinical-trial term lists (trials/terms/nci_terms.txt, built by
  `build_nci_terms` from NCI's published term lists; see trials/terms/PROVENANCE.md);
- and, for any treatment or cancer type staff add later, its own name.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TERMS_FILE = Path(__file__).resolve().parent / "terms" / "nci_terms.txt"

CHECKPOINT_DRUGS = (
    "pembrolizumab|nivolumab|ipilimumab|atezolizumab|durvalumab|avelumab|cemiplimab|"
    "dostarlimab|tislelizumab|toripalimab|sintilimab|camrelizumab|penpulimab|serplulimab|"
    "retifanlimab|relatlimab|tremelimumab|zimberelimab|sugemalimab|envafolimab|cadonilimab|"
    "ivonescimab|keytruda|opdivo|yervoy|tecentriq|imfinzi|bavencio|libtayo|jemperli|"
    "opdualag|tevimbra"
)
CAR_T_PRODUCTS = (
    "tisagenlecleucel|axicabtagene ciloleucel|lisocabtagene maraleucel|brexucabtagene "
    "autoleucel|idecabtagene vicleucel|ciltacabtagene autoleucel|obecabtagene autoleucel|"
    "kymriah|yescarta|breyanzi|tecartus|abecma|carvykti|aucatzyl"
)

TREATMENT_PATTERNS = {
    "car-t-cell-therapy": re.compile(
        rf"\bcar[- ]?t\b|\bcar[- ]t[- ]cells?\b|chimeric antigen receptor|car-transduced|"
        rf"\bcar-?(?:nk|19|20|22|t)\b|{CAR_T_PRODUCTS}",
        re.I,
    ),
    "checkpoint-inhibitors": re.compile(
        rf"checkpoint inhibit|checkpoint blockade|\banti-?(?:pd-?1|pd-?l1|ctla-?4|lag-?3)\b|"
        rf"\b(?:pd-?1|pd-?l1|ctla-?4)\s+(?:inhibitor|blockade|antibod)|{CHECKPOINT_DRUGS}",
        re.I,
    ),
    "stem-cell-transplant": re.compile(
        r"stem[- ]cell transplant|hematopoietic (?:stem )?cell transplant|haematopoietic|"
        r"bone marrow transplant|\bhsct\b|\bbmt\b|cord blood|allogeneic (?:stem|transplant|hct)|"
        r"autologous (?:stem|transplant|hct)|\ballo-?hct\b|\bauto-?hct\b",
        re.I,
    ),
    "antibody-infusions": re.compile(
        r"bispecific|blinatumomab|blincyto|monoclonal antibod|antibody[- ]drug conjugate|"
        r"rituximab|obinutuzumab|daratumumab|isatuximab|elotuzumab|teclistamab|talquetamab|"
        r"elranatamab|glofitamab|epcoritamab|mosunetuzumab|inotuzumab|gemtuzumab|"
        r"brentuximab|polatuzumab|loncastuximab|tafasitamab|alemtuzumab",
        re.I,
    ),
}

CANCER_TYPE_PATTERNS = {
    "leukemia": re.compile(r"leuka?emia|\b(?:aml|cml|cll|b-all|t-all)\b", re.I),
    "lymphoma": re.compile(r"lymphoma|hodgkin|\bdlbcl\b|\bnhl\b|mycosis fungoides", re.I),
    "myeloma": re.compile(r"myeloma|plasma cell neoplasm", re.I),
    "myelodysplastic-syndromes": re.compile(r"myelodysplas|\bmds\b", re.I),
    "melanoma": re.compile(r"melanoma", re.I),
    "lung-cancer": re.compile(
        r"\blung (?:cancer|carcinoma|neoplasm|adenocarcinoma)|\bn?sclc\b|non-small[- ]cell|"
        r"small[- ]cell lung|pulmonary (?:carcinoma|neoplasm)|bronchogenic",
        re.I,
    ),
}

# Class phrases in NCI intervention names, e.g. "Anti-PD-1 Monoclonal Antibody BGB-A317":
# the trailing code (BGB-A317) is what trial records often use as the intervention name.
NCI_CLASS_PHRASE = re.compile(
    r"^(?:anti-[\w-]+ (?:monoclonal antibody|bispecific antibody)|"
    r".*(?:car[- ]t[- ]cells|car[- ]t[- ]lymphocytes|chimeric antigen receptor t[- ]cells))"
    r"\s+(?P<code>[A-Z0-9][\w-]*\d[\w-]*)$",
    re.I,
)


def build_nci_terms(source_dir: Path) -> list[tuple[str, str]]:
    """(slug, term) pairs from NCI's intervention and disease name mappings: the product
    codes that NCI names next to a class we recognise ("Anti-PD-1 Monoclonal Antibody
    BGB-A317" gives checkpoint-inhibitors|BGB-A317), which trial records often use alone.

    Used to (re)build trials/terms/nci_terms.txt; the app reads only that small file.
    """
    pairs: set[tuple[str, str]] = set()
    sources = [
        ("nci_cts_intervention-name-mappings.txt", TREATMENT_PATTERNS),
        ("nci_cts_disease-name-mappings.txt", CANCER_TYPE_PATTERNS),
    ]
    for filename, patterns in sources:
        for line in (source_dir / filename).read_text(encoding="utf-8").splitlines():
            _codes, _, name = line.partition("|")
            name = name.strip()
            if not name:
                continue
            for slug, pattern in patterns.items():
                code = NCI_CLASS_PHRASE.match(name)
                # Names the pattern already finds need no entry; their product codes do.
                if pattern.search(name) and code and not pattern.search(code.group("code")):
                    pairs.add((slug, code.group("code")))
    return sorted(pairs)


@cache
def nci_terms() -> dict[str, frozenset[str]]:
    """Exact terms (case-folded) to vocabulary slugs, from the shipped NCI-derived list."""
    terms: dict[str, set[str]] = {}
    if TERMS_FILE.exists():
        for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
            slug, _, term = line.partition("|")
            if term and not line.startswith("#"):
                terms.setdefault(term.casefold(), set()).add(slug)
    return {term: frozenset(slugs) for term, slugs in terms.items()}


@dataclass
class VocabularyEntry:
    pk: int
    slug: str
    name: str


class Tagger:
    """Built once per import run from the current vocabulary; no queries per record."""

    def __init__(self, *, treatments: Iterable, cancer_types: Iterable):
        self.treatments = [VocabularyEntry(t.pk, t.slug, t.name) for t in treatments]
        self.cancer_types = [VocabularyEntry(c.pk, c.slug, c.name) for c in cancer_types]
        self.terms = nci_terms()

    def _match(self, texts: list[str], entries, patterns) -> list[int]:
        found = []
        folded = [text.casefold() for text in texts]
        for entry in entries:
            pattern = patterns.get(entry.slug)
            name = re.compile(rf"\b{re.escape(entry.name.casefold())}\b")
            for text, text_folded in zip(texts, folded, strict=True):
                if (
                    (pattern is not None and pattern.search(text))
                    or name.search(text_folded)
                    or entry.slug in self.terms.get(text_folded, ())
                ):
                    found.append(entry.pk)
                    break
        return found

    def suggest(
        self, *, conditions: list[str], interventions: list[str]
    ) -> tuple[list[int], list[int]]:
        """(cancer type ids, treatment ids) suggested for these conditions/interventions."""
        cancer_types = self._match(conditions, self.cancer_types, CANCER_TYPE_PATTERNS)
        treatments = self._match(interventions, self.treatments, TREATMENT_PATTERNS)
        return cancer_types, treatments
