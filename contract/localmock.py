"""How a client recognises the local Understudy mock, the one target where the demo
credentials are defaults: ``GET <origin>/__admin/health`` answers ``{"server":
"understudy", "apis": {<api>: {"mount": <path>}}}``. The gate and the load suites both
ask; the mock serves the answer. No HTTP here: each caller sends the request its way."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

HEALTH_PATH = "/__admin/health"
SIGNATURE = "understudy"
"""The health answer's ``server`` field."""


def health_url(url: str) -> str:
    """The health endpoint at the origin of an API's base ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{HEALTH_PATH}"


def serves(status: int, body: str | bytes, api: str, url: str) -> bool:
    """Whether a health answer (``status``, ``body``) is the local mock serving ``api``
    at ``url``'s path."""
    if status != 200:
        return False
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(answer, dict) or answer.get("server") != SIGNATURE:
        return False
    apis = answer.get("apis")
    mounted = apis.get(api) if isinstance(apis, dict) else None
    if not isinstance(mounted, dict):
        return False
    return str(mounted.get("mount", "")).rstrip("/") == urlsplit(url).path.rstrip("/")
