import logging

from django.db import DatabaseError, InterfaceError, OperationalError

from cancercenter.views import database_unavailable

logger = logging.getLogger(__name__)

# Errors that mean "the database cannot be reached", as opposed to a bug in a query.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def is_database_unavailable(exc: BaseException | None) -> bool:
    if isinstance(exc, UNAVAILABLE_ERRORS):
        return True
    # psycopg's pool raises its own timeout when no connection can be made.
    return isinstance(exc, DatabaseError) and type(exc).__name__ == "PoolTimeout"


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
