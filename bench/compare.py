"""Three servers, same requests, same run: the mock, the bare Starlette baseline serving
the mock's recorded answers, and Prism 5 (`prism mock -v error`) on the same spec.

Each API's three servers run at once, pinned to the server core; each case is driven by
wrk on the load core against each server in turn, after one probe request per server
(the probe's status is shown; a server whose probe is not 2xx is not loaded, and every
non-2xx answer under load is counted and flagged).

Prism serves an OpenAPI 3 document's operations without the path of its ``servers``
URL (its FAQ: the OAS2 ``basePath`` became part of ``servers[].url``, and Prism mocks
``paths`` at its own root), so ``https://api.example.com/v1`` + ``/resources`` is
``/resources`` on Prism and ``/v1/resources`` on the mock served alone. Prism checks
only that a credential of the operation's security scheme is present: it gets the same
``Authorization`` header as the mock.
"""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

import contract
from bench.baseline import recorded
from bench.common import (
    ROOT,
    Load,
    free_port,
    pin_to_server_core,
    python,
    start_server,
    stop,
    wait_until_up,
    wrk,
)

PRISM = ROOT / "bench" / ".tools" / "node_modules" / ".bin" / "prism"
RAISED = "1000000000/60s"
SERVERS = ("baseline", "mock", "prism")


@dataclass(frozen=True)
class Case:
    """One request, as sent to every server (``path`` is under the spec's paths)."""

    api: str
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    method: str = "GET"


@dataclass
class Row:
    """A case's figures per server (None: not loaded) and why a server was not."""

    case: Case
    loads: dict[str, Load | None]
    notes: list[str]
    answers: dict[str, str] = field(default_factory=dict)

    def same_kind(self, server: str) -> bool:
        """Whether ``server`` answered with the mock's status and media type."""
        ours, theirs = self.answers.get("mock"), self.answers.get(server)
        return ours is None or theirs is None or ours.split(", ")[0] == theirs.split(", ")[0]

    def as_json(self) -> dict[str, Any]:
        return {
            "api": self.case.api,
            "case": self.case.name,
            "request": f"{self.case.method} {self.case.path}",
            **{k: (v.as_json() if v else None) for k, v in self.loads.items()},
            "answers": self.answers,
            "notes": self.notes,
        }


def raised_limits(api: str) -> list[str]:
    """``--rate-limit`` flags lifting every documented plan limit of ``api`` out of the way."""
    facts = contract.limits(api)
    if facts is None:
        return []
    flags = []
    for plan, limit in facts.plans.items():
        if limit is not None:
            flags += ["--rate-limit", f"{api}.{plan}={RAISED}"]
    return flags


def spec_base_path(api: str) -> str:
    """The path of the spec's first server URL ('' for a host root)."""
    spec = contract.load(api)
    return urlsplit(spec["servers"][0]["url"]).path.rstrip("/")


@dataclass
class Trio:
    """One API's three servers: origins with the prefix its operations live at."""

    mock: str
    prism: str | None
    processes: list[subprocess.Popen[Any]]
    baseline: str | None = None

    def url(self, server: str, path: str) -> str | None:
        origin = getattr(self, server)
        return None if origin is None else origin + path


def mock_command(api: str, port: int, seeded: list[str] | None = None) -> list[str]:
    flags = ["--api", api, "--port", str(port), *raised_limits(api)]
    if seeded is not None:
        return python("-m", "bench.seeded", *seeded, "--", *flags)
    return python("-m", "understudy", "mock", *flags)


@dataclass
class Launched:
    """A mock (and its Prism) starting on any core; :meth:`ready` waits and pins them."""

    api: str
    mock: subprocess.Popen[Any]
    port: int
    prism: subprocess.Popen[Any] | None = None
    prism_port: int = 0

    def ready(self, timeout: float = 300) -> Trio:
        origin = f"http://127.0.0.1:{self.port}"
        wait_until_up(f"{origin}/__admin/health", timeout=timeout, process=self.mock)
        processes = [self.mock]
        prism_origin = None
        if self.prism is not None:
            prism_origin = f"http://127.0.0.1:{self.prism_port}"
            wait_until_up(prism_origin + "/", timeout=timeout, process=self.prism)
            processes.append(self.prism)
        for process in processes:
            pin_to_server_core(process)
        return Trio(origin + spec_base_path(self.api), prism_origin, processes)


