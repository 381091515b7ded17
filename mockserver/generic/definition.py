"""A user's OpenAPI document as an :class:`ApiDefinition` the mock serves beside the five."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import contract
from contract import load_openapi
from mockserver.core.runtime import ApiDefinition, ApiRuntime, Credential
from mockserver.generic.errors import error_style
from mockserver.generic.handlers import GenericHandlers
from mockserver.generic.intbounds import with_integer_bounds
from mockserver.generic.model import SpecModel
from mockserver.generic.optionalbody import with_optional_bodies
from mockserver.generic.pathints import with_string_routed_integers
from mockserver.generic.readonly import with_request_views
from mockserver.generic.security import (
    AcceptRule,
    GenericAuthenticator,
    challenges,
    describe,
    with_generic_hooks,
)
from mockserver.generic.seeding import seed


def slug_of(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "spec"


def generic_definition(
    path: Path,
    *,
    name: str | None = None,
    base_path: str | None = None,
    accept: tuple[AcceptRule, ...] = (),
) -> ApiDefinition:
    """The definition serving the document at ``path`` (SpecError when it cannot be)."""
    model = SpecModel(load_openapi(path))
    name = name or slug_of(path)
    served_at = contract.base_path(model.document) if base_path is None else base_path
    mount = "/" + served_at.strip("/")
    served = with_string_routed_integers(
        with_optional_bodies(
            with_request_views(
                with_integer_bounds(with_generic_hooks(copy.deepcopy(model.document)))
            )
        )
    )

    def handlers(runtime: ApiRuntime) -> GenericHandlers:
        return GenericHandlers(runtime, model)

    return ApiDefinition(
        name=name,
        title=model.title,
        spec_file=str(Path(path).resolve()),
        prefix=f"/{name}{mount.rstrip('/')}",
        base_path=mount,
        errors=error_style(model.document, challenges(model.document, model.title)),
        build_state=lambda ctx: seed(model, ctx),
        build_handlers=handlers,
        build_authenticator=lambda _runtime: GenericAuthenticator(accept),
        credentials=(Credential(describe(accept), "--accept sets it"),) if _secured(model) else (),
        spec=served,
        extra={"model": model},
    )


def _secured(model: SpecModel) -> bool:
    return bool((model.document.get("components") or {}).get("securitySchemes"))
