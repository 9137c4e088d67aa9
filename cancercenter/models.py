from cancercenter.contact import ContactRequest
from cancercenter.gifts import Fund, GiftPledge
from cancercenter.submissions.models import Notification, Submission, SubmissionStatus
from cancercenter.synonyms import SearchSynonym

__all__ = [
    "ContactRequest",
    "Fund",
    "GiftPledge",
    "Notification",
    "SearchSynonym",
    "Submission",
    "SubmissionStatus",
]
