"""Conformance profile of Tweetworks: suffix formats, JSONP, the `data[...]` envelope.

Schemathesis validates XML and JSONP bodies against the same schemas as JSON (the
deserializers below), every generated request carries the API key (`data[key]`, in
the query of a GET and the form body of a POST; the demo key unless `--api-key` gives
the deployment's), every response is checked to be in the format its URL asked for,
and every successful GET to carry the same data as the same request in the other
suffix. The scenarios check what generated requests may miss: JSON and XML agree on
chosen records and pages, JSONP wraps exactly the JSON, hostile callbacks are never
reflected, posts thread and order as documented.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from functools import cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx
from schemathesis.core import NotSet

from conformance.observed import Observed
from conformance.profile import SPEC_DIR, Profile, Scenario, ScenarioContext
from conformance.scenarios import expect_error, expect_status
from conformance.target import current as current_target
from conformance.xmlshape import OpenApiDocument, parse, plain, xml_to_json
from contract import load_file

API_KEY = "tweetworks_demo_key"
KEY_FIELD = "data[key]"
FORM = "application/x-www-form-urlencoded"
REALM = 'Basic realm="Login please"'
HOSTILE_CALLBACKS = ("alert(1)//", "<script>alert(1)</script>", "a" * 10_000, "x;y", "1abc")
_SCRIPT = re.compile(r'<script type="text/javascript">(.*)</script>', re.DOTALL)
_CALL = re.compile(r"([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\((.*)\);?", re.DOTALL)
_SUFFIX_MEDIA = {".xml": "application/xml", ".json": "application/json"}


@cache
def document() -> OpenApiDocument:
    return OpenApiDocument(load_file(SPEC_DIR / "tweetworks.yaml"))


def suffix_media_type(url: str) -> str:
    """The media type a URL's suffix asks for (no or another suffix: JSON errors)."""
    return _SUFFIX_MEDIA.get(PurePosixPath(urlsplit(url).path).suffix, "application/json")


# -- error container ----------------------------------------------------------------


def check_error_body(response: Observed) -> None:
    """`{"error":{"text":...}}`, or `<error><text><![CDATA[...]]></text></error>`, in the
    format the URL's suffix asked for (never JSONP-wrapped); 401s carry the realm."""
    expected = suffix_media_type(response.url)
    if response.media_type != expected:
        raise AssertionError(
            f"{response.status} error to {urlsplit(response.url).path} is "
            f"{response.media_type or 'untyped'}, expected {expected}"
        )
    if expected == "application/xml":
        _check_xml_error(response)
    else:
        body = response.json()
        error = body.get("error") if isinstance(body, dict) else None
        if set(body) != {"error"} or not isinstance(error, dict) or set(error) != {"text"}:
            raise AssertionError(f"{response.status} error is not the container: {body!r:.200}")
        if not isinstance(error["text"], str) or not error["text"]:
            raise AssertionError(f"{response.status} error text is empty")
    if response.status == 401 and response.headers.get("www-authenticate") != REALM:
        raise AssertionError(
            f"401 WWW-Authenticate is {response.headers.get('www-authenticate')!r}, "
            f"expected {REALM!r}"
        )


def _check_xml_error(response: Observed) -> None:
    root = parse(response.content)
    children = list(root)
    if root.tag != "error" or [c.tag for c in children] != ["text"]:
        raise AssertionError(
            f"{response.status} XML error is not <error><text>: {response.content[:200]!r}"
        )
    if not children[0].text:
        raise AssertionError(f"{response.status} XML error text is empty")
    if b"<text><![CDATA[" not in response.content:
        raise AssertionError(f"{response.status} XML error text is not CDATA")


# -- Schemathesis: auth, API key, deserializers, checks --------------------------------


