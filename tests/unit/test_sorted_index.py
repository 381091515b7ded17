"""The listing index gives the order a full sort gives, page by page, through changes."""

from __future__ import annotations

import random

from mockserver.core.sortedindex import SortedIndex


def _sorted(records: list[dict[str, str]], owner: str, field: str, descending: bool) -> list[str]:
    """The listing rule the index replaces: by id, then stably by the field."""
    mine = [r for r in records if r["owner"] == owner]
    mine.sort(key=lambda r: r["id"])
    mine.sort(key=lambda r: r.get(field) or "", reverse=descending)
    return [r["id"] for r in mine]


def test_pages_match_a_full_sort_through_adds_changes_and_removals() -> None:
    chooser = random.Random(7)
    store: dict[str, dict[str, str]] = {}
    index = SortedIndex(
        ("name", "created_at"),
        partition=lambda r: r["owner"],
        value=lambda r, f: r.get(f) or "",
        records=lambda: list(store.values()),
    )

    def add(number: int) -> None:
        # Many equal values: the ties (by id) decide the order.
        record = {
            "id": f"res_{number}",  # res_1 is a prefix of res_10: ids of many lengths
            "owner": chooser.choice("ab"),
            "name": chooser.choice(["alpha", "beta", "", "alphabet"]),
            "created_at": f"2026-01-0{chooser.randint(1, 3)}",
        }
        if record["id"] not in store:
            store[record["id"]] = record
            index.add(record)

    for number in range(150):
        add(number)
    for descending in (False, True):  # build these orders now, then keep them current
        index.ids("a", "name", descending, 0, 1)
    for number in range(150, 300):
        add(number)
    for record in chooser.sample(sorted(store.values(), key=lambda r: r["id"]), 40):
        index.remove(record)
        record["name"] = chooser.choice(["gamma", "alpha"])
        index.add(record)
    for record in chooser.sample(sorted(store.values(), key=lambda r: r["id"]), 30):
        index.remove(record)
        del store[record["id"]]

    for owner in "ab":
        assert index.size(owner) == sum(1 for r in store.values() if r["owner"] == owner)
        for field in ("name", "created_at"):
            for descending in (False, True):
                expected = _sorted(list(store.values()), owner, field, descending)
                assert list(index.iter_ids(owner, field, descending)) == expected
                assert index.ids(owner, field, descending, 5, 12) == expected[5:12]
                assert (
                    index.ids(owner, field, descending, len(expected) - 3, 10**6) == (expected[-3:])
                )
