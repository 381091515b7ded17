"""Scenario checks shared by the APIs, configured per API with paths and bodies.

Each builder returns a :class:`Scenario`; a scenario raises AssertionError with a
message saying what the server did wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from conformance.observed import Observed
from conformance.profile import Scenario, ScenarioContext

Json = Any


def expect_status(response: httpx.Response, *expected: int) -> None:
    if response.status_code not in expected:
        raise AssertionError(
            f"{response.request.method} {response.request.url.path}: expected "
            f"{' or '.join(map(str, expected))}, got {response.status_code}: "
            f"{response.text[:300]}"
        )


def expect_error(ctx: ScenarioContext, response: httpx.Response, *expected: int) -> None:
    expect_status(response, *expected)
    ctx.profile.check_error_body(Observed.from_httpx(response))


def crud_round_trip(
    *,
    collection: str,
    create_body: Json,
    update_body: Json,
    id_of: Callable[[Json], str],
    item_of: Callable[[Json], Json],
    created: int = 201,
    deleted: tuple[int, ...] = (204,),
    item_path: str = "{collection}/{id}",
    update_method: str = "PATCH",
) -> Scenario:
    """Create, read back, update, read back, delete, then the item is gone (404)."""

    def run(ctx: ScenarioContext) -> None:
        made = ctx.client.post(collection, json=create_body)
        expect_status(made, created)
        item_id = id_of(made.json())
        path = item_path.format(collection=collection, id=item_id)
        read = ctx.client.get(path)
        expect_status(read, 200)
        _expect_subset(create_body, item_of(read.json()), f"GET {path} after create")
        changed = ctx.client.request(update_method, path, json=update_body)
        expect_status(changed, 200)
        reread = ctx.client.get(path)
        expect_status(reread, 200)
        _expect_subset(update_body, item_of(reread.json()), f"GET {path} after update")
        expect_status(ctx.client.delete(path), *deleted)
        expect_error(ctx, ctx.client.get(path), 404)
        expect_error(ctx, ctx.client.delete(path), 404)

    return Scenario(
        "crud_round_trip",
        run,
        f"POST {collection} -> GET -> {update_method} -> GET -> DELETE -> GET is 404",
    )


def _expect_subset(sent: Json, stored: Json, where: str) -> None:
    if isinstance(sent, Mapping):
        if not isinstance(stored, Mapping):
            raise AssertionError(f"{where}: expected an object, got {stored!r}")
        for key, value in sent.items():
            if key not in stored:
                raise AssertionError(f"{where}: field {key!r} was not stored")
            _expect_subset(value, stored[key], f"{where}.{key}")
    elif sent != stored:
        raise AssertionError(f"{where}: sent {sent!r}, read back {stored!r}")


def page_number_pagination(
    *,
    path: str,
    items_of: Callable[[Json], list[Json]],
    meta_of: Callable[[Json], Mapping[str, int]],
    id_of: Callable[[Json], str],
    page_param: str = "page",
    size_param: str = "per_page",
    page_size: int = 7,
    max_pages: int = 200,
) -> Scenario:
    """Walk every page: meta agrees with the data, pages never overlap, the union is
    exactly ``total`` items, and the page after the last is empty."""

    def run(ctx: ScenarioContext) -> None:
        seen: list[str] = []
        first = ctx.client.get(path, params={page_param: 1, size_param: page_size})
        expect_status(first, 200)
        meta = meta_of(first.json())
        total, total_pages = meta["total"], meta["total_pages"]
        expected_pages = -(-total // page_size)
        if total_pages != expected_pages:
            raise AssertionError(
                f"total_pages is {total_pages} for total {total} and "
                f"{size_param} {page_size}: expected {expected_pages}"
            )
        for page in range(1, min(total_pages, max_pages) + 1):
            body = (
                first.json()
                if page == 1
                else _get_json(ctx, path, {page_param: page, size_param: page_size})
            )
            items = items_of(body)
            page_meta = meta_of(body)
            if page_meta.get(page_param, page) != page or page_meta.get(size_param) != page_size:
                raise AssertionError(f"page {page}: meta says {dict(page_meta)}")
            expected_len = page_size if page < total_pages else total - page_size * (page - 1)
            if len(items) != expected_len:
                raise AssertionError(f"page {page} has {len(items)} items, expected {expected_len}")
            seen.extend(id_of(item) for item in items)
        if len(seen) != len(set(seen)):
            raise AssertionError("pages overlap: an item appeared on two pages")
        if total_pages <= max_pages and len(seen) != total:
            raise AssertionError(f"walked {len(seen)} items, meta.total says {total}")
        after = _get_json(ctx, path, {page_param: total_pages + 1, size_param: page_size})
        if items_of(after):
            raise AssertionError("the page after the last page is not empty")
        ctx.note(f"{total} items over {total_pages} pages")

    return Scenario(
        "page_number_pagination",
        run,
        f"GET {path}: pages agree with meta, never overlap, cover total",
    )


def _get_json(ctx: ScenarioContext, path: str, params: Mapping[str, Any]) -> Json:
    response = ctx.client.get(path, params=params)
    expect_status(response, 200)
    return response.json()


def unknown_id_is_404(*, path: str) -> Scenario:
    """An id that cannot exist is a 404 in the API's own error format."""

    def run(ctx: ScenarioContext) -> None:
        expect_error(ctx, ctx.client.get(path), 404)

    return Scenario("unknown_id_is_404", run, f"GET {path} is a 404 in the API's error format")


def unauthenticated_is_401(*, path: str) -> Scenario:
    """No credentials: a 401 in the API's own error format."""

    def run(ctx: ScenarioContext) -> None:
        expect_error(ctx, ctx.anonymous.get(path), 401)

    return Scenario("unauthenticated_is_401", run, f"GET {path} without credentials is a 401")


def rate_limit_headers_on_errors(*, path: str) -> Scenario:
    """The rate-limit headers are on error responses of authenticated requests too."""

    def run(ctx: ScenarioContext) -> None:
        response = ctx.client.get(path)
        missing = [
            h
            for h in ctx.profile.rate_limit_headers
            if h.lower() not in {k.lower() for k in response.headers}
        ]
        if missing:
            raise AssertionError(f"GET {path} ({response.status_code}) lacks {missing}")

    return Scenario(
        "rate_limit_headers_on_errors",
        run,
        f"GET {path} (an error) still carries the rate-limit headers",
    )


def timed(scenario: Scenario, ctx: ScenarioContext) -> tuple[str | None, float]:
    """Run one scenario; returns (failure message or None, seconds)."""
    started = time.perf_counter()
    try:
        scenario.run(ctx)
    except AssertionError as exc:
        return str(exc) or "assertion failed", time.perf_counter() - started
    except httpx.HTTPError as exc:
        return f"HTTP error: {exc!r}", time.perf_counter() - started
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return f"unexpected response shape: {exc!r}", time.perf_counter() - started
    return None, time.perf_counter() - started