def login(_client: httpx.Client, username: str, password: str) -> dict[str, str]:
    """Tweetworks has no login flow: every request carries Basic credentials."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def inject_api_key(_context: Any, case: Any) -> None:
    """Every request carries the key: valid requests get the key in force; invalid ones
    keep whatever (invalid) value Schemathesis chose for it."""
    meta = getattr(case, "meta", None)
    positive = meta is None or meta.generation.mode.is_positive
    key = current_target().api_key or ""
    if case.method.upper() == "GET":
        query = dict(case.query or {})
        if positive or KEY_FIELD not in query:
            query[KEY_FIELD] = key
        case.query = query
    elif isinstance(case.body, dict) and (positive or KEY_FIELD not in case.body):
        case.body = {**case.body, KEY_FIELD: key}
    elif positive and (case.body is None or isinstance(case.body, NotSet)):
        case.body = {KEY_FIELD: key}  # an optional form body left out: the key alone
        case.media_type = FORM


def unwrap_jsonp(text: str) -> tuple[str | None, bool, str]:
    """(callback, wrapped in a script tag, JSON text) of a JSONP or script body; the
    callback is None for JSON wrapped in a script tag alone (`script` without `jsonp`)."""
    script = _SCRIPT.fullmatch(text.strip())
    inner = (script.group(1) if script else text).strip()
    call = _CALL.fullmatch(inner)
    if call is None:
        if script is not None and inner.startswith(("{", "[")):
            return None, True, inner
        raise ValueError(f"not a JSONP callback call: {text[:120]!r}")
    return call.group(1), script is not None, call.group(2)


def _requested_callback(ctx: Any) -> str | None:
    case = getattr(ctx, "case", None)
    query = getattr(case, "query", None) or {}
    value = query.get("jsonp")
    return value if isinstance(value, str) else None


def deserialize_jsonp(ctx: Any, response: Any) -> Any:
    callback, _, payload = unwrap_jsonp(response.content.decode("utf-8"))
    requested = _requested_callback(ctx)
    if requested is not None and callback != requested:
        raise ValueError(f"JSONP calls {callback!r}, the request asked for {requested!r}")
    return json.loads(payload)


def deserialize_xml(ctx: Any, response: Any) -> Any:
    operation = ctx.operation
    schema = document().response_schema(
        operation.path, operation.method, response.status_code, "application/xml"
    )
    if schema is None:
        return plain(parse(response.content))
    return xml_to_json(response.content, schema, document())


def format_honoured(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every answer is in the format the URL asked for; a `.json` success with `jsonp`
    is the callback call, and with `script` it is wrapped in a script tag (`text/html`;
    the JSON itself without `jsonp`)."""
    status = response.status_code
    media_type = (response.headers.get("content-type") or [""])[0].split(";")[0].strip()
    url = str(response.request.url)
    expected = suffix_media_type(url)
    query = case.query or {}
    callback = query.get("jsonp")
    if status < 300 and expected == "application/json":
        if "script" in query:
            expected = "text/html"
        elif isinstance(callback, str):
            expected = "application/javascript"
    if status < 500 and media_type != expected:
        raise AssertionError(
            f"{status} to {urlsplit(url).path} is {media_type!r}, expected {expected!r}"
        )
    return None


_OTHER_SUFFIX = {".json": ".xml", ".xml": ".json"}
_NOT_FORWARDED = frozenset({"host", "content-length", "accept-encoding", "connection"})


def other_form(url: str) -> str | None:
    """The same URL with the other suffix (`.json` <-> `.xml`); None without one."""
    parts = urlsplit(url)
    path = PurePosixPath(parts.path)
    other = _OTHER_SUFFIX.get(path.suffix)
    if other is None:
        return None
    return parts._replace(path=parts.path[: -len(path.suffix)] + other).geturl()


