"""The report a person reads: in a real browser the verdict comes first, then the
windows and a chart; console, JSON, CSV and HTML show the same numbers."""

from __future__ import annotations

import csv
import re

import pytest

from mockserver.core.ratelimit import RateLimit
from tests.support.browser import browser_page
from tests.support.load import load
from tests.support.server import MockServer

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One scaled-down Example run writing every output."""
    out = tmp_path_factory.mktemp("report")
    with MockServer(
        ["example"], standalone=True, rate_limit_overrides={"example.free": RateLimit(10, 3)}
    ) as mock:
        result, verdict = load(
            "example", f"{mock.origin}/v1", "--limit", "10/3s", "--duration", "8",
            "--html", str(out / "report.html"), "--csv", str(out / "load"),
            verdict=out / "v.json",
        )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out, result.stdout, verdict


def test_console_json_and_csv_agree(run):
    out, console, verdict = run
    line = re.search(
        r"(\d+) responses: (\d+) accepted, (\d+) limited \(429, expected\), (\d+)", console
    )
    assert line, console
    assert [int(n) for n in line.groups()] == [
        verdict["responses"],
        verdict["accepted"],
        verdict["limited"],
        verdict["wrong"],
    ]
    with (out / "load_windows.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    total = rows[-1]
    assert total["window_start"] == "total"
    assert (int(total["accepted"]), int(total["limited"])) == (
        verdict["accepted"],
        verdict["limited"],
    )
    assert sum(int(r["accepted"]) for r in rows[:-1]) == verdict["accepted"]
    assert len(rows) - 1 == len(verdict["windows"])
    with (out / "load_seconds.csv").open() as handle:
        seconds = list(csv.DictReader(handle))
    assert sum(int(s["limited"]) for s in seconds) == verdict["limited"] > 0


def test_limited_answers_are_counted_as_expected_not_as_failures(run):
    _, _, verdict = run
    assert verdict["wrong"] == 0 and verdict["limited"] > 0
    saturated = [w for w in verdict["windows"] if w["limited"]]
    assert saturated and all(w["accepted"] == 10 for w in saturated[1:])
    assert all(w["retry_after"] and w["first_limited_after"] is not None for w in saturated)


def test_the_report_opens_with_the_verdict_then_windows_and_a_chart(run, tmp_path):
    out, _, verdict = run
    with browser_page() as page:
        page.goto((out / "report.html").as_uri())
        first = page.locator("body > *").first
        assert first.get_attribute("id") == "verdict"
        assert first.inner_text().startswith("LIMIT HOLDS")
        page.wait_for_selector("#chart .main-svg", timeout=15000)
        legend = page.locator("#chart .legendtext").all_text_contents()
        assert any(t.startswith("accepted") for t in legend)
        assert any(t.startswith("limited") for t in legend)
        assert any(t.startswith("documented limit") for t in legend)
        rows = page.locator("#windows tr").count()
        assert rows - 1 == len(verdict["windows"])
        totals = page.locator("#totals").inner_text()
        assert f"{verdict['accepted']} accepted" in totals
        assert f"{verdict['limited']} limited" in totals
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
