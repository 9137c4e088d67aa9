"""The error pages (400, 403, 404, 500, CSRF) and the 503 shown while the database (or the
object store holding uploads) is down.

The middleware and the 500 handler both use `database_unavailable()`, so the page lives here
once and neither imports the other.
"""

import sys
from http import HTTPStatus

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cancercenter.submissions.storage import storage_unavailable

# Errors that mean "the database cannot be reached", as opposed to a bug in a query.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def is_database_unavailable(exc: BaseException | None) -> bool:
    if isinstance(exc, UNAVAILABLE_ERRORS):
        return True
    # psycopg's pool raises its own timeout when no connection can be made.
    return isinstance(exc, DatabaseError) and type(exc).__name__ == "PoolTimeout"


def database_unavailable(request: HttpRequest) -> HttpResponse:
    # The page's own parts (the menus) must not wait on the database a second time.
    request.database_unavailable = True
    response = render(request, "503.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = "30"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=HTTPStatus.BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=HTTPStatus.NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its exception handler, so the error is still at hand.
    if is_database_unavailable(sys.exc_info()[1]) or storage_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return render(request, "500.html", status=HTTPStatus.INTERNAL_SERVER_ERROR)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)
