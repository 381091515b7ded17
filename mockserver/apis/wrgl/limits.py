"""The bounds on what a WRGL client may upload (documented in spec/wrgl.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upload bounds; tests pass smaller ones through ``ApiDefinition.extra["limits"]``."""

    max_file_bytes: int = 10 * MIB
    """`csv.dataFile` as sent (gzipped): 413 beyond."""
    max_csv_bytes: int = 100 * MIB
    """The CSV after gunzip: 400 beyond (the gzip-bomb bound)."""
    max_rows: int = 1_000_000
    """Data rows, counted before deduplication: 400 beyond."""
    max_columns: int = 1000

    @property
    def max_body_bytes(self) -> int:
        """The whole multipart body: the file plus 64 KiB for the other fields."""
        return self.max_file_bytes + 64 * 1024


DEFAULT_LIMITS = Limits()
