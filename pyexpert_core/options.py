"""Options shared by every rule of both plugins (as opposed to a rule's own options).

The file-role globs (:mod:`pyexpert_core.roles`): which files are tests, examples, scripts and
migrations. flake8 spells them ``--pyexpert-test-globs`` (``pyexpert-test-globs =`` in
``[flake8]``); the mypy plugin reads ``test_globs =`` in its config section. The defaults are
those of :data:`pyexpert_core.roles.DEFAULT_GLOBS`, written once there.
"""

from __future__ import annotations

from typing import Final

from pyexpert_core.catalog import RuleOption
from pyexpert_core.roles import DEFAULT_GLOBS, Role

__all__ = ["MYPY_SWITCHES", "ROLE_OPTIONS", "role_option_name"]

_WHAT: Final = {
    Role.TEST: "test code (tests, their fixtures and helpers)",
    Role.EXAMPLE: "example code (examples and documentation)",
    Role.SCRIPT: "scripts (one-off tools, entry points)",
    Role.MIGRATION: "database migrations",
}


def role_option_name(role: Role) -> str:
    """``test_globs`` for :attr:`Role.TEST`."""
    return f"{role.value}_globs"


ROLE_OPTIONS: Final = tuple(
    RuleOption(
        name=role_option_name(role),
        type="list of globs",
        default=",".join(DEFAULT_GLOBS[role]),
        description=(
            f"Files that are {_WHAT[role]}. `dir/` matches a directory of that name anywhere in the "
            "path (relative to the file's project: the nearest directory with a `pyproject.toml` or "
            "`setup.cfg`), `name.py` globs match the file name, `a/b/*.py` the end of the path. "
            "Replaces the default list; each rule's page says which roles it applies to."
        ),
    )
    for role in (Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION)
)

_SWITCH_HOW: Final = (
    "Rule codes (`PX106`), names (`dumped-model-as-data`) or mypy error codes, comma-separated; "
    "mypy rules only. They apply after mypy's own `enable_error_code`/`disable_error_code`, and work "
    "on every supported mypy and under dmypy, where naming a pyexpert error code in mypy's own "
    "settings does not (mypy before 1.19 rejects it as an unknown code, and dmypy stops on it)."
)

#: The mypy plugin's own switches for its rules (keys of ``[pyexpert-mypy]``; flake8 has
#: ``--extend-select``/``--extend-ignore`` for this).
MYPY_SWITCHES: Final = (
    RuleOption(
        name="enable",
        type="list of mypy rules",
        default="none",
        description=f"The mypy rules to turn on, opt-in ones included. {_SWITCH_HOW}",
    ),
    RuleOption(
        name="disable",
        type="list of mypy rules",
        default="none",
        description=f"The mypy rules to turn off. {_SWITCH_HOW}",
    ),
)
