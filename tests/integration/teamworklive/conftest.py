"""TeamWork Live fixtures: a TeamWork-only mock (all-in-one prefix `/teamworklive`),
Basic-auth clients per demo user, and helpers that read the error document and the
store."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from tests.support.fixtures import (
    base_url,
    client_fixture,
    live_runtime,
    reset_server,
    single_api_server,
)
from tests.support.server import MockServer

DEMO = ("demo@teamworklive.test", "twl_demo_key")
MEMBER = ("member@teamworklive.test", "twl_member_key")
OTHER = ("other@teamworklive.test", "twl_other_key")
REALM = 'Basic realm="TeamWork Live"'
MEDIA = {"json": "application/json", "xml": "application/xml"}


mock = single_api_server("teamworklive")
fresh = reset_server()
base = base_url("teamworklive")
runtime = live_runtime("teamworklive")


@pytest.fixture(scope="session")
def teamworklive_server(mock: MockServer) -> MockServer:
    """The TeamWork Live-only server (its name in the TeamWork Live tests)."""
    return mock


def client(base: str, auth: tuple[str, str] | None) -> httpx.Client:
    return httpx.Client(base_url=base, auth=auth, timeout=30)


demo = client_fixture(client, DEMO, "The demo account's administrator.")
member = client_fixture(client, MEMBER, "A member of the demo account (not an administrator).")
other = client_fixture(client, OTHER, "The second account.")
anonymous = client_fixture(client, None, "No credentials.")


def xml_body(payload: str) -> dict[str, Any]:
    """Keyword arguments of an httpx call sending ``payload`` as an XML body."""
    return {"content": payload.encode(), "headers": {"Content-Type": "application/xml"}}


def error_of(response: httpx.Response, status: int, fmt: str = "json") -> dict[str, Any]:
    """Assert TeamWork Live's error document in ``fmt``; return it as JSON-shaped data."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == MEDIA[fmt], response.text
    if fmt == "xml":
        root = ElementTree.fromstring(response.content)
        assert root.tag == "error" and [c.tag for c in root] == ["message", "errors"], response.text
        errors = root.find("errors")
        assert errors is not None and all(e.tag == "error" for e in errors)
        document = {"message": root.findtext("message"), "errors": [e.text for e in errors]}
    else:
        document = response.json()
        assert set(document) == {"message", "errors"}, document
    assert isinstance(document["message"], str) and document["message"]
    assert all(isinstance(e, str) and e for e in document["errors"])
    assert bool(document["errors"]) == (status == 400), document
    if status == 400:
        assert document["message"].startswith(("Validation failed: ", "Request body too large"))
    if status == 401:
        assert response.headers["www-authenticate"] == REALM
    return document


def snapshot(runtime: Any) -> tuple[Any, ...]:
    """Everything a write could change: every record of every store, in full."""
    state = runtime.state
    stores = (
        state.users,
        state.companies,
        state.contacts,
        state.projects,
        state.tasks,
        state.time_entries,
    )
    return tuple(sorted((r["id"], repr(r)) for r in store.values()) for store in stores)
