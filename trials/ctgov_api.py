"""A client of the ClinicalTrials.gov API v2 `GET /studies`, page by page.

Standard library only (http.client): one plain GET per page, with a connect timeout and a
separate read timeout, a pause between requests so we stay a polite client, and retries
with exponential backoff on 429 and 5xx (a Retry-After header is honoured, capped). Each
page's body is handed over as bytes, so the importer reads it exactly as it reads a file.
"""

import http.client
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

# The search parameters staff may use (API v2 `GET /studies`); paging is the client's.
ALLOWED_PARAMS = (
    "query.cond",
    "query.term",
    "query.locn",
    "query.intr",
    "query.titles",
    "query.spons",
    "query.id",
    "filter.overallStatus",
    "filter.advanced",
    "filter.ids",
    "filter.geo",
)
MAX_PAGE_SIZE = 1000
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0
MAX_PAGE_BYTES = 100 * 1024 * 1024
USER_AGENT = "cancercenter-portal ctgov_sync (+https://github.com/)"


class ApiError(Exception):
    """The API could not give a page after every retry; the reason is for the report."""


@dataclass
class ApiSettings:
    base_url: str
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    interval: float = 1.0
    retries: int = 4
    backoff: float = 2.0


@dataclass
class FetchLog:
    """What happened on the wire, for the report."""

    pages: int = 0
    requests: int = 0
    retries: list[str] = field(default_factory=list)


def validate_params(params: dict[str, str]) -> None:
    unknown = sorted(set(params) - set(ALLOWED_PARAMS))
    if unknown:
        raise ValueError(
            f"unknown search parameter(s): {', '.join(unknown)} "
            f"(allowed: {', '.join(ALLOWED_PARAMS)})"
        )


def _get(url: str, api: ApiSettings) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=api.connect_timeout)
    try:
        connection.connect()
        connection.sock.settimeout(api.read_timeout)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(
            "GET", path, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        response = connection.getresponse()
        body = response.read(MAX_PAGE_BYTES + 1)
        if len(body) > MAX_PAGE_BYTES:
            raise ApiError(f"a page larger than {MAX_PAGE_BYTES // 1024 // 1024} MB")
        headers = {key.lower(): value for key, value in response.getheaders()}
        return response.status, headers, body
    finally:
        connection.close()


def _retry_after(headers: dict[str, str]) -> float | None:
    try:
        return min(max(float(headers.get("retry-after", "")), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return None


def fetch_page(
    url: str, api: ApiSettings, log: FetchLog, *, sleep: Callable[[float], None] = time.sleep
) -> bytes:
    """One page, retried on 429/5xx and network errors with exponential backoff."""
    for attempt in range(api.retries + 1):
        log.requests += 1
        wait = api.backoff * (2**attempt)
        try:
            status, headers, body = _get(url, api)
        except (OSError, http.client.HTTPException) as error:
            reason = "timed out" if isinstance(error, socket.timeout | TimeoutError) else str(error)
            problem = f"network error: {reason or type(error).__name__}"
        else:
            if status == 200:
                return body
            if status not in RETRY_STATUSES:
                snippet = body[:200].decode("utf-8", "replace").strip()
                raise ApiError(f"HTTP {status} from the API: {snippet}")
            problem = f"HTTP {status}"
            retry_after = _retry_after(headers)
            if retry_after is not None:
                wait = retry_after
        if attempt == api.retries:
            raise ApiError(f"{problem}, still after {api.retries} retries")
        log.retries.append(f"{problem}; retried in {wait:g} s")
        sleep(wait)
    raise AssertionError("unreachable")


def iter_pages(
    params: dict[str, str],
    api: ApiSettings,
    log: FetchLog,
    *,
    page_size: int = MAX_PAGE_SIZE,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[tuple[str, bytes]]:
    """(label, body) of each page of the search, following nextPageToken."""
    import json

    validate_params(params)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    token = None
    seen_tokens: set[str] = set()
    while True:
        query = {**params, "format": "json", "pageSize": str(page_size)}
        if token:
            query["pageToken"] = token
        url = f"{api.base_url.rstrip('/')}/studies?{urlencode(query)}"
        if log.requests:
            sleep(api.interval)
        body = fetch_page(url, api, log, sleep=sleep)
        log.pages += 1
        yield f"API page {log.pages}", body
        try:
            # Numbers are not needed here (and may be longer than int() takes).
            document = json.loads(body, parse_int=str)
            token = document.get("nextPageToken") if isinstance(document, dict) else None
        except (ValueError, RecursionError):
            token = None  # the importer reports the page as invalid JSON
        if not token or not isinstance(token, str):
            return
        if token in seen_tokens:
            raise ApiError(f"the API returned page token {token[:40]} twice")
        seen_tokens.add(token)
