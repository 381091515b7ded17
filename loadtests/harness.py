"""What every rate-limit locustfile shares: options, observation collection (local
or distributed), and the pass/fail verdict decided on the master at quit.

A locustfile imports :func:`install` and :class:`ObservingUser`, sets the API's
header names and limit, and defines its task.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locust import HttpUser, events
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from loadtests.observations import Observation, observe
from loadtests.verdicts import Verdict

MESSAGE = "understudy_observations"
BATCH = 500

_collected: list[Observation] = []


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
    group.add_argument("--verdict-file", default="", help="write the verdict as JSON here")


class ObservingUser(HttpUser):
    """An HttpUser that records every response for the verdict."""

    abstract = True
    header_names: dict[str, str] = {}
    limited_status = 429

    def record(self, sent: float, status: int, headers: Any) -> None:
        observation = observe(sent, time.time(), status, headers, self.header_names)
        runner = self.environment.runner
        if isinstance(runner, WorkerRunner):
            _pending.append(observation.to_dict())
            if len(_pending) >= BATCH:
                _flush(runner)
        else:
            _collected.append(observation)


_pending: list[dict[str, Any]] = []


def _flush(runner: WorkerRunner) -> None:
    if _pending:
        runner.send_message(MESSAGE, {"observations": list(_pending)})
        _pending.clear()


def options_of(environment: Environment) -> Any:
    """The parsed command line (always set when Locust runs a locustfile)."""
    if environment.parsed_options is None:
        raise RuntimeError("this locustfile must be run by Locust")
    return environment.parsed_options


def install(judge: Callable[[list[Observation], Environment], Verdict], title: str) -> None:
    """Wire collection and the verdict for one locustfile."""

    @events.init.add_listener
    def _on_init(environment: Environment, **_: Any) -> None:
        if isinstance(environment.runner, MasterRunner):

            def receive(message: Any, **__: Any) -> None:
                _collected.extend(Observation.from_dict(d) for d in message.data["observations"])

            environment.runner.register_message(MESSAGE, receive)

    @events.test_stopping.add_listener
    def _on_stopping(environment: Environment, **_: Any) -> None:
        if isinstance(environment.runner, WorkerRunner):
            _flush(environment.runner)

    @events.quitting.add_listener
    def _on_quitting(environment: Environment, **_: Any) -> None:
        if isinstance(environment.runner, WorkerRunner):
            _flush(environment.runner)
            return
        verdict = judge(sorted(_collected, key=lambda o: o.sent), environment)
        print(verdict.report(title), flush=True)
        target = options_of(environment).verdict_file
        if target:
            Path(target).write_text(
                json.dumps(
                    {
                        "passed": verdict.passed,
                        "failures": verdict.failures,
                        "facts": verdict.facts,
                        "responses": len(_collected),
                    },
                    indent=2,
                )
            )
        environment.process_exit_code = 0 if verdict.passed else 1
