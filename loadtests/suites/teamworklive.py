"""Locust suite for TeamWork Live's limit: 6000 requests per user per clock hour, then
503 `Rate Limit Exceeded` with Retry-After.

Usable as ``locust -f loadtests/suites/teamworklive.py --host URL`` or through ``understudy
load --api teamworklive --url URL``. Every virtual user sends Basic credentials
(``--credentials EMAIL:KEY``, or ``--auth-header``; against the local mock: the demo
administrator) and reads
``/me.json``. Two modes:

- default: the run spans several windows (``--limit N/Ps`` scales the documented
  documented 6000/1h down for a server configured so); ``judge_fixed_window`` checks that each
  saturated window lets exactly N through, that the rest are 503 with a sane
  Retry-After, and that requests succeed again once Retry-After has passed;
- ``--one-window`` (after ``--`` on the ``understudy load`` command line): for the real
  hourly limit, where recovery may be an hour away. The run must start in a window the
  account has not used yet; within it, exactly N requests must succeed, then every
  answer is 503 with Retry-After pointing at the end of the clock-aligned window.
  Recovery is checked if the run lasts past Retry-After (``--duration``); otherwise the
  verdict says it was not observed (the default mode checks it with a scaled window).

Both modes also check that Retry-After ends exactly at the window's clock boundary
(the contract's "aligned to the clock hour"), within a few seconds of clock skew.
"""

from __future__ import annotations

import base64
import math
import time
from typing import Any

from locust import events, task
from locust.env import Environment

from loadtests.harness import PacedUser, install, limit_of, options_of
from loadtests.limits import Documented
from loadtests.observations import Observation
from loadtests.verdicts import FixedWindowLimit, Verdict, judge_fixed_window

DEMO_CREDENTIALS = {"standard": "demo@teamworklive.test:twl_demo_key"}
"""Plan -> the mock's demo administrator (used only against the local mock)."""
SKEW = 3.0
"""Seconds of clock difference tolerated between this machine and the server."""
ONE_WINDOW_SECONDS = 45.0
"""In one-window mode, offer the whole allowance within this many seconds by default."""


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument(
        "--one-window",
        action="store_true",
        default=False,
        help="check the allowance and the 503s within one window (for the real hourly limit)",
    )


def offered_rate(environment: Environment) -> float:
    """Requests per second, all users together."""
    options = options_of(environment)
    limit = limit_of(environment).limit
    if options.offered_rate:
        return float(options.offered_rate)
    if options.one_window:
        return limit.limit / min(ONE_WINDOW_SECONDS, limit.period / 2)
    return float(options.factor * limit.rate)


class AccountUser(PacedUser):
    """Reads ``/me.json`` with Basic credentials at its share of the offered rate."""

    def offered_rate(self) -> float:
        return offered_rate(self.environment)

    def authorize(self, credentials: str) -> str:
        return f"Basic {base64.b64encode(credentials.encode()).decode()}"

    @task
    def read_me(self) -> None:
        sent = time.time()
        with self.client.get(
            "/me.json", headers=self.authorization, name="GET /me.json", catch_response=True
        ) as response:
            self.record(sent, response)


# -- verdicts -----------------------------------------------------------------------------


def window_end(moment: float, spec: FixedWindowLimit) -> float:
    return (math.floor(moment / spec.period) + 1) * spec.period


def check_alignment(limited: list[Observation], spec: FixedWindowLimit, verdict: Verdict) -> None:
    """Retry-After runs to the end of the clock-aligned window the 503 fell in."""
    for observation in limited:
        if observation.retry_after is None:
            continue
        resumes = observation.received + observation.retry_after
        boundary = window_end(observation.received, spec)
        if abs(resumes - boundary) > SKEW + 1:
            verdict.fail(
                f"Retry-After {observation.retry_after}s points {resumes - boundary:+.0f}s "
                f"away from the end of the clock-aligned {spec.period:g}s window"
            )
            return


def judge_one_window(observations: list[Observation], spec: FixedWindowLimit) -> Verdict:
    """Exactly ``limit`` successes in the window the run started in, then only 503s with
    Retry-After until it ends; recovery if the run outlived Retry-After."""
    verdict = Verdict()
    ok = [o for o in observations if o.status == 200]
    limited = [o for o in observations if o.status == spec.limited_status]
    other = sorted({o.status for o in observations if o.status not in (200, spec.limited_status)})
    if other:
        verdict.fail(f"responses had unexpected statuses {other}")
    if not limited:
        verdict.fail(
            f"the server never answered {spec.limited_status} "
            f"(offered above {spec.limit} per window)"
        )
        return verdict
    first = min(limited, key=lambda o: o.sent)
    end = window_end(first.received, spec)
    start = end - spec.period
    before = [o for o in ok if o.sent < first.sent]
    if observations[0].sent < start + SKEW:
        verdict.fail(
            "the run crossed a window boundary before it was limited: no window was seen "
            "whole; run again (well inside one window)"
        )
    elif len(before) != spec.limit:
        verdict.fail(
            f"limited after {len(before)} successes in the window, documented limit is "
            f"{spec.limit} (if this account already spent part of the window, start on a "
            f"fresh one: reset the server or wait for the next window)"
        )
    else:
        verdict.facts.append(
            f"window ending {time.strftime('%H:%M:%S', time.gmtime(end))} UTC: "
            f"exactly {spec.limit} accepted, then {spec.limited_status}"
        )
    for observation in limited:
        if observation.retry_after is None:
            verdict.fail(f"a {spec.limited_status} has no (integer) Retry-After header")
            break
        if not 1 <= observation.retry_after <= math.ceil(spec.period):
            verdict.fail(f"Retry-After {observation.retry_after}s is outside [1, {spec.period:g}s]")
            break
    check_alignment(limited, spec, verdict)
    early = [o for o in ok if first.sent < o.sent and o.received < end - SKEW]
    if early:
        verdict.fail(
            f"{len(early)} requests succeeded after the first limited answer, "
            "before the window ended"
        )
    resumed = [o for o in observations if o.sent >= end + SKEW]
    if not resumed:
        verdict.facts.append(
            f"recovery not observed: the run ended before Retry-After ({first.retry_after}s) "
            f"passed; the default mode checks it with a scaled-down window, or run past it "
            f"with --duration"
        )
    elif resumed[0].status != 200:
        verdict.fail(f"after Retry-After passed the next request got {resumed[0].status}")
    else:
        verdict.facts.append(
            f"recovered: success {resumed[0].sent - first.received:.1f}s after "
            f"the first limited answer (Retry-After {first.retry_after}s)"
        )
    return verdict


def judge(observations: list[Observation], limit: Documented, environment: Environment) -> Verdict:
    spec = limit.fixed_window()
    if options_of(environment).one_window:
        return judge_one_window(observations, spec)
    verdict = judge_fixed_window(observations, spec)
    check_alignment([o for o in observations if o.status == spec.limited_status], spec, verdict)
    return verdict


install("teamworklive", judge, "TeamWork Live rate limit", DEMO_CREDENTIALS)
