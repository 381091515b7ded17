"""The latency and fault grammars, rule scopes and seeded rates (pure logic)."""

from __future__ import annotations

import random
import statistics

import pytest

from mockserver.core.faults import Fault, FaultSyntaxError, parse_fault
from mockserver.core.latency import (
    MAX_LATENCY_SECONDS,
    Latency,
    LatencySyntaxError,
    parse_latency,
)
from mockserver.core.operations import Operations
from mockserver.core.rules import RuleBook, RuleError, Scope, rule_from_json, rule_from_text

SPEC = {
    "paths": {
        "/items": {"get": {"operationId": "list_items"}},
        "/items/{id}": {"get": {"operationId": "get_item"}},
        "/items/search": {"get": {"operationId": "search_items"}},
    }
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250ms", Latency("fixed", 0.25)),
        ("1.5s", Latency("fixed", 1.5)),
        ("250", Latency("fixed", 0.25)),
        ("100-400ms", Latency("uniform", 0.1, 0.4)),
        ("uniform:0.1s-0.4s", Latency("uniform", 0.1, 0.4)),
        ("lognormal:200ms:0.5", Latency("lognormal", 0.2, sigma=0.5)),
    ],
)
def test_latency_grammar(text: str, expected: Latency) -> None:
    assert parse_latency(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "negative"),
        ("10h", "maximum of 60s"),
        ("61s", "maximum of 60s"),
        ("400-100ms", "backwards"),
        ("lognormal:200ms", "MEDIAN:SIGMA"),
        ("lognormal:200ms:9", "sigma"),
        ("soon", "not a duration"),
    ],
)
def test_bad_latencies_are_refused(text: str, message: str) -> None:
    with pytest.raises(LatencySyntaxError, match=message):
        parse_latency(text)


def test_lognormal_draws_have_the_median_and_stay_bounded() -> None:
    rng = random.Random(7)
    draws = [Latency("lognormal", 0.2, sigma=0.5).sample(rng) for _ in range(2000)]
    assert statistics.median(draws) == pytest.approx(0.2, rel=0.05)
    wide = [Latency("lognormal", 30.0, sigma=5.0).sample(rng) for _ in range(200)]
    assert max(wide) == MAX_LATENCY_SECONDS


def test_fault_grammar() -> None:
    assert parse_fault("reset") == Fault("reset")
    assert parse_fault("status:503") == Fault("status", 503)
    for bad in ("explode", "404", "5000", ""):
        with pytest.raises(FaultSyntaxError):
            parse_fault(bad)


def test_operations_route_literal_paths_before_templates() -> None:
    operations = Operations(SPEC)
    found = operations.find("GET", "/items/search")
    assert found is not None and found.operation_id == "search_items"
    by_id = operations.find("GET", "/items/42")
    assert by_id is not None and by_id.operation_id == "get_item"
    assert operations.find("POST", "/items") is None


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("250ms", Scope()),
        ("shop=250ms", Scope("shop")),
        ("shop.get_item=250ms@0.5", Scope("shop", operation="get_item")),
        ("shop:/items/{id}=250ms", Scope("shop", path="/items/{id}")),
    ],
)
def test_rule_text_scopes(text: str, scope: Scope) -> None:
    assert rule_from_text(text, "latency").scope == scope


def test_rule_scopes_are_checked_against_the_contract() -> None:
    book = RuleBook({"shop": Operations(SPEC)}, seed=1)
    book.add(rule_from_text("shop.get_item=reset", "fault"))
    for text in ("shop.nope=reset", "other=reset", "shop:/nowhere=reset"):
        with pytest.raises(RuleError):
            book.add(rule_from_text(text, "fault"))
    assert len(book.rules) == 1


def test_rates_are_seeded() -> None:
    def fired(seed: int) -> list[bool]:
        book = RuleBook({"shop": Operations(SPEC)}, seed=seed)
        book.add(rule_from_text("shop=reset@0.3", "fault"))
        return [book.pick("shop", None)[1] is not None for _ in range(100)]

    assert fired(5) == fired(5)
    assert fired(5) != fired(6)
    assert 15 <= sum(fired(5)) <= 45


@pytest.mark.parametrize(
    "body",
    [{}, {"latency": 5}, {"fault": "reset", "rate": 2}, {"fault": "reset", "api": 3}],
)
def test_bad_rule_json(body: object) -> None:
    with pytest.raises(RuleError):
        rule_from_json(body)
