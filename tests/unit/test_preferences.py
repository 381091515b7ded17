"""RFC 7240 `Prefer` parsing and Prism's `?__` query forms."""

from __future__ import annotations

import pytest

from mockserver.core.preferences import (
    PreferenceError,
    parse_prefer,
    preferences_from,
    split_query,
)


def test_several_preferences_in_one_header_and_across_headers() -> None:
    raw = parse_prefer(['code=404, example="not found"; dynamic=true', "code=500"])
    assert raw == {"code": "404", "example": "not found", "dynamic": "true"}


def test_names_are_case_insensitive_and_quoted_values_keep_separators() -> None:
    assert parse_prefer(['Latency="lognormal:200ms:0.5", FAULT=reset']) == {
        "latency": "lognormal:200ms:0.5",
        "fault": "reset",
    }


@pytest.mark.parametrize("header", [";;==,,", '"x', "=404", "   "])
def test_malformed_pieces_are_skipped(header: str) -> None:
    assert "code" not in parse_prefer([header])


def test_unknown_preferences_are_ignored() -> None:
    preferences = preferences_from(parse_prefer(["respond-async, wait=10, return=minimal"]))
    assert preferences.empty


@pytest.mark.parametrize("value", ["abc", "99", "600", "4040", "", "٤٠٤"])
def test_a_code_must_be_an_http_status(value: str) -> None:
    with pytest.raises(PreferenceError, match="HTTP status"):
        preferences_from({"code": value})


def test_applied_names_what_was_honoured() -> None:
    preferences = preferences_from({"code": "200", "example": "cat", "dynamic": "false"})
    assert preferences.applied() == 'code=200, example="cat"'


def test_query_preferences_are_removed_from_the_query() -> None:
    found, query = split_query(b"limit=5&__code=404&__Example=x&__other=1")
    assert found == {"code": "404", "example": "x"}
    assert query == b"limit=5&__other=1"


def test_a_query_without_preferences_is_untouched() -> None:
    raw = b"filter%5Bname%5D=a__b&x=1"
    assert split_query(raw) == ({}, raw)
