"""Scenario checks shared by the APIs, configured per API with paths and bodies.

Each builder returns a :class:`Scenario`; a scenario raises AssertionError with a
message saying what the server did wrong.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from conformance.observed import Observed
from conformance.profile import Scenario, ScenarioContext, ScenarioSkipped
from conformance.ratelimits import LIMIT, REMAINING, RESET, advertised, header_problems, plan_of
from contract import RateLimitFacts

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


@dataclass(frozen=True)
class PagedList:
    """How one API pages a list by number: where the items and the counts are."""

    items_of: Callable[[Json], list[Json]]
    meta_of: Callable[[Json], Mapping[str, int]]
    """The page's counts as ``total``, ``total_pages`` and the page and size params."""
    id_of: Callable[[Json], Any]
    page_param: str = "page"
    size_param: str = "per_page"


def walk_pages(
    ctx: ScenarioContext,
    path: str,
    paging: PagedList,
    *,
    params: Mapping[str, Any] | None = None,
    page_size: int = 7,
    max_pages: int = 200,
) -> list[Any]:
    """Every item of a list, page by page; each number the pages state (total, page
    count, page and size) must agree with the walk, pages never overlap, and the page
    after the last is empty. Returns the items' ids; skips a list too long to walk."""
    extra = dict(params or {})

    def page_of(number: int) -> Json:
        query = {**extra, paging.page_param: number, paging.size_param: page_size}
        return _get_json(ctx, path, query)

    first = page_of(1)
    meta = paging.meta_of(first)
    total, total_pages = meta["total"], meta["total_pages"]
    expected_pages = -(-total // page_size)
    if total_pages != expected_pages:
        raise AssertionError(
            f"GET {path}: total_pages is {total_pages} for total {total} and "
            f"{paging.size_param} {page_size}: expected {expected_pages}"
        )
    if total_pages > max_pages:
        ctx.skip(f"GET {path} has {total_pages} pages, more than the gate walks ({max_pages})")
    seen: list[Any] = []
    for page in range(1, total_pages + 1):
        body = first if page == 1 else page_of(page)
        items, page_meta = paging.items_of(body), paging.meta_of(body)
        stated = (page_meta.get(paging.page_param, page), page_meta.get(paging.size_param))
        if stated != (page, page_size):
            raise AssertionError(f"GET {path} page {page}: meta says {dict(page_meta)}")
        if (page_meta["total"], page_meta["total_pages"]) != (total, total_pages):
            raise AssertionError(
                f"GET {path} page {page}: total {page_meta['total']} of "
                f"{page_meta['total_pages']} pages, page 1 said {total} of {total_pages}"
            )
        expected_len = page_size if page < total_pages else total - page_size * (page - 1)
        if len(items) != expected_len:
            raise AssertionError(
                f"GET {path} page {page} has {len(items)} items, expected {expected_len} "
                f"(total {total})"
            )
        seen.extend(paging.id_of(item) for item in items)
    if len(seen) != len(set(seen)):
        raise AssertionError(f"GET {path}: pages overlap, an item appeared on two pages")
    if len(seen) != total:
        raise AssertionError(f"GET {path}: walked {len(seen)} items, total says {total}")
    if paging.items_of(page_of(total_pages + 1)):
        raise AssertionError(f"GET {path}: the page after the last page is not empty")
    return seen


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
    name: str = "page_number_pagination",
) -> Scenario:
    """Walk every page: meta agrees with the data, pages never overlap, the union is
    exactly ``total`` items, and the page after the last is empty."""
    paging = PagedList(items_of, meta_of, id_of, page_param, size_param)

    def run(ctx: ScenarioContext) -> None:
        seen = walk_pages(ctx, path, paging, page_size=page_size, max_pages=max_pages)
        ctx.note(f"{len(seen)} items over {-(-len(seen) // page_size)} pages")

    return Scenario(name, run, f"GET {path}: pages agree with meta, never overlap, cover total")


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


def _facts(ctx: ScenarioContext) -> RateLimitFacts:
    facts = ctx.profile.rate_limit_facts()
    if facts is None:
        raise AssertionError(f"{ctx.profile.name} documents no rate limit (x-rate-limits)")
    return facts


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items()}


def rate_limit_headers_on_errors(*, path: str) -> Scenario:
    """The rate-limit headers are on error responses of authenticated requests too, and
    mean what they say."""

    def run(ctx: ScenarioContext) -> None:
        response = ctx.client.get(path)
        facts = _facts(ctx)
        problems = header_problems(
            facts, ctx.target.rate_limits, response.status_code, _headers(response)
        )
        if not any(h.lower() in _headers(response) for h in facts.headers):
            problems.insert(0, f"no rate-limit headers {list(facts.headers)}")
        if problems:
            raise AssertionError(f"GET {path} ({response.status_code}): " + "; ".join(problems))

    return Scenario(
        "rate_limit_headers_on_errors",
        run,
        f"GET {path} (an error) still carries the rate-limit headers",
    )


COUNTDOWN_REQUESTS = 5
SPEND_BUDGET = 200
"""Most requests a scenario spends to reach the limit in force (else it is SKIPPED)."""


