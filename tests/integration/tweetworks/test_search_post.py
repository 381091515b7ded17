"""`groups/search` and `users/search` with `data[query]` in a POST body (the data
envelope), answering what the GET answers, over real HTTP."""

from __future__ import annotations

import pytest

from tests.integration.tweetworks.conftest import error_of


@pytest.mark.parametrize(
    ("path", "container", "query"),
    [("groups/search", "groups", "twitter groups"), ("users/search", "users", "other user")],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_post_search_answers_what_the_get_answers(demo, path, container, query, fmt):
    by_get = demo.get(f"{path}.{fmt}", params={"data[query]": query})
    by_post = demo.post(f"{path}.{fmt}", data={"data[query]": query})
    assert by_post.status_code == by_get.status_code == 200
    assert by_post.headers["content-type"] == by_get.headers["content-type"]
    assert by_post.content == by_get.content
    if fmt == "json":
        assert by_post.json()[container]


def test_a_post_search_pages_like_the_get(demo):
    page2_get = demo.get("users/search.json", params={"data[query]": "e", "page": 2})
    page2_post = demo.post("users/search.json?page=2", data={"data[query]": "e"})
    assert page2_post.json() == page2_get.json()


def test_a_post_search_without_a_query_or_with_a_bad_key_is_refused(demo, raw):
    error_of(demo.post("groups/search.json", data={}), 400)
    error_of(demo.post("groups/search.xml", data={"data[query]": ""}), 400, "xml")
    refused = raw.post("users/search.json", data={"data[key]": "not_a_key", "data[query]": "demo"})
    assert error_of(refused, 401) == "Invalid API key"