def formats_agree_on_every_get(ctx: Any, response: Any, case: Any) -> bool | None:
    """A successful GET in `.json` or `.xml` carries the same data as the same request
    in the other suffix (fetched with the same query and headers)."""
    request = response.request
    url = str(request.url)
    other_url = other_form(url)
    if str(request.method).upper() != "GET" or response.status_code != 200:
        return None
    if other_url is None or "jsonp" in (case.query or {}):
        return None  # a JSONP body is checked by format_honoured and the scenarios
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _NOT_FORWARDED}
    other = httpx.get(other_url, headers=headers, timeout=10.0)
    if other.status_code != 200:
        raise AssertionError(f"GET {url} is 200, its other form {other_url} {other.status_code}")
    bodies = (response.content, other.content)
    as_json, as_xml = bodies if suffix_media_type(url) == "application/json" else bodies[::-1]
    try:
        json_text = as_json.decode("utf-8")
        if "script" in (case.query or {}):  # the JSON inside its script tag
            json_text = unwrap_jsonp(json_text)[2]
        same = _xml_data(as_xml, case.operation.path) == json.loads(json_text)
    except ValueError as error:  # not well-formed, or not the schema's shape
        raise AssertionError(f"GET {url} or {other_url} is not its format: {error}") from error
    if not same:
        raise AssertionError(f"GET {urlsplit(url).path} carries other data than {other_url}")
    return None


def _xml_data(content: bytes, template: str) -> Any:
    """An XML success body as the JSON document it must equal (by the spec's schema)."""
    schema = document().response_schema(template, "get", 200, "application/xml")
    assert schema is not None, template
    return xml_to_json(content, schema, document())


# -- scenarios ----------------------------------------------------------------------


def _get(ctx: ScenarioContext, path: str, **params: Any) -> httpx.Response:
    return ctx.client.get(path, params={KEY_FIELD: ctx.api_key, **params})


def _post(ctx: ScenarioContext, path: str, fields: dict[str, str]) -> httpx.Response:
    return ctx.client.post(path, data={KEY_FIELD: ctx.api_key, **fields})


def _xml_as_json(response: httpx.Response, template: str) -> Any:
    return _xml_data(response.content, template)


def _first(ctx: ScenarioContext, path: str, container: str) -> dict[str, Any]:
    response = _get(ctx, path)
    expect_status(response, 200)
    items = response.json()[container]
    if not items:
        raise AssertionError(f"GET {path}: nothing to check against (empty {container})")
    return items[0]  # type: ignore[no-any-return]


def formats_agree(ctx: ScenarioContext) -> None:
    """The `.json` and `.xml` answers of the same request carry the same data."""
    post = _first(ctx, "posts/index/newest.json", "posts")
    group = _first(ctx, "groups/index.json", "groups")
    user = _first(ctx, "users/index.json", "users")
    login_user = _first(ctx, "users/login.json", "users")["username"]
    cases = {
        "/posts/index.{format}": ("posts/index", {"page": 2}),
        "/posts/index/{order}.{format}": ("posts/index/updated", {}),
        "/posts/view/{id}.{format}": (f"posts/view/{post['id']}", {}),
        "/posts/contributed/{username}/{order}.{format}": (
            f"posts/contributed/{login_user}/newest",
            {},
        ),
        "/groups/index.{format}": ("groups/index", {}),
        "/groups/view/{idOrName}.{format}": (f"groups/view/{group['id']}", {}),
        "/groups/search.{format}": ("groups/search", {"data[query]": group["name"][:3]}),
        "/users/index.{format}": ("users/index", {"page": 2}),
        "/users/view/{idOrUsername}.{format}": (f"users/view/{user['username']}", {}),
        "/users/search.{format}": ("users/search", {"data[query]": user["username"][:2]}),
        "/users/login.{format}": ("users/login", {}),
    }
    for template, (path, params) in cases.items():
        as_json = _get(ctx, f"{path}.json", **params)
        as_xml = _get(ctx, f"{path}.xml", **params)
        expect_status(as_json, 200)
        expect_status(as_xml, 200)
        if _xml_as_json(as_xml, template) != as_json.json():
            raise AssertionError(f"GET {path}: the .xml and .json answers differ")
    ctx.note(f"{len(cases)} requests compared")


