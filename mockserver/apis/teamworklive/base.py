"""What every TeamWork Live handler shares: the state, the caller's access, timestamps
and the `Location` of a created resource."""

from __future__ import annotations

from typing import Any

from connexion import request

from mockserver.apis.teamworklive.access import Access
from mockserver.apis.teamworklive.state import TeamWorkState, now
from mockserver.core.responses import current_format
from mockserver.core.runtime import ApiRuntime
from mockserver.core.store import Record

TokenInfo = dict[str, Any]


class TeamWorkHandlerBase:
    """Bound to one runtime; reads ``runtime.state`` on every call so a reset is seen."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    @property
    def state(self) -> TeamWorkState:
        return self.runtime.state  # type: ignore[no-any-return]

    def access(self, token_info: TokenInfo) -> Access:
        return Access.of(self.state, token_info)

    def location(self, collection: str, record_id: int) -> dict[str, str]:
        """The new resource's absolute URL, with the request's extension."""
        url = request.url
        path = f"{self.runtime.mount_path}/{collection}/{record_id}.{current_format().value}"
        return {"Location": f"{url.scheme}://{url.netloc}{path}"}

    @staticmethod
    def created(record: Record) -> Record:
        stamp = now()
        record["created_at"] = stamp
        record["updated_at"] = stamp
        return record

    @staticmethod
    def changed(record: Record, body: dict[str, Any], fields: tuple[str, ...]) -> Record:
        """Apply a partial update: the fields given change, the others keep their values
        (an empty update changes nothing, `updated_at` included). Call after every check."""
        given = [name for name in fields if name in body]
        for name in given:
            record[name] = body[name]
        if given:
            record["updated_at"] = now()
        return record
