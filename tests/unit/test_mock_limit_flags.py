"""`understudy mock` takes every cap as a flag; a bad value is one clear line, exit 2."""

from __future__ import annotations

import argparse
import subprocess
import sys

from mockserver.serve import LIMIT_FLAGS, register, settings_from_args
from mockserver.settings import Settings


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["mock", *argv])


def test_defaults_are_the_settings_defaults():
    settings = settings_from_args(parse())
    for name, _, _ in LIMIT_FLAGS:
        assert getattr(settings, name) == getattr(Settings(), name)


def test_flags_set_the_caps_and_the_signing_key():
    settings = settings_from_args(
        parse("--webhook-queue-capacity", "7", "--head-timeout", "2.5", "--token-secret", "k")
    )
    assert settings.webhook_queue_capacity == 7
    assert settings.head_timeout == 2.5
    assert settings.token_secret == "k"


def test_a_bad_cap_is_one_line_and_exit_2():
    result = subprocess.run(
        [sys.executable, "-m", "understudy", "mock", "--max-headers", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "argument --max-headers: must be positive, got '0'" in line
