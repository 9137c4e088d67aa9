from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """Review before publishing (topics by medical reviewers, stories and pages by editors
    with publish rights), the log of review actions, and the weekly review-cycle email."""

    name = "cancercenter.review"
    label = "review"
    verbose_name = _("Review before publishing")
