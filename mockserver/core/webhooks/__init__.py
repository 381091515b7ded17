"""Webhook delivery: signed HTTP POSTs sent in the background, bounded, retried, logged.

A handler calls :meth:`WebhookDispatcher.send` and returns at once; delivery runs in
per-target lanes under a shared concurrency bound, and every attempt is kept in the log
behind ``GET /__admin/webhooks``.
"""

from mockserver.core.webhooks.dispatcher import WebhookDispatcher
from mockserver.core.webhooks.policy import DeliveryPolicy
from mockserver.core.webhooks.records import Attempt, Delivery, DeliveryState, SignatureScheme
from mockserver.core.webhooks.targets import SelfCallRefusal, TargetGuard, is_loopback_url

__all__ = [
    "Attempt",
    "Delivery",
    "DeliveryPolicy",
    "DeliveryState",
    "SelfCallRefusal",
    "SignatureScheme",
    "TargetGuard",
    "WebhookDispatcher",
    "is_loopback_url",
]
