"""Schemas compiled to a yes/no answer: "does this value certainly validate?"

jsonschema walks a schema keyword by keyword on every call, building an error
generator per keyword; for the small request bodies and parameters of a mock, that
walk costs more than everything else the request needs. :func:`compile_acceptor`
turns a schema into nested closures that answer only whether a value is valid,
keyword by keyword with the *validator class's own* semantics: each keyword function
the class uses is looked up here by identity, and a schema using any keyword whose
function is not known here (``$ref``, ``oneOf``, ``patternProperties``...) compiles
to ``None``: for it, only the full validator can tell.

An acceptor never refuses on its own: a ``False`` means "ask the full validator",
which gives the error. A ``True`` is exact: the full validator would report no error,
and a validator that fills in defaults (core/validation.py) has filled in the same
defaults (fresh copies, as the JSON round trip behind Connexion's validators gives).

Keyword functions added by the project (exact `multipleOf`, ECMA `pattern`, defaults)
register their compilers with :func:`register` beside their definitions.
"""

from __future__ import annotations

import copy
import numbers
import re
import typing as t

from connexion.json_schema import NullableEnumValidator, NullableTypeValidator, validate_writeOnly
from jsonschema import _keywords, _legacy_keywords
from jsonschema._types import draft4_type_checker
from jsonschema._utils import equal, uniq

Check = t.Callable[[t.Any], bool]
"""A compiled (sub)schema: whether a value validates."""


class Context(t.Protocol):
    """What a keyword compiler may ask of the compilation it is part of."""

    format_checker: t.Any

    def compile(self, schema: t.Any) -> Check | None: ...


KeywordCompiler = t.Callable[[t.Any, t.Mapping[str, t.Any], Context], Check | None]
"""(the keyword's value, the schema it is in, the compilation) -> a check, or None
when this use of the keyword is not supported."""

_COMPILERS: dict[t.Any, KeywordCompiler] = {}


def register(keyword_function: t.Any, compiler: KeywordCompiler) -> None:
    """``compiler`` reads schemas for validators that use ``keyword_function``."""
    _COMPILERS[keyword_function] = compiler


def compile_acceptor(
    schema: t.Any, validator_class: t.Any, format_checker: t.Any = None
) -> Check | None:
    """The acceptor of ``schema`` for ``validator_class(schema, format_checker=...)`` (a
    jsonschema Draft 4 class, possibly extended), or None when some keyword in it is not
    supported here."""
    if validator_class.TYPE_CHECKER is not draft4_type_checker:
        return None
    return _Compiler(validator_class.VALIDATORS, format_checker).compile(schema)


class _Compiler:
    def __init__(self, validators: t.Mapping[str, t.Any], format_checker: t.Any) -> None:
        self.validators = validators
        self.format_checker = format_checker
        self.open: set[int] = set()

    def compile(self, schema: t.Any) -> Check | None:
        if not isinstance(schema, dict) or "$ref" in schema or id(schema) in self.open:
            return None  # references (and recursive schemas) are the full validator's
        self.open.add(id(schema))
        try:
            checks: list[Check] = []
            for keyword, value in schema.items():
                function = self.validators.get(keyword)
                if function is None:
                    continue  # not a validation keyword for this class
                compiler = _COMPILERS.get(function)
                check = compiler(value, schema, self) if compiler else None
                if check is None:
                    return None
                if check is not _ALWAYS:
                    checks.append(check)
        finally:
            self.open.discard(id(schema))
        return _all_of(checks)


def _ALWAYS(_value: t.Any) -> bool:
    return True


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _ALWAYS
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    frozen = tuple(checks)
    return lambda value: all(check(value) for check in frozen)


# --- Draft 4 types, exactly as jsonschema's draft4_type_checker reads them ----------

TYPES: dict[str, Check] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, numbers.Number) and not isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
}
_is_object = TYPES["object"]
_is_array = TYPES["array"]
_is_string = TYPES["string"]
_is_number = TYPES["number"]


def _nullable(schema: t.Mapping[str, t.Any]) -> bool:
    """Connexion's `allow_nullable`: null passes `type` and `enum` in such a schema."""
    return schema.get("x-nullable") is True or bool(schema.get("nullable"))


def _type(types: t.Any, schema: t.Mapping[str, t.Any], null_ok: bool) -> Check | None:
    names = [types] if isinstance(types, str) else types
    if not isinstance(names, list) or not all(n in TYPES for n in names):
        return None  # an unknown type name raises in jsonschema: the full validator's
    if null_ok and _nullable(schema):
        names = [*names, "null"]
    if len(names) == 1:
        return TYPES[names[0]]
    checks = tuple(TYPES[name] for name in names)
    return lambda value: any(check(value) for check in checks)


