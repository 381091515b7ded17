"""Conformance profile of TeamWork Live: `.json`/`.xml` suffixes, Basic auth, the error
document, and 503 + Retry-After for the hourly rate limit.

Schemathesis validates XML answers against the same schemas as JSON (the deserializer
reads them with the spec's `xml` rules, conformance/xmlshape.py); every answer is
checked to be in the format its URL asked for, and every rate-limited answer to be the
seed's 503 with Retry-After. The scenarios check what one request cannot show: the
`.json` and `.xml` answers carry the same data, XML and JSON bodies mean the same thing,
bad bodies store nothing, accounts are isolated, and the limit answers as documented.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator
from contextlib import closing
from functools import cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx

from conformance.observed import Observed
from conformance.profile import SPEC_DIR, Profile, Scenario, ScenarioContext
from conformance.ratelimits import retry_after_problem
from conformance.scenarios import (
    PagedList,
    crud_round_trip,
    expect_error,
    expect_status,
    unauthenticated_is_401,
    unknown_id_is_404,
    walk_pages,
)
from conformance.xmlshape import OpenApiDocument, parse, xml_to_json
from contract import RateLimit, RateLimitFacts, load_file
from contract import limits as contract_limits

REALM = 'Basic realm="TeamWork Live"'
RATE_LIMITED = "Rate Limit Exceeded"
DEMO = ("demo@teamworklive.test", "twl_demo_key")
PROBE = ("other@teamworklive.test", "twl_other_key")
"""The second demo account: isolation checks read as it, and the rate-limit probe spends
its hour, not the main one's (`--second-credentials` names another)."""
XML = "application/xml"
_SUFFIX_MEDIA = {".xml": XML, ".json": "application/json"}


def _limits() -> RateLimitFacts:
    facts = contract_limits("teamworklive")
    assert facts is not None, "teamworklive.yaml declares x-rate-limits"
    return facts


WINDOWS = [limit for limit in _limits().plans.values() if limit is not None]
"""The documented plans' limits (contract's x-rate-limits)."""


@cache
def document() -> OpenApiDocument:
    return OpenApiDocument(load_file(SPEC_DIR / "teamworklive.yaml"))


def read_xml(content: bytes, schema: Any) -> Any:
    """An XML body as the JSON its schema describes; booleans only as the `true` and
    `false` of the spec's XML convention (a `1`/`0` is refused, naming the element)."""
    return xml_to_json(content, schema, document(), strict_booleans=True)


def suffix_media_type(url: str) -> str:
    """The media type a URL's extension asks for (none or another: JSON errors)."""
    return _SUFFIX_MEDIA.get(PurePosixPath(urlsplit(url).path).suffix, "application/json")


def basic(credentials: tuple[str, str]) -> dict[str, str]:
    token = base64.b64encode(":".join(credentials).encode()).decode()
    return {"Authorization": f"Basic {token}"}


def login(_client: httpx.Client, email: str, api_key: str) -> dict[str, str]:
    """No login flow: every request carries Basic email + API key."""
    return basic((email, api_key))


# -- the error document ---------------------------------------------------------------


def error_document(response: Observed) -> dict[str, Any]:
    """The error document as JSON-shaped data, from either format."""
    if response.media_type != "application/xml":
        body = response.json()
        if not isinstance(body, dict) or set(body) != {"message", "errors"}:
            raise AssertionError(f"{response.status} error is not the document: {body!r:.200}")
        return body
    root = parse(response.content)
    children = [child.tag for child in root]
    errors = root.find("errors")
    if root.tag != "error" or children != ["message", "errors"] or errors is None:
        raise AssertionError(
            f"{response.status} XML error is not <error><message><errors>: "
            f"{response.content[:200]!r}"
        )
    if any(child.tag != "error" or list(child) for child in errors):
        raise AssertionError(f"{response.status} XML <errors> holds more than <error> texts")
    return {"message": root.findtext("message") or "", "errors": [e.text for e in errors]}


