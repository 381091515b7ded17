"""Locust suite for the Example API's per-plan minute limits.

Usable as ``locust -f loadtests/example.py --host URL --plan free`` or through
``understudy load --api example``. Every virtual user logs in as the plan's demo
account (or ``--credentials``) and lists resources; the verdict checks that each
fixed window lets exactly the documented number through, that the rest are 429
with Retry-After, that Remaining counts down and Reset is consistent, and that
requests succeed again after the reset.
"""

from __future__ import annotations

import time

from locust import constant_throughput, task
from locust.env import Environment

from loadtests.harness import ObservingUser, install, options_of
from loadtests.observations import Observation
from loadtests.verdicts import FixedWindowLimit, Verdict, judge_fixed_window

PLANS = {"free": (60, 60.0), "pro": (600, 60.0), "enterprise": (6000, 60.0)}
DEMO_ACCOUNTS = {
    "free": "demo@example.com",
    "pro": "pro@example.com",
    "enterprise": "enterprise@example.com",
}
DEMO_PASSWORD = "demo-password"


def documented_limit(environment: Environment) -> FixedWindowLimit:
    options = options_of(environment)
    if options.limit:
        count, _, period = options.limit.partition("/")
        return FixedWindowLimit(int(count), float(period.rstrip("s")))
    limit, period = PLANS[options.plan or "free"]
    return FixedWindowLimit(limit, period)


class PlanUser(ObservingUser):
    header_names = {
        "limit": "X-RateLimit-Limit",
        "remaining": "X-RateLimit-Remaining",
        "reset": "X-RateLimit-Reset",
    }

    def wait_time(self) -> float:
        options = options_of(self.environment)
        limit = documented_limit(self.environment)
        offered = options.offered_rate or options.factor * limit.limit / limit.period
        users = max(1, self.environment.runner.user_count if self.environment.runner else 1)
        return constant_throughput(offered / users)(self)  # type: ignore[no-any-return]

    def on_start(self) -> None:
        options = options_of(self.environment)
        if options.auth_header:
            self.client.headers["Authorization"] = options.auth_header
            return
        plan = options.plan or "free"
        email, _, password = (
            options.credentials or f"{DEMO_ACCOUNTS[plan]}:{DEMO_PASSWORD}"
        ).partition(":")
        response = self.client.post(
            "/auth/login", json={"email": email, "password": password}, name="login"
        )
        response.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    @task
    def list_resources(self) -> None:
        sent = time.time()
        with self.client.get(
            "/resources", params={"per_page": 1}, name="GET resources", catch_response=True
        ) as response:
            self.record(sent, response.status_code, response.headers)
            if response.status_code in (200, 429):
                response.success()
            else:
                response.failure(f"unexpected status {response.status_code}")


def judge(observations: list[Observation], environment: Environment) -> Verdict:
    return judge_fixed_window(observations, documented_limit(environment))


install(judge, "Example API rate limit")
