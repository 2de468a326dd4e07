"""``python -m pyexpert_core``: the ``pyexpert`` command."""

from __future__ import annotations

from pyexpert_core.cli import main

raise SystemExit(main())