def check_error_body(response: Observed) -> None:
    """`{"message", "errors"}` (or its XML) in the format the URL asked for; `errors`
    lists the problems of a 400 and is empty otherwise; 401 challenges, 503 says when."""
    expected = suffix_media_type(response.url)
    if response.media_type != expected:
        raise AssertionError(
            f"{response.status} error to {urlsplit(response.url).path} is "
            f"{response.media_type or 'untyped'}, expected {expected}"
        )
    body = error_document(response)
    message, errors = body["message"], body["errors"]
    if not isinstance(message, str) or not message:
        raise AssertionError(f"{response.status} error has no message")
    if not isinstance(errors, list) or not all(isinstance(e, str) and e for e in errors):
        raise AssertionError(f"{response.status} error `errors` is not a list of texts")
    if response.status == 400 and not errors:
        raise AssertionError("400 error does not list the problems in `errors`")
    if response.status != 400 and errors:
        raise AssertionError(f"{response.status} error lists problems (only 400 does)")
    if response.status == 401 and response.headers.get("www-authenticate") != REALM:
        raise AssertionError(
            f"401 WWW-Authenticate is {response.headers.get('www-authenticate')!r}"
            f", expected {REALM!r}"
        )
    if response.status == 503:
        check_rate_limited(response)


def check_rate_limited(response: Observed) -> None:
    """The seed's `503 - Service Unavailable - Rate Limit Exceeded` with a Retry-After
    of whole seconds within the documented window."""
    problem = retry_after_problem(response, max(WINDOWS, key=lambda limit: limit.period))
    if problem:
        raise AssertionError(problem)
    if error_document(response)["message"] != RATE_LIMITED:
        raise AssertionError(f"503 message is not {RATE_LIMITED!r}")


# -- Schemathesis: deserializer, checks, request edits -----------------------------------


def deserialize_xml(ctx: Any, response: Any) -> Any:
    operation = ctx.operation
    schema = document().response_schema(
        operation.path, operation.method, response.status_code, "application/xml"
    )
    if schema is None:
        return _plain(parse(response.content))
    return read_xml(response.content, schema)


def _plain(element: Any) -> Any:
    children = list(element)
    return {c.tag: _plain(c) for c in children} if children else (element.text or "")


def _media_type(response: Any) -> str:
    return str((response.headers.get("content-type") or [""])[0]).split(";")[0].strip()


