"""Run every benchmark and print a table of timings.

Usage: `make bench` (or `python -m bench [name ...]`). Each benchmark seeds a throw-away
database created the same way the test suite creates its own, so the dev data is untouched.
"""

import os
import sys
import time
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancercenter.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvw")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def main(argv: list[str]) -> int:
    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from bench import registry

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # One client measures hundreds of searches: the per-client search limit would stop it.
    settings.SEARCH_RATE_LIMIT = (10**9, 60)
    # These measure building pages; the HTTP pass (bench/http.py) measures the page cache.
    settings.PAGE_CACHE = False
    setup_test_environment()
    # Pages are measured as production renders them: the test environment makes every
    # template render send a signal, on which the test Client copies the whole context
    # (for assertTemplateUsed), a cost that grows with each include and no server pays.
    from django.template import Template
    from django.test.utils import _TestState

    Template._render = _TestState.saved_data.template_render
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        selected = [b for b in registry.BENCHMARKS if not argv or b.__name__ in argv]
        for benchmark in selected:
            started = time.perf_counter()
            for line in benchmark():
                print(line, flush=True)  # noqa: T201 - a benchmark reports on stdout
            print(f"  ({benchmark.__name__} took {time.perf_counter() - started:.1f}s)")  # noqa: T201
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
