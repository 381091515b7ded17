"""Locust's distributed mode carries every worker's observations to the master, which
alone judges: local worker processes (`--processes 2`), and a master with a worker
started as its own process (`--worker --master-host 127.0.0.1`, as on another host)."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from loadtests.exitcodes import ExitCode
from mockserver.core.ratelimit import RateLimit
from tests.support.gate import ROOT
from tests.support.load import finish, load, load_command, read_verdict, start
from tests.support.server import MockServer, free_port

pytestmark = pytest.mark.load

SCALED = {"example.free": RateLimit(10, 3)}
"""The Free plan scaled down to 10 per 3 s windows: several windows in a short run."""


def limited_mock(**settings):
    return MockServer(["example"], standalone=True, **settings)


def served(mock: MockServer) -> int:
    """How many GET /resources the server itself answered (its request journal)."""
    journal = httpx.get(f"{mock.origin}/__admin/requests?limit=1000", timeout=10).json()["requests"]
    assert len(journal) < mock.settings.journal_size, "the journal overflowed: count is unknown"
    return sum(1 for r in journal if r["method"] == "GET" and r["path"].endswith("/resources"))


def test_two_local_workers_hold_when_the_server_limits(tmp_path):
    with limited_mock(rate_limit_overrides=SCALED) as mock:
        result, verdict = load(
            "example", f"{mock.origin}/v1", "--limit", "10/3s", "--duration", "8",
            "--processes", "2", verdict=tmp_path / "v.json",
        )  # fmt: skip
        answered = served(mock)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["verdict"] == "LIMIT HOLDS"
    workers = verdict["workers"]
    assert len(workers) == 2 and all(w["observations"] > 0 and w["finished"] for w in workers)
    assert sum(w["observations"] for w in workers) == verdict["responses"] == answered
    assert verdict["limited"] > 0 and verdict["wrong"] == 0


def test_two_local_workers_find_a_server_without_the_limit(tmp_path):
    with limited_mock(rate_limits_enabled=False) as mock:
        result, verdict = load(
            "example", f"{mock.origin}/v1", "--limit", "10/3s", "--duration", "5",
            "--processes", "2", verdict=tmp_path / "v.json",
        )  # fmt: skip
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["verdict"] == "LIMIT VIOLATED"
    assert len(verdict["workers"]) == 2
    assert any("never answered 429" in reason for reason in verdict["reasons"])
    assert any("over the limit of 10" in reason for reason in verdict["reasons"])


def test_the_master_judges_what_a_separate_worker_process_observed(tmp_path):
    port = free_port()
    with limited_mock(rate_limit_overrides=SCALED) as mock:
        master = start(
            load_command(
                "example", "--url", f"{mock.origin}/v1", "--limit", "10/3s",
                "--duration", "7", "--master", "--expect-workers", "1",
                "--master-bind-port", str(port), "--json", str(tmp_path / "v.json"),
            )
        )  # fmt: skip
        worker = start(
            load_command(
                "example", "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)
            )
        )
        worker_code, worker_output = finish(worker)
        master_code, master_output = finish(master)
        answered = served(mock)
    verdict = read_verdict(tmp_path / "v.json")
    assert worker_code == 0, worker_output[-3000:]
    assert master_code == 0, master_output[-3000:]
    assert "LIMIT HOLDS" in master_output
    (only,) = verdict["workers"]
    assert only["name"] != "local" and only["finished"]
    assert only["observations"] == verdict["responses"] == answered > 20


def test_a_worker_joining_late_and_one_leaving_early_are_both_accounted_for(tmp_path):
    port = free_port()
    worker = load_command(
        "example", "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)
    )
    with limited_mock(rate_limit_overrides=SCALED) as mock:
        master = start(
            load_command(
                "example", "--url", f"{mock.origin}/v1", "--limit", "10/3s",
                "--duration", "25", "--master", "--expect-workers", "1",
                "--master-bind-port", str(port), "--json", str(tmp_path / "v.json"),
            )
        )  # fmt: skip
        leaving = start(worker)
        wait_for_requests(mock, 10)  # the run is under way with the first worker alone
        joining = start([*worker, "--", "--loglevel", "INFO"])
        wait_for_line(joining, "Starting Locust")
        wait_for_requests(mock, served(mock) + 15)  # both workers drive load now
        leaving.terminate()  # SIGTERM: it stops its users and sends its final batch
        _, leaving_output = finish(leaving)
        joining_code, joining_output = finish(joining)
        master_code, master_output = finish(master)
    assert joining_code == 0, joining_output[-3000:]
    verdict = read_verdict(tmp_path / "v.json")
    assert master_code in (0, 1), master_output[-3000:]
    workers = sorted(verdict["workers"], key=lambda w: w["joined"])
    assert len(workers) == 2, (verdict, leaving_output[-2000:], joining_output[-2000:])
    early, late = workers
    assert early["observations"] > 0 and late["observations"] > 0
    assert late["joined"] > early["joined"]
    assert early["finished"], "the worker that left early sent no final batch"
    assert early["observations"] + late["observations"] == verdict["responses"]


def wait_for_line(process, text: str) -> None:
    """Read a background CLI's output until a line containing ``text``."""
    assert process.stdout is not None
    for line in process.stdout:
        if text in line:
            return
    raise AssertionError(f"the process ended without printing {text!r}")


