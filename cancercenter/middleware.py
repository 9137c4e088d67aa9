import logging

from django.core.exceptions import BadRequest

from cancercenter.errors import database_unavailable, is_database_unavailable
from cancercenter.submissions.storage import storage_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 page, not a traceback, while the database is down, or while
    the object store (S3 media) does not answer after its bounded retries.

    Django reconnects by itself (CONN_HEALTH_CHECKS), so pages work again as soon as the
    database is back, without restarting the app.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("Database unavailable: %s", type(exception).__name__)
            return database_unavailable(request)
        if storage_unavailable(exception):
            logger.error("File storage unavailable: %s", type(exception).__name__)
            return database_unavailable(request)
        return None


class PermissionsPolicyMiddleware:
    """Turn off browser features the portal never uses; keep other sites from embedding its
    resources (Cross-Origin-Resource-Policy); say where CSP reports go (Reporting API)."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Reporting-Endpoints", 'csp="/csp-report/"')
        return response


# C0 controls and DEL. C1 controls (U+0080 to U+009F) are refused in decoded text only: in a
# raw header they are bytes of ordinary UTF-8 characters read as Latin-1.
C0_AND_DEL = {chr(code) for code in range(0x20)} | {"\x7f"}
C1 = {chr(code) for code in range(0x80, 0xA0)}


def has_control(text: str, *, allowed: str = "", c1: bool = True) -> bool:
    refused = (C0_AND_DEL | C1) if c1 else C0_AND_DEL
    return any(char in refused and char not in allowed for char in text)


class ControlCharacterMiddleware:
    """Answer 400, never a 500, to a NUL or other control character where no person types
    one: the path, the query string, a header, and (in the admin) a posted value.

    Public forms get a field error for them instead (cancercenter/submissions/forms.py), so
    what the person typed is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.refused(request):
            raise BadRequest("Control character in the request")
        return self.get_response(request)

    def refused(self, request) -> bool:
        if has_control(request.path_info):
            return True
        for key, values in request.GET.lists():
            if has_control(key) or any(has_control(value) for value in values):
                return True
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str):
                if has_control(value, allowed="\t", c1=False):
                    return True
        if request.method == "POST" and request.path_info.startswith("/admin/"):
            try:
                posted = list(request.POST.lists())
            except Exception:  # a body Django cannot parse is Django's own 400
                return False
            for key, values in posted:
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        return False
