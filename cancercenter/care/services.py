from cancercenter.care.models import AppointmentRequest, Referral
from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.services import submission_create


def appointment_request_create(
    *, form_data: dict, token: FormToken | None
) -> tuple[AppointmentRequest, bool]:
    """Save an appointment or second-opinion request and queue its emails."""
    return submission_create(instance=AppointmentRequest(**form_data), token=token)


def referral_create(*, form_data: dict, token: FormToken | None) -> tuple[Referral, bool]:
    """Save a physician's referral and queue the emails to the team and to the physician."""
    return submission_create(instance=Referral(**form_data), token=token)
