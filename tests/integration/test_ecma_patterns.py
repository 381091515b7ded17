"""Every spec `pattern` is read as ECMA-262: `$` does not match before a trailing
newline. One trailing-newline value per kind of pattern-checked input (JSON body,
query parameter, path parameter, urlencoded form field, multipart field), each refused
in the API's own format and never stored or reflected."""

from __future__ import annotations

import gzip

import httpx

TW = {"Authorization": "Bearer tw_pro_demo"}
WRGL = {"Authorization": "APIKEY wrgl_demo_key"}
TWEETWORKS = {"auth": ("demo", "demo-password"), "params": {"data[key]": "tweetworks_demo_key"}}


def test_a_json_body_value_with_a_trailing_newline_is_refused(fresh):
    base = fresh.url("tw")
    before = httpx.get(f"{base}/datasets", headers=TW).json()["total"]
    columns = [{"name": "id", "type": "integer", "primaryKey": True}]
    response = httpx.post(
        f"{base}/datasets", headers=TW, json={"name": "x\n", "schema": {"columns": columns}}
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert httpx.get(f"{base}/datasets", headers=TW).json()["total"] == before
    accepted = httpx.post(
        f"{base}/datasets", headers=TW, json={"name": "xy", "schema": {"columns": columns}}
    )
    assert accepted.status_code == 201, accepted.text


def test_a_jsonp_callback_with_a_trailing_newline_is_not_reflected(fresh):
    response = httpx.get(
        f"{fresh.url('tweetworks')}/posts/index/newest.json?jsonp=cb%0A&data[key]=tweetworks_demo_key",
        auth=TWEETWORKS["auth"],
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "jsonp" in response.json()["error"]["text"]
    assert not response.text.startswith("cb")


def test_a_path_parameter_with_a_trailing_newline_is_refused(fresh):
    response = httpx.get(f"{fresh.url('wrgl')}/repos/demo-history%0A/commits", headers=WRGL)
    assert response.status_code in (400, 404), response.text  # no route or no valid name
    assert set(response.json()) == {"message"}


def test_a_form_field_with_a_trailing_newline_is_refused(fresh):
    base = fresh.url("tweetworks")
    response = httpx.post(
        f"{base}/groups/add.json", data={"data[Group][name]": "NewlineGroup\n"}, **TWEETWORKS
    )
    assert response.status_code == 400, response.text
    assert "error" in response.json()
    looked_up = httpx.get(f"{base}/groups/view/NewlineGroup.json", **TWEETWORKS)
    assert looked_up.status_code == 404


def test_a_multipart_field_with_a_trailing_newline_is_refused(fresh):
    base = fresh.url("wrgl")
    response = httpx.post(
        f"{base}/commits",
        headers=WRGL,
        data={"repoName": "newline-repo\n", "message": "m"},
        files={"csv.dataFile": ("d.csv.gz", gzip.compress(b"id\n1\n"), "application/gzip")},
    )
    assert response.status_code == 400, response.text
    assert "newline-repo" not in httpx.get(f"{base}/repos", headers=WRGL).text