def launch(
    api: str,
    started: list[subprocess.Popen[Any]],
    seeded: list[str] | None = None,
    with_prism: bool = True,
) -> Launched:
    """Start the mock of ``api`` (and Prism on its spec) without waiting: several APIs
    start at once on both cores, then are pinned to the server core once up."""
    port = free_port()
    made = Launched(api, start_server(started, mock_command(api, port, seeded), pin=False), port)
    if with_prism and PRISM.exists():
        made.prism_port = free_port()
        spec = str(contract.spec_path(api))
        prism = [str(PRISM), "mock", "-v", "error", "-h", "127.0.0.1", "-p", str(made.prism_port)]
        made.prism = start_server(started, [*prism, spec], pin=False)
    return made


def start_baseline(
    started: list[subprocess.Popen[Any]], trio: Trio, cases: list[Case], scratch: Path
) -> None:
    """The baseline serving the mock's answer to each case, recorded now."""
    routes = []
    with httpx.Client(timeout=60) as client:
        for case in cases:
            answer = client.request(
                case.method,
                trio.mock + case.path,
                headers=case.headers,
                content=case.body.encode() if case.body is not None else None,
            )
            routes.append(recorded(case.method, urlsplit(trio.mock + case.path).path, answer))
    table = scratch / "routes.json"
    table.write_text(json.dumps(routes))
    port = free_port()
    command = python(str(ROOT / "bench" / "baseline.py"), str(table), str(port))
    process = start_server(started, command)
    trio.processes.append(process)
    wait_until_up(f"http://127.0.0.1:{port}/", process=process)
    trio.baseline = f"http://127.0.0.1:{port}" + urlsplit(trio.mock).path


def probe(url: str, case: Case) -> httpx.Response:
    return httpx.request(
        case.method,
        url,
        headers=case.headers,
        content=case.body.encode() if case.body is not None else None,
        timeout=60,
    )


def answer_shape(response: httpx.Response) -> str:
    kind = response.headers.get("content-type", "no content-type").split(";")[0]
    return f"{response.status_code} {kind}, {len(response.content):,} B"


def differences(shapes: dict[str, str]) -> list[str]:
    """Notes on answers unlike the mock's: another status or type, or a size off by 2x+."""
    ours = shapes.get("mock")
    if ours is None:
        return []
    head, size = ours.split(", ")[0], int(ours.split(", ")[1].split()[0].replace(",", ""))
    notes = []
    for server, shape in shapes.items():
        their_head, their = shape.split(", ")[0], shape.split(", ")[1]
        their_size = int(their.split()[0].replace(",", ""))
        if their_head != head or not size / 2 <= their_size <= size * 2:
            notes.append(f"{server} answers {shape} (mock: {ours})")
    return notes


def measure(trio: Trio, case: Case, seconds: float, connections: int) -> Row:
    """``case`` against each server: a probe, then wrk when the probe was 2xx. A note
    says where a server's answer differs in status or type from the mock's."""
    loads: dict[str, Load | None] = {}
    notes: list[str] = []
    shapes: dict[str, str] = {}
    for server in SERVERS:
        url = trio.url(server, case.path)
        if url is None:
            loads[server] = None
            notes.append(f"{server}: not running")
            continue
        answer = probe(url, case)
        shapes[server] = answer_shape(answer)
        if not answer.is_success:
            loads[server] = None
            notes.append(f"{server}: answers {shapes[server]}, not loaded")
            continue
        loads[server] = wrk(url, seconds, connections, case.headers, case.body, case.method)
    notes += differences(shapes)
    return Row(case, loads, notes, shapes)


# --- The cases: one function per API, each preparing its state over HTTP on the mock.


