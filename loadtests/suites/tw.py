"""Locust suite for TW's per-key token buckets.

Usable as ``locust -f loadtests/suites/tw.py --host URL --plan starter`` or through
``understudy load --api tw --plan starter|pro``. One scripted user runs the phases
the verdict judges (``loadtests.verdicts.judge_token_bucket``):

1. wait until a possibly used bucket is full again (burst / rate seconds);
2. send twice the burst at once: exactly ``burst`` may succeed (plus what refills
   while the burst is in flight);
3. offer ``factor`` x the rate (or ``--offered-rate``) until a few seconds before the
   end of the run (at most 20 s): the accepted rate must match the plan's within 5%;
4. wait out the last 429's Retry-After, then request again: it must succeed.

The default 25 s run leaves the full 20 s to the sustained phase. ``--limit
COUNT/PERIOD+BURST`` (the contract's grammar, e.g. ``20/1s+10`` or ``4/1s+8``) checks
a scaled-down bucket; ``COUNT/PERIOD`` alone keeps the documented plan's ratio of
bucket to rate. The phases are scripted by one user, so they run on one worker in
distributed mode.
"""

from __future__ import annotations

import time
from typing import Any

import gevent
from gevent.pool import Pool
from locust import task
from locust.env import Environment
from locust.exception import StopUser
from locust.util.timespan import parse_timespan

from loadtests.harness import AuthorizedUser, install, limit_of, options_of
from loadtests.limits import Documented
from loadtests.observations import Observation
from loadtests.verdicts import Verdict, judge_token_bucket

DEMO_KEYS = {"starter": "tw_starter_demo", "pro": "tw_pro_demo", "enterprise": "tw_enterprise_demo"}
"""Plan -> the mock's demo key (used only against the local mock; ``--credentials KEY`` or
``--auth-header`` for a deployment)."""
MAX_SUSTAINED = 20.0


def run_seconds(environment: Environment) -> float:
    value: Any = options_of(environment).run_time
    if not value:
        return 25.0
    return float(value if isinstance(value, int | float) else parse_timespan(str(value)))


class BucketUser(AuthorizedUser):
    """The one user that scripts the phases (``fixed_count``: never more than one), on
    FastHttpUser with connections enough for a documented Pro burst in flight at once."""

    fixed_count = 1
    concurrency = 512
    last_retry = 1

    def wait_time(self) -> float:
        return 0.0

    def authorize(self, credentials: str) -> str:
        return f"Bearer {credentials}"

    def probe(self) -> int:
        """One request, recorded for the verdict; its status."""
        sent = time.time()
        with self.client.get(
            "/integrations",
            headers=self.authorization,
            name="GET integrations",
            catch_response=True,
        ) as response:
            self.record(sent, response)
            retry = response.headers.get("Retry-After")
            self.last_retry = int(retry) if retry and retry.isdigit() else self.last_retry
            return int(response.status_code)

    @task
    def phases(self) -> None:
        limit = limit_of(self.environment).bucket()
        options = options_of(self.environment)
        started = time.monotonic()
        gevent.sleep(limit.burst / limit.rate + 0.2)
        burst = Pool(2 * limit.burst)
        for _ in range(2 * limit.burst):
            burst.spawn(self.probe)
        burst.join()
        offered = options.offered_rate or options.factor * limit.rate
        remaining = run_seconds(self.environment) - (time.monotonic() - started)
        sustained = max(2.0, min(MAX_SUSTAINED, remaining - limit.retry_bound - 1.5))
        self.offer(offered, sustained)
        gevent.sleep(self.last_retry + 0.2)
        for _ in range(3):
            self.probe()
            gevent.sleep(1 / limit.rate)
        runner = self.environment.runner
        if runner is not None:
            gevent.spawn_later(0.1, runner.quit)
        raise StopUser()

    def offer(self, rate: float, seconds: float) -> None:
        """Requests at ``rate`` per second for ``seconds``, each on its own greenlet."""
        pool = Pool(256)
        begin = time.monotonic()
        sent = 0
        while (now := time.monotonic() - begin) < seconds:
            due = int(now * rate) + 1
            for _ in range(due - sent):
                pool.spawn(self.probe)
            sent = due
            gevent.sleep(min(0.005, 1 / rate))
        pool.join()


def judge(observations: list[Observation], limit: Documented, _: Environment) -> Verdict:
    return judge_token_bucket(observations, limit.bucket())


install("tw", judge, "TW token bucket", DEMO_KEYS)
