"""Latency distributions, as values with one text grammar shared by the CLI, the admin
API and the ``Prefer: latency=`` preference.

Grammar (a duration is a number with ``ms``, ``s``, ``m`` or ``h``; a bare number is
milliseconds):

- ``250ms`` / ``1.5s``: fixed
- ``100-400ms`` / ``uniform:100ms-400ms``: uniform between the two
- ``lognormal:200ms:0.5``: log-normal with median 200 ms and sigma 0.5

Every delay is bounded by :data:`MAX_LATENCY_SECONDS`; a log-normal draw above it is
clipped to it.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Literal

MAX_LATENCY_SECONDS = 60.0
MAX_SIGMA = 5.0
GRAMMAR = (
    "250ms | 1.5s | 100-400ms | uniform:100ms-400ms | lognormal:MEDIAN:SIGMA "
    f"(e.g. lognormal:200ms:0.5); at most {MAX_LATENCY_SECONDS:g}s"
)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)?")
_UNIT_SECONDS = {None: 0.001, "ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}

Kind = Literal["fixed", "uniform", "lognormal"]


class LatencySyntaxError(ValueError):
    """Text that is not a latency in the grammar above, or one out of bounds."""


@dataclass(frozen=True)
class Latency:
    """A delay distribution: fixed ``low``; uniform ``low``..``high``; log-normal with
    median ``low`` and ``sigma``. Seconds."""

    kind: Kind
    low: float
    high: float = 0.0
    sigma: float = 0.0

    def sample(self, rng: random.Random) -> float:
        """One delay in seconds, never above :data:`MAX_LATENCY_SECONDS`."""
        if self.kind == "fixed":
            return self.low
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high)
        return min(MAX_LATENCY_SECONDS, self.low * math.exp(rng.gauss(0.0, self.sigma)))

    def __str__(self) -> str:
        if self.kind == "fixed":
            return _ms(self.low)
        if self.kind == "uniform":
            return f"{_ms(self.low)}-{_ms(self.high)}"
        return f"lognormal:{_ms(self.low)}:{self.sigma:g}"

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"distribution": self.kind, "text": str(self)}
        if self.kind == "fixed":
            data["ms"] = self.low * 1000
        elif self.kind == "uniform":
            data.update(min_ms=self.low * 1000, max_ms=self.high * 1000)
        else:
            data.update(median_ms=self.low * 1000, sigma=self.sigma)
        return data


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:g}ms"


def parse_duration(text: str) -> float:
    """``250ms``, ``1.5s`` or ``250`` (milliseconds) as seconds, within the bound."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise LatencySyntaxError(f"not a duration: {text[:40]!r} (expected e.g. 250ms or 1.5s)")
    number, unit = match.groups()
    seconds = float(number) * _UNIT_SECONDS[unit]
    if seconds > MAX_LATENCY_SECONDS:
        raise LatencySyntaxError(
            f"latency {text.strip()!r} is above the maximum of {MAX_LATENCY_SECONDS:g}s"
        )
    return seconds


def parse_latency(text: str) -> Latency:
    """Parse the grammar in the module docstring."""
    value = text.strip().lower()
    if value.startswith("-"):
        raise LatencySyntaxError(f"latency cannot be negative: {text[:40]!r}")
    if value.startswith("lognormal:"):
        parts = value.split(":")
        if len(parts) != 3:
            raise LatencySyntaxError(f"expected lognormal:MEDIAN:SIGMA, got {text[:40]!r}")
        median = parse_duration(parts[1])
        try:
            sigma = float(parts[2])
        except ValueError:
            raise LatencySyntaxError(f"sigma must be a number, got {parts[2][:20]!r}") from None
        if not 0 <= sigma <= MAX_SIGMA or median <= 0:
            raise LatencySyntaxError(
                f"lognormal needs a positive median and a sigma from 0 to {MAX_SIGMA:g}"
            )
        return Latency("lognormal", median, sigma=sigma)
    if value.startswith("uniform:"):
        value = value[len("uniform:") :]
    if "-" in value:
        low_text, _, high_text = value.partition("-")
        unit = "s" if high_text.endswith("s") and not high_text.endswith("ms") else "ms"
        low_text = low_text if low_text.endswith(("ms", "s")) else low_text + unit
        low, high = parse_duration(low_text), parse_duration(high_text)
        if low > high:
            raise LatencySyntaxError(f"uniform range runs backwards: {text[:40]!r}")
        return Latency("uniform", low, high)
    return Latency("fixed", parse_duration(value))
