"""Downloading a commit's CSV: the uploaded bytes, with ranges and conditional GETs."""

from __future__ import annotations

from connexion.context import scope as current_scope
from starlette.datastructures import Headers
from starlette.responses import Response

from mockserver.apis.wrgl.base import WrglHandlerBase
from mockserver.core.ranges import serve_bytes
from mockserver.core.store import Record

CSV_MEDIA_TYPE = "text/csv"


class DownloadHandlers(WrglHandlerBase):
    async def download_commit_csv(self, user: str, repo_name: str, hash_: str) -> Response:
        return self._serve(self.commit_in(self.readable_repo(user, repo_name), hash_))

    async def download_latest_csv(self, user: str, repo_name: str) -> Response:
        return self._serve(self.latest_commit(self.readable_repo(user, repo_name)))

    def _serve(self, commit: Record) -> Response:
        """ETag is the quoted content hash (see the spec for `latest/csv`)."""
        return serve_bytes(
            self.state.csv_of(commit),
            Headers(scope=current_scope),
            etag=f'"{commit["contentHash"]}"',
            media_type=CSV_MEDIA_TYPE,
        )
