"""contract.patterns reads every spec pattern as ECMA-262 does: checked against
jsonschema-rs (a Rust regex engine, which is what the gate's Schemathesis uses to check
responses) on inputs where Python's `re` differs."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest

import contract
from contract.patterns import matches, translate

EDGES = [
    "x",
    "x\n",
    "cb\n",
    "ab\r",
    "\u0663",
    "\u00e9",
    "a b",
    "a\u00a0b",
    "\ufeff",
    "\x1c",
    "2024-01-01",
    "2024-01-01\n",
    "",
    "abc_DEF-1",
    "user@example.com",
    "#general",
]


def spec_patterns() -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in contract.names():
        walk(contract.load(name))
    return found


@pytest.mark.parametrize("pattern", sorted(spec_patterns()))
def test_every_spec_pattern_agrees_with_an_ecma_engine(pattern):
    reference = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    for text in EDGES:
        assert matches(pattern, text) is reference.is_valid(text), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("^[a-z]+$", "abc\n", False),
        ("^[a-z]+$", "abc", True),
        (r"^\d+$", "\u0663", False),
        (r"^\w+$", "\u00e9", False),
        ("^a.b$", "a\rb", False),
        (r"^[\s]$", "\ufeff", True),
        (r"^\s$", "\x1c", False),
        ("^[^]$", "\n", True),
        ("^[]$", "", False),
        ("^(?<word>[a-z]+)$", "abc", True),
        (r"^a\/b$", "a/b", True),
    ],
)
def test_ecma_semantics_where_python_differs(pattern, text, expected):
    assert matches(pattern, text) is expected, translate(pattern)
