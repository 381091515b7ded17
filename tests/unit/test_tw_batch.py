"""The batch executor and its transactions, with a fake dispatcher (no HTTP)."""

from __future__ import annotations

import asyncio

import pytest

from mockserver.apis.tw.batch import BatchExecutor, Operation, Outcome
from mockserver.apis.tw.transaction import after_commit, record_undo, transaction


class FakeServer:
    """Applies operations to a list; `fail` paths answer 400 after recording nothing."""

    def __init__(self):
        self.items: list[str] = []
        self.sent: list[str] = []

    async def dispatch(self, operation: Operation) -> Outcome:
        if operation.path == "/fail":
            return Outcome(400, {"code": "VALIDATION_ERROR"})
        self.items.append(operation.path)
        record_undo(lambda: self.items.remove(operation.path))
        after_commit(lambda: self.sent.append(operation.path))
        return Outcome(201, {"path": operation.path})


def refuse_nothing(operation, atomic):
    return None


def ops(*paths):
    return [Operation(i, "POST", p) for i, p in enumerate(paths)]


def run(server, operations, atomic, refuse=refuse_nothing):
    return asyncio.run(BatchExecutor(server.dispatch, refuse).run(operations, atomic=atomic))


def test_without_atomic_failures_stand_alone():
    server = FakeServer()
    outcomes = run(server, ops("/a", "/fail", "/b"), atomic=False)
    assert [o.status for o in outcomes] == [201, 400, 201]
    assert server.items == ["/a", "/b"] and server.sent == ["/a", "/b"]


def test_atomic_stops_at_the_first_failure_and_undoes_the_rest():
    server = FakeServer()
    outcomes = run(server, ops("/a", "/b", "/fail", "/c"), atomic=True)
    assert [o.status for o in outcomes] == [201, 201, 400]
    assert server.items == [] and server.sent == []


def test_atomic_success_commits_effects_in_order():
    server = FakeServer()
    run(server, ops("/a", "/b"), atomic=True)
    assert server.items == ["/a", "/b"] and server.sent == ["/a", "/b"]


def test_refused_operations_never_reach_the_dispatcher():
    server = FakeServer()

    def refuse(operation, atomic):
        return Outcome(400, {"refused": operation.index}) if operation.path == "/batch" else None

    outcomes = run(server, ops("/a", "/batch", "/b"), atomic=False, refuse=refuse)
    assert [o.view() for o in outcomes][1] == {"status": 400, "body": {"refused": 1}}
    assert server.items == ["/a", "/b"]


def test_an_exception_rolls_back_and_propagates():
    server = FakeServer()

    async def explode(operation):
        if operation.path == "/boom":
            raise RuntimeError("boom")
        return await server.dispatch(operation)

    with pytest.raises(RuntimeError):
        asyncio.run(BatchExecutor(explode, refuse_nothing).run(ops("/a", "/boom"), atomic=True))
    assert server.items == []


def test_outside_a_transaction_effects_run_at_once_and_undo_is_dropped():
    done = []
    record_undo(lambda: done.append("undo"))
    after_commit(lambda: done.append("effect"))
    assert done == ["effect"]
    with transaction() as opened:
        after_commit(lambda: done.append("later"))
        opened.commit()
        with pytest.raises(RuntimeError):
            opened.rollback()
    assert done == ["effect", "later"]
