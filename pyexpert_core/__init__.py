"""Shared core of pyexpert: the rule catalog, its registry, docs and CLI (imports pydantic only)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flake8-pyexpert")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
