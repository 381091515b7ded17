"""Every operation of every spec in the test data, and of the project's own five, answers
a valid request with a documented status; each response is validated against the spec
(``validate_responses`` on: a mismatch would be a 500)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import contract
from tests.support.generic import OWN, THIRD_PARTY, SpecServer, documented, valid_call


@pytest.mark.parametrize("path", THIRD_PARTY + OWN, ids=lambda p: p.name)
def test_every_operation_answers_with_a_documented_status(path: Path) -> None:
    with SpecServer(path) as server, httpx.Client(timeout=15) as http:
        assert server.settings.validate_responses
        answered = []
        every = list(contract.operations(server.model.document))
        # deletes last, nested ones before their parents, so every call finds its records
        last = sorted(
            every, key=lambda op: (op[0] == "delete", -op[1].count("/") * (op[0] == "delete"))
        )
        for method, template, operation in last:
            call = valid_call(server, method, template, operation)
            response = http.request(
                call.method,
                server.url + call.path,
                params=call.params,
                headers=call.headers,
                json=call.json,
                content=call.content,
            )
            assert response.status_code < 500, (call, response.text[:300])
            assert documented(operation, response.status_code), (
                f"{call.method} {call.path}: {response.status_code} is not documented: "
                f"{response.text[:300]}"
            )
            answered.append(response.status_code)
        assert len(answered) == len(every)
