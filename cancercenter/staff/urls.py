"""Staff account pages, included under /admin/account/ (never public)."""

from django.urls import path

from cancercenter.staff import views

app_name = "staff"

urlpatterns = [
    path("two-step/", views.mfa_verify, name="mfa-verify"),
    path("two-step/setup/", views.mfa_setup, name="mfa-setup"),
    path("two-step/recovery-codes/", views.mfa_recovery_codes, name="mfa-recovery-codes"),
    path("two-step/manage/", views.mfa_manage, name="mfa-manage"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
]
