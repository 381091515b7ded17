"""The Tweetworks API (seed: tweetworks.txt): 2009-era discussions in XML, JSON and JSONP."""

from __future__ import annotations

from mockserver.apis.tweetworks.admin import membership_routes
from mockserver.apis.tweetworks.auth import TweetworksAuthenticator
from mockserver.apis.tweetworks.errors import TWEETWORKS_ERRORS
from mockserver.apis.tweetworks.handlers import Handlers
from mockserver.apis.tweetworks.seed import (
    API_KEY,
    DEMO,
    DEMO_PASSWORD,
    OTHER,
    OTHER_PASSWORD,
    seed,
)
from mockserver.core.formats import Format, JsonpQuery
from mockserver.core.responses import WithoutFormatParam
from mockserver.core.runtime import ApiDefinition, Credential

MAX_BODY_BYTES = 64 * 1024

DEFINITION = ApiDefinition(
    name="tweetworks",
    title="Tweetworks",
    spec_file="tweetworks.yaml",
    prefix="/tweetworks",
    base_path="/",
    errors=TWEETWORKS_ERRORS,
    build_state=seed,
    build_handlers=lambda runtime: WithoutFormatParam(Handlers(runtime)),
    build_authenticator=TweetworksAuthenticator,
    format_from_suffix=True,
    jsonp=JsonpQuery(callback="jsonp", script="script"),
    default_format=Format.JSON,
    max_body_bytes=MAX_BODY_BYTES,
    admin_routes=membership_routes,
    credentials=(
        Credential(f"data[key]={API_KEY} (form body on POST, query on GET)", "the API key"),
        Credential(f"Basic {DEMO} / {DEMO_PASSWORD}", "user demo, free plan"),
        Credential(f"Basic {OTHER} / {OTHER_PASSWORD}", "user other, pro plan (private groups)"),
    ),
)
