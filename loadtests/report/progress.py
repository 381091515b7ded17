"""The one console line a long run rewrites on a terminal: window k of n, accepted
and limited so far, time left."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from loadtests.observations import Observation


@dataclass
class Progress:
    """Counts answers as they arrive (each observation once) and renders the line."""

    title: str
    period: float
    run_seconds: float
    limited_status: int
    accepted: int = 0
    limited: int = 0
    _seen: int = 0

    def count(self, observations: Sequence[Observation]) -> None:
        """Count what was appended to ``observations`` since the last call."""
        for observation in observations[self._seen :]:
            if 200 <= observation.status < 300:
                self.accepted += 1
            elif observation.status == self.limited_status:
                self.limited += 1
        self._seen = len(observations)

    def line(self, elapsed: float) -> str:
        window = int(elapsed // self.period) + 1
        if self.run_seconds:
            windows = max(1, math.ceil(self.run_seconds / self.period))
            where = f"window {min(window, windows)} of {windows}"
            left = f", {max(0.0, self.run_seconds - elapsed):.0f}s left"
        else:
            where, left = f"window {window}", ""
        return f"{self.title}: {where}, {self.accepted} accepted, {self.limited} limited{left}"
