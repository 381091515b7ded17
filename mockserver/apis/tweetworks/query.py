"""The keyword arguments Connexion passes Tweetworks' read handlers beside their own.

A handler that takes ``**kwargs`` gets every parameter of its operation that the
request carries or the spec defaults (pythonic names: `data[key]` is ``data_key``,
`beforeId` is ``before_id``), plus Connexion's security context (``token_info``, and
``user`` unless the handler names ``user`` itself). These types name what arrives.
"""

from __future__ import annotations

from typing import Any, TypedDict


class AnswerQuery(TypedDict, total=False):
    """Every read: the API key and how to wrap the answer (`script` is a flag)."""

    data_key: str | None
    jsonp: str | None
    script: str | None
    token_info: dict[str, Any]


class PageQuery(AnswerQuery, total=False):
    """A paged listing of groups or users."""

    page: int


class PostQuery(PageQuery, total=False):
    """A discussion listing: its page, id window and text filter."""

    before_id: int | None
    after_id: int | None
    q: str | None
