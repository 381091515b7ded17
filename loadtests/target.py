"""Whose credentials a run uses: the suite's demo ones only against the local Understudy
mock serving the API at the URL (``contract.localmock``); any other target needs the
deployment's (``--credentials`` or ``--auth-header``)."""

from __future__ import annotations

import httpx

from contract import localmock

HEALTH_TIMEOUT = 5.0


def is_local_mock(url: str, api: str) -> bool:
    """Whether ``url`` is the local mock serving ``api`` there (False when it cannot say)."""
    try:
        response = httpx.get(localmock.health_url(url), timeout=HEALTH_TIMEOUT)
    except httpx.HTTPError:
        return False
    return localmock.serves(response.status_code, response.content, api, url)


def demo_refusal(url: str, api: str) -> str:
    """'' when the demo credentials may be used at ``url``, else the one line saying why not
    and what to give instead."""
    if is_local_mock(url, api):
        return ""
    return (
        f"{url} is not the local Understudy mock serving {api}, so the demo credentials do "
        "not apply: give the deployment's with --credentials or --auth-header"
    )
