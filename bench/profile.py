"""Where each public page's time goes: every page N times through the WSGI handler under
cProfile, with its median time and query count, then the functions that cost the most over
all pages together (own time, and time including callees, project code only).

Usage: `python -m bench.profile [-n 30] [--top 25] [--pages 3] [URL ...]`. It serves the demo
site from the bench database (bench/site.py: `<DATABASE_URL's name>_bench`, prepared as
`make serve` prepares its own), with DEBUG off and the page cache off, so it measures
rendering. `--pages K` also prints the top functions of the K slowest pages.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time

from bench import site


def _request(handler, url: str):
    from django.test import RequestFactory

    request = RequestFactory().get(url).environ
    status = []
    body = b"".join(handler(request, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], len(body)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("-n", type=int, default=30, help="requests per page")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--pages", type=int, default=0, help="also profile the K slowest")
    parser.add_argument("--no-prepare", action="store_true", help="reuse the bench database")
    parser.add_argument("urls", nargs="*")
    args = parser.parse_args(argv)
    if not args.no_prepare:
        site.prepare()
    site.setup_django()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection, reset_queries

    settings.PAGE_CACHE = False
    handler = WSGIHandler()
    template_times = _time_templates()
    urls = args.urls or site.public_pages()
    total = cProfile.Profile()
    per_page, plain_medians = [], []
    print(  # noqa: T201
        f"{'page':<48} {'status':<8} {'KB':>5} {'queries':>7} {'median ms':>9} {'profiled ms':>11}"
    )
    for url in urls:
        status, size = _request(handler, url)  # warm: templates, menus, connections
        connection.force_debug_cursor = True
        reset_queries()
        _request(handler, url)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        plain = []
        for _ in range(args.n):
            started = time.perf_counter()
            _request(handler, url)
            plain.append((time.perf_counter() - started) * 1000)
        profile = cProfile.Profile()
        samples = []
        for _ in range(args.n):
            started = time.perf_counter()
            profile.enable()
            total.enable()
            _request(handler, url)
            total.disable()
            profile.disable()
            samples.append((time.perf_counter() - started) * 1000)
        median = statistics.median(samples)
        per_page.append((median, url, profile))
        plain_medians.append(statistics.median(plain))
        print(  # noqa: T201
            f"{url[:48]:<48} {status[:8]:<8} {size / 1024:5.1f} {queries:7d} "
            f"{statistics.median(plain):9.2f} {median:11.2f}"
        )
    print(  # noqa: T201
        f"\nall pages: median of the medians {statistics.median(plain_medians):.2f} ms, "
        f"sum {sum(plain_medians):.1f} ms; load {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    print("(profiled times are slower than real ones: cProfile adds overhead)\n")  # noqa: T201
    _print_templates(template_times, len(urls) * args.n, args.top)
    _print_stats(total, "own time, all pages", "tottime", args.top)
    _print_stats(total, "including callees, all pages", "cumulative", args.top, project=True)
    for median, url, profile in sorted(per_page, reverse=True)[: args.pages]:
        _print_stats(profile, f"{url} ({median:.1f} ms)", "cumulative", args.top, project=True)
    return 0


def _time_templates() -> dict:
    """Time spent in each template (its includes counted in it too), by name."""
    from collections import defaultdict

    from django.template.base import Template

    times = defaultdict(lambda: [0, 0.0])
    original = Template._render

    def timed(self, context):
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            entry = times[self.name or "<string>"]
            entry[0] += 1
            entry[1] += time.perf_counter() - started

    Template._render = timed
    return times


def _print_templates(times: dict, requests: int, top: int) -> None:
    print("== templates: time including their includes, per request over all pages ==")  # noqa: T201
    print(f"{'template':<50} {'renders/req':>11} {'ms/req':>7}")  # noqa: T201
    ranked = sorted(times.items(), key=lambda item: -item[1][1])[:top]
    for name, (count, seconds) in ranked:
        print(f"{name[:50]:<50} {count / requests:11.1f} {seconds * 1000 / requests:7.2f}")  # noqa: T201
    print()  # noqa: T201


def _print_stats(profile, title: str, key: str, top: int, *, project: bool = False) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs() if not project else None
    if project:
        stats = pstats.Stats(profile, stream=out)
        # Project code and the template engine: where a change here can help.
        pattern = r"wt-[^/]+/(cancercenter|education|stories|trials)/|django/template/"
        stats.sort_stats(key).print_stats(pattern, top)
    else:
        stats.sort_stats(key).print_stats(top)
    text = out.getvalue()
    body = text[text.find("   ncalls") :] if "   ncalls" in text else text
    print(f"== {title} ==\n{body}")  # noqa: T201


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
