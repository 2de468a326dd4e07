"""Shared core of pyexpert: the rule catalog, its registry, docs and CLI (imports pydantic only)."""

from __future__ import annotations

# The one place the release is written: pyproject.toml reads it (dynamic version), and the mypy
# plugin's cache fingerprint starts with it. A literal, not importlib.metadata: the mypy plugin
# imports this module on every run, warm ones included.
__version__ = "0.1.0"