def _enum(enums: t.Any, schema: t.Mapping[str, t.Any], null_ok: bool) -> Check | None:
    if not isinstance(enums, list):
        return None
    nullable = null_ok and _nullable(schema)
    members = tuple(enums)
    strings = frozenset(e for e in members if isinstance(e, str))
    if len(strings) == len(members):  # all strings: `equal` on str is ==
        return lambda value: (
            (value is None and nullable) or (isinstance(value, str) and value in strings)
        )
    return lambda value: (value is None and nullable) or any(equal(e, value) for e in members)


def _properties_of(properties: t.Any, context: Context) -> tuple[tuple[str, Check], ...] | None:
    if not isinstance(properties, dict):
        return None
    compiled: list[tuple[str, Check]] = []
    for name, subschema in properties.items():
        check = context.compile(subschema)
        if check is None:
            return None
        if check is not _ALWAYS:
            compiled.append((name, check))
    return tuple(compiled)


def _properties(properties: t.Any, schema: t.Any, context: Context) -> Check | None:
    compiled = _properties_of(properties, context)
    if compiled is None:
        return None
    if not compiled:
        return _ALWAYS

    def check(value: t.Any) -> bool:
        return not isinstance(value, dict) or _present_valid(compiled, value)

    return check


def _present_valid(compiled: tuple[tuple[str, Check], ...], value: dict[str, t.Any]) -> bool:
    """Whether each property of ``value`` that has a compiled subschema passes it."""
    return all(name not in value or sub(value[name]) for name, sub in compiled)


def fresh(value: t.Any) -> t.Callable[[], t.Any]:
    """A maker of copies of a schema default that a handler may change freely."""
    if isinstance(value, (dict, list)):
        return lambda: copy.deepcopy(value)
    return lambda: value


