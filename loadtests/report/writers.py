"""The machine-readable outputs of a run (JSON, CSV) and the dispatch to the HTML page;
all written from one :class:`Summary`, so they agree with the console."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from loadtests.report.summary import Summary


def write_json(summary: Summary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary.to_dict(), indent=2))


def write_csv(summary: Summary, prefix: str) -> list[Path]:
    """``PREFIX_windows.csv`` (one row per window, then a total row) and
    ``PREFIX_seconds.csv`` (accepted/limited/wrong per second)."""
    windows = Path(f"{prefix}_windows.csv")
    seconds = Path(f"{prefix}_seconds.csv")
    windows.parent.mkdir(parents=True, exist_ok=True)
    with windows.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "window_start",
                "window_end",
                "accepted",
                "limited",
                "wrong",
                "first_limited_after_s",
                "retry_after_seen",
                "reset_seen",
            ]
        )
        for window in summary.windows:
            writer.writerow(
                [
                    f"{window.start:.0f}",
                    f"{window.end:.0f}",
                    window.accepted,
                    window.limited,
                    window.wrong,
                    "" if window.first_limited_after is None else window.first_limited_after,
                    " ".join(map(str, window.retry_after)),
                    " ".join(map(str, window.reset)),
                ]
            )
        writer.writerow(["total", "", summary.accepted, summary.limited, summary.wrong, "", "", ""])
    with seconds.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["second", "accepted", "limited", "wrong"])
        for second in summary.seconds:
            writer.writerow([f"{second.at:.0f}", second.accepted, second.limited, second.wrong])
    return [windows, seconds]


def write_reports(summary: Summary, json_path: str, html_path: str, csv_prefix: str) -> None:
    """Whichever of the three outputs were asked for."""
    if json_path:
        write_json(summary, Path(json_path))
    if csv_prefix:
        write_csv(summary, csv_prefix)
    if html_path:
        from loadtests.report.html import write_html

        write_html(summary, Path(html_path))
