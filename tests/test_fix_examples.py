"""``pyexpert fix`` end to end on the examples, in a temporary copy.

``examples/legacy/v1_models.py`` (Pydantic 1.10 code) is fixed with every fixable rule, the
unsafe fixes included; what is left is exactly what has no automatic fix (an ``each_item``
validator, a ``__root__`` model). Once a person does those two by hand (the edits below, plus
``constr(regex=...)`` outside an annotation, which no rule reports), the module imports under
Pydantic v2 without a deprecation warning and type-checks with the example's mypy configuration
(strict, ``pydantic.mypy``, ``mypy_pyexpert``), but for the PX105 finding, a design rule of
family PX1 the migration leaves alone.

The example service (``examples/service``, Pydantic v2 code) is fixed in the same run: its only
changes are the PX303/PX304 sites, and no PX2 finding with a fix is left in it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from fixing import ALL_CODES, fix_in, inside
from pyexpert_core.check import run_mypy
from pyexpert_core.fix.engine import FixReport, FixStatus
from pyexpert_core.registry import registry

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
LEGACY: Final = "legacy/v1_models.py"
PX2_FIXABLE: Final = {rule.code for rule in registry() if rule.fix is not None and rule.code.startswith("PX2")}

#: what a person does for the findings left (and for constr(regex=...), which no rule reports)
MANUAL: Final = (
    ('CountryCode = constr(regex=r"^[A-Z]{2}$")', 'CountryCode = constr(pattern=r"^[A-Z]{2}$")'),
    (
        '    @validator("tags", each_item=True)  # expect: PX201\n'
        "    def check_tag(cls, tag: str) -> str:\n"
        "        if not tag.isidentifier():\n"
        '            raise ValueError(f"invalid tag {tag!r}")\n'
        "        return tag\n",
        '    @field_validator("tags")\n'
        "    @classmethod\n"
        "    def check_tags(cls, tags: List[str]) -> List[str]:\n"
        "        for tag in tags:\n"
        "            if not tag.isidentifier():\n"
        '                raise ValueError(f"invalid tag {tag!r}")\n'
        "        return tags\n",
    ),
    (
        "class TagList(BaseModel):\n    __root__: List[str]  # expect: PX206\n",
        "class TagList(RootModel[List[str]]):\n    pass\n",
    ),
    ("tags.__root__", "tags.root"),
    ("    validator,\n", "    RootModel,\n"),
)


class Fixed:
    def __init__(self, root: Path, report: FixReport) -> None:
        self.root = root
        self.report = report


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> Fixed:
    root = tmp_path_factory.mktemp("examples")
    for name in ("legacy", "service"):
        shutil.copytree(EXAMPLES / name, root / name)
    for name in ("setup.cfg", "mypy.ini"):
        shutil.copy(EXAMPLES / name, root / name)
    return Fixed(root, fix_in(root, ["legacy", "service"], codes=ALL_CODES, unsafe=True))


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_legacy_leaves_only_what_has_no_fix(fixed: Fixed) -> None:
    text = (fixed.root / LEGACY).read_text(encoding="utf-8")
    left = {
        (r.finding.path, r.finding.line, r.finding.code)
        for r in fixed.report.results
        if r.status is not FixStatus.FIXED
    }
    assert left == {
        (LEGACY, _line_of(text, "each_item=True"), "PX201"),
        (LEGACY, _line_of(text, "__root__: List[str]"), "PX206"),
    }
    fixed_codes = {r.finding.code for r in fixed.report.with_status(FixStatus.FIXED) if r.finding.path == LEGACY}
    assert fixed_codes == {"PX201", "PX202", "PX203", "PX204", "PX205", "PX206", "PX209"}


def test_service_px2_findings_go_to_zero(fixed: Fixed) -> None:
    service = [r for r in fixed.report.results if r.finding.path.startswith("service/")]
    assert not [r for r in service if r.finding.code in PX2_FIXABLE and r.status is not FixStatus.FIXED]
    changed = {change.path for change in fixed.report.changes}
    assert changed == {LEGACY, "service/jobs.py"}
    assert {r.finding.code for r in service} == {"PX303", "PX304"}


def test_legacy_then_imports_and_type_checks_under_pydantic_v2(fixed: Fixed) -> None:
    path = fixed.root / LEGACY
    text = path.read_text(encoding="utf-8")
    for old, new in MANUAL:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    code = "import sys; sys.path.insert(0, 'legacy'); import v1_models"
    proc = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        cwd=fixed.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    with inside(fixed.root):
        left = run_mypy([LEGACY], with_mypy_errors=True)
    assert [(f.code, f.line) for f in left] == [("PX105", _line_of(text, "UserRead(**data)"))]
