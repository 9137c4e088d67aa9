import logging

from cancercenter.errors import database_unavailable, is_database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 page, not a traceback, while the database is down.

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
        return None


class PermissionsPolicyMiddleware:
    """Turn off browser features the portal never uses."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response
