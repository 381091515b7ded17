"""The request path, prepared once per operation at start-up.

Connexion 3 rebuilds parts of its pipeline on every request: the handler's decorator
chain (with three signature inspections), the URI parser, the parameter validator and
a JSON Schema validator per parameter, and a Swagger UI routing pass in front of every
request. Connexion lets an app choose its middlewares and its operation classes; these
modules keep Connexion's behaviour and build each of those things once.
"""

from mockserver.core.prepared.docs import DocsPathsOnly
from mockserver.core.prepared.handlers import PreparedASGIApp
from mockserver.core.prepared.jsonbody import FastJsonifier
from mockserver.core.prepared.lane import ExpressLane, LaneSettings
from mockserver.core.prepared.security import SECURITY_MAP
from mockserver.core.prepared.stack import middlewares
from mockserver.core.prepared.validation import PreparedRequestValidation

__all__ = [
    "SECURITY_MAP",
    "DocsPathsOnly",
    "ExpressLane",
    "FastJsonifier",
    "LaneSettings",
    "PreparedASGIApp",
    "PreparedRequestValidation",
    "middlewares",
]
