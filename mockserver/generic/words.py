"""Plausible free text for a property, by its name, from a seeded Faker."""

from __future__ import annotations

from typing import Any

from faker import Faker

_BY_NAME = {
    "name": "first_name",
    "firstname": "first_name",
    "first_name": "first_name",
    "lastname": "last_name",
    "last_name": "last_name",
    "fullname": "name",
    "username": "user_name",
    "login": "user_name",
    "email": "email",
    "phone": "phone_number",
    "city": "city",
    "country": "country",
    "street": "street_address",
    "address": "street_address",
    "zip": "postcode",
    "postcode": "postcode",
    "company": "company",
    "title": "sentence",
    "description": "sentence",
    "summary": "sentence",
    "body": "paragraph",
    "text": "sentence",
    "comment": "sentence",
    "url": "url",
    "image": "image_url",
    "tag": "word",
    "slug": "slug",
    "color": "color_name",
    "currency": "currency_code",
}


def faker_words(faker: Faker) -> Any:
    """A :data:`contract.samples.Words` source backed by ``faker``."""

    def words(name: str | None, schema: dict[str, Any]) -> str | None:
        key = (name or "").lower().replace("-", "_")
        provider = _BY_NAME.get(key) or _BY_NAME.get(key.rstrip("s"))
        text = str(getattr(faker, provider)()) if provider else faker.word()
        return text.rstrip(".") if provider == "sentence" else text

    return words
