"""The exit codes of `understudy load`, in one place (printed by --help and the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the process exit status means."""

    HOLDS = 0
    """The limit holds as documented."""
    VIOLATED = 1
    """The server's answers contradict the documented limit."""
    USAGE = 2
    """A bad command line: a limit that does not parse, an unknown plan, --processes 0."""
    UNREACHABLE = 3
    """The server under test could not be reached."""
    TOOL_FAILURE = 4
    """The load tool itself failed: no worker joined, the master cannot be reached, or
    the master received no observations from its workers. Says nothing of the server."""


HELP = "; ".join(
    f"{code.value} {text}"
    for code, text in (
        (ExitCode.HOLDS, "limit holds"),
        (ExitCode.VIOLATED, "limit violated"),
        (ExitCode.USAGE, "bad command line"),
        (ExitCode.UNREACHABLE, "server unreachable"),
        (ExitCode.TOOL_FAILURE, "tool failure (no workers, master unreachable, no observations)"),
    )
)
