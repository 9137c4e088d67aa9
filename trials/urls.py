from django.urls import path, register_converter

from trials import views


class NctIdConverter:
    """NCT ids, in any letter case: lowercase ones redirect to the canonical uppercase URL."""

    regex = "[Nn][Cc][Tt][0-9]{8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NctIdConverter, "nct_id")

app_name = "trials"

urlpatterns = [
    path("", views.TrialListView.as_view(), name="trial-list"),
    path("print/", views.TrialPrintView.as_view(), name="trial-print"),
    path("<nct_id:nct_id>/", views.TrialDetailView.as_view(), name="trial-detail"),
    path("<nct_id:nct_id>/inquire/", views.TrialInquiryView.as_view(), name="trial-inquire"),
    path(
        "<nct_id:nct_id>/inquire/thank-you/",
        views.TrialInquiryThanksView.as_view(),
        name="trial-inquiry-thanks",
    ),
]
