"""``.pre-commit-hooks.yaml``: valid for pre-commit itself, and its hooks run what they claim."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Final

from pre_commit.clientlib import load_manifest

ROOT: Final = Path(__file__).resolve().parent.parent
MANIFEST: Final = ROOT / ".pre-commit-hooks.yaml"


def _hooks() -> dict[str, dict[str, object]]:
    # pre-commit's own loader validates the file against its manifest schema (and raises on error)
    manifest: list[dict[str, object]] = load_manifest(str(MANIFEST))
    return {str(hook["id"]): hook for hook in manifest}


def test_the_manifest_is_valid_for_pre_commit() -> None:
    assert set(_hooks()) == {"pyexpert-flake8", "pyexpert-mypy"}


def test_the_flake8_hook_runs_flake8_on_python_files() -> None:
    hook = _hooks()["pyexpert-flake8"]
    assert hook["entry"] == "flake8" and hook["language"] == "python"
    assert hook["types"] == ["python"]
    # flake8 is a dependency of the package the hook installs, and it provides the command
    assert entry_points(group="console_scripts", name="flake8")


def test_the_mypy_hook_runs_mypy_once_over_all_files_like_mirrors_mypy() -> None:
    hook = _hooks()["pyexpert-mypy"]
    assert hook["entry"] == "mypy" and hook["language"] == "python"
    assert hook["types_or"] == ["python", "pyi"]
    assert hook["require_serial"] is True
    assert hook["args"] == ["--ignore-missing-imports", "--scroll-output"]
    dependencies = hook["additional_dependencies"]
    assert isinstance(dependencies, list) and len(dependencies) == 1 and str(dependencies[0]).startswith("mypy>=")
    assert entry_points(group="console_scripts", name="mypy")


def test_the_docs_show_both_hooks() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "id: pyexpert-flake8" in text and "id: pyexpert-mypy" in text
