"""Waiting politely: pacing calls to a rate, and backing off when a service says "too
many requests". Time comes from a clock object, so tests run without sleeping."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")
# Waits after each refusal, in seconds: five tries more, about a minute in all.
BACKOFF_S = (2.0, 4.0, 8.0, 16.0, 32.0)
MAX_WAIT_S = 60.0


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


# The clock fetches use; tests replace it with one that does not sleep.
CLOCK: Clock = SystemClock()


class Throttled(Exception):
    """A service refused a call for now; ``wait_s`` is how long it asked for (or None)."""

    def __init__(self, wait_s: float | None = None):
        super().__init__(wait_s)
        self.wait_s = wait_s


class StillThrottled(Exception):
    """Every retry was refused."""


class Pacer:
    """Spaces calls to at most ``rate`` a second (the service's published rate)."""

    def __init__(self, rate: float, clock: Clock):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.last: float | None = None

    def wait(self) -> None:
        now = self.clock.monotonic()
        if self.last is not None and now - self.last < self.interval:
            self.clock.sleep(self.interval - (now - self.last))
            now = self.clock.monotonic()
        self.last = now


def with_backoff(call: Callable[[], T], *, clock: Clock, pacer: Pacer | None = None) -> T:
    """``call()``, tried again after each ``Throttled`` with growing waits (BACKOFF_S, or
    what the service asked for, never more than MAX_WAIT_S); StillThrottled when every
    try was refused."""
    for wait in (*BACKOFF_S, None):
        if pacer is not None:
            pacer.wait()
        try:
            return call()
        except Throttled as refused:
            if wait is None:
                raise StillThrottled() from None
            asked = refused.wait_s
            clock.sleep(min(max(wait, asked or 0.0), MAX_WAIT_S))
    raise AssertionError("unreachable")
