"""The `understudy` front door: every verb's flags are explained, and the mock's banner
shows the limits actually in force."""

from __future__ import annotations

import argparse
from dataclasses import replace

import pytest

from contract import RateLimit
from mockserver.apis import definition
from mockserver.serve import banner
from mockserver.settings import Settings
from understudy.cli import VERBS, build_parser


def verb_parser(verb: str) -> argparse.ArgumentParser:
    parser = build_parser(verb)
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return subparsers.choices[verb]


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_flag_has_help_text(verb):
    undocumented = [
        action.option_strings or action.dest
        for action in verb_parser(verb)._actions
        if not action.help and not isinstance(action, argparse._HelpAction)
    ]
    assert undocumented == []


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_help_shows_defaults(verb):
    parser = verb_parser(verb)
    text = parser.format_help()
    for action in parser._actions:
        if action.option_strings and action.default not in (None, False, "", [], argparse.SUPPRESS):
            assert f"(default: {action.default})" in " ".join(text.split()), action.dest


def test_the_banner_shows_the_limits_in_force_with_overrides_marked():
    settings = replace(Settings(), rate_limit_overrides={"example.free": RateLimit(5, 2)})
    text = banner([definition("example"), definition("tw")], settings, standalone=False)
    assert "free 5/2s (override), pro 600/1m, enterprise 6000/1m" in text
    assert "starter 10/1s+20, pro 100/1s+200, enterprise no limit" in text


def test_the_banner_says_when_limits_are_off():
    settings = replace(Settings(), rate_limits_enabled=False)
    assert "rate limits: off" in banner([definition("teamworklive")], settings, standalone=True)