def example_cases(trio: Trio) -> list[Case]:
    login = httpx.post(
        f"{trio.mock}/auth/login",
        json={"email": "enterprise@example.com", "password": "demo-password"},
        timeout=30,
    )
    login.raise_for_status()
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
    listing = httpx.get(f"{trio.mock}/resources", headers=auth, timeout=30).json()
    item = listing["data"][0]["id"]
    new = json.dumps({"name": "Bench resource", "type": "standard"})
    return [
        Case("example", f"GET list ({len(listing['data'])} items)", "/resources", auth),
        Case("example", "GET item", f"/resources/{item}", auth),
        Case(
            "example",
            "POST create",
            "/resources",
            {**auth, "Content-Type": "application/json"},
            new,
            "POST",
        ),
    ]


TW_QUERY = {
    "select": ["id", "email", "name"],
    "where": {"created_at": {"gte": "2024-06-01"}},
    "orderBy": {"created_at": "desc"},
    "limit": 100,
}


def tw_cases(trio: Trio, rows: int) -> list[Case]:
    from bench.seeded import TW_DATASET
    from bench.tw_rows import KEY

    auth = {"Authorization": f"Bearer {KEY}"}
    listing = httpx.get(f"{trio.mock}/datasets", headers=auth, timeout=30).json()["data"]
    dataset = next(d["id"] for d in listing if d["name"] == TW_DATASET)
    return [
        Case(
            "tw",
            f"row query, {rows:,} rows (gte timestamp, orderBy desc, limit 100)",
            f"/datasets/{dataset}/rows/query",
            {**auth, "Content-Type": "application/json"},
            json.dumps(TW_QUERY),
            "POST",
        )
    ]


def wrgl_cases(trio: Trio, rows: int) -> list[Case]:
    from bench.wrgl_ingest import API_KEY, RANGE_SIZE, make_csv

    auth = {"Authorization": f"APIKEY {API_KEY}"}
    data = make_csv(rows)
    made = httpx.post(
        f"{trio.mock}/commits",
        headers=auth,
        data={"repoName": "bench", "message": "bench", "csv.primaryKey": "product_id,year"},
        files={"csv.dataFile": ("data.csv.gz", gzip.compress(data, mtime=0), "application/gzip")},
        timeout=120,
    )
    made.raise_for_status()
    first = len(data) // 3
    ranged = {**auth, "Range": f"bytes={first}-{first + RANGE_SIZE - 1}"}
    path = f"/repos/bench/commits/{made.json()['hash']}/csv"
    return [Case("wrgl", f"ranged download (64 KiB of {len(data) / 1e6:.1f} MB)", path, ranged)]


def teamworklive_cases(_: Trio) -> list[Case]:
    token = base64.b64encode(b"demo@teamworklive.test:twl_demo_key").decode()
    auth = {"Authorization": f"Basic {token}"}
    return [Case("teamworklive", "GET projects.xml (list)", "/projects.xml", auth)]


def tweetworks_cases(_: Trio) -> list[Case]:
    return [
        Case(
            "tweetworks",
            "GET posts/index.json?jsonp= (JSONP list)",
            "/posts/index.json?data%5Bkey%5D=tweetworks_demo_key&jsonp=bench.cb",
        )
    ]


@dataclass(frozen=True)
class Plan:
    """One API's part of the run: how to serve its mock and which cases to send."""

    api: str
    cases: Callable[[Trio], list[Case]]
    seeded: list[str] | None = None


def plans(tw_rows: int, wrgl_rows: int) -> list[Plan]:
    return [
        Plan("example", example_cases),
        Plan("tw", lambda trio: tw_cases(trio, tw_rows), ["--tw-rows", str(tw_rows)]),
        Plan("wrgl", lambda trio: wrgl_cases(trio, wrgl_rows)),
        Plan("teamworklive", teamworklive_cases),
        Plan("tweetworks", tweetworks_cases),
    ]


def run_plan(
    plan: Plan,
    trio: Trio,
    started: list[subprocess.Popen[Any]],
    seconds: float,
    connections: int,
    echo: Callable[[Row], None],
) -> list[Row]:
    """Every case of one API against its three servers; those servers stopped after."""
    rows = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            cases = plan.cases(trio)
            start_baseline(started, trio, cases, Path(scratch))
            for case in cases:
                row = measure(trio, case, seconds, connections)
                echo(row)
                rows.append(row)
    finally:
        stop(trio.processes)
    return rows