def properties_with_defaults(properties: t.Any, schema: t.Any, context: Context) -> Check | None:
    """`properties` of a validator that first fills in each property's default in
    objects (core/validation.py), then validates the properties present."""
    compiled = _properties_of(properties, context)
    if compiled is None:
        return None
    defaults = tuple(
        (name, fresh(sub["default"]))
        for name, sub in properties.items()
        if isinstance(sub, dict) and "default" in sub
    )

    def check(value: t.Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name, make in defaults:
            if name not in value:
                value[name] = make()
        return _present_valid(compiled, value)

    return check


def _additional_properties(aP: t.Any, schema: t.Any, context: Context) -> Check | None:
    if "patternProperties" in schema:
        return None
    declared = schema.get("properties", {})
    if not isinstance(declared, dict):
        return None
    known = frozenset(declared)
    if isinstance(aP, dict):
        sub = context.compile(aP)
        if sub is None:
            return None
        if sub is _ALWAYS:
            return _ALWAYS
        return lambda value: (
            not isinstance(value, dict)
            or all(sub(item) for name, item in value.items() if name not in known)
        )
    if aP:
        return _ALWAYS
    return lambda value: not isinstance(value, dict) or all(name in known for name in value)


def _items(items: t.Any, schema: t.Any, context: Context) -> Check | None:
    if not isinstance(items, dict):
        return None  # tuple validation: the full validator's
    sub = context.compile(items)
    if sub is None:
        return None
    if sub is _ALWAYS:
        return _ALWAYS
    return lambda value: not isinstance(value, list) or all(sub(item) for item in value)


def _required(required: t.Any, schema: t.Any, context: Context) -> Check | None:
    if not isinstance(required, list):
        return None
    names = tuple(required)
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _bound(limit: t.Any, compare: t.Callable[[t.Any, t.Any], bool], is_kind: Check) -> Check | None:
    if isinstance(limit, bool) or not isinstance(limit, (int, float)):
        return None
    return lambda value: not is_kind(value) or compare(value, limit)


def _length(is_kind: Check, least: bool) -> KeywordCompiler:
    def compile_length(limit: t.Any, schema: t.Any, context: Context) -> Check | None:
        if least:
            return _bound(limit, lambda v, n: not len(v) < n, is_kind)
        return _bound(limit, lambda v, n: not len(v) > n, is_kind)

    return compile_length


def _minimum(minimum: t.Any, schema: t.Any, context: Context) -> Check | None:
    if schema.get("exclusiveMinimum", False):
        return _bound(minimum, lambda v, m: not v <= m, _is_number)
    return _bound(minimum, lambda v, m: not v < m, _is_number)


def _maximum(maximum: t.Any, schema: t.Any, context: Context) -> Check | None:
    if schema.get("exclusiveMaximum", False):
        return _bound(maximum, lambda v, m: not v >= m, _is_number)
    return _bound(maximum, lambda v, m: not v > m, _is_number)


def _all_of_keyword(subschemas: t.Any, schema: t.Any, context: Context) -> Check | None:
    if not isinstance(subschemas, list):
        return None
    checks: list[Check] = []
    for subschema in subschemas:
        check = context.compile(subschema)
        if check is None:
            return None
        if check is not _ALWAYS:
            checks.append(check)
    return _all_of(checks)


def _format(name: t.Any, schema: t.Any, context: Context) -> Check | None:
    checker = context.format_checker
    if checker is None or name not in checker.checkers:
        return _ALWAYS  # no checker, or a format it does not know: not checked
    return lambda value: bool(checker.conforms(value, name))


def _pattern(regex: t.Any, schema: t.Any, context: Context) -> Check | None:
    if not isinstance(regex, str):
        return None
    return lambda value: not isinstance(value, str) or re.search(regex, value) is not None


def _unique_items(unique: t.Any, schema: t.Any, context: Context) -> Check | None:
    if not unique:
        return _ALWAYS
    return lambda value: not isinstance(value, list) or bool(uniq(value))


def _additional_items(aI: t.Any, schema: t.Any, context: Context) -> Check | None:
    # Only meaningful beside tuple-form `items`, which is the full validator's.
    return _ALWAYS if isinstance(schema.get("items", {}), dict) else None


def _fills_no_defaults(schema: t.Any) -> bool:
    """Whether nothing under ``schema`` has a default (a branch that fails may have
    filled some in, in jsonschema's order, before failing)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "default" in node:
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


def _branches(subschemas: t.Any, context: Context) -> tuple[Check, ...] | None:
    if not isinstance(subschemas, list) or not subschemas or not _fills_no_defaults(subschemas):
        return None
    checks = [context.compile(subschema) for subschema in subschemas]
    if any(check is None for check in checks):
        return None
    return tuple(t.cast(Check, check) for check in checks)


def _any_of(subschemas: t.Any, schema: t.Any, context: Context) -> Check | None:
    checks = _branches(subschemas, context)
    if checks is None:
        return None
    return lambda value: any(check(value) for check in checks)


def _one_of(subschemas: t.Any, schema: t.Any, context: Context) -> Check | None:
    checks = _branches(subschemas, context)
    if checks is None:
        return None
    return lambda value: sum(1 for check in checks if check(value)) == 1


def _not(subschema: t.Any, schema: t.Any, context: Context) -> Check | None:
    checks = _branches([subschema], context)
    if checks is None:
        return None
    (inner,) = checks
    return lambda value: not inner(value)


def _never(value: t.Any, schema: t.Any, context: Context) -> Check | None:
    return lambda _value: False  # Connexion's write-only: present is an error


for _function, _compiler in (
    (NullableTypeValidator, lambda v, s, c: _type(v, s, null_ok=True)),
    (_keywords.type, lambda v, s, c: _type(v, s, null_ok=False)),
    (NullableEnumValidator, lambda v, s, c: _enum(v, s, null_ok=True)),
    (_keywords.enum, lambda v, s, c: _enum(v, s, null_ok=False)),
    (_keywords.properties, _properties),
    (_keywords.additionalProperties, _additional_properties),
    (_legacy_keywords.items_draft3_draft4, _items),
    (_keywords.required, _required),
    (_keywords.minLength, _length(_is_string, least=True)),
    (_keywords.maxLength, _length(_is_string, least=False)),
    (_keywords.minItems, _length(_is_array, least=True)),
    (_keywords.maxItems, _length(_is_array, least=False)),
    (_keywords.minProperties, _length(_is_object, least=True)),
    (_keywords.maxProperties, _length(_is_object, least=False)),
    (_legacy_keywords.minimum_draft3_draft4, _minimum),
    (_legacy_keywords.maximum_draft3_draft4, _maximum),
    (_keywords.allOf, _all_of_keyword),
    (_keywords.anyOf, _any_of),
    (_keywords.oneOf, _one_of),
    (_keywords.not_, _not),
    (_keywords.format, _format),
    (_keywords.pattern, _pattern),
    (_keywords.uniqueItems, _unique_items),
    (_legacy_keywords.additionalItems, _additional_items),
    (validate_writeOnly, _never),
):
    register(_function, _compiler)
