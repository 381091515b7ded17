"""The start-up heap kept out of the cyclic garbage collector's way.

A served mock holds a large, long-lived heap (specs, compiled validators, seeded
stores): every full collection walked all of it, a pause of ~60 ms every few seconds
under load, which was the whole p99 of a busy mock. Freezing what is alive once the
app is up (``gc.freeze``, as servers that fork workers do) leaves the collector only
the objects made since; records freed later are still freed by reference counting.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Collect what start-up left behind, then freeze everything still alive."""
    gc.collect()
    gc.freeze()
