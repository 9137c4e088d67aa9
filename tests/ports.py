"""Loopback ports for the servers tests start (Redis, a TCP relay, the SMTP sink).

Each test process takes its own slice of the project's test range (8800-8899), so
parallel workers never collide, and skips ports something already listens on. Developers
sharing one machine can give each their own range: TEST_PORTS=8200-8299.
"""

import os
import socket

RANGE_START, RANGE_END = (
    int(bound) for bound in os.environ.get("TEST_PORTS", "8800-8899").split("-", 1)
)


def free_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    slice_size = 12
    first = RANGE_START + 10 + (int(worker) if worker.isdigit() else 0) * slice_size
    candidates = [*range(first, min(first + slice_size, RANGE_END + 1))]
    candidates += [p for p in range(RANGE_START, RANGE_END + 1) if p not in candidates]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {RANGE_START}-{RANGE_END}")


def closed_port() -> int:
    """A port in the range that nothing listens on (for "the server is down")."""
    return free_port()
