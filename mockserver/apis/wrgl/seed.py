"""WRGL's deterministic seed: users, and repositories of small CSV tables with history.

Every seeded commit goes through the same CSV reader as an upload, so seeded hashes
and table descriptions are exactly what a client committing the same bytes gets.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from faker import Faker

from mockserver.apis.wrgl.limits import DEFAULT_LIMITS
from mockserver.apis.wrgl.state import FREE, PAID, WrglState, rfc3339
from mockserver.apis.wrgl.tables import read_table
from mockserver.core.runtime import SeedContext
from mockserver.core.store import Record

DEMO_KEY = "wrgl_demo_key"
OTHER_KEY = "wrgl_other_key"
HISTORY_REPO = "demo-history"
"""A repository of the demo user with enough commits to page through (3 pages)."""
HISTORY_COMMITS = 45
EXAMPLE_REPOS = ("product-prices", "sales_2024")
"""The repositories the spec's examples name (demo's private one, other's public one),
so the examples Schemathesis sends read real data."""
_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,99}$")
COLUMNS = ("product_id", "name", "price", "currency")


def _products(fake: Faker, count: int) -> list[list[str]]:
    return [
        [
            f"P-{fake.unique.random_int(1000, 99999)}",
            fake.company(),  # some hold commas, so some fields are quoted
            f"{fake.pyfloat(min_value=1, max_value=500, right_digits=2):.2f}",
            fake.random_element(("USD", "EUR", "GBP")),
        ]
        for _ in range(count)
    ]


def _revise(fake: Faker, rows: list[list[str]]) -> list[list[str]]:
    revised = [list(row) for row in rows if fake.boolean(90)]
    for row in revised:
        if fake.boolean(30):
            row[2] = f"{float(row[2]) * fake.pyfloat(min_value=0.8, max_value=1.2):.2f}"
    return revised + _products(fake, fake.random_int(0, 3))


def _csv(rows: list[list[str]], crlf: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _repo_name(fake: Faker) -> str:
    while True:
        name = fake.unique.slug()[:60]
        if _NAME.match(name) and name not in (HISTORY_REPO, *EXAMPLE_REPOS):
            return name


def _history(
    state: WrglState, ctx: SeedContext, name: str, owner: Record, commits: int, public: bool
) -> None:
    fake = ctx.faker
    rows = _products(fake, fake.random_int(3, 12))
    gaps = [
        timedelta(hours=fake.random_int(1, 24 * 6), seconds=fake.random_int(0, 3599))
        for _ in range(commits - 1)
    ]
    moment = ctx.reference_time - sum(gaps, timedelta(days=fake.random_int(1, 300)))
    crlf = fake.boolean()
    for number in range(commits):
        if number:
            rows = _revise(fake, rows)
            moment += gaps[number - 1]
        data = _csv(rows, crlf)
        key = "product_id" if fake.boolean(80) else ""
        table = read_table(data, key, DEFAULT_LIMITS)
        message = fake.sentence(nb_words=6).rstrip(".") if number else "Initial import"
        state.commit(name, owner, message, table, data, rfc3339(moment), public=public)


def seed(ctx: SeedContext) -> WrglState:
    """Demo users and repositories; same seed, same data."""
    fake = ctx.faker
    state = WrglState(ids=ctx.ids)
    demo = state.new_user("demo", PAID, DEMO_KEY)
    other = state.new_user("other", FREE, OTHER_KEY)
    crowd = [state.new_user(fake.unique.user_name(), plan) for plan in (PAID, PAID, FREE)]

    _history(state, ctx, HISTORY_REPO, demo, HISTORY_COMMITS, public=False)
    _history(state, ctx, EXAMPLE_REPOS[0], demo, 3, public=False)
    _history(state, ctx, EXAMPLE_REPOS[1], other, 2, public=True)
    total = max(8, ctx.volume)
    owners = [demo] * (total // 3) + [other] * (total // 5)
    owners += [crowd[i % len(crowd)] for i in range(total - len(owners))]
    for owner in owners:
        public = owner["plan"] == FREE or fake.boolean(60)
        commits = fake.random_int(1, 4)
        _history(state, ctx, _repo_name(fake), owner, commits, public)
    return state
