from cancercenter.contact.models import ContactRequest
from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.services import submission_create


def contact_request_create(
    *, form_data: dict, token: FormToken | None
) -> tuple[ContactRequest, bool]:
    """Save a contact request and queue the emails to staff and to the person."""
    return submission_create(instance=ContactRequest(**form_data), token=token)
