"""The bench's parsing and bookkeeping: wrk's report, its request script, the notes on
answers unlike the mock's, the limits it raises and its command line."""

from __future__ import annotations

import math

import pytest

import contract
from bench.common import Load, lua_script, parse_wrk, wrk
from bench.compare import differences, raised_limits
from bench.run import arguments, comparison_table, failures

REPORT = """Running 2s test @ http://127.0.0.1:40123/v1/resources
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.50ms    3.21ms   1.20s    80.00%
    Req/Sec     2.50k   200.00     2.80k    70.00%
  Latency Distribution
     50%  850.00us
     75%   13.20ms
     90%   15.10ms
     99%    1.25s
  4972 requests in 2.00s, 1.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec:   2480.12
Transfer/sec:    614.40KB
"""


def test_a_wrk_report_gives_rate_quantiles_in_ms_and_every_failure() -> None:
    load = parse_wrk(REPORT)
    assert load.rps == pytest.approx(2480.12)
    assert load.p50 == pytest.approx(0.85)
    assert load.p99 == pytest.approx(1250.0)
    assert (load.requests, load.non_2xx, load.socket_errors) == (4972, 12, 5)
    assert load.failed == 17


def test_a_clean_report_has_no_failures() -> None:
    clean = "\n".join(
        line for line in REPORT.splitlines() if "Socket" not in line and "Non-2xx" not in line
    )
    load = parse_wrk(clean)
    assert (load.non_2xx, load.socket_errors, load.failed) == (0, 0, 0)


def test_a_report_without_the_latency_distribution_has_nan_quantiles() -> None:
    bare = "\n".join(line for line in REPORT.splitlines() if "%" not in line or "Stdev" in line)
    load = parse_wrk(bare)
    assert math.isnan(load.p50) and math.isnan(load.p99)
    assert load.rps == pytest.approx(2480.12)


def test_text_that_is_not_a_wrk_report_is_refused() -> None:
    with pytest.raises(ValueError, match="not a wrk report"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_the_request_script_escapes_headers_and_body_for_lua() -> None:
    script = lua_script("POST", {"Authorization": 'Bearer "x"'}, '{"name": "a\\\\b"}')
    assert 'wrk.method = "POST"' in script
    assert 'wrk.headers["Authorization"] = "Bearer \\"x\\""' in script
    assert 'wrk.body = "{\\"name\\": \\"a\\\\\\\\b\\"}"' in script
    assert "wrk.body" not in lua_script("GET", {}, None)


def test_wrk_drives_loopback_only() -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1 only"):
        wrk("http://example.com/", 1, 1, {})


def test_answers_unlike_the_mocks_are_noted() -> None:
    shapes = {
        "baseline": "200 application/json, 5,300 B",
        "mock": "200 application/json, 5,253 B",
        "prism": "200 application/json, 254 B",
    }
    notes = differences(shapes)
    assert notes == [
        "prism answers 200 application/json, 254 B (mock: 200 application/json, 5,253 B)"
    ]
    assert differences({**shapes, "prism": "206 text/csv, 5,000 B"})[0].startswith(
        "prism answers 206"
    )


def test_every_documented_plan_limit_is_raised_and_unlimited_plans_are_left_alone() -> None:
    for api in contract.names():
        facts = contract.limits(api)
        flags = raised_limits(api)
        limited = [] if facts is None else [p for p, v in facts.plans.items() if v is not None]
        assert flags[1::2] == [f"{api}.{plan}=1000000000/60s" for plan in limited]
        assert set(flags[::2]) <= {"--rate-limit"}
    facts = contract.limits("tw")
    assert facts is not None and facts.plans["enterprise"] is None
    assert not any("tw.enterprise" in flag for flag in raised_limits("tw"))


def test_failures_are_shown_loudly_in_the_table() -> None:
    ok = Load(100.0, 1.0, 2.0, 200, 0, 0)
    bad = Load(100.0, 1.0, 2.0, 200, 7, 1)
    assert failures({"mock": ok, "prism": None}) == "0"
    assert failures({"mock": bad, "prism": ok}) == "**mock 8**"


def test_an_empty_run_still_prints_the_table_head() -> None:
    assert comparison_table([]).startswith("| API | case | mock req/s |")


@pytest.mark.parametrize(
    "argv",
    [["--duration", "0"], ["--duration", "61"], ["--connections", "0"], ["--sizes", "1,x"],
     ["--sizes", "0"], ["--sizes", "20000000"], ["--duration", "1.5"], ["--tw-rows", "0"],
     ["--wrgl-rows", "100"]],
)  # fmt: skip
def test_a_bad_command_line_is_one_clear_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        arguments(argv)
    assert stopped.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_sizes_parse_to_integers() -> None:
    assert arguments(["--sizes", "1000,1000000"]).sizes == [1000, 1_000_000]


def test_a_run_with_no_answer_has_no_latency_rather_than_zero() -> None:
    silent = REPORT.replace("4972 requests in", "0 requests in")
    load = parse_wrk(silent)
    assert load.requests == 0
    assert math.isnan(load.p50) and math.isnan(load.p99)


def test_a_ratio_against_another_kind_of_answer_is_in_parentheses() -> None:
    from bench.compare import Case, Row

    fast, slow = Load(400.0, 1.0, 2.0, 800, 0, 0), Load(200.0, 1.0, 2.0, 400, 0, 0)
    answers = {"mock": "200 application/xml, 3,900 B", "prism": "200 application/json, 267 B"}
    row = Row(Case("teamworklive", "list", "/projects.xml"), {"mock": fast, "prism": slow}, [])
    alike = comparison_table([row])
    row.answers = answers
    unlike = comparison_table([row])
    assert "| 2.00x |" in alike and "(2.00x)" not in alike
    assert "| (2.00x) |" in unlike


def test_the_scaling_verdict_says_whether_latency_grows_with_the_store() -> None:
    from bench.run import growth_lines
    from bench.scaling import SizeRow

    def at(p50: float) -> Load:
        return Load(100.0, p50, p50 * 2, 200, 0, 0)

    rows = [
        SizeRow(1_000, 50, {"GET item": at(5.0), "GET list page 1": at(5.0)}),
        SizeRow(1_000_000, 50_000, {"GET item": at(6.0), "GET list page 1": at(900.0)}),
    ]
    item, listing = growth_lines(rows)
    assert item.startswith("- GET item: p50 x1.2") and item.endswith("flat")
    assert "x180.0" in listing and "GROWS" in listing
    assert growth_lines(rows[:1]) == []
