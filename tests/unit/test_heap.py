"""A served mock freezes its start-up heap once the app is up (core/heap.py)."""

from __future__ import annotations

import argparse
import asyncio
import gc
from typing import Any

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.heap import YOUNG_THRESHOLD
from mockserver.serve import register, settings_from_args
from mockserver.settings import Settings


async def _start(app: Any) -> None:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await queue.put({"type": "lifespan.startup"})
    started = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    task = asyncio.get_running_loop().create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, queue.get, send)
    )
    await asyncio.wait_for(started.wait(), 30)
    await queue.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(task, 30)


@pytest.mark.parametrize("settle", [True, False])
def test_the_start_up_heap_is_frozen_only_when_asked(settle: bool) -> None:
    gc.unfreeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(700, *thresholds[1:])
    app = create_app(definitions(["example"]), Settings(settle_heap=settle), standalone=True)
    try:
        asyncio.run(_start(app))
        frozen = gc.get_freeze_count()
        young = gc.get_threshold()[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    assert (frozen > 10_000) is settle, frozen
    assert young == (YOUNG_THRESHOLD if settle else 700)


def test_understudy_mock_serves_with_a_settled_heap() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    assert settings_from_args(parser.parse_args(["mock"])).settle_heap
    assert not Settings().settle_heap
