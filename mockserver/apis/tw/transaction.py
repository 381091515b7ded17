"""All-or-nothing groups of writes: an undo log plus side effects held until commit.

State changes call :func:`record_undo` with the inverse of what they just did, and
side effects (webhook deliveries) go through :func:`after_commit`. Outside a
transaction both act at once (undo is dropped, effects run now). An atomic batch
opens a :class:`Transaction` in a context variable, so only the writes made on
behalf of that batch (in its task and the tasks it starts) are journaled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Action = Callable[[], object]

_current: ContextVar[Transaction | None] = ContextVar("tw_transaction", default=None)


class Transaction:
    """Undo actions (run newest first on rollback) and effects (run on commit)."""

    def __init__(self) -> None:
        self._undo: list[Action] = []
        self._effects: list[Action] = []
        self._done = False

    def record_undo(self, undo: Action) -> None:
        self._undo.append(undo)

    def after_commit(self, effect: Action) -> None:
        self._effects.append(effect)

    def commit(self) -> None:
        self._finish()
        for effect in self._effects:
            effect()

    def rollback(self) -> None:
        self._finish()
        for undo in reversed(self._undo):
            undo()

    def _finish(self) -> None:
        if self._done:
            raise RuntimeError("transaction already finished")
        self._done = True


def record_undo(undo: Action) -> None:
    """Remember how to reverse a write, if a transaction is open."""
    transaction = _current.get()
    if transaction is not None:
        transaction.record_undo(undo)


def after_commit(effect: Action) -> None:
    """Run ``effect`` now, or when the open transaction commits (never if it rolls back)."""
    transaction = _current.get()
    if transaction is None:
        effect()
    else:
        transaction.after_commit(effect)


@contextmanager
def transaction() -> Iterator[Transaction]:
    """Open a transaction for the current context; the caller commits or rolls back."""
    opened = Transaction()
    token = _current.set(opened)
    try:
        yield opened
    finally:
        _current.reset(token)