def wait_for_requests(mock: MockServer, count: int, timeout: float = 90) -> None:
    """Poll the server's journal until it has answered ``count`` GET /resources."""
    deadline = time.monotonic() + timeout
    while served(mock) < count:
        assert time.monotonic() < deadline, f"fewer than {count} requests reached the server"
        time.sleep(0.2)


IDLE_WORKER = '''
from locust import User, constant, task


class PlanUser(User):
    """Named like the suite's user, so the master's users spawn here, but never observes."""

    wait_time = constant(1)

    @task
    def nothing(self):
        pass
'''


def test_a_master_that_receives_no_observations_is_a_tool_failure(tmp_path):
    locustfile = tmp_path / "idle.py"
    locustfile.write_text(IDLE_WORKER)
    port = free_port()
    with limited_mock(rate_limit_overrides=SCALED) as mock:
        master = start(
            load_command(
                "example", "--url", f"{mock.origin}/v1", "--duration", "3", "--master",
                "--master-bind-port", str(port), "--json", str(tmp_path / "v.json"),
            )
        )  # fmt: skip
        idle = start(
            [sys.executable, "-m", "locust", "-f", str(locustfile), "--worker",
             "--master-port", str(port), "--loglevel", "ERROR"]
        )  # fmt: skip
        finish(idle)
        code, output = finish(master)
    assert code == ExitCode.TOOL_FAILURE, output[-3000:]
    verdict = read_verdict(tmp_path / "v.json")
    assert verdict["verdict"] == "TOOL FAILURE"
    assert "no observations from workers" in verdict["reasons"][0]
    assert "LIMIT VIOLATED" not in output


MESSAGE_API = """
import inspect
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner
from loadtests import harness
from loadtests.collect import Collector, Outbox
from loadtests.observations import Observation

# The listener call the harness relies on, in both directions (fails loudly if renamed).
for runner_class in (MasterRunner, WorkerRunner):
    source = inspect.getsource(runner_class.handle_message)
    assert "listener(environment=self.environment, msg=msg)" in source, runner_class
assert list(inspect.signature(MasterRunner.register_message).parameters)[:4] == [
    "self", "msg_type", "listener", "concurrent"]

# And a real dispatch through Locust's runner into the harness's collector.
collector, outbox = Collector(), Outbox()
outbox.pending.append(Observation(1.0, 1.1, 429, 10, 0, 3, 2))
runner = Environment().create_local_runner()
runner.register_message(
    harness.OBSERVATIONS, lambda environment, msg, **_: collector.receive(msg.node_id, msg.data)
)
runner.send_message(harness.OBSERVATIONS, outbox.take(final=True))
assert collector.observations == [Observation(1.0, 1.1, 429, 10, 0, 3, 2)], collector
assert collector.workers["local"].final
print("message API as expected")
"""


def test_locusts_custom_message_api_is_the_one_the_harness_uses():
    result = subprocess.run(
        [sys.executable, "-c", MESSAGE_API], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0 and "message API as expected" in result.stdout, (
        "Locust's custom-message API changed: loadtests/harness.py must follow it\n"
        + result.stderr[-3000:]
    )
