"""TW's operation handlers: one object, methods named by operationId."""

from __future__ import annotations

from mockserver.apis.tw.batch_handlers import BatchHandlers
from mockserver.apis.tw.datasets import DatasetHandlers
from mockserver.apis.tw.integrations import IntegrationHandlers
from mockserver.apis.tw.policies import PolicyHandlers
from mockserver.apis.tw.rows import RowHandlers
from mockserver.apis.tw.webhooks import WebhookHandlers


class Handlers(
    DatasetHandlers,
    RowHandlers,
    PolicyHandlers,
    IntegrationHandlers,
    WebhookHandlers,
    BatchHandlers,
):
    """Every operationId of spec/tw.yaml."""
