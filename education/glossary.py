"""The NCI Dictionary of Cancer Terms: importing it (`manage.py import_glossary`).

The data ships with the app (glossary_data/, see its README): one JSON object a line. An
import is idempotent: terms are matched by CDR id and language, unchanged ones are left
alone, and a term staff edited in the admin keeps their text.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from education.models import GlossaryTerm

DEFAULT_PATH = Path(__file__).resolve().parent / "glossary_data" / "nci_glossary_patient.jsonl"
FIELDS = ("name", "definition", "pronunciation", "source")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_staff_edits: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.kept_staff_edits} kept as staff edited them, {len(self.skipped)} skipped"
        )


def _clean(text: str) -> str:
    # The 2016 CDR records keep their XML line breaks and indentation.
    return " ".join((text or "").split())


def _records(path: Path):
    languages = {code for code, _name in settings.LANGUAGES}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("language") not in languages:
                continue
            yield number, data


@transaction.atomic
def glossary_import(*, path: Path = DEFAULT_PATH) -> ImportReport:
    """Create or update every term in the file; see the module docstring."""
    report = ImportReport()
    existing = {(t.cdr_id, t.language): t for t in GlossaryTerm.objects.all()}
    taken = {(t.language, t.slug) for t in existing.values()}
    to_create, to_update = [], []
    for number, data in _records(path):
        name, definition = _clean(data.get("term")), _clean(data.get("definition_text"))
        cdr_id, language = data.get("id"), data["language"]
        if not (isinstance(cdr_id, int) and name and definition):
            report.skipped.append(f"line {number}: no id, term or definition")
            continue
        values = {
            "name": name[:300],
            "definition": definition,
            "pronunciation": _clean(data.get("pronunciation"))[:300],
            "source": (data.get("source") or "")[:400],
        }
        term = existing.get((cdr_id, language))
        if term is None:
            slug = slugify(name)[:280] or str(cdr_id)
            if (language, slug) in taken:
                slug = f"{slug}-{cdr_id}"
            taken.add((language, slug))
            term = GlossaryTerm(cdr_id=cdr_id, language=language, slug=slug, **values)
            existing[(cdr_id, language)] = term
            to_create.append(term)
            report.created += 1
        elif term.edited_by_staff:
            report.kept_staff_edits += 1
        elif all(getattr(term, key) == value for key, value in values.items()):
            report.unchanged += 1
        else:
            for key, value in values.items():
                setattr(term, key, value)
            to_update.append(term)
            report.updated += 1
    GlossaryTerm.objects.bulk_create(to_create, batch_size=1000)
    GlossaryTerm.objects.bulk_update(to_update, FIELDS, batch_size=1000)
    return report
