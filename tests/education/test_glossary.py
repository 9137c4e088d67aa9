"""The NCI Dictionary of Cancer Terms: import, A–Z pages with search, one page per term in
each language, staff editing and hiding."""

import json
import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command

from education.glossary import DEFAULT_PATH, glossary_import
from education.models import GlossaryTerm
from tests.conftest import TEST_DATA

pytestmark = pytest.mark.django_db

SAMPLE = TEST_DATA / "terms" / "nci_glossary_sample.jsonl"


def test_the_shipped_dictionary_imports_with_counts_and_again_changes_nothing():
    lines = [json.loads(line) for line in DEFAULT_PATH.read_text().splitlines()]
    english = sum(1 for line in lines if line["language"] == "en")
    out = StringIO()
    call_command("import_glossary", stdout=out)
    assert f"{len(lines)} created" in out.getvalue()
    assert GlossaryTerm.objects.filter(language="en").count() == english == 5757
    assert GlossaryTerm.objects.filter(language="es").count() == len(lines) - english == 1795
    out = StringIO()
    call_command("import_glossary", stdout=out)
    assert f"0 created, 0 updated, {len(lines)} unchanged" in out.getvalue()
    assert not any("mp3" in line for line in DEFAULT_PATH.read_text().splitlines())


def test_import_joins_cdr_line_breaks_and_keeps_staff_edits(tmp_path):
    report = glossary_import(path=SAMPLE)
    assert report.created == 104 and not report.skipped
    term = GlossaryTerm.objects.get(language="en", name="immunotherapy")
    assert "\n" not in term.definition and "  " not in term.definition
    GlossaryTerm.objects.filter(pk=term.pk).update(
        definition="Our own words.", edited_by_staff=True
    )
    changed = tmp_path / "changed.jsonl"
    changed.write_text(SAMPLE.read_text().replace("immune system", "immune  system"))
    report = glossary_import(path=changed)
    assert report.created == 0 and report.kept_staff_edits == 1
    term.refresh_from_db()
    assert term.definition == "Our own words."


def test_glossary_lists_terms_a_to_z_and_searches_without_accents(client):
    glossary_import(path=SAMPLE)
    body = client.get("/glossary/", {"letter": "L"}).content.decode()
    assert "leukemia" in body and "lymphoma" in body and "immunotherapy" not in body
    assert '<a class="glossary-letters__link" href="?letter=L" aria-current="page">L</a>' in body
    body = client.get("/es/glossary/", {"q": "linfoma"}).content.decode()
    assert '<html lang="es">' in body and "linfoma" in body
    body = client.get("/es/glossary/", {"q": "celula madre"}).content.decode()
    assert "célula madre" in body  # accents do not matter
    body = client.get("/glossary/", {"q": "no such word at all"}).content.decode()
    assert "No term matches" in body


def test_glossary_list_is_paginated_with_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(cdr_id=n, language="en", name=f"Alpha {n}", slug=f"alpha-{n}",
                     definition="A word.")
        for n in range(1, 131)
    )  # fmt: skip
    with django_assert_max_num_queries(4):
        body = client.get("/glossary/", {"letter": "A"}).content.decode()
    assert body.count('<div class="glossary-list__item">') == 50
    assert "Page 1 of 3" in body
    with django_assert_max_num_queries(4):
        assert client.get("/glossary/alpha-7/").status_code == HTTPStatus.OK


def test_term_page_shows_definition_pronunciation_and_the_other_language(client):
    glossary_import(path=SAMPLE)
    body = client.get("/glossary/immunotherapy/").content.decode()
    assert "<h1>immunotherapy</h1>" in body
    assert "(IH-myoo-noh-THAYR-uh-pee)" in body
    assert 'href="/es/glossary/inmunoterapia/" lang="es" hreflang="es">inmunoterapia</a>' in body
    assert "cancer.gov" not in body.lower().replace("cancer.gov patient", "")  # no audio
    spanish = client.get("/es/glossary/inmunoterapia/").content.decode()
    assert '<html lang="es">' in spanish and "<h1>inmunoterapia</h1>" in spanish
    assert 'href="/glossary/immunotherapy/" lang="en" hreflang="en">immunotherapy</a>' in spanish
    # The switch and the alternates lead to the other language's own address.
    assert "/language/es/?next=/es/glossary/inmunoterapia/" in body
    assert 'hreflang="es" href="http://127.0.0.1:8000/es/glossary/inmunoterapia/"' in body


def test_a_term_without_spanish_shows_english_marked_as_such_under_es(client):
    GlossaryTerm.objects.create(
        cdr_id=1, language="en", name="apheresis", slug="apheresis", definition="A procedure."
    )
    body = client.get("/es/glossary/apheresis/").content.decode()
    assert '<div lang="en">' in body and "<h1>apheresis</h1>" in body
    assert "todavía no está en el diccionario en español" in body
    assert 'rel="canonical" href="http://127.0.0.1:8000/glossary/apheresis/"' in body


def test_hidden_terms_have_no_page(client):
    GlossaryTerm.objects.create(
        cdr_id=2, language="en", name="blah", slug="blah", definition="x", is_hidden=True
    )
    assert client.get("/glossary/blah/").status_code == HTTPStatus.NOT_FOUND
    assert "blah" not in client.get("/glossary/", {"letter": "B"}).content.decode()


def test_staff_edit_and_hide_terms_in_the_admin(staff_client):
    glossary_import(path=SAMPLE)
    term = GlossaryTerm.objects.get(language="en", name="leukemia")
    url = f"/admin/education/glossaryterm/{term.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert 'name="definition"' in page and "View on site" in page
    response = staff_client.post(
        url,
        {"name": "leukemia", "slug": term.slug, "pronunciation": term.pronunciation,
         "definition": "Cancer of the blood-forming tissue.", "is_hidden": ""},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    term.refresh_from_db()
    assert term.edited_by_staff and term.definition == "Cancer of the blood-forming tissue."
    staff_client.post(
        "/admin/education/glossaryterm/", {"action": "hide", "_selected_action": [term.pk]}
    )
    term.refresh_from_db()
    assert term.is_hidden
    listing = staff_client.get("/admin/education/glossaryterm/", {"q": "leuk"}).content.decode()
    assert re.search(r"leukemia", listing)
