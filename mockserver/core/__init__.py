"""Mechanics shared by every API: each is written once and configured per API."""
