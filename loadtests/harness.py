"""What every rate-limit locustfile shares: its options, observation collection (one
process, or Locust's master/worker mode), and the verdict and reports, decided on the
master (or the one local process) when Locust quits.

Distributed runs use Locust's custom messages (``runner.register_message``; the
listener is called as ``listener(environment=..., msg=...)``): each worker ships its
observations every second and a final batch once its users stopped; the master asks
every connected worker for that final batch before it judges, and waits for it.
A suite module calls :func:`install` once (with its demo credentials) and defines
users deriving from :class:`PacedUser` or :class:`AuthorizedUser`.

The demo credentials are used only against the local Understudy mock
(``loadtests.target``); elsewhere a run without ``--credentials`` or ``--auth-header``
stops at start with one line, exit 2.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import gevent
from locust import FastHttpUser, HttpUser, constant_throughput, events
from locust.env import Environment
from locust.runners import STATE_INIT, MasterRunner, WorkerRunner

from loadtests import ietf
from loadtests.collect import Collector, Outbox
from loadtests.limits import Documented, LimitError, documented
from loadtests.observations import Observation, header_roles, observe
from loadtests.report.progress import Progress
from loadtests.report.summary import Summary, summarize
from loadtests.report.writers import write_reports
from loadtests.target import demo_refusal
from loadtests.verdicts import Verdict

OBSERVATIONS = "understudy_observations"
"""Worker -> master: ``{"observations": [...], "total": N, "final": bool}``."""
FINISH = "understudy_finish"
"""Master -> workers: stop your users and send your final batch."""
FLUSH_SECONDS = 1.0
FINAL_GRACE = 15.0
"""Seconds beyond the stop timeout the master waits for every worker's final batch."""

Judge = Callable[[list[Observation], Documented, Environment], Verdict]


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    group = parser.add_argument_group("understudy")
    group.add_argument("--plan", default="", help="the plan whose documented limit is checked")
    group.add_argument(
        "--limit", default="", help="check this limit instead of the documented one, e.g. 20/5s"
    )
    group.add_argument("--credentials", default="", help="USER:PASSWORD for the plan's account")
    group.add_argument("--auth-header", default="", help="a full Authorization header value")
    group.add_argument(
        "--offered-rate",
        type=float,
        default=0.0,
        help="total requests per second to offer (0: factor x documented rate)",
    )
    group.add_argument(
        "--factor", type=float, default=3.0, help="offer this multiple of the documented rate"
    )
    group.add_argument(
        "--users-total", type=int, default=0, help="users over all workers (divides the rate)"
    )
    group.add_argument("--report-json", default="", help="write the verdict as JSON here")
    group.add_argument("--report-html", default="", help="write Understudy's HTML report here")
    group.add_argument("--report-csv", default="", help="write per-window/second CSVs (prefix)")
    group.add_argument(
        "--worker-wait",
        type=float,
        default=0.0,
        help="master: seconds to wait for --expect-workers before a tool failure",
    )
    group.add_argument(
        "--progress", action="store_true", default=False, help="print progress on stderr"
    )


def options_of(environment: Environment) -> Any:
    """The parsed command line (always set when Locust runs a locustfile)."""
    if environment.parsed_options is None:
        raise RuntimeError("this locustfile must be run by Locust")
    return environment.parsed_options


@dataclass
class Run:
    """This process's part of the run (module state: one per Locust process)."""

    api: str = ""
    title: str = ""
    gave_up_on_workers: bool = False
    collector: Collector = field(default_factory=Collector)
    outbox: Outbox = field(default_factory=Outbox)
    final_sent: bool = False
    judged: bool = False
    started: float | None = None
    documented_limit: Documented | None = None
    demo_credentials: dict[str, str] = field(default_factory=dict)
    """Plan -> the local mock's demo credentials, in ``--credentials`` form."""


RUN = Run()


def limit_of(environment: Environment) -> Documented:
    """The limit this run checks (read once from the contract and the options)."""
    if RUN.documented_limit is None:
        options = options_of(environment)
        RUN.documented_limit = documented(RUN.api, options.plan, options.limit)
    return RUN.documented_limit


def offered_rate(environment: Environment) -> float:
    """Requests per second over all users and workers."""
    options = options_of(environment)
    limit = limit_of(environment).limit
    return float(options.offered_rate or options.factor * limit.rate)


def users_total(environment: Environment) -> int:
    options = options_of(environment)
    return max(1, options.users_total or options.num_users or 1)


