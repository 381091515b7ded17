"""Locust suite for the Example API's per-plan minute limits (fixed windows).

Usable as ``locust -f loadtests/suites/example.py --host URL --plan free`` or through
``understudy load --api example``. Every virtual user logs in as ``--credentials``
(against the local mock: the plan's demo account) and lists resources at its share of
the offered rate; the verdict checks that each fixed window lets exactly the documented
number through, that the rest are 429 with Retry-After, that Remaining counts down and
Reset is consistent, and that requests succeed again after the reset.
"""

from __future__ import annotations

import time

from locust import task
from locust.env import Environment

from loadtests.harness import PacedUser, install
from loadtests.limits import Documented
from loadtests.observations import Observation
from loadtests.verdicts import Verdict, judge_fixed_window

DEMO_CREDENTIALS = {
    "free": "demo@example.com:demo-password",
    "pro": "pro@example.com:demo-password",
    "enterprise": "enterprise@example.com:demo-password",
}
"""Plan -> the mock's demo account (used only against the local mock)."""


class PlanUser(PacedUser):
    """Logs in once, then lists resources at its share of the offered rate (on
    FastHttpUser: about 2.4 times the requests per second of HttpUser, bench/load_rate.py)."""

    def authorize(self, credentials: str) -> str:
        email, _, password = credentials.partition(":")
        response = self.client.post(
            "/auth/login", json={"email": email, "password": password}, name="login"
        )
        response.raise_for_status()
        return f"Bearer {response.json()['access_token']}"

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


install("example", judge, "Example API rate limit", DEMO_CREDENTIALS)
