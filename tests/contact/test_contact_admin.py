import csv
import io
from http import HTTPStatus

import pytest

from cancercenter.contact.models import ContactRequest
from cancercenter.submissions.models import SubmissionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_request():
    return ContactRequest.objects.create(
        topic="billing",
        name='=HYPERLINK("http://evil.example")',
        email="pat@example.org",
        message="+1 call me <script>alert(1)</script>",
        consent=True,
    )


def test_queue_lists_filters_and_searches(staff_client, contact_request):
    for url in [
        "/admin/contact/contactrequest/",
        "/admin/contact/contactrequest/?status__exact=new",
        "/admin/contact/contactrequest/?response=overdue",
        "/admin/contact/contactrequest/?topic__exact=billing",
        f"/admin/contact/contactrequest/?q={contact_request.reference}",
        "/admin/submissions/notification/",
    ]:
        assert staff_client.get(url).status_code == HTTPStatus.OK, url


def test_submitted_fields_are_read_only_and_escaped(staff_client, contact_request):
    url = f"/admin/contact/contactrequest/{contact_request.pk}/change/"
    body = staff_client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    staff_client.post(url, {"status": "done", "assignee": "", "internal_notes": "Called back",
                            "message": "altered", "name": "altered"})  # fmt: skip
    contact_request.refresh_from_db()
    assert contact_request.status == SubmissionStatus.DONE
    assert contact_request.closed_at is not None
    assert contact_request.internal_notes == "Called back"
    assert contact_request.message.startswith("+1 call me")  # what they sent cannot be edited
    assert contact_request.name.startswith("=HYPERLINK")


def test_there_is_no_add_button_for_public_submissions(staff_client):
    response = staff_client.get("/admin/contact/contactrequest/add/")
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_csv_export_of_selected_rows_neutralises_formulas(staff_client, contact_request):
    other = ContactRequest.objects.create(
        topic="other", name="Not selected", email="x@example.org", message="m", consent=True
    )
    response = staff_client.post(
        "/admin/contact/contactrequest/",
        {"action": "export_csv", "_selected_action": [contact_request.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "reference"
    assert len(rows) == 2
    assert other.reference not in response.content.decode()
    name_cell = rows[1][3]
    message_cell = rows[1][8]
    assert name_cell == '\'=HYPERLINK("http://evil.example")'
    assert message_cell.startswith("'+1 call me")


def test_mark_done_action_closes_the_item(staff_client, contact_request):
    staff_client.post(
        "/admin/contact/contactrequest/",
        {"action": "mark_done", "_selected_action": [contact_request.pk]},
    )
    contact_request.refresh_from_db()
    assert contact_request.status == SubmissionStatus.DONE and contact_request.closed_at