def rate_limit_counts_down(*, path: str) -> Scenario:
    """Consecutive requests: the same Limit, Remaining down by one each (a new window
    starts again from the limit; a token bucket refills no faster than its rate)."""

    def run(ctx: ScenarioContext) -> None:
        facts = _facts(ctx)
        seen: list[tuple[float, dict[str, str]]] = []
        for _ in range(COUNTDOWN_REQUESTS):
            response = ctx.client.get(path)
            headers = _headers(response)
            if response.status_code == facts.limited.status:
                ctx.skip(
                    f"GET {path} is already over the limit ({response.status_code}): "
                    "no countdown to see until the window ends"
                )
            if REMAINING not in headers:
                ctx.skip(
                    f"GET {path} ({response.status_code}) carries no X-RateLimit-Remaining: "
                    "the credentials' plan has no limit (give --credentials of a limited plan)"
                )
            seen.append((time.monotonic(), headers))
        for (then, before), (now, after) in itertools.pairwise(seen):
            problem = _countdown_problem(facts, ctx, before, after, now - then)
            if problem:
                raise AssertionError(f"GET {path} twice in a row: {problem}")
        ctx.note("Remaining " + " -> ".join(headers[REMAINING] for _, headers in seen))

    return Scenario("rate_limit_counts_down", run, f"GET {path}: Remaining counts down by one")


def _countdown_problem(
    facts: RateLimitFacts,
    ctx: ScenarioContext,
    before: dict[str, str],
    after: dict[str, str],
    elapsed: float,
) -> str | None:
    if before.get(LIMIT) != after.get(LIMIT):
        return f"X-RateLimit-Limit changed from {before.get(LIMIT)} to {after.get(LIMIT)}"
    plan = plan_of(facts, ctx.target.rate_limits, after.get(LIMIT, ""))
    if plan is None:
        return f"X-RateLimit-Limit {after.get(LIMIT)!r} is the limit of no plan in force"
    first, second = before[REMAINING], after[REMAINING]
    if not (first.isdigit() and second.isdigit()):
        return f"X-RateLimit-Remaining {first!r}, then {second!r}: not counts"
    if facts.algorithm == "token-bucket":
        most = min(advertised(plan, facts), int(first) - 1 + math.ceil(elapsed * plan.rate))
        if int(second) > most:
            return f"Remaining went from {first} to {second} in {elapsed:.2f}s (at most {most})"
        return None
    new_window = before.get(RESET) != after.get(RESET)
    expected = plan.limit - 1 if new_window else int(first) - 1
    if int(second) != max(expected, 0):
        return f"X-RateLimit-Remaining went from {first} to {second}, expected {expected}"
    return None


def _spend_the_window(
    ctx: ScenarioContext, facts: RateLimitFacts, path: str
) -> httpx.Response | None:
    """Requests until the limited answer, which is returned; None when the window ended
    first (Reset moved on). Skips when more than SPEND_BUDGET requests are left."""
    first = _headers(ctx.client.get(path))
    remaining = first.get(REMAINING, "")
    if not remaining.isdigit():
        ctx.skip(f"GET {path} carries no X-RateLimit-Remaining: the plan has no limit")
    if int(remaining) > SPEND_BUDGET:
        ctx.skip(
            f"{remaining} requests are left in this window, more than the gate spends "
            f"({SPEND_BUDGET}): gate with credentials of a smaller plan to check the "
            "answer over the limit"
        )
    # a token bucket refills while it is spent: allow for what it may regain meanwhile
    allowance = int(remaining) + 1 if RESET in first else 2 * int(remaining) + 10
    for _ in range(allowance):
        response = ctx.client.get(path)
        if response.status_code == facts.limited.status:
            ctx.note(f"limited after {remaining} more requests")
            return response
        if _headers(response).get(RESET) != first.get(RESET):
            return None
    raise AssertionError(
        f"GET {path}: {allowance} requests after X-RateLimit-Remaining "
        f"{remaining}, still not {facts.limited.status}"
    )


def rate_limited_answer(*, path: str) -> Scenario:
    """Spends what is left of the window (when that is at most SPEND_BUDGET requests):
    the answer over the limit has the documented status and headers, Remaining 0, and a
    Retry-After agreeing with Reset. Runs last: the credentials stay limited until the
    window ends."""

    def run(ctx: ScenarioContext) -> None:
        facts = _facts(ctx)
        response = _spend_the_window(ctx, facts, path)
        if response is None:  # the window ended while spending it: once more, whole
            response = _spend_the_window(ctx, facts, path)
        if response is None:
            raise AssertionError(
                f"GET {path}: never {facts.limited.status} after spending what "
                "X-RateLimit-Remaining said was left"
            )
        expect_error(ctx, response, facts.limited.status)
        problems = header_problems(
            facts, ctx.target.rate_limits, response.status_code, _headers(response)
        )
        if problems:
            raise AssertionError(f"GET {path} over the limit: " + "; ".join(problems))

    return Scenario(
        "rate_limited_answer",
        run,
        f"GET {path} over the limit: the documented status, Remaining 0, Retry-After = Reset",
    )


@dataclass(frozen=True)
class Outcome:
    """How one scenario ended: a failure message, a skip reason, or neither (passed)."""

    failure: str | None = None
    skipped: str | None = None


def timed(scenario: Scenario, ctx: ScenarioContext) -> tuple[Outcome, float]:
    """Run one scenario; returns how it ended and how long it took."""
    started = time.perf_counter()
    try:
        scenario.run(ctx)
    except ScenarioSkipped as exc:
        return Outcome(skipped=str(exc) or "skipped"), time.perf_counter() - started
    except AssertionError as exc:
        return Outcome(str(exc) or "assertion failed"), time.perf_counter() - started
    except httpx.HTTPError as exc:
        return Outcome(f"HTTP error: {exc!r}"), time.perf_counter() - started
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return Outcome(f"unexpected response shape: {exc!r}"), time.perf_counter() - started
    return Outcome(), time.perf_counter() - started
