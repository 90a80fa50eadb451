"""The garbage collector, paused while a bulk step builds many new objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block.

    Hundreds of thousands of new dicts and tuples (none in a cycle) would trigger full
    collections over and over, each walking every object built so far (what that cost
    is in benchmarks/README.md). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
