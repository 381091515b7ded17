"""From a `csv.dataFile` part to stored bytes and a table: bounded, off the event loop."""

from __future__ import annotations

from typing import Any, BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from mockserver.apis.wrgl.limits import Limits
from mockserver.apis.wrgl.tables import Table, read_table
from mockserver.core.errors import ApiError, ErrorKind, validation_error
from mockserver.core.gzipped import DecompressionBudget, gunzip

FIELD = "csv.dataFile"


def _ingest(
    source: BinaryIO, primary_key: str | None, limits: Limits, budget: DecompressionBudget
) -> tuple[bytes, Table]:
    source.seek(0)
    data = gunzip(source, limits.max_csv_bytes, what=FIELD, budget=budget)
    return data, read_table(data, primary_key, limits)


async def ingest(
    part: Any, primary_key: str | None, limits: Limits, budget: DecompressionBudget
) -> tuple[bytes, Table]:
    """The decompressed CSV of an upload and its table.

    Gunzip and parsing run in a worker thread (a large upload takes seconds of CPU
    and must not stall other requests); nothing is stored here.
    """
    if not isinstance(part, UploadFile):
        raise validation_error(f"{FIELD} must be a file part (with a filename)")
    if part.size is not None and part.size > limits.max_file_bytes:
        raise ApiError(
            ErrorKind.PAYLOAD_TOO_LARGE,
            f"{FIELD} exceeds the limit of {limits.max_file_bytes} bytes",
        )
    return await run_in_threadpool(_ingest, part.file, primary_key, limits, budget)
