"""The policy condition language: tokenizer, parser and evaluator (never eval)."""

from __future__ import annotations

import pytest

from mockserver.apis.tw.conditions import (
    MAX_DEPTH,
    BoolOp,
    Compare,
    ConditionSyntaxError,
    Literal,
    Member,
    Not,
    Path,
    evaluate,
    parse,
    strictly_equal,
    tokenize,
)

CONTEXT = {
    "user": {
        "role": "analyst",
        "department": "marketing",
        "level": 3,
        "admin": False,
        "groups": ["eu", "staff"],
        "score": 2.5,
        "nothing": None,
    },
    "request": {"ip": "10.0.0.1", "hour": 14},
    "flag": True,
}


def holds(condition: str, context: dict | None = None) -> bool:
    return evaluate(parse(condition), CONTEXT if context is None else context)


def test_parse_builds_the_tree():
    assert parse('user.role != "admin"') == Compare("!=", Path(("user", "role")), Literal("admin"))
    assert parse("not a or b and c") == BoolOp(
        "or", (Not(Path(("a",))), BoolOp("and", (Path(("b",)), Path(("c",)))))
    )
    assert parse("x in [1, 'two', true, -3.5]") == Member(Path(("x",)), (1, "two", True, -3.5))
    assert parse("x in user.groups") == Member(Path(("x",)), Path(("user", "groups")))
    assert parse("((flag))") == Path(("flag",))


def test_tokens_carry_one_based_positions():
    tokens = tokenize('a.b  >= "x y"')
    assert [(t.kind, t.text, t.position) for t in tokens] == [
        ("name", "a", 1),
        ("punct", ".", 2),
        ("name", "b", 3),
        ("op", ">=", 6),
        ("string", '"x y"', 9),
        ("end", "", 14),
    ]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ('user.role == "analyst"', True),
        ("user.role == 'analyst'", True),
        ('user.role != "admin"', True),
        ('user.role == "Analyst"', False),
        ("user.level == 3", True),
        ("user.level == 3.0", True),
        ('user.level == "3"', False),
        ("user.admin == false", True),
        ("user.admin == 0", False),
        ("flag == 1", False),
        ("user.level > 2 and user.level <= 3", True),
        ("user.score < 2.6", True),
        ("user.score >= 3", False),
        ('user.role > "aaa"', True),
        ('user.level > "2"', False),
        ("user.missing == user.missing", False),
        ("user.missing != 1", True),
        ("user.missing < 1", False),
        ("user.missing >= 1", False),
        ('not user.missing == "x"', True),
        ('user.role in ["analyst", "admin"]', True),
        ('user.role in ["admin"]', False),
        ("user.level in [1, 2, 3]", True),
        ('user.level in ["3"]', False),
        ('"eu" in user.groups', True),
        ('"us" in user.groups', False),
        ('"eu" in user.role', False),
        ('"eu" in user.missing', False),
        ("user.level in []", False),
        ("flag", True),
        ("user.level", False),
        ("user.role", False),
        ("user.missing", False),
        ("not flag", False),
        ("not user.missing", True),
        ("not not flag", True),
        ("user.nothing == user.nothing", True),
        ('user.admin or user.role == "analyst"', True),
        ('user.admin and user.role == "analyst"', False),
        ('user.role == "x" or user.level == 3 and request.hour > 20', False),
        ('(user.role == "x" or user.level == 3) and request.hour > 12', True),
        ("not (user.level == 3 and flag)", False),
        ('request.ip == "10.0.0.1"', True),
        ('user.department == "marketing" and not user.admin', True),
        ('"it\'s" == "it\\\'s"', True),
        ('"a\\\\b" != "ab"', True),
        ("1 < 2", True),
        ("-1 < 0", True),
        ("user.role.length == 7", False),
    ],
)
def test_evaluation(condition, expected):
    assert holds(condition) is expected


@pytest.mark.parametrize(
    ("condition", "message", "position"),
    [
        ('user.role = "admin"', "unexpected token '='", 11),
        ("(user.role == 'x'", "unbalanced '('", 1),
        ("user.role == 'x')", "unbalanced ')'", 17),
        ("(a and (b or c)", "unbalanced '('", 1),
        ("user.role ==", "unexpected end of condition", 13),
        ("", "unexpected end of condition", 1),
        ("and flag", "unexpected token 'and'", 1),
        ("flag and", "unexpected end of condition", 9),
        ("a == == b", "unexpected token '=='", 6),
        ("a == b == c", "unexpected token '=='", 8),
        ('"open', "unterminated string", 1),
        ('"bad \\n escape"', "invalid escape in string", 6),
        ("a in 5", "unexpected token '5'", 6),
        ("a in [1, b]", "unexpected token 'b'", 10),
        ("a in [1 2]", "unexpected token '2'", 9),
        ("a.", "unexpected end of condition", 3),
        ("a.5", "unexpected token '5'", 3),
        ("a @ b", "unexpected token '@'", 3),
        ("a && b", "unexpected token '&'", 3),
        ("__import__('os')", "unexpected token '('", 11),
        ("1abc", "unexpected token 'abc'", 2),
        ("()", "unexpected token ')'", 2),
    ],
)
def test_syntax_errors_name_the_position(condition, message, position):
    with pytest.raises(ConditionSyntaxError) as raised:
        parse(condition)
    assert str(raised.value) == f"{message} at position {position}"
    assert raised.value.position == position


def test_nesting_is_bounded():
    deep = "(" * (MAX_DEPTH + 1) + "flag" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(ConditionSyntaxError, match="nesting deeper"):
        parse(deep)
    assert holds("(" * MAX_DEPTH + "flag" + ")" * MAX_DEPTH)
    with pytest.raises(ConditionSyntaxError, match="nesting deeper"):
        parse("not " * (MAX_DEPTH + 1) + "flag")
    assert holds("not " * MAX_DEPTH + "flag")


def test_long_inputs_fail_fast_without_recursion_errors():
    with pytest.raises(ConditionSyntaxError):
        parse("(" * 100_000)
    chain = " and ".join(["flag"] * 5_000)
    assert holds(chain)
    with pytest.raises(ConditionSyntaxError, match="unterminated string"):
        parse('"' + "x" * 100_000)


def test_evaluation_never_fails_on_odd_contexts():
    odd = {"user": ["not", "a", "mapping"], "n": {"deep": {"er": 1}}}
    assert holds('user.role == "admin"', odd) is False
    assert holds('user.role != "admin"', odd) is True
    assert holds("n.deep.er == 1", odd) is True
    assert holds("n.deep < 2", odd) is False
    assert holds("n == n", odd) is True


def test_strict_equality_of_nested_values():
    assert strictly_equal([1, [2]], [1, [2]])
    assert not strictly_equal([1], [True])
    assert not strictly_equal({"a": 1}, {"a": 1.5})
    assert strictly_equal({"a": [1.0]}, {"a": [1]})


def test_escapes_inside_strings():
    condition = "'say \\\"hi\\\" it\\'s' == " + '"say \\"hi\\" it\'s"'
    assert condition == """'say \\"hi\\" it\\'s' == "say \\"hi\\" it's\""""
    assert holds(condition)
    assert parse(condition) == Compare("==", Literal('say "hi" it\'s'), Literal('say "hi" it\'s'))
