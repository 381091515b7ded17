"""The chunked sorted index agrees with a plain sorted list under random operations."""

from __future__ import annotations

import random
from bisect import insort

import pytest

from mockserver.apis.tw import indexes
from mockserver.apis.tw.indexes import Bound, SortedIndex


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(indexes, "CHUNK", 4)


def in_range(pairs, low, high):
    def fits(value):
        if low is not None and (value < low.value or (value == low.value and not low.inclusive)):
            return False
        return not (
            high is not None
            and (value > high.value or (value == high.value and not high.inclusive))
        )

    return [p for p in pairs if fits(p[0])]


@pytest.mark.parametrize("seed", range(8))
def test_random_operations_match_a_sorted_list(seed):
    rng = random.Random(seed)
    index, reference = SortedIndex(), []
    next_id = 0
    for _ in range(600):
        if reference and rng.random() < 0.35:
            value, row_id = reference.pop(rng.randrange(len(reference)))
            index.remove(value, row_id)
        else:
            next_id += 1
            pair = (rng.randint(0, 30), next_id)
            insort(reference, pair)
            index.add(*pair)
        assert len(index) == len(reference)
    assert list(index.scan()) == reference
    assert list(index.scan(reverse=True)) == reference[::-1]
    for _ in range(200):
        a, b = sorted((rng.randint(-2, 33), rng.randint(-2, 33)))
        low = rng.choice([None, Bound(a, True), Bound(a, False)])
        high = rng.choice([None, Bound(b, True), Bound(b, False)])
        expected = in_range(reference, low, high)
        assert list(index.scan(low, high)) == expected
        assert list(index.scan(low, high, reverse=True)) == expected[::-1]
        assert index.count(low, high) == len(expected)


def test_equal_values_keep_row_id_order_whatever_the_insert_order():
    index = SortedIndex()
    for row_id in (5, 1, 9, 3, 7, 2, 8):
        index.add("same", row_id)
    index.add("aaa", 4)
    assert [r for _, r in index.scan(Bound("same"), Bound("same"))] == [1, 2, 3, 5, 7, 8, 9]
    assert list(index.scan(high=Bound("same", inclusive=False))) == [("aaa", 4)]


def test_removing_a_missing_pair_raises():
    index = SortedIndex()
    index.add(1, 1)
    with pytest.raises(KeyError):
        index.remove(1, 2)
    with pytest.raises(KeyError):
        index.remove(5, 1)
    index.remove(1, 1)
    assert list(index.scan()) == [] and index.count() == 0


def test_inserting_in_order_stays_linear_in_chunks():
    index = SortedIndex()
    for i in range(100):
        index.add(i, i)
    assert index.count(Bound(10), Bound(19)) == 10
    assert [v for v, _ in index.scan(Bound(95, inclusive=False))] == [96, 97, 98, 99]
