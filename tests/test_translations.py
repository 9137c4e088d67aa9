"""The Spanish catalog is complete, compiled, and what Spanish pages show.

Refreshing it after marking new strings: `make messages`, then fill in every empty or
fuzzy entry of locale/es/LC_MESSAGES/django.po, then `make compilemessages` (README,
"Translations").
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from tests.sweep import snapshots

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\w+\}")
MAKEMESSAGES_OPTIONS = {
    "locale": ["es"],
    "ignore_patterns": [".venv", "tests", "bench", "staticfiles", ".tools", "node_modules"],
    "no_obsolete": True,
    "no_location": True,
    "verbosity": 0,
}


@pytest.fixture(scope="module")
def catalog() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_entry_is_translated_and_none_is_fuzzy(catalog):
    untranslated = [e.msgid for e in catalog if not e.translated()]
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags]
    assert not untranslated, f"Translate these in {PO.name}: {untranslated}"
    assert not fuzzy, f"Check and un-fuzzy these in {PO.name}: {fuzzy}"
    assert not catalog.obsolete_entries()


def test_translations_keep_every_placeholder(catalog):
    for entry in catalog:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, entry.msgid


def test_the_compiled_catalog_matches_the_po_file(catalog):
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(MO))}
    for entry in catalog:
        built = compiled.get((entry.msgctxt, entry.msgid))
        assert built is not None, f"Run `make compilemessages`: {entry.msgid!r} is missing"
        if entry.msgid_plural:
            assert dict(built.msgstr_plural) == dict(entry.msgstr_plural), entry.msgid
        else:
            assert built.msgstr == entry.msgstr, f"Run `make compilemessages`: {entry.msgid!r}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalog_holds_every_string_marked_in_the_code(tmp_path, settings, monkeypatch):
    """makemessages over a copy of the code: the same msgids as the committed catalog."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", ".pgdata", ".tools", "tests", "bench", "media", "private_media",
            "staticfiles", "backups", "node_modules", "*.mo", "__pycache__", "*.jsonl",
        ),
    )  # fmt: skip
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(copy)
    call_command("makemessages", **MAKEMESSAGES_OPTIONS)
    refreshed = {e.msgid for e in polib.pofile(str(copy / PO.relative_to(ROOT)))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert refreshed - committed == set(), "Marked but not in the catalog: run `make messages`"
    assert committed - refreshed == set(), "In the catalog but no longer used: `make messages`"


class _VisibleText(HTMLParser):
    """Text a reader sees, leaving out blocks marked as English (registry text, content
    without a Spanish version) and scripts."""

    SKIP = {"script", "style", "template"}
    VOID = {"br", "img", "input", "link", "meta", "hr", "source", "wbr", "area", "col"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []
        self.title_at: int | None = None
        self.english_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        hidden = tag in self.SKIP or attrs.get("lang", "").startswith("en")
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))
        if tag == "title":
            self.title_at = len(self.parts)
        if tag == "h1" and self.stack[-1]:
            self.english_h1 = True  # the page's own content is English, so is its <title>

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    def text(self) -> str:
        parts = self.parts
        if self.english_h1 and self.title_at is not None:
            parts = parts[: self.title_at] + parts[self.title_at + 1 :]
        return " ".join(" ".join(parts).split())


def english_interface_strings(catalog) -> list[str]:
    """Whole English sentences of the catalog that Spanish says differently."""
    strings = []
    for entry in catalog:
        if entry.msgid_plural or PLACEHOLDER.search(entry.msgid) or "<" in entry.msgid:
            continue
        if len(entry.msgid.split()) >= 3 and entry.msgstr != entry.msgid:
            strings.append(" ".join(entry.msgid.split()))
    return strings


@pytest.mark.django_db
def test_spanish_pages_show_no_english_interface_strings(client, catalog):
    """Every Spanish page and state of the sweep: forms with errors, thanks, error pages."""
    english = english_interface_strings(catalog)
    assert len(english) > 200
    spanish = [shot for shot in snapshots(client) if shot.label.startswith("es ")]
    assert len(spanish) > 20
    for shot in spanish:
        assert '<html lang="es">' in shot.html, shot.label
        parser = _VisibleText()
        parser.feed(shot.html)
        text = parser.text()
        leaked = [sentence for sentence in english if sentence in text]
        assert not leaked, (shot.label, leaked)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_the_po_file_passes_msgfmt_checks():
    import subprocess

    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
