from cancercenter.contact import ContactRequest
from cancercenter.gifts import GiftPledge
from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.services import submission_create


def contact_request_create(
    *, form_data: dict, token: FormToken | None
) -> tuple[ContactRequest, bool]:
    """Save a contact request and queue the emails to staff and to the person."""
    return submission_create(instance=ContactRequest(**form_data), token=token)


def gift_pledge_create(*, form_data: dict, token: FormToken | None) -> tuple[GiftPledge, bool]:
    """Save a gift pledge and queue the emails to staff, the donor and anyone to tell."""
    return submission_create(instance=GiftPledge(**form_data), token=token)
