"""Connexion's security handlers, with their argument inspection done once.

Each request through Connexion's handlers asked, twice, whether the verification
function accepts ``request`` and ``required_scopes`` (a signature inspection each
time). The functions are fixed at start-up, so the answer is remembered per function.
"""

from __future__ import annotations

import typing as t

from connexion.security import (
    ApiKeySecurityHandler,
    BasicSecurityHandler,
    BearerSecurityHandler,
    OAuthSecurityHandler,
)
from connexion.utils import inspect_function_arguments

_ACCEPTS: dict[tuple[t.Callable[..., t.Any], str], bool] = {}


def accepts_keyword(func: t.Callable[..., t.Any], keyword: str) -> bool:
    """Whether ``func`` takes ``keyword`` (or ``**kwargs``), asked once per function."""
    key = (func, keyword)
    known = _ACCEPTS.get(key)
    if known is None:
        arguments, has_kwargs = inspect_function_arguments(func)
        known = _ACCEPTS[key] = has_kwargs or keyword in arguments
    return known


class _Remembering:
    @staticmethod
    def _accepts_kwarg(func: t.Callable[..., t.Any], keyword: str) -> bool:
        return accepts_keyword(func, keyword)


class PreparedBasic(_Remembering, BasicSecurityHandler):
    """HTTP basic."""


class PreparedBearer(_Remembering, BearerSecurityHandler):
    """HTTP bearer."""


class PreparedApiKey(_Remembering, ApiKeySecurityHandler):
    """API keys in a header, the query or a cookie."""


class PreparedOAuth(_Remembering, OAuthSecurityHandler):
    """OAuth 2."""


SECURITY_MAP: dict[str, type[t.Any]] = {
    "basic": PreparedBasic,
    "bearer": PreparedBearer,
    "apiKey": PreparedApiKey,
    "oauth2": PreparedOAuth,
}
"""``AsyncApp(security_map=...)``: every scheme type Connexion handles."""
