"""flake8 plugin of pyexpert (entry point ``PX = "flake8_pyexpert.plugin:Plugin"``).

The plugin walks each file once (:mod:`flake8_pyexpert.runner`), keeping a per-file semantic
model (:mod:`flake8_pyexpert.semantic`) that the checks in :mod:`flake8_pyexpert.rules` ask
questions of. Messages, codes and options come from the shared catalog in :mod:`pyexpert_core`.
"""

from __future__ import annotations

from pyexpert_core import __version__

__all__ = ["__version__"]
