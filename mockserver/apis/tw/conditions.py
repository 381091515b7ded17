"""The policy condition language: a tokenizer, a recursive-descent parser and an
evaluator. Nothing is ever passed to ``eval``.

Grammar (see the spec's "Condition language")::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand [("==" | "!=" | "<" | "<=" | ">" | ">=") operand
                          | "in" (list | path)]
    operand    := path | literal | "(" expr ")"

Evaluation never fails: a missing path is unequal to everything, ordering compares
only two numbers or two strings, and a lone operand is true only if it is ``true``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_DEPTH = 32
"""Parentheses and `not`s nest at most this deep."""

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; ``position`` is 1-based."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.position = position


# ---- tokens ------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str
    """name, keyword, string, number, op, punct or end."""
    text: str
    value: Any
    position: int


_SPACE = re.compile(r"\s+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_ESCAPES = {'"': '"', "'": "'", "\\": "\\"}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    at = 0
    while True:
        space = _SPACE.match(text, at)
        if space:
            at = space.end()
        if at >= len(text):
            tokens.append(Token("end", "", None, at + 1))
            return tokens
        char = text[at]
        if char in "\"'":
            token, at = _string(text, at)
        elif (number := _NUMBER.match(text, at)) is not None:
            literal = number.group()
            value = float(literal) if "." in literal else int(literal)
            token, at = Token("number", literal, value, at + 1), number.end()
        elif (name := _NAME.match(text, at)) is not None:
            word = name.group()
            kind = "keyword" if word in KEYWORDS else "name"
            token, at = Token(kind, word, word, at + 1), name.end()
        elif op := next((o for o in COMPARISONS if text.startswith(o, at)), None):
            token, at = Token("op", op, op, at + 1), at + len(op)
        elif char in "().,[]":
            token, at = Token("punct", char, char, at + 1), at + 1
        else:
            raise ConditionSyntaxError(f"unexpected token {char!r}", at + 1)
        tokens.append(token)


def _string(text: str, start: int) -> tuple[Token, int]:
    quote = text[start]
    chars: list[str] = []
    at = start + 1
    while at < len(text):
        char = text[at]
        if char == "\\":
            escaped = text[at + 1 : at + 2]
            if escaped not in _ESCAPES:
                raise ConditionSyntaxError("invalid escape in string", at + 1)
            chars.append(_ESCAPES[escaped])
            at += 2
        elif char == quote:
            value = "".join(chars)
            return Token("string", text[start : at + 1], value, start + 1), at + 1
        else:
            chars.append(char)
            at += 1
    raise ConditionSyntaxError("unterminated string", start + 1)


# ---- syntax tree -------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Path:
    names: tuple[str, ...]


@dataclass(frozen=True)
class Compare:
    operator: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Member:
    """``item in container`` (a list literal's values or a path)."""

    item: Node
    container: tuple[Any, ...] | Path


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    operator: str
    operands: tuple[Node, ...]


Node = Literal | Path | Compare | Member | Not | BoolOp


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.at = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def accept(self, kind: str, text: str) -> bool:
        if self.current.kind == kind and self.current.text == text:
            self.at += 1
            return True
        return False

    def fail(self, token: Token | None = None) -> ConditionSyntaxError:
        token = token or self.current
        if token.kind == "end":
            return ConditionSyntaxError("unexpected end of condition", token.position)
        return ConditionSyntaxError(f"unexpected token {token.text!r}", token.position)

    def parse(self) -> Node:
        node = self.expression()
        if self.current.kind != "end":
            if self.current.text == ")":
                raise ConditionSyntaxError("unbalanced ')'", self.current.position)
            raise self.fail()
        return node

    def expression(self) -> Node:
        operands = [self.conjunction()]
        while self.accept("keyword", "or"):
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def conjunction(self) -> Node:
        operands = [self.negation()]
        while self.accept("keyword", "and"):
            operands.append(self.negation())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def negation(self) -> Node:
        token = self.current
        if self.accept("keyword", "not"):
            self.descend(token)
            node = Not(self.negation())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        token = self.current
        if token.kind == "op":
            self.take()
            return Compare(token.text, left, self.operand())
        if self.accept("keyword", "in"):
            if self.accept("punct", "["):
                return Member(left, self.list_items())
            if self.current.kind == "name":
                return Member(left, self.path())
            raise self.fail()
        return left

    def operand(self) -> Node:
        token = self.current
        if token.kind in ("string", "number"):
            self.take()
            return Literal(token.value)
        if token.kind == "keyword" and token.text in ("true", "false"):
            self.take()
            return Literal(token.text == "true")
        if token.kind == "name":
            return self.path()
        if self.accept("punct", "("):
            self.descend(token)
            node = self.expression()
            if not self.accept("punct", ")"):
                if self.current.kind == "end":
                    raise ConditionSyntaxError("unbalanced '('", token.position)
                raise self.fail()
            self.depth -= 1
            return node
        raise self.fail()

    def path(self) -> Path:
        names = [self.take().text]
        while self.accept("punct", "."):
            token = self.take()
            if token.kind not in ("name", "keyword"):
                raise self.fail(token)
            names.append(token.text)
        return Path(tuple(names))

    def list_items(self) -> tuple[Any, ...]:
        items: list[Any] = []
        if self.accept("punct", "]"):
            return ()
        while True:
            token = self.take()
            if token.kind in ("string", "number"):
                items.append(token.value)
            elif token.kind == "keyword" and token.text in ("true", "false"):
                items.append(token.text == "true")
            else:
                raise self.fail(token)
            if self.accept("punct", "]"):
                return tuple(items)
            if not self.accept("punct", ","):
                raise self.fail()

    def descend(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", token.position)


@lru_cache(maxsize=1024)
def parse(text: str) -> Node:
    """The syntax tree of a condition; raises :class:`ConditionSyntaxError`."""
    return _Parser(text).parse()


# ---- evaluation --------------------------------------------------------------


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def evaluate(node: Node, context: Mapping[str, Any]) -> bool:
    """Whether the condition holds in ``context`` (only ``True`` counts as true)."""
    return _value(node, context) is True


def _value(node: Node, context: Mapping[str, Any]) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Path):
        return lookup(context, node.names)
    if isinstance(node, Compare):
        return _compare(node.operator, _value(node.left, context), _value(node.right, context))
    if isinstance(node, Member):
        item = _value(node.item, context)
        container = (
            lookup(context, node.container.names)
            if isinstance(node.container, Path)
            else node.container
        )
        return isinstance(container, list | tuple) and any(
            strictly_equal(item, member) for member in container
        )
    if isinstance(node, Not):
        return not evaluate(node.operand, context)
    if node.operator == "and":
        return all(evaluate(operand, context) for operand in node.operands)
    return any(evaluate(operand, context) for operand in node.operands)


def lookup(context: Mapping[str, Any], names: Sequence[str]) -> Any:
    """The value at a dotted path, or MISSING."""
    value: Any = context
    for name in names:
        if not isinstance(value, Mapping) or name not in value:
            return MISSING
        value = value[name]
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return "other"


def strictly_equal(left: Any, right: Any) -> bool:
    """Equal in type and value (`1 == "1"` and `true == 1` are false); MISSING equals nothing."""
    if left is MISSING or right is MISSING:
        return False
    kind = _kind(left)
    if kind != _kind(right):
        return False
    if kind == "array":
        return len(left) == len(right) and all(
            strictly_equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if kind == "object":
        return left.keys() == right.keys() and all(strictly_equal(left[k], right[k]) for k in left)
    return bool(left == right)


def _compare(operator: str, left: Any, right: Any) -> bool:
    if operator == "==":
        return strictly_equal(left, right)
    if operator == "!=":
        return not strictly_equal(left, right)
    kinds = (_kind(left), _kind(right))
    if left is MISSING or right is MISSING or kinds not in (("number",) * 2, ("string",) * 2):
        return False
    if operator == "<":
        return bool(left < right)
    if operator == "<=":
        return bool(left <= right)
    if operator == ">":
        return bool(left > right)
    return bool(left >= right)
