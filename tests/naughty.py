"""Shared checks for the naughty-string tests of every public form.

A stored string must come out escaped in the admin, formula-safe in the CSV export, and
unable to break out of a plain-text email's headers.
"""

import csv
import io

from django.utils.html import escape

from cancercenter.submissions.csv_export import FORMULA_TRIGGERS
from tests.conftest import TEST_DATA

SOURCES = ["blns/blns.txt"] + sorted(
    f"payloads/{path.name}" for path in (TEST_DATA / "payloads").glob("*.txt")
)


def assert_clear_field_error(response, line):
    body = response.content.decode()
    assert "error-summary" in body and "field__errors" in body, repr(line)


def assert_plain_emails(messages, line):
    for message in messages:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
        assert "\n" not in message.subject and "\r" not in message.subject
        headers = message.message()
        assert headers["Bcc"] is None and headers["Cc"] is None, repr(line)


def assert_escaped_in_admin(staff_client, change_url: str, stored_lines: dict[int, str]):
    """`change_url` has a `{pk}` placeholder."""
    for pk, line in stored_lines.items():
        if "<" not in line and "&" not in line and '"' not in line:
            continue
        body = staff_client.get(change_url.format(pk=pk)).content.decode()
        assert escape(line.strip()) in body, repr(line)
        if "<" in line and len(line.strip()) >= 12:
            assert line.strip() not in body, repr(line)


def assert_formula_safe_csv(staff_client, changelist: str, stored_lines: dict[int, str], column):
    """Export the stored rows; no cell starts a formula and `column` keeps each value."""
    if not stored_lines:
        return
    response = staff_client.post(
        changelist, {"action": "export_csv", "_selected_action": list(stored_lines)}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(stored_lines)
    for row in rows:
        for header, cell in row.items():
            assert not cell.startswith(FORMULA_TRIGGERS), (header, cell)
        # A guarded cell is the value behind one added quote; others are the value.
        cell = row[column]
        values = {cell}
        if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
            values.add(cell[1:])
        assert values & set(stored_lines.values()), repr(cell)
