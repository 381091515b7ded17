"""New ids for created records, shaped by the id property's schema.

Integers continue a sequence past the largest id seen; uuids are uuids; strings
follow the schema's pattern when there is one, else a prefixed random token.
"""

from __future__ import annotations

import random
import string
import uuid
from typing import Any

from contract.regex import sample_matching

SEQUENCE_JUMP = 1_000_000


class IdMaker:
    """Ids for one resource; ``seen`` keeps integer sequences ahead of seeded ids."""

    def __init__(self, schema: dict[str, Any], prefix: str, rng: random.Random) -> None:
        self.schema = schema
        self.prefix = prefix
        self.rng = rng
        self._next = 1

    @property
    def integer(self) -> bool:
        return self.schema.get("type") in ("integer", "number")

    def seen(self, value: Any) -> None:
        """Keep the sequence past ``value`` (client-chosen ids far out are not followed,
        so one huge id cannot push every later id out of the schema's range)."""
        number = isinstance(value, int) and not isinstance(value, bool)
        if self.integer and number and value < self._next + SEQUENCE_JUMP:
            self._next = max(self._next, value + 1)

    def new(self) -> Any:
        if self.integer:
            value = max(self._next, int(self.schema.get("minimum", 1)))
            self._next = value + 1
            return value
        if self.schema.get("format") == "uuid":
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        pattern = self.schema.get("pattern")
        if pattern:
            made = sample_matching(pattern, self.rng)
            if made is not None:
                return made
        body = "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(10))
        made = f"{self.prefix}_{body}"
        limit = self.schema.get("maxLength")
        return made[-int(limit) :] if limit else made


def key_of(value: Any) -> str:
    """The store key of an id value: ids travel as path text, so keys are text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
