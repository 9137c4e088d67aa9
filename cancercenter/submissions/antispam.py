"""Spam and abuse checks that need no CAPTCHA and no third party."""

import hashlib
import ipaddress
import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

logger = logging.getLogger(__name__)

TOKEN_SALT = "cancercenter.submissions.token"


@dataclass(frozen=True)
class FormToken:
    issued_at: float
    key: uuid.UUID


def issue_token() -> str:
    """A signed token for a fresh form: when it was shown, and a one-time key."""
    return signing.dumps({"t": time.time(), "k": uuid.uuid4().hex}, salt=TOKEN_SALT)


def read_token(value: str) -> FormToken | None:
    """The token's contents, or None if it is missing, tampered with or malformed."""
    try:
        data = signing.loads(value or "", salt=TOKEN_SALT, max_age=settings.FORM_TOKEN_MAX_AGE)
        return FormToken(issued_at=float(data["t"]), key=uuid.UUID(data["k"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def filled_too_fast(token: FormToken) -> bool:
    return time.time() - token.issued_at < settings.FORM_MIN_FILL_SECONDS


def client_ip(request) -> str:
    """The address a request came from, as the rate limits, lockouts and audit trail see it.

    `X-Forwarded-For` is believed only hop by hop from the right, and only while the hop
    that handed it over is one of TRUSTED_PROXIES: anyone else can write that header.
    """
    address = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXIES
    if not trusted or not _in_networks(address, trusted):
        return address
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([h.strip() for h in hops if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage from further out: keep the last address a proxy vouched for
        address = hop
        if not _in_networks(hop, trusted):
            break
    return address


def _in_networks(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_id(request) -> str:
    """A hashed client identity for rate limits: the client's address, IPv6 by its /64.

    An IPv6 client usually owns a whole /64 and can pick any address in it at will.
    """
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        pass
    else:
        if ip.version == 6 and ip.ipv4_mapped is None:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
        elif ip.version == 6:
            address = str(ip.ipv4_mapped)
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def rate_limit_reached(request, scope: str, limit: tuple[int, int] | None = None) -> bool:
    """Whether this client has already sent as many accepted `scope` forms as the window
    allows. Only accepted ones count (`rate_limit_count`): a person correcting errors in a
    form is never held up.

    The counter lives in the shared cache (Redis in production), so every app server
    sees the same count. Without a working cache the limit fails open, logged.
    """
    most, _window = limit or settings.FORM_RATE_LIMIT
    try:
        count = cache.get(_rate_key(request, scope), 0)
    except Exception as exc:  # the cache is down: never lose a form over a spam check
        logger.warning(
            "Rate limit not applied to a %s form: cache unavailable (%s)", scope, type(exc).__name__
        )
        return False
    return count >= most


def rate_limit_count(request, scope: str, limit: tuple[int, int] | None = None) -> None:
    """Count one accepted `scope` form (or a search) against this client's limit."""
    _most, window = limit or settings.FORM_RATE_LIMIT
    key = _rate_key(request, scope)
    try:
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
    except Exception as exc:
        logger.warning(
            "Rate limit not applied to a %s form: cache unavailable (%s)",
            scope,
            type(exc).__name__,
        )


def _rate_key(request, scope: str) -> str:
    return f"ratelimit:{scope}:{client_id(request)}"