class Observing:
    """Records every response for the verdict (mixed into an HttpUser or FastHttpUser)."""

    environment: Environment

    def record(self, sent: float, response: Any) -> None:
        """Record a response opened with ``catch_response=True``, and mark it in Locust's
        own statistics: accepted and limited answers as successes, others as failures."""
        limit = limit_of(self.environment)
        roles = header_roles((*limit.facts.limited.headers, *limit.facts.headers))
        observation = observe(sent, time.time(), response.status_code, response.headers, roles)
        if observation.remaining is None and observation.state is not None:
            observation = replace(observation, remaining=ietf.remaining_of(observation.state))
        if isinstance(self.environment.runner, WorkerRunner):
            RUN.outbox.pending.append(observation)
        else:
            RUN.collector.add_local(observation)
        if 200 <= observation.status < 300 or observation.status == limit.limited_status:
            response.success()
        else:
            response.failure(f"unexpected status {observation.status}")


class ObservingUser(Observing, HttpUser):
    """An HttpUser (requests) that records every response for the verdict."""

    abstract = True


class FastObservingUser(Observing, FastHttpUser):
    """The same on Locust's FastHttpUser (geventhttpclient): several times the requests
    per second of one process, for plans whose limits need more load."""

    abstract = True


class AuthorizedUser(FastObservingUser):
    """Sends one Authorization header, set on start: ``--auth-header`` as given, else
    :meth:`authorize` of ``--credentials`` or (the local mock only, checked at start) the
    plan's demo credentials."""

    abstract = True
    authorization: dict[str, str] = {}

    def on_start(self) -> None:
        options = options_of(self.environment)
        header = options.auth_header or self.authorize(
            options.credentials or RUN.demo_credentials[limit_of(self.environment).plan]
        )
        self.authorization = {"Authorization": header}

    def authorize(self, credentials: str) -> str:
        """The Authorization header value for ``credentials`` (``--credentials``' form)."""
        raise NotImplementedError


class PacedUser(AuthorizedUser):
    """An :class:`AuthorizedUser` that sends at its share of the offered rate."""

    abstract = True

    def offered_rate(self) -> float:
        """Requests per second over all users (override for another pacing)."""
        return offered_rate(self.environment)

    def wait_time(self) -> float:
        rate = self.offered_rate() / users_total(self.environment)
        return constant_throughput(rate)(self)  # type: ignore[no-any-return]


def _send(runner: WorkerRunner, final: bool) -> None:
    if RUN.final_sent:
        return
    RUN.final_sent = final
    runner.send_message(OBSERVATIONS, RUN.outbox.take(final))


def _flush_every_second(runner: WorkerRunner) -> None:
    while not RUN.final_sent:
        gevent.sleep(FLUSH_SECONDS)
        if RUN.outbox.pending:
            _send(runner, final=False)


def _install_worker(runner: WorkerRunner) -> None:
    def finish(environment: Environment, msg: Any, **_: Any) -> None:
        runner.stop()
        _send(runner, final=True)

    runner.register_message(FINISH, finish, concurrent=True)
    gevent.spawn(_flush_every_second, runner)


def _install_master(environment: Environment, runner: MasterRunner) -> None:
    def receive(environment: Environment, msg: Any, **_: Any) -> None:
        RUN.collector.receive(str(msg.node_id), msg.data)

    runner.register_message(OBSERVATIONS, receive)
    environment.events.worker_connect.add_listener(
        lambda client_id, **_: RUN.collector.joined(str(client_id))
    )
    options = options_of(environment)
    if options.worker_wait > 0:
        gevent.spawn(_watch_for_workers, environment, runner, float(options.worker_wait))


def _watch_for_workers(environment: Environment, runner: MasterRunner, wait: float) -> None:
    """Before Locust gives up on --expect-workers, record why as a tool failure."""
    gevent.sleep(max(0.1, wait - 0.5))
    if runner.state == STATE_INIT:
        options = options_of(environment)
        joined = len(runner.clients.ready)
        reason = (
            f"no worker joined within {wait:g}s: {joined} of {options.expect_workers} "
            f"expected workers connected (start each with `understudy load --api {RUN.api} "
            f"--worker --master-host THIS_HOST`)"
        )
        RUN.gave_up_on_workers = True
        _finish(environment, RUN.title, reason)


def _collect_final_batches(environment: Environment) -> None:
    """Master: ask every worker for its last observations, and wait for them."""
    runner = environment.runner
    if not isinstance(runner, MasterRunner):
        return
    connected = {str(c.id) for c in runner.clients.all}
    if not connected:
        return
    runner.send_message(FINISH)
    deadline = time.monotonic() + (environment.stop_timeout or 0) + FINAL_GRACE
    while time.monotonic() < deadline:
        still = {str(c.id) for c in runner.clients.all} & connected
        if not RUN.collector.awaiting(still):
            return
        gevent.sleep(0.05)


