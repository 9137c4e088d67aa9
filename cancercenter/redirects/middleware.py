import logging
from http import HTTPStatus

from django.db import DatabaseError, transaction
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.middleware.common import CommonMiddleware

from cancercenter.redirects import services

logger = logging.getLogger(__name__)


class RedirectMiddleware:
    """Answer a missing address (404) that has a redirect with 301 or 302, its query string
    kept; count the others (path and day only) for the admin's list of missing addresses.

    The page was going to be a 404 anyway: if the database fails here, it stays the 404 it
    was (or the 503 the database middleware made of it), never a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.common = CommonMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != HTTPStatus.NOT_FOUND
            or request.method not in ("GET", "HEAD")
            or getattr(request, "database_unavailable", False)
            or request.path_info.startswith("/admin/")
        ):
            return response
        try:
            with transaction.atomic():
                found = services.redirect_follow(path=request.path_info)
                # Not counted twice: CommonMiddleware sends this one on to "/path/".
                if found is None and not self.common.should_redirect_with_slash(request):
                    services.missing_path_count(path=request.path_info)
        except DatabaseError as exc:
            logger.warning("Redirects not looked up: %s", type(exc).__name__)
            return response
        except Exception:  # bookkeeping for a page that is a 404 anyway: never a 500
            logger.exception("Redirects not looked up")
            return response
        if found is None:
            return response
        target, permanent = found
        query = request.META.get("QUERY_STRING", "")
        if query:
            path, _hash, fragment = target.partition("#")
            target = f"{path}{'&' if '?' in path else '?'}{query}"
            target += f"#{fragment}" if fragment else ""
        redirect = HttpResponsePermanentRedirect if permanent else HttpResponseRedirect
        return redirect(target)