def teamworklive_format_honoured(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every answer with a body is in the format the URL's extension asked for."""
    url = str(response.request.url)
    if not response.content:
        return None
    expected = suffix_media_type(url)
    if _media_type(response) != expected:
        raise AssertionError(
            f"{response.status_code} to {urlsplit(url).path} is "
            f"{_media_type(response)!r}, expected {expected!r}"
        )
    return None


def teamworklive_rate_limit_answer(ctx: Any, response: Any, case: Any) -> bool | None:
    """The rate limit answers 503 with Retry-After and `Rate Limit Exceeded`, never 429."""
    if response.status_code == 429:
        raise AssertionError(
            "the rate limit answered 429; TeamWork Live answers "
            "503 Service Unavailable (Rate Limit Exceeded)"
        )
    if response.status_code == 503:
        check_rate_limited(Observed.from_schemathesis(response))
    return None


def negative_bodies_as_json(_context: Any, case: Any) -> None:
    """Schema-violating bodies go as JSON: XML cannot carry JSON's type distinctions
    (the string `""` and an empty list are both `<user_ids></user_ids>`, `"5"` and `5`
    both `<hours>5</hours>`), so such a body sent as XML is often a valid one on the wire.
    Valid bodies keep their media type (XML ones test the server's reading of XML)."""
    meta = getattr(case, "meta", None)
    if meta is not None and meta.generation.mode.is_negative and case.media_type == XML:
        case.media_type = "application/json"


# -- scenarios ------------------------------------------------------------------------


def _xml_as_json(
    response: httpx.Response, template: str, status: int = 200, method: str = "get"
) -> Any:
    schema = document().response_schema(template, method, status, "application/xml")
    assert schema is not None, template
    return read_xml(response.content, schema)


@contextlib.contextmanager
def probe_world(ctx: ScenarioContext, entries: int = 3) -> Iterator[dict[str, int]]:
    """A company with a contact, a project (with the caller), a task and ``entries`` time
    entries, created for the scenario (the gate's fuzzing may have deleted the seed) and
    deleted with the company afterwards."""
    me = ctx.client.get("me.json")
    expect_status(me, 200)
    made = ctx.client.post("companies.json", json={"name": "Gate probe Ltd", "phone": "+1 555"})
    expect_status(made, 201)
    ids = {"user": me.json()["id"], "company": made.json()["id"]}
    try:
        ids["contact"] = _created(
            ctx, f"companies/{ids['company']}/contacts.json", {"first_name": "Zoë", "email": None}
        )
        ids["project"] = _created(
            ctx, "projects.json", {"company_id": ids["company"], "name": "Gate probe"}
        )
        ids["task"] = _created(
            ctx,
            f"projects/{ids['project']}/tasks.json",
            {"title": "Probe", "assignee_id": ids["user"]},
        )
        for day in range(entries):
            ids["time_entry"] = _created(
                ctx,
                f"projects/{ids['project']}/time_entries.json",
                {
                    "date": f"2024-06-{day % 28 + 1:02d}",
                    "hours": 0.25 + day % 8,
                    "task_id": ids["task"] if day % 2 else None,
                    "billable": day % 3 > 0,
                },
            )
        yield ids
    finally:
        ctx.client.delete(f"companies/{ids['company']}.json")


def _created(ctx: ScenarioContext, path: str, body: dict[str, Any]) -> int:
    response = ctx.client.post(path, json=body)
    expect_status(response, 201)
    return int(response.json()["id"])


def first_difference(xml: Any, json: Any, where: str = "") -> str | None:
    """Where two JSON-shaped values first differ (`time_entries[0].billable: 1 != True`)."""
    if isinstance(xml, dict) and isinstance(json, dict):
        for key in sorted(set(xml) | set(json)):
            if key not in xml or key not in json:
                return f"{where}.{key}: only in {'XML' if key in xml else 'JSON'}".lstrip(".")
            found = first_difference(xml[key], json[key], f"{where}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(xml, list) and isinstance(json, list) and len(xml) == len(json):
        for index, (x, j) in enumerate(zip(xml, json, strict=True)):
            found = first_difference(x, j, f"{where}[{index}]")
            if found is not None:
                return found
        return None
    if xml == json and type(xml) is type(json):
        return None
    return f"{where.lstrip('.') or 'the document'}: XML {xml!r:.60} != JSON {json!r:.60}"


def formats_agree(ctx: ScenarioContext) -> None:
    """The `.json` and `.xml` answers of the same GET carry the same data."""
    with probe_world(ctx) as ids:
        company, project = ids["company"], ids["project"]
        cases = {
            "/companies.{format}": ("companies", {"per_page": 3}),
            "/companies/{company_id}.{format}": (f"companies/{company}", {}),
            "/companies/{company_id}/contacts.{format}": (f"companies/{company}/contacts", {}),
            "/companies/{company_id}/projects.{format}": (f"companies/{company}/projects", {}),
            "/contacts/{contact_id}.{format}": (f"contacts/{ids['contact']}", {}),
            "/projects.{format}": ("projects", {}),
            "/projects/{project_id}.{format}": (f"projects/{project}", {}),
            "/projects/{project_id}/tasks.{format}": (f"projects/{project}/tasks", {}),
            "/tasks/{task_id}.{format}": (f"tasks/{ids['task']}", {}),
            "/projects/{project_id}/time_entries.{format}": (
                f"projects/{project}/time_entries",
                {},
            ),
            "/time_entries.{format}": ("time_entries", {"per_page": 50, "project_id": project}),
            "/time_entries/{time_entry_id}.{format}": (f"time_entries/{ids['time_entry']}", {}),
            "/users.{format}": ("users", {}),
            "/users/{user_id}.{format}": (f"users/{ids['user']}", {}),
            "/me.{format}": ("me", {}),
        }
        for template, (path, params) in cases.items():
            as_json = ctx.client.get(f"{path}.json", params=params)
            as_xml = ctx.client.get(f"{path}.xml", params=params)
            expect_status(as_json, 200)
            expect_status(as_xml, 200)
            difference = first_difference(_xml_as_json(as_xml, template), as_json.json())
            if difference is not None:
                raise AssertionError(
                    f"GET {path}: the .xml and .json answers differ at {difference}"
                )
    ctx.note(f"{len(cases)} GETs compared")


def _paged(container: str) -> PagedList:
    return PagedList(
        items_of=lambda body: body[container],
        meta_of=lambda body: {
            "page": body["page"],
            "per_page": body["per_page"],
            "total": body["total"],
            "total_pages": body["pages"],
        },
        id_of=lambda item: item["id"],
    )


COUNTED_LISTS = {
    "companies.json": "companies",
    "projects.json": "projects",
    "users.json": "users",
    "time_entries.json": "time_entries",
}


def pages_cover_the_list(ctx: ScenarioContext) -> None:
    """A project's 23 time entries over pages of 5, and every top-level list: no gaps,
    no overlaps, `total` and `pages` agree with the walk."""
    with probe_world(ctx, entries=23) as ids:
        project = ids["project"]
        entries = walk_pages(
            ctx, f"projects/{project}/time_entries.json", _paged("time_entries"), page_size=5
        )
        if len(entries) != 23:
            raise AssertionError(f"the probe project lists {len(entries)} of its 23 entries")
        walk_pages(ctx, f"projects/{project}/tasks.json", _paged("tasks"))
        walk_pages(ctx, f"companies/{ids['company']}/contacts.json", _paged("contacts"))
        walked = {
            path: len(walk_pages(ctx, path, _paged(container), page_size=25))
            for path, container in COUNTED_LISTS.items()
        }
    ctx.note(", ".join(f"{path} {count}" for path, count in walked.items()))


def xml_and_json_bodies_agree(ctx: ScenarioContext) -> None:
    """The same company sent as XML and as JSON is stored the same; UTF-8 survives."""
    name = "Zoë & Søn — 東京 <branch>"
    address = "Ünter den Linden 1\n10117 Berlin"
    as_json = ctx.client.post(
        "companies.json", json={"name": name, "address": address, "website": None}
    )
    xml = (
        "<company><name>Zoë &amp; Søn — 東京 &lt;branch&gt;</name><website/>"
        f"<address>{address}</address></company>"
    ).encode()
    as_xml = ctx.client.post(
        "companies.xml", content=xml, headers={"Content-Type": "application/xml; charset=utf-8"}
    )
    expect_status(as_json, 201)
    expect_status(as_xml, 201)
    created = [as_json.json(), _xml_as_json(as_xml, "/companies.{format}", 201, "post")]
    try:
        for made in created:
            read = ctx.client.get(f"companies/{made['id']}.json").json()
            if (read["name"], read["address"], read["website"]) != (name, address, None):
                raise AssertionError(f"company {made['id']} was stored as {read!r:.300}")
        location = as_xml.headers.get("location", "")
        if not location.endswith(f"/companies/{created[1]['id']}.xml"):
            raise AssertionError(f"Location {location!r} is not the new company's .xml URL")
    finally:
        for made in created:
            ctx.client.delete(f"companies/{made['id']}.json")


BAD_BODIES = {
    "no Content-Type": (b'{"name": "x"}', None),
    "text/plain": (b'{"name": "x"}', "text/plain"),
    "JSON labelled XML": (b'{"name": "x"}', "application/xml"),
    "XML labelled JSON": (b"<company><name>x</name></company>", "application/json"),
    "malformed JSON": (b'{"name": ', "application/json"),
    "malformed XML": (b"<company><name>x</company>", "application/xml"),
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l "l"><!ENTITY l2 "&l;&l;">]>'
        b"<company><name>&l2;</name></company>",
        "application/xml",
    ),
    "external entity": (
        b'<!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<company><name>&e;</name></company>",
        "application/xml",
    ),
    "wrong root": (b"<contact><name>x</name></contact>", "application/xml"),
    "non-UTF-8": (b'{"name": "caf\xe9"}', "application/json"),
    "lone surrogate": (b'{"name": "a\\ud800"}', "application/json"),
    "over 1 MiB": (b'{"name": "' + b"x" * (1024 * 1024) + b'"}', "application/json"),
}