def _progress(environment: Environment, title: str) -> None:
    """On a TTY: the progress line, rewritten every second."""
    limit = limit_of(environment)
    progress = Progress(
        title, limit.limit.period, float(options_of(environment).run_time or 0),
        limit.limited_status,
    )  # fmt: skip
    while not RUN.judged:
        gevent.sleep(1.0)
        if RUN.started is not None and not RUN.judged:
            progress.count(RUN.collector.observations)
            sys.stderr.write(f"\r{progress.line(time.time() - RUN.started)}   ")
            sys.stderr.flush()


def _finish(
    environment: Environment, title: str, tool_failure: str = "", judge: Judge | None = None
) -> Summary:
    """Judge what was collected, print the verdict, write the reports, set the exit code."""
    RUN.judged = True
    observations = sorted(RUN.collector.observations, key=lambda o: o.sent)
    limit = limit_of(environment)
    failures: list[str] = []
    facts: list[str] = []
    if not tool_failure and not observations:
        tool_failure = (
            "no observations from workers: the master received nothing to judge"
            if isinstance(environment.runner, MasterRunner)
            else "no observations: no request was answered"
        )
    if not tool_failure and judge is not None:
        verdict = judge(observations, limit, environment)
        quota = limit.limit.capacity if limit.token_bucket else limit.limit.limit
        ietf_failures, ietf_facts = ietf.check(
            observations, quota, limit.limit.period, limit.limited_status
        )
        failures = verdict.failures + ietf_failures
        facts = verdict.facts + ietf_facts
    summary = summarize(
        title, observations, limit, failures, facts, RUN.collector.summaries(), tool_failure
    )
    if options_of(environment).progress:
        sys.stderr.write("\n")
    print(summary.console(), flush=True)
    options = options_of(environment)
    write_reports(summary, options.report_json, options.report_html, options.report_csv)
    environment.process_exit_code = 0 if summary.passed else (4 if tool_failure else 1)
    return summary


def credential_problem(environment: Environment) -> str:
    """'' when the run has credentials it may use, else the one line saying why not."""
    options = options_of(environment)
    if options.credentials or options.auth_header:
        return ""
    plan = limit_of(environment).plan
    if plan not in RUN.demo_credentials:
        return (
            f"{RUN.api} plan {plan!r} has no demo credentials: give the account's with "
            "--credentials or --auth-header"
        )
    return demo_refusal(environment.host or "", RUN.api)


def install(api: str, judge: Judge, title: str, demo_credentials: Mapping[str, str]) -> None:
    """Wire collection, progress and the verdict for API ``api``'s locustfile;
    ``demo_credentials`` (plan -> ``--credentials`` form) serve only the local mock."""
    RUN.api, RUN.title = api, title
    RUN.demo_credentials = dict(demo_credentials)

    @events.init.add_listener
    def _on_init(environment: Environment, **_: Any) -> None:
        try:
            limit_of(environment)
        except LimitError as exc:
            sys.stderr.write(f"understudy load: {exc}\n")
            raise SystemExit(2) from None
        problem = (
            "" if isinstance(environment.runner, WorkerRunner) else credential_problem(environment)
        )
        if problem:
            sys.stderr.write(f"understudy load: error: {problem}\n")
            raise SystemExit(2)
        # The contract was just read while gevent's loop slept: refresh its cached clock,
        # or Locust's --run-time timer (started next) fires early by that much.
        gevent.get_hub().loop.update_now()
        runner = environment.runner
        if isinstance(runner, WorkerRunner):
            _install_worker(runner)
            return
        if isinstance(runner, MasterRunner):
            _install_master(environment, runner)
        if options_of(environment).progress:
            gevent.spawn(_progress, environment, title)

    @events.test_start.add_listener
    def _on_start(environment: Environment, **_: Any) -> None:
        RUN.started = RUN.started or time.time()
        if isinstance(environment.runner, WorkerRunner):
            RUN.documented_limit = None  # the master's options arrived with the spawn

    @events.test_stopping.add_listener
    def _on_stopping(environment: Environment, **_: Any) -> None:
        _collect_final_batches(environment)

    @events.test_stop.add_listener
    def _on_stop(environment: Environment, **_: Any) -> None:
        if isinstance(environment.runner, WorkerRunner):
            _send(environment.runner, final=True)

    @events.quitting.add_listener
    def _on_quitting(environment: Environment, **_: Any) -> None:
        runner = environment.runner
        if isinstance(runner, WorkerRunner):
            runner.stop()  # leaving early (SIGTERM, Ctrl-C): no answer after the final batch
            _send(runner, final=True)
            return
        if not (RUN.gave_up_on_workers and RUN.started is None):
            _finish(environment, title, judge=judge)
