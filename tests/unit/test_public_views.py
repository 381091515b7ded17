"""Remembered public views (core/store.py): equal to public_view, forgotten on demand,
bounded."""

from __future__ import annotations

from mockserver.core.store import PublicViews, public_view


def test_a_view_is_the_public_view_and_is_remembered_until_forgotten() -> None:
    views: PublicViews[str] = PublicViews()
    record = {"id": "a", "name": "first", "_owner": "u"}
    first = views.of("a", record)
    assert first == public_view(record) == {"id": "a", "name": "first"}
    record["name"] = "second"
    assert views.of("a", record) is first  # remembered: the caller must forget on change
    views.forget("a")
    assert views.of("a", record) == {"id": "a", "name": "second"}
    views.forget("never-seen")  # forgetting what is not there is no error


def test_views_are_bounded() -> None:
    views: PublicViews[int] = PublicViews(limit=3)
    for key in range(10):
        views.of(key, {"id": key})
        assert len(views) <= 3
    assert views.of(9, {"id": 9}) == {"id": 9}
