"""Every answer classified once (accepted, expected-limited, wrong with a reason) and
counted per window and per second: the one source of every figure a report shows."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from loadtests.limits import Documented
from loadtests.observations import Observation

Kind = Literal["accepted", "limited", "wrong"]
HOLDS, VIOLATED, TOOL_FAILURE = "LIMIT HOLDS", "LIMIT VIOLATED", "TOOL FAILURE"


@dataclass(frozen=True)
class Answer:
    observation: Observation
    kind: Kind
    reason: str = ""
    window: int = 0
    """Start of the window the answer counts in (epoch seconds)."""


@dataclass
class WindowSummary:
    """One window of the documented limit: what was accepted and limited in it."""

    start: float
    end: float
    accepted: int = 0
    limited: int = 0
    wrong: int = 0
    first_limited_after: float | None = None
    """Seconds from the window's start to its first limited answer."""
    retry_after: list[int] = field(default_factory=list)
    reset: list[int] = field(default_factory=list)
    wrong_reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class Second:
    at: float
    """Seconds since the run's first request."""
    accepted: int = 0
    limited: int = 0
    wrong: int = 0


@dataclass
class WorkerSummary:
    """What one Locust worker (or the local process) contributed."""

    name: str
    observations: int
    joined: float | None = None
    finished: bool = True
    """Whether its final report arrived (False: it left early or was lost)."""


@dataclass
class Summary:
    """The verdict and every figure behind it."""

    title: str
    verdict: str
    reasons: list[str]
    facts: list[str]
    documented: str
    limit: int
    period: float
    limited_status: int
    responses: int
    accepted: int
    limited: int
    wrong: int
    wrong_reasons: dict[str, int]
    windows: list[WindowSummary]
    seconds: list[Second]
    workers: list[WorkerSummary]
    started: float | None

    @property
    def passed(self) -> bool:
        return self.verdict == HOLDS

    @property
    def documented_rate(self) -> float:
        return self.limit / self.period

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        data["failures"] = self.reasons if not self.passed else []
        return data

    def console(self) -> str:
        lines = [f"== {self.title}: {self.verdict} =="]
        lines += [f"  FAIL: {reason}" for reason in self.reasons]
        lines.append(
            f"  {self.responses} responses: {self.accepted} accepted, {self.limited} limited "
            f"({self.limited_status}, expected), {self.wrong} wrong"
        )
        lines += [f"    wrong: {count} x {reason}" for reason, count in self.wrong_reasons.items()]
        lines += [f"  {fact}" for fact in self.facts]
        if len(self.workers) > 1 or any(not w.finished for w in self.workers):
            for worker in self.workers:
                state = "" if worker.finished else " (left early: its last answers may be missing)"
                lines.append(f"  worker {worker.name}: {worker.observations} observations{state}")
        return "\n".join(lines)


def window_start(observation: Observation, documented: Documented) -> int:
    """The clock-aligned window an answer counts in (the server's Reset when it says)."""
    period = documented.limit.period
    if not documented.token_bucket and observation.reset is not None:
        return int(observation.reset - period)
    return int(math.floor(observation.received / period) * period)


def classify(observations: Sequence[Observation], documented: Documented) -> list[Answer]:
    """Each answer's kind: 2xx accepted (unless over a fixed window's limit), the
    documented limited status with Retry-After expected-limited, anything else wrong."""
    status = documented.limited_status
    answers: list[Answer] = []
    accepted_in: Counter[int] = Counter()
    for observation in sorted(observations, key=lambda o: o.received):
        window = window_start(observation, documented)
        if 200 <= observation.status < 300:
            accepted_in[window] += 1
            over = not documented.token_bucket and accepted_in[window] > documented.limit.limit
            if over:
                answers.append(
                    Answer(
                        observation,
                        "wrong",
                        f"{observation.status} over the limit of {documented.limit.limit}",
                        window,
                    )
                )
            else:
                answers.append(Answer(observation, "accepted", "", window))
        elif observation.status == status and observation.retry_after is not None:
            answers.append(Answer(observation, "limited", "", window))
        elif observation.status == status:
            answers.append(Answer(observation, "wrong", f"{status} without Retry-After", window))
        elif observation.status >= 500:
            answers.append(
                Answer(observation, "wrong", f"{observation.status} server error", window)
            )
        else:
            answers.append(
                Answer(observation, "wrong", f"unexpected status {observation.status}", window)
            )
    return answers


def windows_of(answers: Sequence[Answer], documented: Documented) -> list[WindowSummary]:
    period = documented.limit.period
    windows: dict[int, WindowSummary] = {}
    for answer in answers:
        summary = windows.setdefault(
            answer.window, WindowSummary(answer.window, answer.window + period)
        )
        observation = answer.observation
        if answer.kind == "accepted":
            summary.accepted += 1
        elif answer.kind == "limited":
            summary.limited += 1
            after = round(observation.received - summary.start, 3)
            if summary.first_limited_after is None or after < summary.first_limited_after:
                summary.first_limited_after = after
        else:
            summary.wrong += 1
            summary.wrong_reasons[answer.reason] = summary.wrong_reasons.get(answer.reason, 0) + 1
        if (
            observation.retry_after is not None
            and observation.retry_after not in summary.retry_after
        ):
            summary.retry_after.append(observation.retry_after)
        if observation.reset is not None and observation.reset not in summary.reset:
            summary.reset.append(observation.reset)
    for summary in windows.values():
        summary.retry_after.sort()
        summary.reset.sort()
    return [windows[key] for key in sorted(windows)]


def seconds_of(answers: Sequence[Answer], started: float) -> list[Second]:
    if not answers:
        return []
    last = max(a.observation.received for a in answers)
    seconds = [Second(float(i)) for i in range(int(last - started) + 1)]
    for answer in answers:
        bucket = seconds[int(answer.observation.received - started)]
        setattr(bucket, answer.kind, getattr(bucket, answer.kind) + 1)
    return seconds


def summarize(
    title: str,
    observations: Sequence[Observation],
    documented: Documented,
    failures: Sequence[str],
    facts: Sequence[str],
    workers: Sequence[WorkerSummary] = (),
    tool_failure: str = "",
) -> Summary:
    """The report of a run: ``failures`` and ``facts`` come from the verdict."""
    answers = classify(observations, documented)
    started = min((o.sent for o in observations), default=None)
    wrong_reasons = Counter(a.reason for a in answers if a.kind == "wrong")
    reasons = list(failures) + [
        f"{count} wrong answers: {reason}" for reason, count in wrong_reasons.most_common()
    ]
    if tool_failure:
        verdict, reasons = TOOL_FAILURE, [tool_failure]
    else:
        verdict = VIOLATED if reasons else HOLDS
    return Summary(
        title=title,
        verdict=verdict,
        reasons=reasons,
        facts=list(facts),
        documented=documented.describe(),
        limit=documented.limit.limit,
        period=documented.limit.period,
        limited_status=documented.limited_status,
        responses=len(answers),
        accepted=sum(a.kind == "accepted" for a in answers),
        limited=sum(a.kind == "limited" for a in answers),
        wrong=sum(a.kind == "wrong" for a in answers),
        wrong_reasons=dict(wrong_reasons.most_common()),
        windows=windows_of(answers, documented),
        seconds=seconds_of(answers, started) if started is not None else [],
        workers=list(workers),
        started=started,
    )
