"""Two-step sign-in pages, under /admin/account/ (the admin's look, no public URL)."""

import base64

import segno
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import devices_for_user

from cancercenter.staff import services
from cancercenter.staff.forms import CodeForm, SetupCodeForm

RECOVERY_CODES_SESSION_KEY = "staff_recovery_codes"


def safe_next(request) -> str:
    """Where to go after this step: the `next` the admin asked for, if it is this site's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def render(request, template: str, context: dict, status: int = 200):
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), **context}, status=status
    )


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def mfa_verify(request):
    """The second step of signing in: a code from the app, a recovery code, or a passkey."""
    if request.user.is_verified():
        return redirect(safe_next(request))
    if not services.mfa_enrolled(user=request.user):
        return redirect(f"{reverse('staff:mfa-setup')}?{urlencode({'next': safe_next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.mfa_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(safe_next(request))
        form.add_error(
            "code",
            _(
                "That code did not work. Check the time on your phone, or use a recovery "
                "code. After several wrong codes, wait a minute before the next try."
            ),
        )
    return render(
        request,
        "staff/mfa_verify.html",
        {"form": form, "next": safe_next(request), "title": _("Two-step sign-in")},
    )


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def mfa_setup(request):
    """First sign-in: set up an authenticator app (or a passkey); then recovery codes."""
    user = request.user
    if services.mfa_enrolled(user=user) and not user.is_verified():
        # Adding a factor needs the existing one first, or a stolen password would do.
        return redirect(f"{reverse('staff:mfa-verify')}?{urlencode({'next': request.path})}")
    device = services.totp_device_for_setup(user=user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_confirm(
            request=request, device=device, token="".join(form.cleaned_data["code"].split())
        )
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(
                f"{reverse('staff:mfa-recovery-codes')}?{urlencode({'next': safe_next(request)})}"
            )
        form.add_error(
            "code",
            _("That code did not match. Type the 6 digits the app shows now, without spaces."),
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "staff/mfa_setup.html",
        {
            "form": form,
            "next": safe_next(request),
            "title": _("Set up two-step sign-in"),
            "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@never_cache
@staff_member_required
def mfa_recovery_codes(request):
    """Show new recovery codes once; POST makes a new set (the old ones stop working)."""
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("staff:mfa-verify")
        request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_create(
            user=request.user
        )
        messages.success(request, _("New recovery codes made. The old ones no longer work."))
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if codes is None:
        return redirect("staff:mfa-manage")
    return render(
        request,
        "staff/mfa_recovery_codes.html",
        {"codes": codes, "next": safe_next(request), "title": _("Your recovery codes")},
    )


@never_cache
@staff_member_required
def mfa_manage(request):
    """The signed-in user's second factors: add a passkey or app, renew recovery codes."""
    devices = [
        device
        for device in devices_for_user(request.user, confirmed=True)
        if device.name != services.RECOVERY_DEVICE_NAME
    ]
    recovery_left = services.recovery_codes_left(user=request.user)
    return render(
        request,
        "staff/mfa_manage.html",
        {"devices": devices, "recovery_left": recovery_left, "title": _("Two-step sign-in")},
    )


@never_cache
@require_POST
@staff_member_required
def sign_out_everywhere(request):
    """End all of this user's sessions, on every device, this one included."""
    services.staff_sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You are signed out on every device."))
    return redirect("admin:login")
