"""`make bench`'s HTTP pass (issue 19): the portal and a minimal Django floor, served the
same way and loaded the same way, in one run, so the ratios mean something on a shared
machine where absolute figures are noise.

Each site runs under gunicorn with 2 sync workers on loopback (ports 8150-8199), DEBUG
off, collected static files and Redis as the cache, as `make serve` runs the portal.
Each page gets a 5 s warm-up, then `wrk -t2 -c16 -d15s`. The portal is measured with the
page cache off (every request builds the page) and on (anonymous visitors), every public
page (bench/site.py lists them). It prints requests per second, the ratio to the floor's
query-plus-template page, latency, the load average, and the page weight (HTML + CSS +
JS) of every page against the 60 KB budget.

Usage: `python -m bench.http [--duration 15] [--warmup 5] [URL ...]`. Needs `wrk`
(Debian: `apt-get install wrk`) and `redis-server`; without wrk, a small Python load
generator (threads, keep-alive) stands in and the report says so.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import site

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REDIS_PORT, FLOOR_PORT, PORTAL_PORT = 8151, 8152, 8153
PAGE_BUDGET = 60 * 1024
TARGETS = {"cached": 1.0, "uncached": 0.5}


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {HOST}:{port}")


class Server:
    def __init__(self, command: list[str], port: int, env: dict):
        self.command, self.port, self.env = command, port, env
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        _wait_for_port(self.port)
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def gunicorn(app: str, port: int, env: dict) -> Server:
    # As `make serve`: 2 sync workers (WEB_CONCURRENCY), gunicorn.conf.py from ROOT.
    command = [str(Path(sys.executable).parent / "gunicorn"), app]
    command += ["--bind", f"{HOST}:{port}", "--workers", "2"]
    return Server(command, port, env)


def fetch(port: int, url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", url, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def run_wrk(port: int, url: str, *, duration: int, warmup: int) -> dict:
    target = f"http://{HOST}:{port}{url}"
    if shutil.which("wrk"):
        subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{warmup}s", target], capture_output=True, check=True
        )
        out = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", target],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
        p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return {
            "rate": rate, "p50": _ms(p50), "p99": _ms(p99),
            "errors": int(bad.group(1)) if bad else 0,
        }  # fmt: skip
    _python_load(port, url, seconds=warmup)
    return _python_load(port, url, seconds=duration)


def _ms(match) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _python_load(port: int, url: str, *, seconds: int, connections: int = 16) -> dict:
    """Stand-in for wrk: 16 keep-alive connections in threads for `seconds`."""
    stop = time.monotonic() + seconds
    times, errors, lock = [], [0], threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            with lock:
                times.append((time.perf_counter() - started) * 1000)
                errors[0] += response.status >= 400
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    return {
        "rate": len(times) / seconds, "p50": times[len(times) // 2],
        "p99": times[int(len(times) * 0.99)], "errors": errors[0],
    }  # fmt: skip


def _check(port: int, url: str) -> None:
    """The page answers 200 (a worker that just started may still be connecting)."""
    for _ in range(5):
        status = fetch(port, url)[0]
        if status == 200:
            return
        time.sleep(1)
    raise RuntimeError(f"{url} answers {status}, not 200")


def page_weight(port: int, url: str, body: bytes, seen: dict) -> int:
    """HTML plus every stylesheet and script it loads (uncompressed bytes)."""
    html = body.decode("utf-8", "replace")
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', html)
    total = len(body)
    for asset in assets:
        if asset not in seen:
            status, _headers, content = fetch(port, asset)
            seen[asset] = len(content) if status == 200 else 0
        total += seen[asset]
    return total


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--no-prepare", action="store_true", help="reuse the bench database")
    parser.add_argument("urls", nargs="*")
    args = parser.parse_args(argv)
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is needed (the portal's production cache)")
    if not args.no_prepare:
        site.prepare()
    urls = args.urls or _public_pages()
    tool = "wrk -t2 -c16" if shutil.which("wrk") else "a Python load generator (wrk missing)"
    print(  # noqa: T201
        f"HTTP pass: gunicorn, 2 sync workers, {tool}, {args.warmup} s warm-up + "
        f"{args.duration} s per page, {os.cpu_count()} cores, load {load()}"
    )
    cache_url = f"redis://{HOST}:{REDIS_PORT}/0"
    redis = Server(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", HOST, "--save", "",
         "--appendonly", "no"],
        REDIS_PORT, dict(os.environ),
    )  # fmt: skip
    results: dict[str, dict] = {}
    floor_env = site.production_env(DJANGO_SETTINGS_MODULE="bench.floor.settings")
    # The floor stays up, idle while the portal is loaded, and its query page is measured
    # again after each pass: the machine's load drifts, so ratios use the mean of the three.
    with redis, gunicorn("bench.floor.wsgi", FLOOR_PORT, floor_env):
        for url in ["/fixed/", "/db/"]:
            _check(FLOOR_PORT, url)
            results[f"floor {url}"] = _measured(FLOOR_PORT, url, args)
        floors = [results["floor /db/"]["rate"]]
        _print_header()
        for label in ["floor /fixed/", "floor /db/"]:
            _print_row(label, results[label], floors[0])
        weights = {}
        for mode in ["uncached", "cached"]:
            env = site.production_env(
                CACHE_URL=cache_url, PAGE_CACHE="true" if mode == "cached" else "false",
                DJANGO_SETTINGS_MODULE="cancercenter.settings",
            )  # fmt: skip
            subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "flushall"], capture_output=True)
            with gunicorn("cancercenter.wsgi", PORTAL_PORT, env):
                print(f"-- portal, page cache {'on' if mode == 'cached' else 'off'} --")  # noqa: T201
                assets: dict = {}
                for url in urls:
                    status, headers, body = fetch(PORTAL_PORT, url)
                    if mode == "uncached":
                        weights[url] = page_weight(PORTAL_PORT, url, body, assets)
                    result = _measured(PORTAL_PORT, url, args)
                    result["status"] = status
                    result["cache"] = fetch(PORTAL_PORT, url)[1].get("X-Page-Cache", "-")
                    results[f"{mode} {url}"] = result
                    _print_row(url, result, floors[0])
            again = _measured(FLOOR_PORT, "/db/", args)
            floors.append(again["rate"])
            _print_row(f"floor /db/ again, after the {mode} pass", again, floors[0])
    floor = sum(floors) / len(floors)
    print(  # noqa: T201
        f"\nfloor /db/: {', '.join(f'{rate:.0f}' for rate in floors)} req/s; the ratios "
        f"below use their mean, {floor:.0f} (the table above, the first)"
    )
    _print_summary(results, urls, floor, weights)
    return 0


def _measured(port: int, url: str, args) -> dict:
    result = run_wrk(port, url, duration=args.duration, warmup=args.warmup)
    result["load"] = load()
    return result


def _public_pages() -> list[str]:
    site.setup_django()
    return site.public_pages()


def _print_header() -> None:
    print(  # noqa: T201
        f"{'page':<44} {'req/s':>8} {'x floor':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'non-2xx':>7} {'cache':>5}  load"
    )


def _print_row(label: str, result: dict, floor: float) -> None:
    print(  # noqa: T201
        f"{label[:44]:<44} {result['rate']:8.0f} {result['rate'] / floor:8.2f} "
        f"{result['p50']:7.1f} {result['p99']:7.1f} {result['errors']:7d} "
        f"{result.get('cache', ''):>5}  {result['load']}",
        flush=True,
    )


def _print_summary(results: dict, urls: list[str], floor: float, weights: dict) -> None:
    print("\nSummary (targets, issue 19: cached >= 1.0x, uncached >= 0.5x the floor /db/)")  # noqa: T201
    never = [url for url in urls if results[f"cached {url}"]["cache"] != "hit"]
    for mode, target in TARGETS.items():
        # Form pages are never cached (no-store): the cached target is for the others.
        pages = [url for url in urls if mode == "uncached" or url not in never]
        ratios = {url: results[f"{mode} {url}"]["rate"] / floor for url in pages}
        below = [url for url, ratio in ratios.items() if ratio < target]
        worst = min(ratios, key=ratios.get)
        print(  # noqa: T201
            f"  {mode:<8} median x{sorted(ratios.values())[len(ratios) // 2]:.2f}, lowest "
            f"x{ratios[worst]:.2f} ({worst}); {len(below)} of {len(pages)} pages below x{target}"
        )
    print(f"  never served from the cache (forms, no-store): {', '.join(never) or 'none'}")  # noqa: T201
    over = {url: size for url, size in weights.items() if size > PAGE_BUDGET}
    heaviest = max(weights, key=weights.get)
    print(  # noqa: T201
        f"  page weight (HTML + CSS + JS, uncompressed): heaviest {weights[heaviest] / 1024:.1f} "
        f"KB ({heaviest}); {len(over)} pages over 60 KB"
        + "".join(f"\n    OVER: {url} {size / 1024:.1f} KB" for url, size in over.items())
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
