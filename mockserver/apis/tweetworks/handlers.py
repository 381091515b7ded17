"""Tweetworks' operation handlers: one object, methods named by operationId."""

from __future__ import annotations

from mockserver.apis.tweetworks.groups import GroupHandlers
from mockserver.apis.tweetworks.posts import PostHandlers
from mockserver.apis.tweetworks.users import UserHandlers


class Handlers(PostHandlers, GroupHandlers, UserHandlers):
    """Every operationId of spec/tweetworks.yaml."""
