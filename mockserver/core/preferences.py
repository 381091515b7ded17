"""What a client asks the mock for beyond the API itself: RFC 7240 ``Prefer`` preferences
and Prism's ``?__code=`` style query equivalents.

Understood preferences: ``code=N`` (answer the documented response with status N),
``example=NAME`` (that named example), ``dynamic=true`` (a body generated from the
response schema), ``latency=DIST`` and ``fault=KIND`` (this one request, see
:mod:`mockserver.core.latency` and :mod:`mockserver.core.faults`). Preferences may be
separated by ``,`` or ``;`` and spread over several ``Prefer`` headers. Preferences
the mock does not know, and text that is not a preference at all, are ignored as RFC
7240 says; a known preference with a value that cannot be honoured raises
:class:`PreferenceError` (rendered as the API's own 400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from mockserver.core.faults import Fault, FaultSyntaxError, parse_fault
from mockserver.core.latency import Latency, LatencySyntaxError, parse_latency

QUERY_PREFIX = "__"
QUERY_NAMES = ("code", "example", "dynamic", "latency", "fault")
"""Preferences that also have a query form: ``?__code=404`` is ``Prefer: code=404``."""

_PREFERENCE = re.compile(
    r"""\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,;]*))?\s*"""
)
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
MAX_EXAMPLE_NAME = 200


class PreferenceError(ValueError):
    """A known preference whose value cannot be honoured."""


@dataclass(frozen=True)
class Preferences:
    """The preferences of one request the mock understood."""

    code: int | None = None
    example: str | None = None
    dynamic: bool = False
    latency: Latency | None = None
    fault: Fault | None = None

    @property
    def forces_response(self) -> bool:
        return self.code is not None or self.example is not None or self.dynamic

    @property
    def empty(self) -> bool:
        return not self.forces_response and self.latency is None and self.fault is None

    def applied(self) -> str:
        """The ``Preference-Applied`` value naming what was honoured."""
        parts = []
        if self.code is not None:
            parts.append(f"code={self.code}")
        if self.example is not None:
            parts.append(f'example="{self.example}"')
        if self.dynamic:
            parts.append("dynamic=true")
        if self.latency is not None:
            parts.append(f'latency="{self.latency}"')
        if self.fault is not None:
            parts.append(f"fault={self.fault}")
        return ", ".join(parts)


def parse_prefer(values: list[str]) -> dict[str, str]:
    """The preferences named in ``Prefer`` header values, lower-cased names to raw values
    (the first occurrence wins, as RFC 7240 says); unparseable pieces are skipped."""
    found: dict[str, str] = {}
    for value in values:
        for piece in _split_quoted(value):
            match = _PREFERENCE.fullmatch(piece)
            if match is None or not match.group(1):
                continue
            name = match.group(1).lower()
            raw = (match.group(2) or "").strip()
            if len(raw) >= 2 and raw[0] == raw[-1] == '"':
                raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            found.setdefault(name, raw)
    return found


def _split_quoted(value: str) -> list[str]:
    """``value`` split at ``,`` and ``;`` outside quoted strings."""
    pieces: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char in ",;" and not quoted:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def split_query(query_string: bytes) -> tuple[dict[str, str], bytes]:
    """The ``__name`` preference parameters of a query string, and the query without them.

    Returns the query string untouched when it holds none (the common case).
    """
    if b"__" not in query_string:
        return {}, query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    found: dict[str, str] = {}
    kept: list[tuple[str, str]] = []
    for key, value in pairs:
        name = key[len(QUERY_PREFIX) :].lower() if key.startswith(QUERY_PREFIX) else None
        if name in QUERY_NAMES:
            found.setdefault(name, value)
        else:
            kept.append((key, value))
    if not found:
        return {}, query_string
    return found, urlencode(kept).encode("latin-1")


def preferences_from(raw: dict[str, str]) -> Preferences:
    """Typed preferences from raw name/value pairs; unknown names are ignored."""
    return Preferences(
        code=_code(raw["code"]) if "code" in raw else None,
        example=_example(raw["example"]) if "example" in raw else None,
        dynamic=_flag("dynamic", raw["dynamic"]) if "dynamic" in raw else False,
        latency=_latency(raw["latency"]) if "latency" in raw else None,
        fault=_fault(raw["fault"]) if "fault" in raw else None,
    )


def _code(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 3):
        raise PreferenceError(f"Prefer code must be an HTTP status from 100 to 599, got {value!r}")
    code = int(value)
    if not 100 <= code <= 599:
        raise PreferenceError(f"Prefer code must be an HTTP status from 100 to 599, got {value!r}")
    return code


def _example(value: str) -> str:
    if not value or len(value) > MAX_EXAMPLE_NAME:
        raise PreferenceError(
            f"Prefer example must name an example (1 to {MAX_EXAMPLE_NAME} characters)"
        )
    return value


def _flag(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise PreferenceError(f"Prefer {name} must be true or false, got {value[:40]!r}")


def _latency(value: str) -> Latency:
    try:
        return parse_latency(value)
    except LatencySyntaxError as exc:
        raise PreferenceError(f"Prefer latency: {exc}") from None


def _fault(value: str) -> Fault:
    try:
        return parse_fault(value)
    except FaultSyntaxError as exc:
        raise PreferenceError(f"Prefer fault: {exc}") from None