def jsonp_wraps_the_json(ctx: ScenarioContext) -> None:
    """`jsonp` wraps exactly the JSON document; `script` adds the script tag, with or
    without `jsonp`."""
    plain = _get(ctx, "posts/index/newest.json")
    expect_status(plain, 200)
    wrapped = _get(ctx, "posts/index/newest.json", jsonp="My.callback")
    expect_status(wrapped, 200)
    if wrapped.headers.get("content-type", "").split(";")[0] != "application/javascript":
        raise AssertionError(f"jsonp answer is {wrapped.headers.get('content-type')!r}")
    callback, in_script, payload = unwrap_jsonp(wrapped.text)
    if callback != "My.callback" or in_script or json.loads(payload) != plain.json():
        raise AssertionError("jsonp answer is not My.callback(<the .json document>);")
    tagged = _get(ctx, "posts/index/newest.json", jsonp="My.callback", script="")
    expect_status(tagged, 200)
    if tagged.headers.get("content-type", "").split(";")[0] != "text/html":
        raise AssertionError(f"script answer is {tagged.headers.get('content-type')!r}")
    callback, in_script, payload = unwrap_jsonp(tagged.text)
    if not in_script or json.loads(payload) != plain.json():
        raise AssertionError("script answer is not <script>My.callback(...);</script>")
    alone = _get(ctx, "posts/index/newest.json", script="")
    expect_status(alone, 200)
    if alone.headers.get("content-type", "").split(";")[0] != "text/html":
        raise AssertionError(f"script alone answers {alone.headers.get('content-type')!r}")
    callback, in_script, payload = unwrap_jsonp(alone.text)
    if callback is not None or not in_script or json.loads(payload) != plain.json():
        raise AssertionError("script alone is not the .json document in a script tag")


def hostile_callbacks_refused(ctx: ScenarioContext) -> None:
    """A callback that is not a dotted identifier is a 400 container, never reflected."""
    for callback in HOSTILE_CALLBACKS:
        for suffix in ("json", "xml"):
            response = _get(ctx, f"posts/index/newest.{suffix}", jsonp=callback, script="")
            expect_error(ctx, response, 400)
            if callback[:40].encode() in response.content:
                raise AssertionError(f"the refused callback {callback[:40]!r} is reflected")


def posts_thread_and_order(ctx: ScenarioContext) -> None:
    """A new discussion leads `newest`; a reply makes it lead `updated`, is threaded
    under it, counts in `replies`, and `]]>`/CR survive XML."""
    marker = f"conformance {secrets.token_hex(4)}"
    body = f"{marker} ]]> with\r\na CR"
    made = _post(ctx, "posts/add.xml", {"data[Post][body]": body, "data[Post][sendToTwitter]": "1"})
    expect_status(made, 200)
    post = _xml_as_json(made, "/posts/view/{id}.{format}")["posts"][0]
    if post["body"] != body or post["parent_id"] is not None or post["twitter_id"] is None:
        raise AssertionError(f"posts/add.xml answered {post!r:.300}")
    newest = _first(ctx, "posts/index/newest.json", "posts")
    if newest["id"] != post["id"]:
        raise AssertionError(f"the new discussion {post['id']} does not lead posts/index/newest")
    older = _get(ctx, "posts/index/newest.json", beforeId=post["id"]).json()["posts"]
    reply = _post(
        ctx,
        "posts/add.json",
        {"data[Post][body]": "a reply", "data[Post][parentId]": str(older[0]["id"])},
    )
    expect_status(reply, 200)
    reply_post = reply.json()["posts"][0]
    if reply_post["parent_id"] != older[0]["id"]:
        raise AssertionError("the reply does not name its parent")
    updated = _first(ctx, "posts/index/updated.json", "posts")
    if updated["id"] != older[0]["id"]:
        raise AssertionError("the discussion just replied to does not lead posts/index/updated")
    thread = _get(ctx, f"posts/view/{reply_post['id']}.json").json()["posts"]
    if thread[0]["id"] != older[0]["id"] or reply_post["id"] not in [p["id"] for p in thread]:
        raise AssertionError("posts/view of a reply is not its whole discussion")
    if thread[0]["replies"] != len(thread) - 1:
        raise AssertionError(f"replies is {thread[0]['replies']}, the thread has {len(thread) - 1}")
    found = _get(ctx, "posts/index/newest.json", q=marker.upper()).json()["posts"]
    if [p["id"] for p in found] != [post["id"]]:
        raise AssertionError("q does not find the new discussion (case-insensitively)")


