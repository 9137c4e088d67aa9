from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cancercenter.staff import services

# Admin pages a signed-in staff member may open before the second factor.
OPEN_BEFORE_SECOND_FACTOR = {"admin:login", "admin:logout"}
OPEN_NAMESPACES = {"staff", "otp_webauthn"}


class StaffMFAMiddleware:
    """No admin page before the second factor: staff who have not passed it are sent to
    verify it (or, on their first sign-in, to set it up).

    Runs after django-otp's OTPMiddleware, which tells whether this session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refuse(request) or self.get_response(request)

    def refuse(self, request):
        if not request.path_info.startswith(reverse("admin:index")):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if settings.DEBUG and services.mfa_skip_allowed(user=user):
            request.mfa_development_skip = True  # base_site.html says so on every page
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match and (
            match.view_name in OPEN_BEFORE_SECOND_FACTOR or match.namespace in OPEN_NAMESPACES
        ):
            return None
        target = "staff:mfa-verify" if services.mfa_enrolled(user=user) else "staff:mfa-setup"
        next_url = request.get_full_path() if request.method == "GET" else request.path
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_TIMEOUT without a request, and in any case
    STAFF_SESSION_MAX_AGE after signing in (HIPAA's automatic logoff)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and services.staff_session_expired(request=request)
        ):
            logout(request)
            if request.path_info.startswith(reverse("admin:index")):
                messages.info(
                    request,
                    _("You were signed out to keep the back office safe. Please sign in again."),
                )
                login_url = reverse("admin:login")
                next_url = request.get_full_path() if request.method == "GET" else request.path
                return redirect(f"{login_url}?{urlencode({'next': next_url})}")
        return self.get_response(request)
