"""Expectations written on fixture lines, and the real tools that are compared with them.

A fixture is an ordinary Python file. A finding is expected on a line by a trailing comment:

    def f(payload: dict[str, Any]) -> None: ...  # expect: PX101
    x = 1  # expect: PX104@5, PX104          (1-based column, or any column)
    User(name=1)  # expect: mypy:arg-type     (a finding of mypy itself, by its error code)
    class Config: ...  # expect: PX203 from_attributes, PX203 "a, b"

A code may be followed by a fragment of its message: the finding's message must contain it.
A fragment runs to the next comma; a fragment that contains a comma is written in double quotes.

Every other line must produce nothing: no PX finding and (for mypy) no error of any code.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mypy.version import __version__ as mypy_version

from mypy_pyexpert.mypy_api import DAEMON_SUPPORTED, release

from pyexpert_core.catalog import MYPY_CODE_PREFIX
from pyexpert_core.registry import registry

__all__ = [
    "MYPY_DAEMON_SUPPORTED",
    "MYPY_HAS_WORKERS",
    "MYPY_OUTPUT_FLAGS",
    "Dmypy",
    "Expectation",
    "Finding",
    "assert_matches",
    "expectations_in",
    "run_flake8",
    "run_mypy",
]

_EXPECT_RE: Final = re.compile(r"#\s*expect:\s*(?P<items>[^#]+)")
_ITEM_RE: Final = re.compile(
    r'\s*(?P<code>PX\d{3}|mypy:[a-z0-9-]+)(?:@(?P<col>\d+))?'
    r'(?:[ \t]+(?:"(?P<quoted>[^"]*)"|(?P<fragment>[^,"][^,]*?)))?[ \t]*(?:,|$)'
)


@dataclass(frozen=True, order=True)
class Finding:
    """One finding of a real tool, normalised: ``code`` is ``PXnnn`` or ``mypy:<error-code>``."""

    path: str
    line: int
    col: int  # 1-based
    code: str
    message: str


@dataclass(frozen=True, order=True)
class Expectation:
    path: str
    line: int
    code: str
    col: int | None  # None: any column
    fragment: str = ""  # a part of the message ("" when the comment gives none)


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.realpath(path))


def expectations_in(path: Path) -> list[Expectation]:
    """The ``# expect:`` comments of a fixture (read with tokenize, so strings never count)."""
    source = path.read_text(encoding="utf-8")
    found: list[Expectation] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        match = _EXPECT_RE.search(token.string)
        if match is None:
            continue
        items = match.group("items").rstrip()
        position = 0
        while position < len(items):
            parsed = _ITEM_RE.match(items, position)
            if parsed is None or parsed.end() == position:
                raise ValueError(f"{path}:{token.start[0]}: bad expectation {items[position:]!r}")
            position = parsed.end()
            col = parsed.group("col")
            fragment = parsed.group("quoted") or parsed.group("fragment") or ""
            found.append(
                Expectation(
                    _norm(path), token.start[0], parsed.group("code"), int(col) if col else None, fragment.strip()
                )
            )
    return found


def _source_line(path: str, line: int) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()[line - 1].strip()
    except (OSError, IndexError):
        return "<unavailable>"


def mismatches(expected: Iterable[Expectation], actual: Iterable[Finding]) -> list[str]:
    """Readable ``missing:``/``unexpected:`` lines; empty when the two agree exactly."""
    remaining = sorted(actual)
    problems: list[str] = []
    for exp in sorted(expected, key=lambda exp: (not exp.fragment, exp)):
        for index, finding in enumerate(remaining):
            if (
                _norm(finding.path) == exp.path
                and finding.line == exp.line
                and finding.code == exp.code
                and (exp.col is None or exp.col == finding.col)
                and exp.fragment in finding.message
            ):
                del remaining[index]
                break
        else:
            where = f"{exp.path}:{exp.line}" + (f":{exp.col}" if exp.col else "")
            wanted = f"{exp.code} containing {exp.fragment!r}" if exp.fragment else exp.code
            problems.append(f"missing: {where}: {wanted}  | {_source_line(exp.path, exp.line)}")
    for finding in remaining:
        problems.append(
            f"unexpected: {finding.path}:{finding.line}:{finding.col}: {finding.code} "
            f"{finding.message}  | {_source_line(finding.path, finding.line)}"
        )
    return problems


def assert_matches(paths: Sequence[Path], actual: Iterable[Finding]) -> None:
    expected = [exp for path in paths for exp in expectations_in(path)]
    problems = mismatches(expected, actual)
    assert not problems, "findings differ from the # expect: comments:\n" + "\n".join(problems)


# -- the real flake8 ---------------------------------------------------------------------------

_FLAKE8_FORMAT: Final = "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s"