def reply_counts_match_threads(ctx: ScenarioContext) -> None:
    """Each discussion's `replies` on the first page is the number of posts under it
    that its thread (`posts/view`) holds."""
    discussions = _get(ctx, "posts/index/updated.json").json()["posts"]
    checked = 0
    for discussion in discussions[:10]:
        thread = _get(ctx, f"posts/view/{discussion['id']}.json")
        expect_status(thread, 200)
        posts = thread.json()["posts"]
        if discussion["replies"] != len(posts) - 1:
            raise AssertionError(
                f"discussion {discussion['id']} says replies {discussion['replies']}, its "
                f"thread holds {len(posts) - 1}"
            )
        checked += 1
    ctx.note(f"{checked} discussions")


def pages_do_not_overlap(ctx: ScenarioContext) -> None:
    """20 posts or 30 groups/users a page; pages never overlap; afterId/beforeId cut."""
    for path, container, size in (
        ("posts/index/newest.json", "posts", 20),
        ("groups/index.json", "groups", 30),
        ("users/index.json", "users", 30),
    ):
        first = _get(ctx, path, page=1).json()[container]
        second = _get(ctx, path, page=2).json()[container]
        if len(first) != size and second:
            raise AssertionError(f"{path}: page 1 has {len(first)} items, expected {size}")
        if {i["id"] for i in first} & {i["id"] for i in second}:
            raise AssertionError(f"{path}: pages 1 and 2 overlap")
        expect_status(_get(ctx, path, page=0), 400)
    posts = _get(ctx, "posts/index/newest.json").json()["posts"]
    high, low = posts[2]["id"], posts[6]["id"]
    between = _get(ctx, "posts/index/newest.json", beforeId=high, afterId=low).json()["posts"]
    if any(not low < p["id"] < high for p in between):
        raise AssertionError("beforeId+afterId kept a post outside the window")


def credentials_required(ctx: ScenarioContext) -> None:
    """No API key, or no Basic credentials where required: 401 with the realm."""
    expect_error(ctx, ctx.anonymous.get("posts/index.json"), 401)
    expect_error(ctx, ctx.anonymous.get("posts/index.xml", params={KEY_FIELD: "wrong"}), 401)
    expect_error(ctx, ctx.anonymous.get("users/login.xml", params={KEY_FIELD: ctx.api_key}), 401)
    expect_error(ctx, ctx.client.post("posts/add.json", data={"data[Post][body]": "x"}), 401)


def unknown_suffix_is_404(ctx: ScenarioContext) -> None:
    expect_error(ctx, _get(ctx, "posts/index.yaml"), 404)
    expect_error(ctx, _get(ctx, "posts/view/999999999.xml"), 404)


PROFILE = Profile(
    name="tweetworks",
    spec_file="tweetworks.yaml",
    check_error_body=check_error_body,
    default_credentials=("demo", "demo-password"),
    default_api_key=API_KEY,
    schemathesis_config="tweetworks.toml",
    login=login,
    deserializers={
        "application/xml": deserialize_xml,
        "application/javascript": deserialize_jsonp,
        "text/html": deserialize_jsonp,
    },
    before_call=inject_api_key,
    checks=(format_honoured, formats_agree_on_every_get),
    scenarios=(
        Scenario("formats_agree", formats_agree, ".json and .xml carry the same data"),
        Scenario("jsonp_wraps_the_json", jsonp_wraps_the_json, "jsonp/script wrap the JSON"),
        Scenario(
            "hostile_callbacks_refused",
            hostile_callbacks_refused,
            "a hostile jsonp is a 400 container, never reflected",
        ),
        Scenario("posts_thread_and_order", posts_thread_and_order, "threads, order, CDATA"),
        Scenario("pages_do_not_overlap", pages_do_not_overlap, "page sizes and id windows"),
        Scenario(
            "reply_counts_match_threads",
            reply_counts_match_threads,
            "replies counts what each thread holds",
        ),
        Scenario("credentials_required", credentials_required, "API key and Basic: 401"),
        Scenario("unknown_suffix_is_404", unknown_suffix_is_404, "unknown suffix or id: 404"),
    ),
)
