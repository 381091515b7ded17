"""Conformance gate: checks any server at a URL against an Understudy spec.

Runs Schemathesis (all phases, all checks) with the project's own checks loaded as
hooks, then scenario checks Schemathesis cannot know (envelopes, pagination,
round trips). Never imports the mock: it only speaks HTTP.
"""
