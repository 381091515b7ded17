"""WRGL tables: CSV parsing, primary keys, deduplication and content hashing."""

from __future__ import annotations

import re

import pytest

from mockserver.apis.wrgl.limits import Limits
from mockserver.apis.wrgl.tables import digest, parse_primary_key, read_table
from mockserver.core.errors import ApiError, ErrorKind

LIMITS = Limits()
HEX32 = re.compile(r"^[0-9a-f]{32}$")

BASE = b'id,name,note\n1,"Smith, Jane","line one\nline two"\n2,Bob,plain\n3,Eve,"say ""hi"""\n'


def table(data: bytes, key: str | None = None, limits: Limits = LIMITS):
    return read_table(data, key, limits)


def rejected(data: bytes, key: str | None = None, limits: Limits = LIMITS) -> str:
    with pytest.raises(ApiError) as raised:
        read_table(data, key, limits)
    assert raised.value.kind is ErrorKind.VALIDATION
    return raised.value.message


def test_quoted_fields_embedded_commas_and_newlines():
    parsed = table(BASE, "id")
    assert parsed.columns == ("id", "name", "note")
    assert parsed.primary_key == ("id",)
    assert parsed.num_rows == 3
    assert HEX32.match(parsed.content_hash)
    assert parsed.describe() == {
        "columns": ["id", "name", "note"],
        "numRows": 3,
        "primaryKey": ["id"],
    }


def test_empty_key_means_every_column_in_header_order():
    assert table(BASE).primary_key == ("id", "name", "note")
    assert table(BASE, "").primary_key == ("id", "name", "note")
    assert table(BASE, "  ").content_hash == table(BASE).content_hash


def test_duplicate_keys_are_deduplicated_and_the_last_row_wins():
    data = b"id,v\n1,first\n2,x\n1,last\n"
    parsed = table(data, "id")
    assert parsed.num_rows == 2
    assert parsed.content_hash == table(b"id,v\n2,x\n1,last\n", "id").content_hash
    assert parsed.content_hash != table(b"id,v\n2,x\n1,first\n", "id").content_hash


def test_identical_rows_collapse_when_every_column_is_the_key():
    assert table(b"a,b\n1,2\n1,2\n3,4\n").num_rows == 2


def test_content_hash_ignores_order_duplicates_quoting_line_ends_and_bom():
    reference = table(BASE, "id").content_hash
    reordered = (
        b'id,name,note\n3,Eve,"say ""hi"""\r\n2,"Bob",plain\r\n'
        b'1,"Smith, Jane","line one\nline two"\r\n2,Bob,plain\r\n'
    )
    assert table(reordered, "id").content_hash == reference
    assert table(b"\xef\xbb\xbf" + BASE, "id").content_hash == reference
    assert (
        table(BASE.replace(b"\n", b"\r\n").replace(b"one\r\nline", b"one\nline"), "id").content_hash
        == reference
    )


def test_content_hash_depends_on_key_order_columns_and_values():
    data = b"a,b,c\n1,2,3\n4,5,6\n"
    hashes = {
        table(data, "a,b").content_hash,
        table(data, "b,a").content_hash,
        table(data, "a").content_hash,
        table(data).content_hash,
        table(b"a,b,d\n1,2,3\n4,5,6\n", "a,b").content_hash,
        table(b"a,b,c\n1,2,3\n4,5,7\n", "a,b").content_hash,
        table(b"b,a,c\n2,1,3\n5,4,6\n", "a,b").content_hash,
    }
    assert len(hashes) == 7


def test_digest_is_unambiguous():
    assert digest(["a\x1fb"]) != digest(["a", "b"])
    assert digest(["a", "b\x1fc"]) != digest(["a", "b", "c"])
    assert digest([""]) != digest(["", ""])
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert len(digest(["x"])) == 16


def test_primary_key_parsing():
    columns = ("id", "year", "price")
    assert parse_primary_key(" year , id ", columns) == ("year", "id")
    assert parse_primary_key(None, columns) == columns
    for bad, fragment in [
        ("id,nope", "'nope'"),
        ("id,,year", "empty"),
        ("id,id", "twice"),
        ("ID", "'ID'"),
    ]:
        with pytest.raises(ApiError) as raised:
            parse_primary_key(bad, columns)
        assert fragment in raised.value.message


def test_header_only_is_an_empty_table():
    parsed = table(b"id,name\n")
    assert parsed.num_rows == 0
    assert parsed.columns == ("id", "name")


def test_blank_lines_are_skipped():
    assert table(b"id\n\n1\n\n2\n\n").num_rows == 2


@pytest.mark.parametrize(
    ("data", "key", "fragment"),
    [
        (b"", None, "empty"),
        (b"\n\n\r\n", None, "empty"),
        (b"id,name\n1,a\n2,b,c\n", None, "line 3 of the CSV has 3 fields, but the header has 2"),
        (b"id,name\n1\n", None, "has 1 fields"),
        (b"id,name\n1,\xff\xfe\n", None, "not valid UTF-8"),
        (b"id,id\n1,2\n", None, "column 'id' twice"),
        (b"id,,x\n1,2,3\n", None, "column 2 of the CSV header has no name"),
        (b"id,name\n1,a\n", "missing", "'missing'"),
        (b'id,name\n1,"unterminated\n', None, "malformed"),
        (b'id,name\n1,"a"b\n', None, "malformed"),  # text after a closing quote
    ],
)
def test_bad_csv_is_a_400(data, key, fragment):
    assert fragment in rejected(data, key)


def test_row_and_column_limits():
    small = Limits(max_rows=3, max_columns=2)
    assert table(b"a,b\n1,2\n3,4\n5,6\n", limits=small).num_rows == 3
    assert "limit of 3 rows" in rejected(b"a,b\n1,2\n3,4\n5,6\n7,8\n", limits=small)
    assert "limit of 3 rows" in rejected(b"a,b\n1,2\n1,2\n1,2\n1,2\n", limits=small)
    assert "3 columns" in rejected(b"a,b,c\n1,2,3\n", limits=small)


def test_a_quote_inside_an_unquoted_field_is_kept():
    assert table(b'id,name\n1,a"b"c\n').num_rows == 1


def test_field_size_is_bounded():
    assert "malformed" in rejected(b"a\n" + b"x" * 200_000 + b"\n")
