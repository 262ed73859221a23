import statistics
import time


def sample(fn, *, repeat: int, warmup: int = 3) -> list[float]:
    """Milliseconds per call of `fn`, after a few warm-up calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": p95(values),
        "max": max(values),
    }
