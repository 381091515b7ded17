"""The API key on every request and Basic authentication (realm `Login please`)."""

from __future__ import annotations

import pytest

from tests.integration.tweetworks.conftest import DEMO, KEY, error_of


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "wrong-key", "tweetworks_demo_key\u00e9"])
def test_a_missing_or_wrong_api_key_is_a_401_in_the_container(raw, fmt, key):
    params = {} if key is None else {"data[key]": key}
    response = raw.get(f"users/index.{fmt}", params=params)
    assert error_of(response, 401, fmt) == "Invalid API key"


def test_the_key_travels_in_the_form_body_of_a_post(raw):
    posted = raw.post("posts/add.json", data={"data[Post][body]": "x"}, auth=DEMO)
    assert error_of(posted, 401) == "Invalid API key"
    in_query = raw.post(
        "posts/add.json", params={"data[key]": KEY}, data={"data[Post][body]": "x"}, auth=DEMO
    )
    assert error_of(in_query, 401) == "Invalid API key"  # the query of a POST is ignored
    ok = raw.post("posts/add.json", data={"data[key]": KEY, "data[Post][body]": "x"}, auth=DEMO)
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "auth", [None, ("demo", "wrong"), ("nobody", "demo-password"), ("", "")], ids=str
)
def test_required_basic_authentication_is_a_401_with_the_realm(raw, auth):
    response = raw.get("users/login.xml", params={"data[key]": KEY}, auth=auth)
    error_of(response, 401, "xml")


def test_usernames_are_case_insensitive_passwords_are_not(raw):
    params = {"data[key]": KEY}
    assert (
        raw.get("users/login.json", params=params, auth=("DEMO", "demo-password")).status_code
        == 200
    )
    error_of(raw.get("users/login.json", params=params, auth=("demo", "DEMO-PASSWORD")), 401)


def test_basic_authentication_answers_before_the_api_key(raw):
    response = raw.get("users/login.json")
    assert error_of(response, 401) != "Invalid API key"
