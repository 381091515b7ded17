"""Sessions: login, refresh rotation, logout revocation, register, and rejections."""

from __future__ import annotations

import time

import jwt
import pytest

from tests.integration.example.conftest import PASSWORD, error_of


def test_login_returns_the_documented_token_fields(anonymous):
    response = anonymous.post(
        "auth/login", json={"email": "demo@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 3600 and claims["sub"].startswith("usr_")


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "demo@example.com", "password": "wrong-password"},
        {"email": "nobody@example.com", "password": PASSWORD},
    ],
)
def test_wrong_credentials_are_401(anonymous, credentials):
    error_of(anonymous.post("auth/login", json=credentials), 401, "authentication_required")


def test_refresh_rotates_and_a_used_refresh_token_is_rejected(anonymous):
    tokens = anonymous.post(
        "auth/login", json={"email": "demo@example.com", "password": PASSWORD}
    ).json()
    first = anonymous.post("auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 200
    assert first.json()["refresh_token"] != tokens["refresh_token"]
    again = anonymous.post("auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    error_of(again, 401, "authentication_required")
    newer = anonymous.post("auth/refresh", json={"refresh_token": first.json()["refresh_token"]})
    assert newer.status_code == 200


def test_logout_revokes_the_access_token_and_refresh_tokens(anonymous):
    tokens = anonymous.post(
        "auth/login", json={"email": "demo@example.com", "password": PASSWORD}
    ).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert anonymous.get("users/me", headers=bearer).status_code == 200
    assert anonymous.post("auth/logout", headers=bearer).status_code == 204
    error_of(anonymous.get("users/me", headers=bearer), 401, "authentication_required")
    error_of(
        anonymous.post("auth/refresh", json={"refresh_token": tokens["refresh_token"]}),
        401,
        "authentication_required",
    )


def test_expired_and_tampered_and_foreign_tokens_are_401(anonymous, demo):
    token = demo.headers["Authorization"].split()[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    expired = jwt.encode(
        {**claims, "exp": int(time.time()) - 10},
        "understudy-local-signing-key-not-for-production",
        algorithm="HS256",
    )
    forged = jwt.encode(claims, "some-other-key-of-at-least-32-bytes!", algorithm="HS256")
    for bad in (expired, forged, token[:-3] + "abc", "not-a-jwt", "ünïcödé".encode()):
        value = b"Bearer " + bad if isinstance(bad, bytes) else f"Bearer {bad}"
        response = anonymous.get("users/me", headers={"Authorization": value})
        error_of(response, 401, "authentication_required")
    error_of(anonymous.get("users/me"), 401, "authentication_required")


def test_register_creates_a_free_user_and_refuses_a_taken_email(anonymous):
    body = {"email": "newuser@example.com", "username": "newuser", "password": "securepassword"}
    created = anonymous.post("auth/register", json=body)
    assert created.status_code == 201, created.text
    bearer = {"Authorization": f"Bearer {created.json()['access_token']}"}
    me = anonymous.get("users/me", headers=bearer).json()["data"]
    assert me["email"] == body["email"] and me["plan"] == "free"
    assert (
        anonymous.post(
            "auth/login", json={"email": body["email"], "password": body["password"]}
        ).status_code
        == 200
    )
    taken = anonymous.post("auth/register", json={**body, "username": "other_name"})
    error = error_of(taken, 409, "conflict")
    assert [d["field"] for d in error["details"]] == ["email"]


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "username": "valid_name", "password": "securepassword"},
        {"email": "a@example.com", "username": "x", "password": "securepassword"},
        {"email": "a@example.com", "username": "valid_name", "password": "short"},
        {"email": "a@example.com", "username": "valid_name"},
    ],
)
def test_register_rejects_invalid_input(anonymous, body):
    error_of(anonymous.post("auth/register", json=body), 400, "invalid_request")
