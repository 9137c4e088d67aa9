"""Response promises count business hours in the center's time zone, skipping weekends,
public holidays (the `holidays` library) and the center's extra closed days."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cancercenter.care.models import AppointmentRequest, Referral
from cancercenter.contact.models import ContactRequest
from cancercenter.submissions import business_days

pytestmark = pytest.mark.django_db

CENTER = ZoneInfo("America/Los_Angeles")  # TIME_ZONE in the test settings


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CENTER)


@pytest.fixture
def clock(monkeypatch):
    """Set the time the overdue filters see."""

    def set_now(moment):
        monkeypatch.setattr(business_days, "now", lambda: moment)

    return set_now


def contact(received):
    return ContactRequest.objects.create(
        topic="travel", name="Ana", email="ana@example.org", message="m", consent=True,
        created_at=received,
    )  # fmt: skip


def test_one_business_day_from_friday_afternoon_is_monday_afternoon():
    assert business_days.add_business_hours(at(2026, 12, 4, 15), 24) == at(2026, 12, 7, 15)


def test_a_holiday_monday_pushes_the_deadline_to_tuesday():
    # Monday 19 January 2026 is Martin Luther King Jr. Day.
    assert business_days.add_business_hours(at(2026, 1, 16, 15), 24) == at(2026, 1, 20, 15)
    assert not business_days.is_business_day(date(2026, 1, 19))


def test_extra_closed_days_are_skipped(settings):
    settings.CENTER_CLOSED_DAYS = [date(2026, 12, 24)]
    assert business_days.add_business_hours(at(2026, 12, 23, 9), 24) == at(2026, 12, 28, 9)


def test_weekend_request_counts_from_monday():
    assert business_days.add_business_hours(at(2026, 12, 5, 11), 4) == at(2026, 12, 7, 4)


def test_subtracting_mirrors_adding():
    end = at(2026, 1, 20, 15)
    assert business_days.subtract_business_hours(end, 24) == at(2026, 1, 16, 15)


def test_overdue_filter_across_a_weekend(staff_client, clock):
    friday = contact(at(2026, 12, 4, 15))
    clock(at(2026, 12, 7, 14))  # Monday, one hour before the promise ends
    url = "/admin/contact/contactrequest/?response=overdue"
    assert friday.reference not in staff_client.get(url).content.decode()
    on_time = staff_client.get("/admin/contact/contactrequest/?response=on-time")
    assert friday.reference in on_time.content.decode()
    clock(at(2026, 12, 7, 16))  # Monday, an hour late
    assert friday.reference in staff_client.get(url).content.decode()


def test_overdue_filter_across_a_holiday(staff_client, clock):
    before_mlk_day = contact(at(2026, 1, 16, 15))
    clock(at(2026, 1, 19, 23))  # the holiday itself: still nothing is late
    url = "/admin/contact/contactrequest/?response=overdue"
    assert before_mlk_day.reference not in staff_client.get(url).content.decode()
    clock(at(2026, 1, 20, 15, 30))
    assert before_mlk_day.reference in staff_client.get(url).content.decode()


def test_each_form_keeps_its_own_promise():
    received = at(2026, 12, 7, 9)  # Monday
    overdue = at(2026, 12, 8, 10)  # 25 business hours later
    assert ContactRequest.objects.filter(ContactRequest.overdue_condition(overdue)).count() == 0
    contact(received)
    assert ContactRequest.objects.filter(ContactRequest.overdue_condition(overdue)).count() == 1
    # Two business days for appointments: not yet late.
    AppointmentRequest.objects.create(
        kind="appointment", requested_for="self", name="R", phone="555 0100 00",
        diagnosis="d", diagnosis_confirmed="yes", treatment_so_far="none",
        insurance="none", consent=True, created_at=received,
    )  # fmt: skip
    assert not AppointmentRequest.objects.filter(AppointmentRequest.overdue_condition(overdue))
    assert business_days.add_business_hours(received, 48) == at(2026, 12, 9, 9)


def test_urgent_referrals_are_late_after_four_business_hours(clock):
    common = {
        "provider_name": "Dr. A", "npi": "1234567893", "practice": "P",
        "provider_phone": "555 0100 00", "provider_email": "a@example.org",
        "patient_name": "B", "patient_phone": "555 0100 01", "diagnosis": "d",
        "patient_agreed": True,
    }  # fmt: skip
    received = at(2026, 12, 7, 9)
    urgent = Referral.objects.create(urgency="urgent", created_at=received, **common)
    routine = Referral.objects.create(urgency="routine", created_at=received, **common)
    now = at(2026, 12, 7, 14)
    late = set(Referral.objects.filter(Referral.overdue_condition(now)))
    assert late == {urgent}
    assert routine.response_due_at == at(2026, 12, 8, 9)