def bad_bodies_store_nothing(ctx: ScenarioContext) -> None:
    """Bodies without a usable Content-Type, malformed, hostile or oversized: 400 in the
    requested format, and no company is created."""
    before = ctx.client.get("companies.json", params={"per_page": 1}).json()["total"]
    for name, (content, content_type) in BAD_BODIES.items():
        headers = {"Content-Type": content_type} if content_type else {}
        for fmt in ("json", "xml"):
            response = ctx.client.post(f"companies.{fmt}", content=content, headers=headers)
            try:
                expect_error(ctx, response, 400)
            except AssertionError as exc:
                raise AssertionError(f"{name} (.{fmt}): {exc}") from None
    after = ctx.client.get("companies.json", params={"per_page": 1}).json()["total"]
    if after != before:
        raise AssertionError(f"refused bodies created {after - before} companies")


def bad_values_are_400(ctx: ScenarioContext) -> None:
    """Hours must be > 0, ≤ 24, two decimals (0.07 and 8.27 are fine); dates real."""
    with probe_world(ctx, entries=0) as ids:
        path = f"projects/{ids['project']}/time_entries"
        for hours in (0, -1, 24.01, 1.234, "2"):
            body = {"date": "2024-06-04", "hours": hours}
            expect_error(ctx, ctx.client.post(f"{path}.json", json=body), 400)
        bad_date = {"date": "2024-02-30", "hours": 1}
        expect_error(ctx, ctx.client.post(f"{path}.xml", json=bad_date), 400)
        for hours in (0.07, 8.27):
            made = ctx.client.post(f"{path}.json", json={"date": "2024-06-04", "hours": hours})
            expect_status(made, 201)
            if made.json()["hours"] != hours:
                raise AssertionError(f"{hours} hours were stored as {made.json()['hours']}")


