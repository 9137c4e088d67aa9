import statistics
import time
from collections.abc import Callable


def measure(label: str, action: Callable[[], object], *, repeat: int = 30) -> str:
    """Run `action` a few times; report the median and the 95th percentile in ms."""
    return measure_with_median(label, action, repeat=repeat)[0]


def measure_with_median(
    label: str, action: Callable[[], object], *, repeat: int = 30
) -> tuple[str, float]:
    """As `measure`, also returning the median (ms), for ratios between cases."""
    action()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    median = statistics.median(samples)
    return f"{label:<55} median {median:7.1f} ms   p95 {p95:7.1f} ms", median
