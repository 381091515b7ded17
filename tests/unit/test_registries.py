"""One registry: the contracts. Every contract has a mock package and a gate profile,
and a load suite exactly when it documents a rate limit; nothing else is listed."""

from __future__ import annotations

import pkgutil

import contract
from conformance import apis as profiles
from loadtests import suites
from mockserver import apis as mock_apis


def test_every_contract_has_a_mock_package():
    assert mock_apis.available() == contract.names()
    for name in contract.names():
        definition = mock_apis.definition(name)
        assert definition.name == name
        assert contract.spec_path(name).name == definition.spec_file


def test_every_contract_has_a_gate_profile():
    assert profiles.names() == contract.names()
    for name in contract.names():
        assert profiles.profile(name).name == name


def test_a_load_suite_exists_exactly_for_the_contracts_with_a_limit():
    limited = [name for name in contract.names() if contract.limits(name) is not None]
    modules = sorted(m.name for m in pkgutil.iter_modules(suites.__path__))
    assert modules == limited
    assert suites.names() == limited
