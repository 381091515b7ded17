"""The gate's option checks and its target as a value (pure logic, no request)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conformance.apis import PROFILES, profile
from conformance.errors import UsageError
from conformance.options import GateOptions, check_options, check_url
from conformance.target import Target, plans_in_force
from contract import RateLimit


@pytest.mark.parametrize(
    ("api", "url"),
    [
        ("example", "http://127.0.0.1:8000/v1"),
        ("example", "https://staging.example.com/example/v1/"),
        ("wrgl", "http://127.0.0.1:8000"),
        ("wrgl", "http://127.0.0.1:8000/wrgl"),
        ("teamworklive", "http://127.0.0.1:8000/teamworklive"),
    ],
)
def test_base_urls_are_accepted(api, url):
    check_url(PROFILES[api], url)


@pytest.mark.parametrize(
    ("api", "url", "message"),
    [
        ("example", "127.0.0.1:8000/v1", "no http:// or https:// scheme"),
        ("example", "http://127.0.0.1:8000/v2", "is not example's base path '/v1'"),
        ("wrgl", "http://127.0.0.1:8000/repos", "the operation /repos"),
        ("teamworklive", "http://h/companies.json", "the operation /companies.{format}"),
        ("example", "http://h:x/v1", "invalid port"),
    ],
)
def test_urls_that_are_not_base_urls_are_refused(api, url, message):
    with pytest.raises(UsageError, match=message.replace("{", r"\{").replace(".", r"\.")):
        check_url(PROFILES[api], url)


def test_every_check_runs_before_any_request():
    profile = PROFILES["example"]
    with pytest.raises(UsageError, match="unknown phase 'exampels'"):
        check_options(profile, GateOptions("example", "http://h/v1", phases=("exampels",)))
    with pytest.raises(UsageError, match="unknown plan 'gold'"):
        check_options(profile, GateOptions("example", "http://h/v1", plan="gold"))


def test_the_plans_in_force_come_from_the_contract_or_the_flags():
    everything = plans_in_force(profile("example"), GateOptions("example", "http://h/v1"))
    assert set(everything) == {"free", "pro", "enterprise"}
    one = plans_in_force(profile("example"), GateOptions("example", "http://h/v1", plan="pro"))
    assert list(one) == ["pro"]
    lowered = GateOptions("example", "http://h/v1", rate_limit=RateLimit(5, 10))
    assert plans_in_force(profile("example"), lowered) == {"--limit": RateLimit(5, 10)}
    assert plans_in_force(profile("wrgl"), GateOptions("wrgl", "http://h")) == {}


def test_the_target_reaches_the_hooks_unchanged():
    target = Target(
        api="tw",
        url="http://h/v1/",
        is_local_mock=False,
        headers={"Authorization": "Bearer k"},
        credentials=("a", "b"),
        api_key=None,
        second_credentials=("c", "d"),
        rate_limits={"starter": RateLimit(10, 1, 20), "enterprise": None},
    )
    env = {"UNDERSTUDY_CONFORM_TARGET": target.to_env()}
    assert Target.from_env(env) == target
    assert Target.from_env({}) is None


def test_a_spec_that_does_not_parse_is_a_usage_error_naming_file_and_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\npaths:\n  /x: [unclosed\n", encoding="utf-8")
    profile = replace(PROFILES["wrgl"], spec_file=str(broken))
    with pytest.raises(UsageError, match=rf"{broken}:\d+:\d+: not valid YAML"):
        check_options(profile, GateOptions("wrgl", "http://h"))
