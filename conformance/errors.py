"""Why a gate run could not give a verdict, as typed exceptions with their exit codes.

Raised where the problem is found; `understudy conform` prints the message as one line
and exits with the code. A verdict itself is 0 (conforms) or 1 (does not).
"""

from __future__ import annotations

CONFORMS = 0
DOES_NOT_CONFORM = 1
USAGE = 2
UNREACHABLE = 3


class GateError(Exception):
    """A run that cannot give a verdict; ``exit_code`` says why."""

    exit_code = USAGE


class UsageError(GateError):
    """A bad flag value or configuration (unknown API, unreadable spec, missing credential)."""

    exit_code = USAGE


class Unreachable(GateError):
    """The target does not answer HTTP (refused, timed out, not an HTTP server)."""

    exit_code = UNREACHABLE
