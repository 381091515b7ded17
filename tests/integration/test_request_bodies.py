"""Every request body read as HTTP frames it, on every API: chunked bodies work where a
Content-Length body does (JSON, XML, form, multipart), the size limit applies while one
streams, a body without a Content-Type is the API's own 400/415, and a deepObject query
nested hundreds of levels is the API's 400 — never a 500."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import MockServer

TW = {"Authorization": "Bearer tw_pro_demo"}
WRGL = {"Authorization": "APIKEY wrgl_demo_key"}
TWL = ("demo@teamworklive.test", "twl_demo_key")
TWEETWORKS_KEY = {"data[key]": "tweetworks_demo_key"}
DEEP_QUERY = "filter" + "[a]" * 400 + "=1"


def chunked(body: bytes, size: int = 7) -> Iterator[bytes]:
    """``body`` as an iterator, so httpx sends it with Transfer-Encoding: chunked."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def example_auth(server: MockServer) -> dict[str, str]:
    token = httpx.post(
        f"{server.url('example')}/auth/login",
        json={"email": "pro@example.com", "password": "demo-password"},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def sent_chunked(response: httpx.Response) -> httpx.Response:
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    return response


def test_a_chunked_json_body_is_accepted(fresh):
    response = sent_chunked(
        httpx.post(
            f"{fresh.url('example')}/resources",
            headers={**example_auth(fresh), "Content-Type": "application/json"},
            content=chunked(b'{"name": "chunked", "type": "standard"}'),
        )
    )
    assert response.status_code == 201, response.text
    assert response.json()["data"]["name"] == "chunked"


def test_a_chunked_xml_body_is_accepted(fresh):
    response = sent_chunked(
        httpx.post(
            f"{fresh.url('teamworklive')}/companies.xml",
            auth=TWL,
            headers={"Content-Type": "application/xml"},
            content=chunked(b"<company><name>Chunked Ltd</name></company>"),
        )
    )
    assert response.status_code == 201, response.text
    assert b"Chunked Ltd" in response.content


def test_a_chunked_form_body_is_accepted(fresh):
    form = httpx.QueryParams({**TWEETWORKS_KEY, "data[Post][body]": "chunked post"})
    response = sent_chunked(
        httpx.post(
            f"{fresh.url('tweetworks')}/posts/add.json",
            auth=("demo", "demo-password"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            content=chunked(str(form).encode()),
        )
    )
    assert response.status_code == 200, response.text
    assert response.json()["posts"][0]["body"] == "chunked post"


def test_a_chunked_multipart_body_is_accepted(fresh):
    built = httpx.Request(
        "POST",
        "http://unused/",
        data={"repoName": "chunked-repo", "message": "sent in chunks"},
        files={"csv.dataFile": ("d.csv.gz", gzip.compress(b"id,v\n1,a\n"), "application/gzip")},
    )
    body = built.read()
    response = sent_chunked(
        httpx.post(
            f"{fresh.url('wrgl')}/commits",
            headers={**WRGL, "Content-Type": built.headers["content-type"]},
            content=chunked(body, 1000),
        )
    )
    assert response.status_code == 200, response.text
    repos = httpx.get(f"{fresh.url('wrgl')}/repos", headers=WRGL).json()
    assert "chunked-repo" in str(repos)


def test_an_oversized_chunked_body_is_413_without_reading_it_all(fresh):
    limit = fresh.runtime("tw").max_body_bytes
    streamed = 0

    def endless() -> Iterator[bytes]:
        nonlocal streamed
        yield b'{"name": "'
        while streamed < limit * 4:
            streamed += 65536
            yield b"x" * 65536

    before = httpx.get(f"{fresh.url('tw')}/datasets", headers=TW).json()["total"]
    try:
        response = httpx.post(
            f"{fresh.url('tw')}/datasets",
            headers={**TW, "Content-Type": "application/json"},
            content=endless(),
            timeout=30,
        )
    except httpx.WriteError:
        pytest.fail("the server closed the connection without its 413")
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert httpx.get(f"{fresh.url('tw')}/datasets", headers=TW).json()["total"] == before


@pytest.mark.parametrize(
    ("api", "path", "request_kwargs", "status", "body_key"),
    [
        ("example", "resources", {}, 415, "error"),
        ("tw", "datasets", {"headers": TW}, 415, "code"),
        ("wrgl", "commits", {"headers": WRGL}, 415, "message"),
        (
            "tweetworks",
            "posts/add.json",
            {"auth": ("demo", "demo-password"), "params": TWEETWORKS_KEY},
            400,
            "error",
        ),
        ("teamworklive", "companies.json", {"auth": TWL}, 400, "message"),
    ],
)
def test_a_body_without_content_type_is_the_apis_own_refusal(
    fresh, api, path, request_kwargs, status, body_key
):
    kwargs = dict(request_kwargs)
    headers = dict(kwargs.pop("headers", {}))
    if api == "example":
        headers.update(example_auth(fresh))
    response = httpx.post(
        f"{fresh.url(api)}/{path}", headers=headers, content=b'{"name": "x"}', **kwargs
    )
    assert response.status_code == status, response.text
    assert body_key in response.json()
    assert "content-type" in response.text.lower()


@pytest.mark.parametrize(
    ("api", "path", "code"),
    [("example", "resources", "invalid_request"), ("tw", "datasets", "VALIDATION_ERROR")],
)
def test_a_deeply_nested_deep_object_query_is_a_400(fresh, api, path, code):
    headers = example_auth(fresh) if api == "example" else TW
    response = httpx.get(f"{fresh.url(api)}/{path}?{DEEP_QUERY}", headers=headers)
    assert response.status_code == 400, response.text
    assert code in response.text
    assert "nests deeper" in response.text


@pytest.mark.parametrize("api", ["example", "tw"])
def test_a_get_labelled_multipart_without_a_boundary_is_not_parsed(fresh, api):
    headers = example_auth(fresh) if api == "example" else dict(TW)
    path = "resources" if api == "example" else "datasets"
    response = httpx.get(
        f"{fresh.url(api)}/{path}", headers={**headers, "Content-Type": "multipart/form-data"}
    )
    assert response.status_code == 200, response.text
