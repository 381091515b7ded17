"""Latency and fault rules: what to do, to which requests, how often.

A rule's scope is everything, one API, one operation (``API.OPERATION_ID``) or one path
template (``API:/path/{template}``); its rate is the probability (0..1) that it fires on
a matching request, drawn from a generator seeded with the mock's seed, so the same
sequence of requests meets the same sequence of faults.

Text form (``--latency`` / ``--fault``): ``[SCOPE=]VALUE[@RATE]``, e.g. ``250ms``,
``example=100-400ms``, ``example.list_resources=lognormal:200ms:0.5``,
``tw=reset@0.1``, ``teamworklive:/projects.{format}=503@0.5``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.core.faults import Fault, FaultSyntaxError, parse_fault
from mockserver.core.latency import Latency, LatencySyntaxError, parse_latency
from mockserver.core.operations import Operation, Operations

MAX_RULES = 1000
TEXT_GRAMMAR = "[SCOPE=]VALUE[@RATE], SCOPE = API | API.OPERATION_ID | API:/path/template"


class RuleError(ValueError):
    """A rule that cannot be applied: bad syntax, unknown scope, rate outside 0..1."""


@dataclass(frozen=True)
class Scope:
    """Which requests a rule applies to; None fields match anything."""

    api: str | None = None
    operation: str | None = None
    path: str | None = None

    def matches(self, api: str, operation: Operation | None) -> bool:
        if self.api is not None and self.api != api:
            return False
        if self.operation is not None and (
            operation is None or operation.operation_id != self.operation
        ):
            return False
        return self.path is None or (operation is not None and operation.template == self.path)

    @property
    def needs_operation(self) -> bool:
        return self.operation is not None or self.path is not None

    def __str__(self) -> str:
        if self.api is None:
            return "*"
        if self.operation is not None:
            return f"{self.api}.{self.operation}"
        if self.path is not None:
            return f"{self.api}:{self.path}"
        return self.api


@dataclass(frozen=True)
class Rule:
    """A latency or a fault, its scope and its rate."""

    id: int
    scope: Scope
    latency: Latency | None = None
    fault: Fault | None = None
    rate: float = 1.0

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "api": self.scope.api,
            "operation": self.scope.operation,
            "path": self.scope.path,
            "rate": self.rate,
        }
        if self.latency is not None:
            data["latency"] = self.latency.as_json()
        if self.fault is not None:
            data["fault"] = self.fault.as_json()
        return data


class RuleBook:
    """The rules in force, checked against the APIs being served."""

    def __init__(self, operations: Mapping[str, Operations], seed: int) -> None:
        self.operations = operations
        self.rules: list[Rule] = []
        self.seed = seed
        self.random = random.Random(seed)
        self._next_id = 1

    def check_room(self, count: int) -> None:
        if len(self.rules) + count > MAX_RULES:
            raise RuleError(f"at most {MAX_RULES} rules are kept")

    def add(self, rule: Rule) -> Rule:
        self.check_room(1)
        self.check_scope(rule.scope)
        stored = Rule(self._next_id, rule.scope, rule.latency, rule.fault, rule.rate)
        self._next_id += 1
        self.rules.append(stored)
        return stored

    def remove(self, rule_id: int) -> bool:
        before = len(self.rules)
        self.rules = [rule for rule in self.rules if rule.id != rule_id]
        return len(self.rules) != before

    def clear(self) -> None:
        self.rules = []
        self.random = random.Random(self.seed)

    def check_scope(self, scope: Scope) -> None:
        if scope.api is None:
            if scope.needs_operation:
                raise RuleError("an operation or path scope needs an API")
            return
        operations = self.operations.get(scope.api)
        if operations is None:
            raise RuleError(f"unknown api {scope.api!r}; served: {', '.join(self.operations)}")
        if scope.operation is not None and scope.operation not in operations.by_id:
            raise RuleError(f"unknown operationId {scope.operation!r} in api {scope.api!r}")
        if scope.path is not None and scope.path not in operations.templates:
            raise RuleError(f"unknown path template {scope.path!r} in api {scope.api!r}")

    def needs_operation(self, api: str) -> bool:
        return any(r.scope.needs_operation and r.scope.api == api for r in self.rules)

    def pick(self, api: str, operation: Operation | None) -> tuple[Latency | None, Fault | None]:
        """The latency and the fault (first firing rule of each) for one request."""
        latency: Latency | None = None
        fault: Fault | None = None
        for rule in self.rules:
            if not rule.scope.matches(api, operation):
                continue
            if rule.latency is not None and latency is None and self._fires(rule.rate):
                latency = rule.latency
            if rule.fault is not None and fault is None and self._fires(rule.rate):
                fault = rule.fault
        return latency, fault

    def _fires(self, rate: float) -> bool:
        return rate >= 1.0 or self.random.random() < rate


def parse_rate(value: Any) -> float:
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise RuleError(f"rate must be a number from 0 to 1, got {str(value)[:40]!r}") from None
    if not 0.0 <= rate <= 1.0:
        raise RuleError(f"rate must be from 0 to 1, got {rate:g}")
    return rate


def parse_scope(text: str) -> Scope:
    text = text.strip()
    if text in ("", "*"):
        return Scope()
    if ":" in text:
        api, _, path = text.partition(":")
        return Scope(api=api, path=path)
    if "." in text:
        api, _, operation = text.partition(".")
        return Scope(api=api, operation=operation)
    return Scope(api=text)


def rule_from_text(text: str, kind: str) -> Rule:
    """A rule from ``[SCOPE=]VALUE[@RATE]``; ``kind`` is ``latency`` or ``fault``."""
    scope_text, _, rest = text.rpartition("=") if "=" in text else ("", "", text)
    value, _, rate_text = rest.partition("@")
    rate = parse_rate(rate_text) if rate_text else 1.0
    return _rule(parse_scope(scope_text), kind, value, rate)


def rule_from_json(body: Any) -> Rule:
    """A rule from the admin API's JSON: ``{"latency" | "fault": TEXT, "api", "operation",
    "path", "rate"}``."""
    if not isinstance(body, Mapping):
        raise RuleError("a rule is a JSON object")
    known = {"latency", "fault", "api", "operation", "path", "rate"}
    unknown = sorted(set(body) - known)
    if unknown:
        raise RuleError(f"unknown rule field(s): {', '.join(map(str, unknown))}")
    kinds = [k for k in ("latency", "fault") if k in body]
    if len(kinds) != 1:
        raise RuleError('a rule has exactly one of "latency" or "fault"')
    for name in ("api", "operation", "path"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise RuleError(f'"{name}" must be a string')
    scope = Scope(body.get("api"), body.get("operation"), body.get("path"))
    if scope.operation is not None and scope.path is not None:
        raise RuleError('give "operation" or "path", not both')
    value = body[kinds[0]]
    if not isinstance(value, str):
        raise RuleError(f'"{kinds[0]}" must be a string such as "250ms" or "reset"')
    return _rule(scope, kinds[0], value, parse_rate(body.get("rate", 1.0)))


def _rule(scope: Scope, kind: str, value: str, rate: float) -> Rule:
    try:
        if kind == "latency":
            return Rule(0, scope, latency=parse_latency(value), rate=rate)
        return Rule(0, scope, fault=parse_fault(value), rate=rate)
    except (LatencySyntaxError, FaultSyntaxError) as exc:
        raise RuleError(str(exc)) from None
