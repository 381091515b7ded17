"""The start-up heap kept out of the cyclic garbage collector's way.

A served mock holds a large, long-lived heap (specs, compiled validators, seeded
stores): every full collection walked all of it, a pause of ~60 ms every few seconds
under load, which was the whole p99 of a busy mock. Freezing what is alive once the
app is up (``gc.freeze``, as servers that fork workers do) leaves the collector only
the objects made since; records freed later are still freed by reference counting.

What is made since is mostly records (a stored record holds a dict, so the collector
tracks it) and the objects of requests in flight. With CPython's default young
threshold (700) a busy mock ran a young collection every few requests, each promoting
the in-flight objects towards the old generation, so a full collection (walking every
record stored since start-up, ~20 ms at 40k records) came every second or so and was
most of a write-heavy p99. A larger young threshold makes the young collections rare,
and full collections then follow the growth of the store (CPython runs one only once
the old generation has grown by a quarter).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000
"""Allocations (net of frees) between young collections; CPython's default is 700.
Measured on POST create at 32 connections: p99 16.7 ms -> 10.5-12.6 ms, +5% req/s;
5,000 left a third of the gain, 50,000 added nothing."""


def settle_heap() -> None:
    """Collect what start-up left behind, freeze everything still alive, and make the
    young collections rare."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
