"""The Example suite's request on Locust's HttpUser (requests), for bench/load_rate.py:
the same observation and verdict path as loadtests/suites/example.py, which runs on
FastHttpUser (geventhttpclient); this measures what that choice gains."""

from __future__ import annotations

import time

from locust import constant_throughput, task
from locust.env import Environment

from loadtests.harness import ObservingUser, install, offered_rate, options_of, users_total
from loadtests.limits import Documented
from loadtests.observations import Observation
from loadtests.verdicts import Verdict, judge_fixed_window


class HttpPlanUser(ObservingUser):
    def wait_time(self) -> float:
        rate = offered_rate(self.environment) / users_total(self.environment)
        return constant_throughput(rate)(self)  # type: ignore[no-any-return]

    @task
    def list_resources(self) -> None:
        headers = {"Authorization": options_of(self.environment).auth_header}
        sent = time.time()
        with self.client.get(
            "/resources?per_page=1", headers=headers, name="GET resources", catch_response=True
        ) as response:
            self.record(sent, response)


def judge(observations: list[Observation], limit: Documented, _: Environment) -> Verdict:
    return judge_fixed_window(observations, limit.fixed_window())


install("example", judge, "Example API (HttpUser)")
