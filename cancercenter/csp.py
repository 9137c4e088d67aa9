"""/csp-report/: where browsers report Content-Security-Policy violations.

Same-origin only, small bodies, rate-limited per client; each report is logged (directive
and blocked address, never the page's query string) and counted in the cache.
"""

import json
import logging
from http import HTTPStatus
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cancercenter.submissions.antispam import client_id

logger = logging.getLogger(__name__)

MAX_BODY = 16 * 1024
COUNT_KEY = "csp:violations"


def violations_counted() -> int:
    """How many violation reports were accepted since the cache last started."""
    return cache.get(COUNT_KEY, 0)


def _same_origin(request) -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.get_host()
    return True


def _over_limit(request) -> bool:
    key = f"csp:reports:{client_id(request)}"
    try:
        cache.add(key, 0, timeout=60)
        return cache.incr(key) > settings.CSP_REPORT_RATE_LIMIT
    except Exception:  # no cache: reports are not worth a failure
        return False


def _reports(body: bytes) -> list[dict]:
    data = json.loads(body)
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]  # report-uri
    if isinstance(data, list):  # the Reporting API (report-to)
        return [
            item["body"]
            for item in data
            if isinstance(item, dict) and isinstance(item.get("body"), dict)
        ]
    return []


def _without_query(url) -> str:
    text = str(url or "")[:300]
    return text.split("?", 1)[0].split("#", 1)[0]


@csrf_exempt
@require_POST
def csp_report(request):
    if not _same_origin(request):
        return HttpResponse(status=HTTPStatus.FORBIDDEN)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return HttpResponse(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    if _over_limit(request):
        return HttpResponse(status=HTTPStatus.TOO_MANY_REQUESTS)
    try:
        reports = _reports(request.read(MAX_BODY))
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=HTTPStatus.BAD_REQUEST)
    for report in reports[:10]:
        directive = (
            report.get("effective-directive")
            or report.get("effectiveDirective")
            or report.get("violated-directive", "")
        )
        blocked = report.get("blocked-uri") or report.get("blockedURL") or ""
        page = report.get("document-uri") or report.get("documentURL") or ""
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(directive)[:80],
            _without_query(blocked),
            _without_query(page),
        )
        try:
            cache.add(COUNT_KEY, 0, timeout=None)
            cache.incr(COUNT_KEY)
        except Exception:
            pass
    return HttpResponse(status=HTTPStatus.NO_CONTENT)
