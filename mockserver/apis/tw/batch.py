"""The batch executor: operations in order, each answered as if sent alone.

Without ``atomic`` every operation stands on its own. With it, the batch stops at
the first failure (status >= 400) and rolls back what the operations before it did;
their webhook events are only sent when the whole batch succeeds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.apis.tw.transaction import transaction


@dataclass(frozen=True)
class Operation:
    index: int
    method: str
    path: str
    body: Any = None


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any

    @property
    def failed(self) -> bool:
        return self.status >= 400

    def view(self) -> dict[str, Any]:
        return {"status": self.status, "body": self.body}


Dispatch = Callable[[Operation], Awaitable[Outcome]]
Refusal = Callable[[Operation, bool], Outcome | None]
"""An outcome for an operation the batch must not run (given ``atomic``), else None."""


class BatchExecutor:
    def __init__(self, dispatch: Dispatch, refuse: Refusal) -> None:
        self._dispatch = dispatch
        self._refuse = refuse

    async def run(self, operations: Sequence[Operation], *, atomic: bool) -> list[Outcome]:
        if not atomic:
            return [await self._one(operation, atomic=False) for operation in operations]
        outcomes: list[Outcome] = []
        with transaction() as opened:
            try:
                for operation in operations:
                    outcome = await self._one(operation, atomic=True)
                    outcomes.append(outcome)
                    if outcome.failed:
                        opened.rollback()
                        return outcomes
            except BaseException:
                opened.rollback()
                raise
            opened.commit()
        return outcomes

    async def _one(self, operation: Operation, *, atomic: bool) -> Outcome:
        refused = self._refuse(operation, atomic)
        if refused is not None:
            return refused
        return await self._dispatch(operation)
