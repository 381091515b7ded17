"""The standard rate-limit fields of draft-ietf-httpapi-ratelimit-headers (-08 on):
``RateLimit-Policy: "name";q=QUOTA;w=WINDOW`` and ``RateLimit: "name";r=REMAINING;t=RESET``
(Structured Field lists), read when a deployment sends them and checked against what
the run observed and what the contract documents."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loadtests.observations import Observation

_ITEM = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[A-Za-z*][\w:.*/-]*)\s*((?:;[^;]*)*)$')


@dataclass(frozen=True)
class Item:
    """One list member: its name and integer parameters (q, w, r, t, ...)."""

    name: str
    params: dict[str, int]


def parse_items(field: str) -> list[Item]:
    """A Structured Field list of named items with integer parameters; ValueError if not."""
    items = []
    for member in _split(field):
        match = _ITEM.match(member)
        if not match:
            raise ValueError(f"not a list item: {member.strip()!r}")
        name, raw = match.groups()
        params = {}
        for part in filter(None, (p.strip() for p in raw.split(";"))):
            key, _, value = part.partition("=")
            if value.strip().lstrip("-").isdigit():
                params[key.strip()] = int(value)
            elif key.strip() in ("q", "w", "r", "t"):
                raise ValueError(f"parameter {key.strip()} is not an integer: {part!r}")
        items.append(Item(name.strip('"'), params))
    return items


def remaining_of(state: str | None) -> int | None:
    """The first item's ``r`` of a ``RateLimit`` field (None when absent or unparsable):
    the Remaining a server sending only the IETF fields reports."""
    try:
        items = parse_items(state or "")
    except ValueError:
        return None
    return items[0].params.get("r") if items else None


def _split(field: str) -> list[str]:
    members, current, quoted = [], "", False
    for char in field:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            members.append(current)
            current = ""
        else:
            current += char
    return [m for m in [*members, current] if m.strip()]


def check(
    observations: Sequence[Observation], quota: int, window: float, limited_status: int
) -> tuple[list[str], list[str]]:
    """(failures, facts) for the IETF fields seen; nothing at all when none were sent.

    A policy must document ``quota`` per ``window`` (the checked limit); the remaining
    quota never exceeds the policy's, is 0 on every limited answer, and the reset lies
    within one window."""
    failures: list[str] = []
    seen = [o for o in observations if o.policy is not None or o.state is not None]
    if not seen:
        return failures, []
    policies: set[tuple[int | None, int | None]] = set()
    bad_syntax = 0
    for observation in seen:
        try:
            policy = parse_items(observation.policy or "")
            state = parse_items(observation.state or "")
        except ValueError as exc:
            bad_syntax += 1
            if bad_syntax == 1:
                failures.append(f"IETF RateLimit fields do not parse: {exc}")
            continue
        policies.update((p.params.get("q"), p.params.get("w")) for p in policy)
        _check_state(observation, policy, state, window, limited_status, failures)
    documented = (quota, round(window))
    if policies and documented not in policies:
        shown = ", ".join(f"q={q};w={w}" for q, w in sorted(policies, key=str))
        failures.append(f"RateLimit-Policy says {shown}, documented q={quota};w={round(window)}")
    fact = (
        f"IETF RateLimit fields on {len(seen)} of {len(observations)} answers "
        f"(policies {', '.join(f'q={q};w={w}' for q, w in sorted(policies, key=str)) or 'none'})"
    )
    return _unique(failures), [fact]


def _check_state(
    observation: Observation,
    policy: list[Item],
    state: list[Item],
    window: float,
    limited_status: int,
    failures: list[str],
) -> None:
    quotas = {p.name: p.params.get("q") for p in policy}
    for item in state:
        remaining, reset = item.params.get("r"), item.params.get("t")
        if remaining is None or reset is None:
            failures.append(f"RateLimit item {item.name!r} lacks r or t")
            continue
        quota = quotas.get(item.name)
        if quota is not None and remaining > quota:
            failures.append(f"RateLimit r={remaining} exceeds the policy's q={quota}")
        if not 0 <= reset <= window + 1:
            failures.append(f"RateLimit t={reset} is outside the {window:g}s window")
        if observation.status == limited_status and remaining != 0:
            failures.append(f"a limited answer says RateLimit r={remaining}, not 0")
        if 200 <= observation.status < 300 and remaining < 0:
            failures.append(f"an accepted answer says RateLimit r={remaining}")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
