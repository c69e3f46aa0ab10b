"""Waiting for what a real worker does in its own time."""

import time


def wait_for(predicate, timeout: float = 15.0) -> bool:
    """True as soon as ``predicate()`` is, False if it still is not after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
