"""The floor: the least a Django site does per request, measured beside the portal.

Two views (bench/floor/urls.py) on the portal's own database, DEBUG off, Django's
`startproject` middleware that needs no app, the cached template loader. `make bench`'s
HTTP pass serves it with gunicorn exactly as it serves the portal, so the ratio between
the two is the portal's cost over Django's own (issue 19).
"""

import os

import environ

env = environ.Env()

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "floor-benchmark-only-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor.urls"
WSGI_APPLICATION = "bench.floor.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
    }
]
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USE_TZ = True
