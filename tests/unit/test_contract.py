"""The contract package: the one loader, the rate-limit grammar and the limits each
spec declares under x-rate-limits."""

from __future__ import annotations

from pathlib import Path

import pytest

import contract
from contract import RateLimit, RateLimitSyntaxError, SpecError, parse_rate_limit
from contract.ratelimit import rate_limit_facts


def test_the_five_contracts_are_package_data():
    assert contract.names() == ["example", "teamworklive", "tw", "tweetworks", "wrgl"]
    for name in contract.names():
        assert contract.spec_path(name).parent == contract.SPEC_DIR
        assert contract.load(name)["openapi"].startswith("3.0.")


def test_load_returns_a_copy_the_caller_may_change():
    first = contract.load("wrgl")
    first["paths"].clear()
    assert contract.load("wrgl")["paths"]


def test_an_edited_file_is_read_afresh_and_an_unchanged_one_from_the_cache(tmp_path: Path):
    spec = tmp_path / "own.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: first}\n", encoding="utf-8")
    assert contract.load_file(spec)["info"]["title"] == "first"
    first = contract.load_file(spec)
    first["info"]["title"] = "changed by a caller"
    assert contract.load_file(spec)["info"]["title"] == "first"
    spec.write_text("openapi: 3.0.3\ninfo: {title: second one}\n", encoding="utf-8")
    assert contract.load_file(spec)["info"]["title"] == "second one"


def test_a_missing_file_is_a_spec_error(tmp_path: Path):
    with pytest.raises(SpecError, match=r"absent\.yaml: cannot read"):
        contract.load_file(tmp_path / "absent.yaml")


def test_an_unknown_api_names_the_known_ones():
    with pytest.raises(SpecError, match="unknown API 'nope'; known: example, teamworklive"):
        contract.spec_path("nope")


def test_a_spec_that_does_not_parse_names_file_and_line(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo:\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"broken\.yaml:\d+:\d+: not valid YAML"):
        contract.load_file(broken)


def test_a_document_that_is_not_openapi_is_refused(tmp_path: Path):
    other = tmp_path / "other.yaml"
    other.write_text("swagger: '2.0'\n", encoding="utf-8")
    with pytest.raises(SpecError, match="not an OpenAPI document"):
        contract.load_file(other)


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("60/1m", RateLimit(60, 60), "60/1m"),
        ("60/60s", RateLimit(60, 60), "60/1m"),
        ("6000/1h", RateLimit(6000, 3600), "6000/1h"),
        ("6000/3600", RateLimit(6000, 3600), "6000/1h"),
        ("10/1s+20", RateLimit(10, 1, 20), "10/1s+20"),
        ("20/5s", RateLimit(20, 5), "20/5s"),
        ("3/1.5s", RateLimit(3, 1.5), "3/1.5s"),
    ],
)
def test_the_grammar_and_its_canonical_form(text, expected, canonical):
    parsed = parse_rate_limit(text)
    assert parsed == expected
    assert str(parsed) == canonical
    assert parse_rate_limit(str(parsed)) == parsed


@pytest.mark.parametrize("text", ["", "60", "0/1m", "60/0s", "10/1d", "10/1s+0", "1/1s+x", "-1/1s"])
def test_the_grammar_refuses_nonsense_with_its_own_error(text):
    with pytest.raises(RateLimitSyntaxError, match="rate limit"):
        parse_rate_limit(text)


def test_each_documented_limit_is_read_from_its_spec():
    example = contract.limits("example")
    assert example is not None
    assert example.algorithm == "fixed-window"
    assert example.plan() == RateLimit(60, 60)
    assert example.plan("enterprise") == RateLimit(6000, 60)
    assert "X-RateLimit-Reset" in example.headers
    tw = contract.limits("tw")
    assert tw is not None
    assert tw.algorithm == "token-bucket"
    assert tw.plan("pro") == RateLimit(100, 1, 200)
    assert tw.plan("enterprise") is None
    teamworklive = contract.limits("teamworklive")
    assert teamworklive is not None
    assert (teamworklive.plan(), teamworklive.limited.status) == (RateLimit(6000, 3600), 503)
    assert contract.limits("wrgl") is None
    assert contract.limits("tweetworks") is None


def test_an_unknown_plan_is_refused():
    facts = contract.limits("example")
    assert facts is not None
    with pytest.raises(KeyError, match="unknown plan 'gold'"):
        facts.plan("gold")


@pytest.mark.parametrize(
    "extension",
    [
        {"plans": {"a": "many"}},
        {"plans": {"a": "1/1s"}, "algorithm": "leaky"},
        {"plans": {"a": "1/1s"}, "default-plan": "b"},
        {"plans": "1/1s"},
    ],
)
def test_a_malformed_extension_is_a_clear_error(extension):
    with pytest.raises(ValueError, match="x-rate-limits"):
        rate_limit_facts({"x-rate-limits": extension})
