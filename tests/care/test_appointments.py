"""The appointment and second-opinion request form (/appointments/request/)."""

from http import HTTPStatus

import pytest
from django.core import mail

from cancercenter.care.models import AppointmentRequest
from cancercenter.submissions.models import Notification, NotificationStatus
from tests.contact.test_contact import fresh_token
from tests.factories import CancerTypeFactory

pytestmark = pytest.mark.django_db

URL = "/appointments/request/"


def appointment_data(**overrides) -> dict:
    data = {
        "kind": "second_opinion",
        "requested_for": "self",
        "name": "Rosa Delgado",
        "patient_name": "",
        "relationship": "",
        "email": "rosa@example.org",
        "phone": "+1 555 0142",
        "preferred_method": "phone",
        "preferred_time": "morning",
        "cancer_type": "",
        "diagnosis": "Follicular lymphoma that came back after chemotherapy.",
        "diagnosis_confirmed": "yes",
        "treatment_so_far": "finished",
        "insurance": "medicare",
        "location": "",
        "preferred_days": ["tue", "thu"],
        "language": "Spanish",
        "interpreter_needed": "on",
        "consent": "on",
        "website": "",
        "form_token": fresh_token(),
    }
    data.update(overrides)
    return data


def test_form_page_is_never_cached_and_asks_only_what_is_needed(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response.headers["Cache-Control"]
    body = response.content.decode()
    assert "within two business days" in body
    assert "records through a secure channel" in body
    assert 'type="file"' not in body  # no record uploads
    assert "birth" not in body.replace("dates of birth here", "")  # no date of birth asked
    assert "member number" in body  # …and the page says it never asks for one
    assert 'href="/referrals/"' in body


def test_happy_path_stores_the_request_and_queues_both_emails(post_form, client):
    cancer_type = CancerTypeFactory(name="Lymphoma")
    response = post_form(URL, appointment_data(cancer_type=cancer_type.pk))
    assert response.status_code == HTTPStatus.FOUND
    request = AppointmentRequest.objects.get()
    assert request.reference.startswith("A-")
    assert request.cancer_type == cancer_type
    assert request.preferred_days == ["tue", "thu"]
    assert request.interpreter_needed is True
    assert request.insurance == "medicare"

    thanks = client.get(response["Location"])
    assert thanks.status_code == HTTPStatus.OK
    assert "no-store" in thanks.headers["Cache-Control"]
    assert request.reference in thanks.content.decode()
    assert "within two business days" in thanks.content.decode()

    assert len(mail.outbox) == 2
    staff, person = sorted(mail.outbox, key=lambda m: m.to != ["info@cancercenter.example"])
    assert request.reference in staff.subject
    assert f"/admin/care/appointmentrequest/{request.pk}/change/" in staff.body
    assert "lymphoma" not in staff.body.lower()  # the diagnosis stays in the back office
    assert person.to == ["rosa@example.org"]
    assert "within two business days" in person.body
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2


def test_recipients_are_configurable(post_form, settings):
    settings.SUBMISSION_RECIPIENTS = {"appointment": ["appointments@example.org"]}
    post_form(URL, appointment_data())
    assert ["appointments@example.org"] in [m.to for m in mail.outbox]


def test_on_behalf_of_someone_needs_the_patients_name(post_form):
    response = post_form(URL, appointment_data(requested_for="someone_else"))
    assert response.status_code == HTTPStatus.OK
    assert "Enter the name of the person the appointment is for." in response.content.decode()
    assert AppointmentRequest.objects.count() == 0
    response = post_form(
        URL,
        appointment_data(
            requested_for="someone_else", patient_name="Luis Delgado", relationship="son"
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.get().patient_name == "Luis Delgado"


def test_errors_keep_everything_typed(post_form):
    response = post_form(URL, appointment_data(email="nope", preferred_method="email", consent=""))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "We need your permission to contact you" in body
    assert "Follicular lymphoma that came back after chemotherapy." in body
    assert 'value="Rosa Delgado"' in body
    assert 'value="tue"' in body and "checked" in body.split('value="tue"')[1][:40]
    assert 'aria-invalid="true"' in body
    assert AppointmentRequest.objects.count() == 0


def test_chosen_way_to_reach_must_be_filled_in(post_form):
    response = post_form(URL, appointment_data(phone="", preferred_method="phone"))
    assert "Enter a phone number, or choose email" in response.content.decode()
    response = post_form(URL, appointment_data(phone="", preferred_method="email"))
    assert response.status_code == HTTPStatus.FOUND


def test_unknown_choices_get_a_field_error_not_a_500(post_form):
    response = post_form(
        URL,
        appointment_data(insurance="platinum", preferred_days=["sun"], cancer_type="99999"),
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert {"insurance", "preferred_days", "cancer_type"} <= set(errors)


def test_kind_can_be_chosen_by_link(client):
    response = client.get(URL + "?kind=appointment")
    assert response.context["form"].initial["kind"] == "appointment"
    assert client.get(URL + "?kind=bogus").context["form"].initial.get("kind") is None


def test_site_header_action_and_old_contact_links_lead_here(client):
    body = client.get("/").content.decode()
    assert f'href="{URL}"' in body
    response = client.get("/contact/?topic=appointment")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == URL
    assert f'href="{URL}"' in client.get("/contact/").content.decode()


def test_spanish_page_answers(client):
    response = client.get("/es" + URL)
    assert response.status_code == HTTPStatus.OK
