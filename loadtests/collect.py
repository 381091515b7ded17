"""Observations on their way to the one process that judges: buffered on each worker,
shipped in batches, and gathered per worker on the master (no Locust here)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from loadtests.observations import Observation
from loadtests.report.summary import WorkerSummary

LOCAL = "local"


@dataclass
class Outbox:
    """A worker's observations not yet sent, and how many it sent in all."""

    pending: list[Observation] = field(default_factory=list)
    sent: int = 0

    def take(self, final: bool) -> dict[str, Any]:
        """The next message: the pending batch, the running total, whether it is the last."""
        batch, self.pending = self.pending, []
        self.sent += len(batch)
        return {"observations": [o.to_dict() for o in batch], "total": self.sent, "final": final}


@dataclass
class WorkerRecord:
    joined: float | None = None
    received: int = 0
    declared: int = 0
    final: bool = False


@dataclass
class Collector:
    """Everything every worker reported, by worker."""

    observations: list[Observation] = field(default_factory=list)
    workers: dict[str, WorkerRecord] = field(default_factory=dict)

    def joined(self, worker: str) -> None:
        self.workers.setdefault(worker, WorkerRecord()).joined = time.time()

    def add_local(self, observation: Observation) -> None:
        self.workers.setdefault(LOCAL, WorkerRecord()).received += 1
        self.observations.append(observation)

    def receive(self, worker: str, data: Mapping[str, Any]) -> None:
        """One batch message from a worker (see :meth:`Outbox.take`)."""
        record = self.workers.setdefault(worker, WorkerRecord())
        batch = [Observation.from_dict(d) for d in data["observations"]]
        self.observations.extend(batch)
        record.received += len(batch)
        record.declared = max(record.declared, int(data["total"]))
        record.final = record.final or bool(data["final"])

    def awaiting(self, connected: set[str]) -> set[str]:
        """Workers still connected whose final batch has not arrived."""
        return {w for w in connected if not self.workers.get(w, WorkerRecord()).final}

    def summaries(self) -> list[WorkerSummary]:
        return [
            WorkerSummary(
                name,
                record.received,
                record.joined,
                finished=name == LOCAL or (record.final and record.received >= record.declared),
            )
            for name, record in sorted(self.workers.items())
        ]
