"""Wire formats shared by the APIs: JSON, XML (rendering and safe parsing), JSONP.

XML follows the 2009-era convention both XML APIs here use: a root element per
object, lists as a container element holding one child per item, scalar text
either plain or as CDATA. Parsing refuses DTDs and entities and bounds depth.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from contract import ecma_regex
from mockserver.core.errors import ApiError, ErrorKind

JSON_MEDIA_TYPE = "application/json"
XML_MEDIA_TYPE = "application/xml"
JAVASCRIPT_MEDIA_TYPE = "application/javascript"
HTML_MEDIA_TYPE = "text/html"


class Format(enum.Enum):
    """A response format an API can be asked for."""

    JSON = "json"
    XML = "xml"

    @property
    def media_type(self) -> str:
        return JSON_MEDIA_TYPE if self is Format.JSON else XML_MEDIA_TYPE


_SUFFIX = re.compile(r"\.([A-Za-z0-9]{1,10})$")


def suffix_format(path: str) -> Format | None:
    """The format a path's extension asks for (`/x.xml` -> XML), or None.

    Extensions are case-sensitive, as URL paths are: `/x.XML` names no format.
    """
    match = _SUFFIX.search(path)
    if not match:
        return None
    try:
        return Format(match.group(1))
    except ValueError:
        return None


def render_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


# -- XML rendering ------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def singular(name: str) -> str:
    """The element name of one item of a list element (`posts` -> `post`)."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ses", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return "item"


def xml_text(value: Any) -> str:
    """The text of a scalar: booleans as 1/empty (the old convention), None as empty."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    return _XML_INVALID.sub("\ufffd", str(value))


def _escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A parser turns a literal CR into LF; a character reference survives.
    return escaped.replace("\r", "&#13;")


def cdata(text: str) -> str:
    """CDATA that stays well-formed with `]]>` inside and keeps carriage returns.

    `]]>` is split across two sections; a CR (which XML parsers normalise to LF,
    even inside CDATA) leaves the section as the reference `&#13;`.
    """
    sections = text.replace("]]>", "]]]]><![CDATA[>").replace("\r", "]]>&#13;<![CDATA[")
    return "<![CDATA[" + sections + "]]>"


class XmlWriter:
    """Renders JSON-shaped values as XML.

    ``cdata_fields`` names the elements whose text is written as CDATA;
    ``item_name`` names the children of a list element; ``scalar_text`` writes a
    scalar's text (default :func:`xml_text`: booleans as 1/empty); a list under a key
    named in ``unwrapped_lists`` is written as repeated children of the enclosing
    element, without an element of its own (OpenAPI's default for arrays).
    """

    def __init__(
        self,
        cdata_fields: Iterable[str] = (),
        item_name: Callable[[str], str] = singular,
        scalar_text: Callable[[Any], str] = xml_text,
        unwrapped_lists: Iterable[str] = (),
    ) -> None:
        self._cdata = frozenset(cdata_fields)
        self._item_name = item_name
        self._text = scalar_text
        self._unwrapped = frozenset(unwrapped_lists)

    def document(self, root: str, value: Any) -> bytes:
        parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>']
        self._element(root, value, parts)
        return "".join(parts).encode()

    def _element(self, name: str, value: Any, out: list[str]) -> None:
        if isinstance(value, Mapping):
            out.append(f"<{name}>")
            for key, child in value.items():
                if key in self._unwrapped and isinstance(child, list | tuple):
                    for item in child:
                        self._element(self._item_name(str(key)), item, out)
                else:
                    self._element(str(key), child, out)
            out.append(f"</{name}>")
        elif isinstance(value, list | tuple):
            out.append(f"<{name}>")
            child_name = self._item_name(name)
            for child in value:
                self._element(child_name, child, out)
            out.append(f"</{name}>")
        else:
            text = self._text(value)
            body = cdata(text) if name in self._cdata else _escape(text)
            out.append(f"<{name}>{body}</{name}>")


# -- XML parsing --------------------------------------------------------------------


def parse_xml(body: bytes, *, max_depth: int = 16, list_fields: Iterable[str] = ()) -> Any:
    """Parse an XML request body into JSON-shaped data, safely.

    DTDs, entity declarations and external references are refused (no billion
    laughs, no XXE); nesting is bounded. Elements with children become dicts,
    except those named in ``list_fields`` which become lists of their children;
    leaves become strings. Returns ``{root_tag: value}``.
    """
    try:
        root = defused_fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ApiError(
            ErrorKind.VALIDATION,
            f"XML with DTDs or entities is not accepted ({type(exc).__name__})",
        ) from exc
    except ElementTree.ParseError as exc:
        raise ApiError(ErrorKind.VALIDATION, f"Malformed XML: {exc}") from exc
    lists = frozenset(list_fields)
    return {root.tag: _element_value(root, 1, max_depth, lists)}


def _element_value(
    element: ElementTree.Element, depth: int, max_depth: int, lists: frozenset[str]
) -> Any:
    if depth > max_depth:
        raise ApiError(ErrorKind.VALIDATION, f"XML nested deeper than {max_depth} levels")
    children = list(element)
    if element.tag in lists:
        return [_element_value(child, depth + 1, max_depth, lists) for child in children]
    if not children:
        return element.text or ""
    value: dict[str, Any] = {}
    for child in children:
        if child.tag in value:
            raise ApiError(ErrorKind.VALIDATION, f"XML element <{child.tag}> appears twice")
        value[child.tag] = _element_value(child, depth + 1, max_depth, lists)
    return value


# -- JSONP --------------------------------------------------------------------------


@dataclass(frozen=True)
class JsonpQuery:
    """The query parameters with which an API wraps JSON successes in a callback
    (``callback``) and additionally in a script tag (``script``, a presence flag)."""

    callback: str = "jsonp"
    script: str = "script"


_CALLBACK = ecma_regex(r"^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
"""ECMA-262 semantics, as the spec's pattern: no trailing newline slips through `$`."""
MAX_CALLBACK_LENGTH = 128


def valid_callback(name: str) -> bool:
    """A dotted JavaScript identifier of bounded length: nothing else is reflected."""
    return len(name) <= MAX_CALLBACK_LENGTH and bool(_CALLBACK.match(name))


def _script_safe_json(value: Any) -> str:
    payload = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    # </script> inside a string must not close the tag.
    return payload.replace("</", "<\\/")


def _in_script_tag(code: str) -> tuple[bytes, str]:
    return f'<script type="text/javascript">{code}</script>'.encode(), HTML_MEDIA_TYPE


def render_jsonp(callback: str, value: Any, *, script: bool = False) -> tuple[bytes, str]:
    """Wrap JSON in a callback call (and a script tag); returns body and media type.

    The callback must already have passed :func:`valid_callback`.
    """
    call = f"{callback}({_script_safe_json(value)});"
    if script:
        return _in_script_tag(call)
    return call.encode(), JAVASCRIPT_MEDIA_TYPE


def render_script(value: Any) -> tuple[bytes, str]:
    """JSON wrapped in a script tag without a callback (`text/html`)."""
    return _in_script_tag(_script_safe_json(value))
