"""TeamWork Live's rules that are pure logic: exact two-decimal hours, Unicode-only text,
the error document, and a deterministic, realistic seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator

from mockserver.apis.teamworklive.errors import TEAMWORKLIVE_ERRORS
from mockserver.apis.teamworklive.seed import seed
from mockserver.core.errors import ApiError, ErrorKind, FieldError
from mockserver.core.formats import Format
from mockserver.core.multipleof import is_multiple_of
from mockserver.core.runtime import SeedContext
from mockserver.core.store import IdFactory
from mockserver.core.unicode import lone_surrogate_at
from mockserver.core.validation import validator_map  # noqa: F401  (installs multipleOf)
from mockserver.settings import Settings

HOURS = {
    "type": "number",
    "minimum": 0,
    "exclusiveMinimum": True,
    "maximum": 24,
    "multipleOf": 0.01,
}


@pytest.mark.parametrize("hours", [0.01, 0.07, 0.57, 8.27, 23.99, 24, 7.5, 1])
def test_two_decimal_hours_are_multiples_of_a_hundredth(hours):
    assert is_multiple_of(hours, 0.01)
    for validator in (Draft4RequestValidator, Draft4ResponseValidator):
        assert validator(HOURS).is_valid(hours)


@pytest.mark.parametrize("hours", [1.234, 0.001, 8.275, float("inf"), float("nan"), 1e300])
def test_more_decimals_or_no_number_are_not(hours):
    assert not is_multiple_of(hours, 0.01)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"name": "ok", "notes": "a\ud800b"}, "notes"),
        ({"user_ids": [1], "nested": {"list": ["x", "\udfff"]}}, "nested.list[1]"),
        ({"\ud800": 1}, "body"),
        ({"name": "Zoë 🎉", "notes": "東京"}, None),
        (None, None),
    ],
)
def test_lone_surrogates_are_found_wherever_they_are(body, where):
    assert lone_surrogate_at(body) == where


def test_the_error_document_lists_the_problems_of_a_400():
    details = (FieldError("hours", "must be greater than 0"), FieldError("", "must be an object"))
    error = ApiError(ErrorKind.VALIDATION, "x", details)
    rendered = TEAMWORKLIVE_ERRORS.render(error, Format.XML)
    assert rendered.status == 400 and rendered.media_type == "application/xml"
    assert rendered.body.endswith(
        b"<error><message>Validation failed: hours must be greater than 0; "
        b"the request body must be an object</message>"
        b"<errors><error>hours must be greater than 0</error>"
        b"<error>the request body must be an object</error></errors></error>"
    )


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (ErrorKind.RATE_LIMITED, 503),
        (ErrorKind.PAYLOAD_TOO_LARGE, 400),
        (ErrorKind.UNSUPPORTED_MEDIA_TYPE, 400),
        (ErrorKind.NOT_FOUND, 404),
    ],
)
def test_statuses_are_the_seeds(kind, status):
    rendered = TEAMWORKLIVE_ERRORS.render(ApiError(kind, "m", retry_after=7), Format.JSON)
    assert rendered.status == status and rendered.headers["Retry-After"] == "7"


def _seeded(seed_value: int = 1234):
    settings = replace(Settings(), seed=seed_value)
    from faker import Faker

    faker = Faker()
    faker.seed_instance(seed_value)
    return seed(
        SeedContext(
            settings, faker, IdFactory(seed_value), settings.reference_time, settings.fixture_volume
        )
    )


def _dump(state):
    return [
        sorted(map(repr, getattr(state, name).values()))
        for name in ("users", "companies", "contacts", "projects", "tasks", "time_entries")
    ]


def test_the_seed_is_deterministic_and_depends_on_the_seed():
    assert _dump(_seeded()) == _dump(_seeded())
    assert _dump(_seeded()) != _dump(_seeded(99))


def test_the_seed_is_realistic():
    state = _seeded()
    today = Settings().reference_time.date()
    demo_entries = [e for e in state.time_entries.values() if e["_account"] == 1]
    assert 200 <= len(demo_entries) <= 1000
    for entry in state.time_entries.values():
        project = state.projects.get(entry["project_id"])
        assert project["_start"] <= date.fromisoformat(entry["date"]) <= min(project["_end"], today)
        assert 0 < entry["hours"] <= 8 and (entry["hours"] * 100) % 1 == 0
        assert entry["user_id"] in project["user_ids"]
        task = state.tasks.get(entry["task_id"]) if entry["task_id"] else None
        assert task is None or task["project_id"] == project["id"]
    member_in = [3 in p["user_ids"] for p in state.projects.values() if p["_account"] == 1]
    assert any(member_in) and not all(member_in)
    for record in (*state.companies.values(), *state.projects.values(), *state.tasks.values()):
        assert record["created_at"] <= record["updated_at"]
    for example_id, store in (
        (17, state.companies),
        (31, state.contacts),
        (42, state.projects),
        (105, state.tasks),
        (2207, state.time_entries),
        (3, state.users),
    ):
        assert store.get(example_id)["_account"] == 1
