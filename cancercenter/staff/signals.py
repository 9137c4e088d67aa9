from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from cancercenter.staff import services
from cancercenter.staff.models import StaffSession


@receiver(user_logged_in, dispatch_uid="staff_session_started")
def staff_session_started(sender, request, user, **kwargs):
    if user.is_staff and request is not None and hasattr(request, "session"):
        services.staff_session_started(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="staff_session_ended")
def staff_session_ended(sender, request, user, **kwargs):
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        StaffSession.objects.filter(session_key=key).delete()