SEVERAL_PROBLEMS = {"phone": 5, "website": "not a URI", "address": ["x"]}
"""A company body breaking four rules: `name` is missing, the other three are wrong."""


def a_400_lists_every_problem(ctx: ScenarioContext) -> None:
    """The seed: a 400's message lists the errors. A body breaking several rules gets
    one 400 whose `errors` names each field, in both formats; nothing is stored."""
    before = ctx.client.get("companies.json", params={"per_page": 1}).json()["total"]
    for fmt in ("json", "xml"):
        response = ctx.client.post(f"companies.{fmt}", json=SEVERAL_PROBLEMS)
        expect_error(ctx, response, 400)
        errors = error_document(Observed.from_httpx(response))["errors"]
        fields = ("address", "name", "phone", "website")
        missed = [f for f in fields if not any(f in error for error in errors)]
        if missed:
            raise AssertionError(
                f"400 (.{fmt}) to a body with 4 problems lists {len(errors)}, "
                f"none naming {', '.join(missed)}: {errors!r:.300}"
            )
    if ctx.client.get("companies.json", params={"per_page": 1}).json()["total"] != before:
        raise AssertionError("a refused body created a company")


def suffixes_and_methods(ctx: ScenarioContext) -> None:
    """No or another extension: 404 in JSON; a wrong method: 405 with Allow, in format."""
    for path in ("companies", "companies.txt", "companies.JSON"):
        response = ctx.client.get(path)
        expect_error(ctx, response, 404)
    for fmt in ("json", "xml"):
        response = ctx.client.request("PATCH", f"me.{fmt}")
        expect_error(ctx, response, 405)
        if response.headers.get("allow") != "GET":
            raise AssertionError(f"405 Allow is {response.headers.get('allow')!r}, expected 'GET'")


SAME_ACCOUNT = (
    "the second account is the one under test: give another with --second-credentials EMAIL:API_KEY"
)


def second_account(ctx: ScenarioContext, limited_is_usable: bool = False) -> httpx.Client:
    """A client for the second account. Skips the scenario when there is none or it is
    refused here; fails when it is the account under test (it must not be spent). An
    account already over its limit is usable only where ``limited_is_usable``."""
    if ctx.second_credentials is None:
        ctx.skip("needs a second account of the deployment: --second-credentials EMAIL:API_KEY")
    other = httpx.Client(
        base_url=ctx.base_url, headers=basic(ctx.second_credentials), timeout=ctx.client.timeout
    )
    me = other.get("me.json")
    if me.status_code == 503 and limited_is_usable:
        return other
    if me.status_code == 200 and me.json().get("id") != ctx.client.get("me.json").json().get("id"):
        return other
    other.close()
    if me.status_code == 200:
        raise AssertionError(SAME_ACCOUNT)
    ctx.skip(
        f"the second account {ctx.second_credentials[0]} got {me.status_code} on this "
        "server: give one that exists with --second-credentials EMAIL:API_KEY"
    )


