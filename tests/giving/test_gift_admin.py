"""The development office's queue of gift pledges, and the funds they manage."""

import csv
import io
from http import HTTPStatus

import pytest

from cancercenter.giving.models import Fund
from cancercenter.submissions.models import SubmissionStatus
from tests.factories import FundFactory, GiftPledgeFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/giving/giftpledge/"


@pytest.fixture
def pledge():
    return GiftPledgeFactory(
        fund=FundFactory(name="Patient travel", slug="patient-travel"),
        amount="250.00",
        frequency="monthly",
        tribute="memory",
        honoree_name="@SUM(A1:A9)",
        name='=HYPERLINK("http://evil.example")',
        employer="-2+3",
        message="<script>alert(1)</script> thank you",
    )


def test_queue_lists_filters_and_searches(staff_client, pledge, django_assert_max_num_queries):
    GiftPledgeFactory.create_batch(5, fund=pledge.fund)
    for url in [
        QUEUE,
        f"{QUEUE}?status__exact=new",
        f"{QUEUE}?fund__id__exact={pledge.fund_id}",
        f"{QUEUE}?frequency__exact=monthly",
        f"{QUEUE}?tribute__exact=memory",
        f"{QUEUE}?response=overdue",
        f"{QUEUE}?q={pledge.reference}",
    ]:
        with django_assert_max_num_queries(12):
            response = staff_client.get(url)
        assert response.status_code == HTTPStatus.OK, url
    body = staff_client.get(f"{QUEUE}?tribute__exact=memory").content.decode()
    assert pledge.reference in body
    assert staff_client.get(f"{QUEUE}?tribute__exact=none").context["cl"].result_count == 5
    assert staff_client.get(f"{QUEUE}?q={pledge.reference}").context["cl"].result_count == 1


def test_submitted_fields_are_read_only_and_escaped(staff_client, pledge):
    url = f"{QUEUE}{pledge.pk}/change/"
    body = staff_client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    staff_client.post(url, {"status": "in_progress", "assignee": "", "internal_notes": "Called",
                            "amount": "1.00", "name": "altered", "fund": ""})  # fmt: skip
    pledge.refresh_from_db()
    assert pledge.status == SubmissionStatus.IN_PROGRESS
    assert pledge.internal_notes == "Called"
    assert str(pledge.amount) == "250.00"
    assert pledge.name.startswith("=HYPERLINK")


def test_there_is_no_add_button_for_pledges(staff_client):
    assert staff_client.get(f"{QUEUE}add/").status_code == HTTPStatus.FORBIDDEN


def test_csv_export_of_selected_rows_neutralises_formulas(staff_client, pledge):
    other = GiftPledgeFactory(name="Not selected")
    response = staff_client.post(QUEUE, {"action": "export_csv", "_selected_action": [pledge.pk]})
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert other.reference not in response.content.decode()
    [row] = rows
    assert row["reference"] == pledge.reference
    assert row["amount"] == "250.00"
    assert row["how often"] == "Monthly"
    assert row["fund"] == "Patient travel"
    assert row["your name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["their name"] == "'@SUM(A1:A9)"
    assert row["employer"] == "'-2+3"
    assert row["message"] == "<script>alert(1)</script> thank you"  # text, not a formula
    assert row["keep my gift anonymous"] in {"yes", "no"}  # words, not True/False
    for header in row:
        assert "card" not in header.lower()


def test_funds_are_managed_in_the_admin(staff_client):
    response = staff_client.post(
        "/admin/giving/fund/add/",
        {
            "name_en": "Clinical trials office",
            "slug": "clinical-trials-office",
            "description_en": "",
            "is_active": "on",
            "order": "5",
        },  # fmt: skip
    )
    assert response.status_code == HTTPStatus.FOUND
    fund = Fund.objects.get(slug="clinical-trials-office")
    assert list(Fund.objects.active()) == [fund]
    assert staff_client.get("/admin/giving/fund/").status_code == HTTPStatus.OK


def test_a_fund_with_pledges_cannot_be_deleted_only_closed(staff_client, pledge):
    response = staff_client.post(f"/admin/giving/fund/{pledge.fund_id}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.OK
    assert "protected related objects" in response.content.decode()
    assert Fund.objects.filter(pk=pledge.fund_id).exists()
