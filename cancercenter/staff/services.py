"""Staff account operations: unlocking sign-in, and (below) two-step sign-in and sessions."""

import time
from importlib import import_module

from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cancercenter.audit.models import AuditAction
from cancercenter.audit.services import audit_record
from cancercenter.staff.models import DevelopmentMFASkip, StaffSession


def staff_unlock(*, users, by) -> int:
    """Clear the failed sign-ins of these accounts, ending their lockout.

    Returns how many of them had failed sign-ins on record.
    """
    unlocked = [user for user in users if reset(username=user.get_username())]
    for user in unlocked:
        audit_record(action=AuditAction.UNLOCKED, actor=by, obj=user, object_label=str(user))
    return len(unlocked)


# TWO-STEP SIGN-IN (django-otp)
# ------------------------------------------------------------------------------
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def mfa_enrolled(*, user) -> bool:
    """Whether the user has any confirmed second factor (app, passkey or recovery codes)."""
    return any(devices_for_user(user, confirmed=True))


def mfa_skip_allowed(*, user) -> bool:
    """Whether this is `make run`'s development superuser (the caller checks DEBUG)."""
    return DevelopmentMFASkip.objects.filter(user=user).exists()


def mfa_development_skip_grant(*, user) -> None:
    """Let the development superuser skip two-step sign-in while DEBUG is on."""
    DevelopmentMFASkip.objects.get_or_create(user=user)


def totp_device_for_setup(*, user) -> TOTPDevice:
    """The authenticator-app device being set up: one unconfirmed device per user."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=gettext("Authenticator app"), confirmed=False
        )
    return device


@transaction.atomic
def totp_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an authenticator app with its first code and verify this session with it.

    Returns fresh recovery codes (shown once), or None when the code is wrong.
    """
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return recovery_codes_create(user=device.user)


@transaction.atomic
def recovery_codes_create(*, user) -> list[str]:
    """Replace the user's recovery codes with new single-use ones; returns them to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def mfa_verify(*, request, token: str) -> bool:
    """Check a six-digit code from the app, or a recovery code; on success this session is
    verified. django-otp slows down repeated wrong codes per device (throttling).
    """
    token = "".join(token.split()).lower()
    model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(request.user, confirmed=True)
        device = next((d for d in devices.select_for_update() if d.verify_token(token)), None)
    if device is None:
        return False
    otp_login(request, device)
    return True


def recovery_codes_left(*, user) -> int:
    """How many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user).count()


# SESSIONS
# ------------------------------------------------------------------------------
SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"


def staff_session_started(*, request, user) -> None:
    """Note when a staff session began (for its absolute lifetime) and remember its key."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    if request.session.session_key is None:
        request.session.save()
    StaffSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


def staff_session_expired(*, request) -> bool:
    """Whether this staff session is past its idle timeout or its absolute lifetime.

    Otherwise note the activity (at most once a minute, to spare the session store).
    """
    now = time.time()
    session = request.session
    started = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN_AT, started)
    if started is None:  # signed in before these limits existed: start counting now
        session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
        return False
    if now - started > settings.STAFF_SESSION_MAX_AGE.total_seconds():
        return True
    if now - last_seen > settings.STAFF_SESSION_IDLE_TIMEOUT.total_seconds():
        return True
    if now - last_seen > 60:
        session[LAST_SEEN_AT] = now
    return False


@transaction.atomic
def staff_sign_out_everywhere(*, user) -> int:
    """End every session of this user, on every device; returns how many were open."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = list(StaffSession.objects.filter(user=user).select_for_update())
    for record in sessions:
        store(session_key=record.session_key).delete()
    StaffSession.objects.filter(pk__in=[s.pk for s in sessions]).delete()
    audit_record(
        action=AuditAction.SIGNED_OUT_EVERYWHERE,
        obj=user,
        object_label=str(user),
        detail={"sessions": len(sessions)},
    )
    return len(sessions)
