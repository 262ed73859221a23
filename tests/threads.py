"""Threads of the concurrency tests never wait forever: the start line gives
up after `WAIT` seconds (its waiters get `BrokenBarrierError`, which the
tests report), and `join_all` fails the test when a thread is still running
after `FINISH` seconds instead of hanging the run."""

import threading
import time

WAIT = 30
FINISH = 120


def start_line(parties: int) -> threading.Barrier:
    """A barrier releasing `parties` threads together, or none after WAIT s."""
    return threading.Barrier(parties, timeout=WAIT)


def join_all(threads, timeout: float = FINISH) -> None:
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"still running after {timeout} s: {', '.join(stuck)}"
