"""The WRGL API (seed: wrgl.txt): repositories of versioned, gzipped CSV tables."""

from __future__ import annotations

from mockserver.apis.wrgl.admin import key_routes
from mockserver.apis.wrgl.auth import WrglAuthenticator
from mockserver.apis.wrgl.errors import WRGL_ERRORS
from mockserver.apis.wrgl.handlers import Handlers
from mockserver.apis.wrgl.limits import DEFAULT_LIMITS
from mockserver.apis.wrgl.seed import DEMO_KEY, OTHER_KEY, seed
from mockserver.core.runtime import ApiDefinition, Credential

DEFINITION = ApiDefinition(
    name="wrgl",
    title="WRGL",
    spec_file="wrgl.yaml",
    prefix="/wrgl",
    base_path="/",
    errors=WRGL_ERRORS,
    build_state=seed,
    build_handlers=Handlers,
    build_authenticator=WrglAuthenticator,
    max_body_bytes=DEFAULT_LIMITS.max_body_bytes,
    credentials=(
        Credential(f"Authorization: APIKEY {DEMO_KEY}", "user demo, paid plan"),
        Credential(f"Authorization: APIKEY {OTHER_KEY}", "user other, free plan"),
    ),
    admin_routes=key_routes,
    extra={"limits": DEFAULT_LIMITS},
)