def run_flake8(
    paths: Sequence[Path | str], *args: str, cwd: Path | None = None, select: str = "PX"
) -> list[Finding]:
    """Run flake8 (its entry point, option parsing and noqa handling) and parse its output."""
    command = [
        sys.executable,
        "-m",
        "flake8",
        "--isolated",
        f"--select={select}",
        f"--format={_FLAKE8_FORMAT}",
        *args,
        *map(str, paths),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        raise AssertionError(f"flake8 failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}")
    findings: list[Finding] = []
    for line in proc.stdout.splitlines():
        path, row, col, code, text = line.split("\t", 4)
        base = Path(cwd) if cwd else Path.cwd()
        findings.append(Finding(str(base / path), int(row), int(col), code, text))
    return findings


# -- the real mypy -----------------------------------------------------------------------------

_MYPY_LINE_RE: Final = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|note|warning): "
    r"(?P<message>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)


def _px_code(mypy_code: str) -> str:
    if mypy_code.startswith(MYPY_CODE_PREFIX):
        return registry().lookup(mypy_code).code
    return f"mypy:{mypy_code}"


#: Whether the plugin runs under this mypy's daemon (mypy 2.0 and later; on 1.x it refuses dmypy
#: with one line, tested in test_mypy_version.py).
MYPY_DAEMON_SUPPORTED: Final = (release(mypy_version) or (0, 0)) >= DAEMON_SUPPORTED

#: Whether this mypy checks in parallel (``--num-workers``, mypy 2.0 and later; mypy 1.20 has
#: the option, but it crashes there with no plugin at all).
MYPY_HAS_WORKERS: Final = (release(mypy_version) or (0, 0)) >= (2, 0)

#: The flags that make mypy's output one parseable line per finding (:func:`parse_mypy_output`).
MYPY_OUTPUT_FLAGS: Final = (
    "--show-column-numbers",
    "--show-error-codes",
    "--no-error-summary",
    "--hide-error-context",
    "--no-pretty",
    "--no-color-output",
)


def parse_mypy_output(stdout: str, cwd: Path) -> list[Finding]:
    findings: list[Finding] = []
    for line in stdout.splitlines():
        match = _MYPY_LINE_RE.match(line)
        if match is None or match.group("severity") == "note":
            continue
        code = match.group("code") or "misc"
        findings.append(
            Finding(
                str(cwd / match.group("path")),
                int(match.group("line")),
                int(match.group("col")),
                _px_code(code),
                match.group("message"),
            )
        )
    return findings


@dataclass(frozen=True)
class MypyResult:
    findings: list[Finding]
    returncode: int
    stdout: str
    stderr: str


def run_mypy(
    paths: Sequence[Path | str],
    *,
    cwd: Path,
    config_file: Path | None = None,
    cache_dir: Path | None = None,
    args: Sequence[str] = (),
    check: bool = True,
) -> MypyResult:
    """Run the real mypy in a subprocess, with the plugin enabled through its config file.

    ``check`` raises when mypy crashes or reports a config error (exit status 2).
    """
    command = [
        sys.executable,
        "-m",
        "mypy",
        *MYPY_OUTPUT_FLAGS,
        "--cache-dir",
        str(cache_dir if cache_dir is not None else cwd / ".mypy_cache"),
    ]
    if config_file is not None:
        command += ["--config-file", str(config_file)]
    command += [*args, *map(str, paths)]
    env = {**os.environ, "MYPY_FORCE_COLOR": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)
    if check and proc.returncode not in (0, 1):
        raise AssertionError(f"mypy failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}")
    return MypyResult(parse_mypy_output(proc.stdout, cwd), proc.returncode, proc.stdout, proc.stderr)


class Dmypy:
    """A mypy daemon (``dmypy run``) for one project directory, as the mode tests drive it.

    ``run()`` (re)checks ``targets`` with ``args`` (config file and flags) and returns the
    findings; ``stop()`` stops the daemon, killing it if it does not stop.
    """

    def __init__(self, root: Path, args: Sequence[str], targets: Sequence[str]) -> None:
        self.root = root
        self.args = tuple(args)
        self.targets = tuple(targets)
        self.status_file = root / ".dmypy.json"

    def _dmypy(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(self.status_file), *args]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=self.root,
            env={**os.environ, "MYPY_FORCE_COLOR": "0"},
            timeout=timeout,
            check=False,
        )

    def run_raw(self) -> subprocess.CompletedProcess[str]:
        """``dmypy run`` as it went, whatever its exit status."""
        return self._dmypy("run", "--timeout", "300", "--", *self.args, *self.targets)

    def run(self) -> list[Finding]:
        proc = self.run_raw()
        assert proc.returncode in (0, 1), f"dmypy failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}"
        assert "INTERNAL ERROR" not in proc.stdout + proc.stderr
        return parse_mypy_output(proc.stdout, self.root)

    def stop(self) -> None:
        if not self.status_file.exists():
            return
        try:
            self._dmypy("stop", timeout=30)
        except subprocess.TimeoutExpired:
            pass
        if self.status_file.exists():
            self._dmypy("kill", timeout=30)
