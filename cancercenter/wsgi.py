"""WSGI entry point, used by gunicorn (`make serve`)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancercenter.settings")
# Web requests get the database statement timeout (DATABASE_STATEMENT_TIMEOUT in settings);
# the worker, migrations and other commands, which do not come through here, do not.
os.environ["CANCERCENTER_WEB_PROCESS"] = "1"

# Refuse to serve without a real key, with a message that says what to do.
try:
    settings.SECRET_KEY  # noqa: B018 - Django raises here when the key is empty
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        "Set the SECRET_KEY environment variable: it is required when DEBUG is off. "
        "For local development, set DEBUG=true instead."
    ) from exc

application = get_wsgi_application()
