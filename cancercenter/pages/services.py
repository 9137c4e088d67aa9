"""What the rest of the site asks of the pages app."""

from django.urls import reverse

from cancercenter.pages.notices import FOOTER_NOTICES


def notice_links() -> list[dict]:
    """The footer's links to the notices, in the active language, without a query (so the
    503 page, shown while the database is down, keeps them)."""
    return [
        {"label": label, "url": reverse("pages:page-detail", kwargs={"path": path})}
        for path, label in FOOTER_NOTICES
    ]
