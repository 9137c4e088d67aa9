"""Deploy checks (`manage.py check --deploy`) for settings that only hurt in production."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def check_shared_cache_for_several_workers(app_configs, **kwargs):
    """Rate limits live in the cache: one per worker process would multiply them."""
    if settings.CACHES["default"]["BACKEND"] == LOCMEM and settings.WEB_CONCURRENCY > 1:
        return [
            Error(
                f"The cache is local memory but WEB_CONCURRENCY is {settings.WEB_CONCURRENCY}: "
                "each worker would keep its own form rate limits.",
                hint="Set CACHE_URL to a shared cache (redis://...), or WEB_CONCURRENCY=1.",
                id="cancercenter.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs, **kwargs):
    """Behind a proxy with none trusted, every client has the proxy's address."""
    if settings.BEHIND_TLS_PROXY and not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "BEHIND_TLS_PROXY is on but TRUSTED_PROXIES is empty: every client looks like "
                "the proxy, so one person's lockout or rate limit stops everyone.",
                hint="Set TRUSTED_PROXIES to your proxies' addresses or networks.",
                id="cancercenter.W001",
            )
        ]
    return []
