"""Locust suite for the Example API's per-plan minute limits (fixed windows).

Usable as ``locust -f loadtests/suites/example.py --host URL --plan free`` or through
``understudy load --api example``. Every virtual user logs in as the plan's demo
account (or ``--credentials``) and lists resources at its share of the offered rate;
the verdict checks that each fixed window lets exactly the documented number through,
that the rest are 429 with Retry-After, that Remaining counts down and Reset is
consistent, and that requests succeed again after the reset.
"""

from __future__ import annotations

import time

from locust import constant_throughput, task
from locust.env import Environment

from loadtests.harness import FastObservingUser, install, offered_rate, options_of, users_total
from loadtests.limits import Documented
from loadtests.observations import Observation
from loadtests.verdicts import Verdict, judge_fixed_window

DEMO_ACCOUNTS = {
    "free": "demo@example.com",
    "pro": "pro@example.com",
    "enterprise": "enterprise@example.com",
}
"""The mock's demo accounts (defaults only: give ``--credentials`` for a deployment)."""
DEMO_PASSWORD = "demo-password"


class PlanUser(FastObservingUser):
    """Logs in once, then lists resources at its share of the offered rate (on
    FastHttpUser: about 2.4 times the requests per second of HttpUser, bench/load_rate.py)."""

    authorization: dict[str, str] = {}

    def wait_time(self) -> float:
        rate = offered_rate(self.environment) / users_total(self.environment)
        return constant_throughput(rate)(self)  # type: ignore[no-any-return]

    def on_start(self) -> None:
        options = options_of(self.environment)
        if options.auth_header:
            self.authorization = {"Authorization": options.auth_header}
            return
        plan = options.plan or "free"
        email, _, password = (
            options.credentials or f"{DEMO_ACCOUNTS.get(plan, plan)}:{DEMO_PASSWORD}"
        ).partition(":")
        response = self.client.post(
            "/auth/login", json={"email": email, "password": password}, name="login"
        )
        response.raise_for_status()
        self.authorization = {"Authorization": f"Bearer {response.json()['access_token']}"}

    @task
    def list_resources(self) -> None:
        sent = time.time()
        with self.client.get(
            "/resources?per_page=1",
            headers=self.authorization,
            name="GET resources",
            catch_response=True,
        ) as response:
            self.record(sent, response)


def judge(observations: list[Observation], limit: Documented, _: Environment) -> Verdict:
    return judge_fixed_window(observations, limit.fixed_window())


install("example", judge, "Example API rate limit")
