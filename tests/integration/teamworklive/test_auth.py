"""HTTP Basic with the account email and API key; the key changes with the password."""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.integration.teamworklive.conftest import DEMO, MEMBER, OTHER, client, error_of
from tests.support.server import MockServer

PASSWORD_PATH = "/__admin/teamworklive/password"


@pytest.mark.parametrize("credentials", [DEMO, MEMBER, OTHER])
def test_each_demo_credential_is_the_user_it_names(base, credentials):
    with client(base, credentials) as http:
        me = http.get("me.json")
    assert me.status_code == 200 and me.json()["email"] == credentials[0]


def test_the_email_is_case_insensitive_and_the_key_is_not(base):
    with client(base, ("DEMO@TeamWorkLive.test", DEMO[1])) as http:
        assert http.get("me.json").json()["email"] == DEMO[0]
    with client(base, (DEMO[0], DEMO[1].upper())) as http:
        error_of(http.get("me.json"), 401)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Basic " + base64.b64encode(b"demo@teamworklive.test:wrong").decode(),
        "Basic " + base64.b64encode(b"nobody@teamworklive.test:twl_demo_key").decode(),
        "Basic " + base64.b64encode(b"other@teamworklive.test:twl_demo_key").decode(),
        "Basic " + base64.b64encode("zoë@teamworklive.test:clé".encode()).decode(),
        "Basic not-base64!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Bearer twl_demo_key",
    ],
)
def test_missing_malformed_or_wrong_credentials_are_401_with_the_challenge(
    anonymous, authorization, fmt
):
    headers = {"Authorization": authorization} if authorization else {}
    for method, path in (("GET", "companies"), ("POST", "companies"), ("DELETE", "tasks/105")):
        response = anonymous.request(method, f"{path}.{fmt}", headers=headers, json={"name": "x"})
        error_of(response, 401, fmt)


def test_a_new_password_rotates_the_key_and_the_old_one_stops_working(base, teamworklive_server):
    admin = teamworklive_server.origin + PASSWORD_PATH
    with client(base, MEMBER) as old:
        assert old.get("me.json").status_code == 200
        changed = httpx.post(
            admin, json={"email": "Member@TeamWorkLive.test", "password": "n3w-secret"}
        )
        assert changed.status_code == 200, changed.text
        new_key = changed.json()["api_key"]
        assert changed.json()["email"] == MEMBER[0] and new_key != MEMBER[1]
        error_of(old.get("me.xml"), 401, "xml")
    with client(base, (MEMBER[0], new_key)) as new:
        assert new.get("me.json").json()["email"] == MEMBER[0]
        again = httpx.post(admin, json={"email": MEMBER[0], "password": "n3w-secret"}).json()
        assert again["api_key"] != new_key  # every password update issues a new key
        error_of(new.get("me.json"), 401)
    with client(base, DEMO) as untouched:
        assert untouched.get("me.json").status_code == 200
    teamworklive_server.reset()
    with client(base, MEMBER) as restored:
        assert restored.get("me.json").status_code == 200


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"email": "nobody@teamworklive.test", "password": "long-enough"}, 404),
        ({"email": DEMO[0]}, 400),
        ({"email": DEMO[0], "password": "short"}, 400),
        ({"email": DEMO[0], "password": 12345678}, 400),
        (["not", "an", "object"], 400),
    ],
)
def test_the_password_endpoint_refuses_bad_requests_and_keeps_the_key(
    base, teamworklive_server, body, status
):
    response = httpx.post(teamworklive_server.origin + PASSWORD_PATH, json=body)
    assert response.status_code == status and response.json()["message"]
    with client(base, DEMO) as http:
        assert http.get("me.json").status_code == 200


def test_the_admin_endpoints_answer_when_the_api_is_served_alone_at_its_base_path():
    with MockServer(["teamworklive"], standalone=True) as server:
        changed = httpx.post(
            server.origin + PASSWORD_PATH, json={"email": DEMO[0], "password": "a new password"}
        )
        assert changed.status_code == 200, changed.text
        with client(server.origin + "/", (DEMO[0], changed.json()["api_key"])) as http:
            assert http.get("me.json").status_code == 200
        server.reset()
        with client(server.origin + "/", DEMO) as http:
            assert http.get("me.json").status_code == 200
