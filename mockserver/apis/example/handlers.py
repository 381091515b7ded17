"""The Example API's operation handlers: one object, methods named by operationId."""

from __future__ import annotations

from mockserver.apis.example.accounts import AccountHandlers
from mockserver.apis.example.organizations import OrganizationHandlers
from mockserver.apis.example.resources import ResourceHandlers
from mockserver.apis.example.webhooks import WebhookHandlers


class Handlers(ResourceHandlers, AccountHandlers, OrganizationHandlers, WebhookHandlers):
    """Every operationId of spec/example.yaml."""