def accounts_are_isolated(ctx: ScenarioContext) -> None:
    """A second account reads, changes and deletes none of the first one's records."""
    with closing(second_account(ctx)) as other:
        made = ctx.client.post("companies.json", json={"name": "Isolation probe"})
        expect_status(made, 201)
        company = made.json()["id"]
        try:
            for fmt in ("json", "xml"):
                expect_error(ctx, other.get(f"companies/{company}.{fmt}"), 404)
                expect_error(ctx, other.put(f"companies/{company}.{fmt}", json={"name": "x"}), 404)
                expect_error(ctx, other.delete(f"companies/{company}.{fmt}"), 404)
            listed = other.get("companies.json", params={"per_page": 100}).json()["companies"]
            if company in [c["id"] for c in listed]:
                raise AssertionError("another account lists the company")
            if ctx.client.get(f"companies/{company}.json").json()["name"] != "Isolation probe":
                raise AssertionError("another account changed the company")
        finally:
            ctx.client.delete(f"companies/{company}.json")


def _until_limited(client: httpx.Client, budget: int) -> Iterator[httpx.Response]:
    for _ in range(budget):
        response = client.get("me.json")
        yield response
        if response.status_code != 200:
            return


def hourly_limit(ctx: ScenarioContext) -> RateLimit:
    """The limit in force for the probe account: `--limit`, else the plan's."""
    limit = next(iter(ctx.target.rate_limits.values()), None)
    if limit is None:
        ctx.skip("the plan in force has no limit")
    return limit


def rate_limit_is_503(ctx: ScenarioContext) -> None:
    """Within the limit in force + 1 requests, the probe account is limited with 503
    `Rate Limit Exceeded` and a Retry-After that ends at the window's end, in JSON and
    XML. (Spends that account's window, so it runs last; a second run in the same window
    is limited at once.)"""
    limit = hourly_limit(ctx)
    with closing(second_account(ctx, limited_is_usable=True)) as probe:
        seen = list(_until_limited(probe, limit.limit + 1))
        sent, last = len(seen), seen[-1]
        if last.status_code == 200:
            raise AssertionError(
                f"{sent} requests in one window were all accepted (the limit is {limit})"
            )
        expect_error(ctx, last, 503)
        expect_error(ctx, probe.get("me.xml"), 503)
        problem = retry_after_problem(Observed.from_httpx(last), limit)
        if problem:
            raise AssertionError(problem)
        ctx.note(f"limited after {sent - 1} accepted requests")


PROFILE = Profile(
    name="teamworklive",
    spec_file="teamworklive.yaml",
    check_error_body=check_error_body,
    default_credentials=DEMO,
    default_second_credentials=PROBE,
    credentials_form="EMAIL:API_KEY",
    login=login,
    deserializers={"application/xml": deserialize_xml},
    checks=(teamworklive_format_honoured, teamworklive_rate_limit_answer),
    before_call=negative_bodies_as_json,
    scenarios=(
        Scenario("formats_agree", formats_agree, ".json and .xml carry the same data"),
        Scenario(
            "xml_and_json_bodies_agree",
            xml_and_json_bodies_agree,
            "an XML body means what the JSON body means",
        ),
        Scenario(
            "bad_bodies_store_nothing",
            bad_bodies_store_nothing,
            "unusable bodies: 400 in format, nothing stored",
        ),
        Scenario("bad_values_are_400", bad_values_are_400, "hours and dates are checked exactly"),
        Scenario(
            "a_400_lists_every_problem",
            a_400_lists_every_problem,
            "a body breaking several rules: each is listed",
        ),
        Scenario("suffixes_and_methods", suffixes_and_methods, "404 for extensions, 405 + Allow"),
        crud_round_trip(
            collection="companies.json",
            create_body={"name": "Conformance probe", "phone": "+1 555 0100"},
            update_body={"name": "Conformance probe (renamed)", "website": None},
            id_of=lambda body: body["id"],
            item_of=lambda body: body,
            deleted=(200,),
            item_path="companies/{id}.json",
            update_method="PUT",
        ),
        Scenario(
            "pages_cover_the_list",
            pages_cover_the_list,
            "pages agree with the counts, never overlap, cover total",
        ),
        unknown_id_is_404(path="companies/2147483647.xml"),
        unauthenticated_is_401(path="companies.xml"),
        Scenario(
            "accounts_are_isolated",
            accounts_are_isolated,
            "a second account cannot read, change or delete",
        ),
        Scenario(
            "rate_limit_is_503",
            rate_limit_is_503,
            "over the hourly limit: 503 Rate Limit Exceeded + Retry-After",
        ),
    ),
)
