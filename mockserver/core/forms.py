"""`application/x-www-form-urlencoded` bodies: strict decoding and the `data[...]` envelope.

Starlette's form parser accepts anything: a broken percent-escape stays literal, bytes
that are not UTF-8 become U+FFFD, raw non-ASCII bytes are read as Latin-1 and a
repeated field silently keeps its last value. :class:`StrictFormValidator` refuses
such bodies with a 400 before Connexion's own parsing and schema validation run, so
what a handler receives is exactly what the client meant.

Old PHP-style APIs nest their fields in an envelope (`data[key]`, `data[Post][body]`);
:func:`nest_envelope` turns those flat names into nested dicts.
"""

from __future__ import annotations

import re
import typing as t
from collections.abc import AsyncGenerator, Mapping
from urllib.parse import unquote_to_bytes

from connexion.exceptions import BadRequestProblem
from connexion.validators import FormDataValidator
from starlette.types import Scope

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ENVELOPE = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])+)\Z")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


class MalformedForm(ValueError):
    """A body that is not a well-formed urlencoded form."""


def parse_urlencoded(
    raw: bytes,
    repeatable: t.Callable[[str], bool] = lambda _name: False,
    *,
    empty_name: bool = False,
) -> list[tuple[str, str]]:
    """The (name, value) pairs of a form body, decoded strictly.

    The body must be ASCII (other bytes percent-encoded), every `%` must start a
    two-digit hex escape, the decoded bytes must be UTF-8, and no name may be empty
    or repeated unless ``repeatable(name)`` (an array field: OpenAPI's default form
    encoding, `style: form, explode: true`, repeats its name once per item), nor empty
    unless ``empty_name`` (a schema whose additionalProperties allow the name "").
    Empty segments (`a=1&&b=2`, a trailing `&`) are skipped.
    """
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise MalformedForm(
            "Malformed form body: non-ASCII bytes must be percent-encoded"
        ) from None
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for segment in text.split("&"):
        if not segment:
            continue
        raw_name, _, raw_value = segment.partition("=")
        name, value = _component(raw_name), _component(raw_value)
        if not name and not empty_name:
            raise MalformedForm("Malformed form body: a field has no name")
        if name in seen and not repeatable(name):
            raise MalformedForm(f"Malformed form body: field {name!r} appears more than once")
        seen.add(name)
        pairs.append((name, value))
    return pairs


def _component(encoded: str) -> str:
    if _BAD_ESCAPE.search(encoded):
        raise MalformedForm("Malformed form body: '%' must start a two-digit hex escape")
    try:
        return unquote_to_bytes(encoded.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedForm("Malformed form body: percent-escapes must encode UTF-8") from None


def nest_envelope(fields: Mapping[str, t.Any], root: str = "data") -> dict[str, t.Any]:
    """`{"data[Post][body]": "x", "data[key]": "k"}` -> `{"Post": {"body": "x"}, "key": "k"}`.

    Only names under ``root`` are kept; other names are left out.
    """
    nested: dict[str, t.Any] = {}
    for name, value in fields.items():
        match = _ENVELOPE.match(name)
        if match is None or match.group(1) != root:
            continue
        *parents, leaf = _SEGMENT.findall(match.group(2))
        node = nested
        for parent in parents:
            child = node.setdefault(parent, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[leaf] = value
    return nested


def may_be_array(schema: t.Any) -> bool:
    """Whether a value of ``schema`` can be an array (no type, or type array)."""
    if schema is True or schema == {}:
        return True
    return isinstance(schema, dict) and schema.get("type", "array") == "array"


class StrictFormValidator(FormDataValidator):
    """Connexion's urlencoded-form validator, refusing malformed bodies with a 400.

    A name repeats only where the schema allows an array there (a declared array, or
    an undeclared name the schema's additionalProperties allows arrays for), is empty
    only where the schema allows undeclared names, and a
    required array that is absent is the empty array: the form encoding of `[]` is no
    pair at all."""

    def _repeatable(self, name: str) -> bool:
        properties = self._schema.get("properties") or {}
        if name in properties:
            return may_be_array(properties[name])
        return self._takes_undeclared() and may_be_array(
            self._schema.get("additionalProperties", True)
        )

    def _takes_undeclared(self) -> bool:
        extra = self._schema.get("additionalProperties", True)
        return not self._strict_validation and extra is not False

    def _takes_empty_name(self) -> bool:
        return "" in (self._schema.get("properties") or {}) or self._takes_undeclared()

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> t.Any:
        raw = b"".join([chunk async for chunk in stream])
        try:
            parse_urlencoded(raw, self._repeatable, empty_name=self._takes_empty_name())
        except MalformedForm as exc:
            raise BadRequestProblem(detail=str(exc)) from None

        async def replay() -> AsyncGenerator[bytes, None]:
            yield raw

        data = await super()._parse(replay(), scope)
        properties = self._schema.get("properties") or {}
        for name in self._schema.get("required") or ():
            if name not in data and (properties.get(name) or {}).get("type") == "array":
                data[name] = []
        return data
