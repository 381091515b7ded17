import pytest

from mockserver.core.ratelimit import RateLimit, RateLimiter, parse_rate_limit


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_fixed_window_allows_exactly_the_limit_then_denies_until_the_window_resets():
    clock = FakeClock(1_000_020.0)
    limiter = RateLimiter(clock)
    limit = RateLimit(3, 60)
    decisions = [limiter.acquire("u", limit) for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0, 0]
    window_end = (1_000_020 // 60 + 1) * 60
    assert all(d.reset_at == window_end for d in decisions)
    assert decisions[3].retry_after == window_end - 1_000_020
    clock.now = window_end
    assert limiter.acquire("u", limit).allowed


def test_fixed_window_counts_keys_separately():
    limiter = RateLimiter(FakeClock())
    limit = RateLimit(1, 60)
    assert limiter.acquire("a", limit).allowed
    assert limiter.acquire("b", limit).allowed
    assert not limiter.acquire("a", limit).allowed


def test_token_bucket_allows_the_burst_then_the_rate():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limit = RateLimit(10, 1, burst=20)
    burst = [limiter.acquire("k", limit).allowed for _ in range(40)]
    assert burst.count(True) == 20
    denied = limiter.acquire("k", limit)
    assert not denied.allowed and denied.retry_after == 1
    clock.now += 0.5
    refilled = [limiter.acquire("k", limit).allowed for _ in range(10)]
    assert refilled.count(True) == 5


def test_token_bucket_never_exceeds_capacity_after_idling():
    clock = FakeClock()
    limiter = RateLimiter(clock)
    limit = RateLimit(10, 1, burst=20)
    limiter.acquire("k", limit)
    clock.now += 3600
    assert sum(limiter.acquire("k", limit).allowed for _ in range(30)) == 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60/60s", RateLimit(60, 60)),
        ("6000/1h", RateLimit(6000, 3600)),
        ("10/1s+20", RateLimit(10, 1, 20)),
        ("5/2m", RateLimit(5, 120)),
    ],
)
def test_parse_rate_limit(text, expected):
    assert parse_rate_limit(text) == expected


@pytest.mark.parametrize("text", ["", "60", "0/60s", "x/1s", "10/0s", "10/1d"])
def test_parse_rate_limit_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_rate_limit(text)
