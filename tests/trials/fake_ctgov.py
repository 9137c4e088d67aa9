"""A stand-in for the ClinicalTrials.gov API v2 on loopback, serving real saved pages.

`pages` maps a pageToken ("" for the first page) to the body to serve; `failures` maps a
pageToken to HTTP statuses answered, one per request, before the page itself. Every request's
query is kept in `requests`, so tests see the paging and the retries.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.ports import free_port


class FakeCtgov:
    def __init__(self, pages: dict[str, bytes], failures: dict[str, list[int]] | None = None):
        self.pages = pages
        self.failures = {token: list(statuses) for token, statuses in (failures or {}).items()}
        self.requests: list[dict[str, str]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                fake.requests.append({"path": parts.path, **query})
                token = query.get("pageToken", "")
                pending = fake.failures.get(token)
                if parts.path != "/api/v2/studies" or token not in fake.pages:
                    self._answer(400, b'{"error": "bad request"}')
                elif pending:
                    status = pending.pop(0)
                    self._answer(status, b"busy", {"Retry-After": "0"} if status == 429 else {})
                else:
                    self._answer(200, fake.pages[token])

            def _answer(self, status, body, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
