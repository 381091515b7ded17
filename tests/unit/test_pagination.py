import pytest

from mockserver.core.errors import ApiError
from mockserver.core.pagination import CursorCodec, page_slice


def test_page_slice_reports_totals_and_is_empty_past_the_end():
    items = list(range(45))
    rows, info = page_slice(items, 3, 20)
    assert rows == list(range(40, 45))
    assert (info.total, info.total_pages) == (45, 3)
    assert page_slice(items, 4, 20)[0] == []
    assert page_slice([], 1, 20)[1].total_pages == 0


def test_cursor_round_trip():
    codec = CursorCodec(b"secret")
    assert codec.decode(codec.encode({"after": "ds_1", "n": 3})) == {"after": "ds_1", "n": 3}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t[:-2],
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: "x" + t,
        lambda t: "!!!",
        lambda t: "",
    ],
)
def test_tampered_cursors_are_rejected(mutate):
    codec = CursorCodec(b"secret", field="pageToken")
    with pytest.raises(ApiError) as caught:
        codec.decode(mutate(codec.encode({"offset": 20})))
    assert caught.value.details[0].field == "pageToken"


def test_a_cursor_from_another_key_is_rejected():
    token = CursorCodec(b"one").encode({"offset": 1})
    with pytest.raises(ApiError):
        CursorCodec(b"two").decode(token)
