from django.urls import path

from cancercenter.care import views

app_name = "care"

# Included at the site root: the issue fixes /doctors/, /appointments/request/ and
# /referrals/ (each first segment is in cancercenter.pages.models.RESERVED_TOP_SLUGS).
urlpatterns = [
    path("doctors/", views.ProviderListView.as_view(), name="provider-list"),
    path("doctors/<slug:slug>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path(
        "appointments/request/",
        views.AppointmentRequestView.as_view(),
        name="appointment-request",
    ),
    path(
        "appointments/request/thank-you/",
        views.AppointmentThanksView.as_view(),
        name="appointment-thanks",
    ),
    path("referrals/", views.ReferralView.as_view(), name="referral"),
    path("referrals/thank-you/", views.ReferralThanksView.as_view(), name="referral-thanks"),
]
