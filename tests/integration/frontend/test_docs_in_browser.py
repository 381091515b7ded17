"""The docs a person opens: Swagger UI for each of the five APIs in a real (headless)
Chromium, where "Try it out" with the demo credentials answers 200, and the index at `/`.
Screenshots go to the test's tmp dir (keep them with `--basetemp`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

import contract
from tests.support.browser import browser_page
from tests.support.server import MockServer


@dataclass(frozen=True)
class TryItOut:
    """One operation to try in an API's Swagger UI, and how to authorize first."""

    api: str
    method: str
    path: str
    auth: tuple[str, ...] = ()
    """Values typed into the Authorize dialog's inputs, in order."""
    params: dict[str, str] = field(default_factory=dict)
    body: str | None = None


CASES = [
    TryItOut(
        "example",
        "POST",
        "/auth/login",
        body='{"email": "demo@example.com", "password": "demo-password"}',
    ),
    TryItOut("tw", "GET", "/datasets", auth=("tw_starter_demo",)),
    TryItOut("wrgl", "GET", "/repos", auth=("APIKEY wrgl_demo_key",)),
    TryItOut(
        "teamworklive",
        "GET",
        "/projects.{format}",
        auth=("demo@teamworklive.test", "twl_demo_key"),
        params={"format": "json"},
    ),
    TryItOut(
        "tweetworks",
        "GET",
        "/posts/index.{format}",
        auth=("demo", "demo-password"),
        params={"format": "xml", "data[key]": "tweetworks_demo_key"},
    ),
]


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with browser_page() as opened:
        yield opened


def _authorize(page: Any, values: tuple[str, ...]) -> None:
    page.click(".auth-wrapper button.authorize")
    inputs = page.locator(".modal-ux input")
    inputs.first.wait_for()
    for index, value in enumerate(values):
        inputs.nth(index).fill(value)
    page.locator(".modal-ux button.authorize").first.click()
    page.click(".modal-ux button.btn-done")


def _try(page: Any, case: TryItOut) -> tuple[str, str]:
    summary = page.locator(f".opblock-summary-path[data-path='{case.path}']")
    block = page.locator(f".opblock-{case.method.lower()}", has=summary).first
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    for textarea in block.locator(".parameters textarea").all():
        textarea.fill("")  # Swagger UI pre-fills deepObject filters with "string"
    for name, value in case.params.items():
        cell = block.locator(f"tr[data-param-name='{name}']")
        if cell.locator("select").count():
            cell.locator("select").select_option(value)
        else:
            cell.locator("input").fill(value)
    if case.body is not None:
        block.locator(".body-param textarea").fill(case.body)
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=20_000)
    status.scroll_into_view_if_needed()
    return status.inner_text().strip(), block.locator(".request-url pre").inner_text()


@pytest.mark.parametrize("case", CASES, ids=[case.api for case in CASES])
def test_swagger_ui_renders_and_try_it_out_answers_200(
    fresh: MockServer, page: Any, case: TryItOut, tmp_path: Path
) -> None:
    page.goto(fresh.url(case.api) + "/ui/")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".information-container .title").inner_text().strip()
    page.screenshot(path=str(tmp_path / f"{case.api}-ui-top.png"))
    if case.auth:
        _authorize(page, case.auth)
    status, url = _try(page, case)
    page.screenshot(path=str(tmp_path / f"{case.api}-ui.png"))
    assert status == "200"
    # "Try it out" sent the request to this server, under the API's own base URL.
    assert url.startswith(fresh.url(case.api) + case.path.split("{")[0])


def test_the_index_page_lists_every_api(fresh: MockServer, page: Any, tmp_path: Path) -> None:
    page.goto(fresh.origin + "/")
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    titles = page.locator("section.api h2").all_inner_texts()
    assert titles == [definition.title for definition in fresh.definitions]
    assert page.locator("section#tweetworks .base-url").inner_text() == fresh.url("tweetworks")
    page.locator("section#teamworklive a.docs").click()
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.url == fresh.url("teamworklive") + "/ui/"


def test_the_index_is_json_when_asked(fresh: MockServer) -> None:
    response = httpx.get(fresh.origin + "/", headers={"Accept": "application/json"})
    data = response.json()
    assert [api["name"] for api in data["apis"]] == contract.names()
    (tweetworks,) = [api for api in data["apis"] if api["name"] == "tweetworks"]
    assert tweetworks["docs"] == fresh.url("tweetworks") + "/ui/"
    assert any("tweetworks_demo_key" in c["how"] for c in tweetworks["credentials"])
    assert {"GET", "POST", "DELETE"} <= {a["method"] for a in data["admin"]}
    assert httpx.get(fresh.origin + "/").headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("api", ["example", "tw", "wrgl", "teamworklive", "tweetworks"])
def test_every_api_serves_its_contract(fresh: MockServer, api: str) -> None:
    contract = httpx.get(fresh.url(api) + "/openapi.json")
    assert contract.status_code == 200
    assert contract.json()["servers"] == [{"url": fresh.runtime(api).mount_path}]
