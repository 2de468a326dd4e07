"""The ecosystem check: both plugins over pinned real code of this field, every finding judged.

``tests/ecosystem/corpus.json`` pins the corpus: open-source FastAPI/SQLModel/Pydantic services
and libraries as published on the package index (name, version, artifact, URL, sha256, lines).
They are downloaded once into a cache (``$PYEXPERT_ECOSYSTEM_DIR``, default
``~/.cache/pyexpert-ecosystem``), verified against their sha256 and unpacked. flake8 (every PX
rule, opt-in ones included, each project's own ``requires-python``) and mypy (with
``mypy_pyexpert`` and ``pydantic.mypy``, the opt-in PX106 on, third-party imports that are not
installed left as ``Any``) run over each of them as a user would run them. An artifact mypy
itself cannot check (it crashes with pydantic's plugin alone) says why in ``mypy_skipped`` and is
checked by flake8 only.

``tests/ecosystem/ledger.json`` holds every finding a person has read in its context and
judged: the rule, the file, the line, the source line, the verdict (``correct`` or ``wrong``),
a one-line reason and, for a wrong one, the notion the plugins lack. Findings judged wrong that
a fix removed stay in it (``gone``): should one come back, it counts against precision again.
``pytest -m corpus`` fails on any finding that is not in the ledger (a new finding is judged
once, by reading the code), on any finding judged correct that is gone (a lost true finding),
and when fewer than 98% of the findings still reported on either side are correct. The
precision of each rule on real code is computed from the findings still reported
(:func:`precision`), and the rule pages show it.

Command line (from the repository root, in the test environment)::

    python tests/ecosystem.py unjudged > new.json   # findings not in the ledger, to be judged
    python tests/ecosystem.py precision             # precision per rule, from the ledger
    python tests/ecosystem.py refresh               # mark the judged findings no longer reported
    python tests/ecosystem.py summary               # pyexpert_core/precision.json, from the ledger

A wheel ships no project file; the unpacked wheel gets a ``pyproject.toml`` declaring the
``Requires-Python`` of its metadata, so that it is a project of its own, like an sdist.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

HERE: Final = Path(__file__).resolve().parent / "ecosystem"
CORPUS_FILE: Final = HERE / "corpus.json"
LEDGER_FILE: Final = HERE / "ledger.json"
PRECISION_FILE: Final = Path(__file__).resolve().parent.parent / "pyexpert_core" / "precision.json"

_FLAKE8_FORMAT: Final = "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s"
_MYPY_RE: Final = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.*?)  \[(?P<code>pyexpert-[a-z0-9-]+)\]$"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Package(_Frozen):
    """One pinned artifact of the corpus."""

    name: str
    version: str
    artifact: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    url: str
    lines: int
    files: int
    # Why mypy is not run on this artifact (set only when mypy itself fails on it, with or
    # without pyexpert); flake8 still is.
    mypy_skipped: str | None = None

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"


class Finding(_Frozen):
    """A finding of either plugin on the corpus."""

    package: str
    path: str  # relative to the unpacked artifact
    line: int
    code: str  # PXnnn
    message: str
    source: str  # the stripped source line

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.package, self.path, self.line, self.code)


class Judgement(_Frozen):
    """A finding a person read in its context, and the verdict."""

    package: str
    path: str
    line: int
    code: str
    source: str
    verdict: Literal["correct", "wrong"]
    reason: str = Field(min_length=3)
    # for a wrong verdict: the notion the plugins lack (``library-callback``, ``duplicate``...),
    # the same tag for the same cause, so that the false positives left can be counted by cause
    notion: str = ""
    # no longer reported since it was judged (a fixed false positive); kept so that it counts
    # again if it comes back, and left out of the precision meanwhile
    gone: bool = False

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.package, self.path, self.line, self.code)


_PACKAGES: Final = TypeAdapter(list[Package])
_LEDGER: Final = TypeAdapter(list[Judgement])


def corpus() -> list[Package]:
    return _PACKAGES.validate_json(CORPUS_FILE.read_bytes())


def ledger() -> list[Judgement]:
    return _LEDGER.validate_json(LEDGER_FILE.read_bytes()) if LEDGER_FILE.exists() else []


def write_ledger(entries: Iterable[Judgement]) -> None:
    ordered = sorted({entry.key: entry for entry in entries}.values(), key=lambda entry: entry.key)
    LEDGER_FILE.write_text(
        json.dumps([entry.model_dump() for entry in ordered], indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


# -- the corpus on disk --------------------------------------------------------------------------


def cache_dir() -> Path:
    return Path(os.environ.get("PYEXPERT_ECOSYSTEM_DIR", Path.home() / ".cache" / "pyexpert-ecosystem"))


def _download(package: Package, target: Path) -> bytes:
    data: bytes
    if target.exists():
        data = target.read_bytes()
        if hashlib.sha256(data).hexdigest() == package.sha256:
            return data
    with urllib.request.urlopen(package.url, timeout=120) as response:  # noqa: S310 (a pinned https URL)
        data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != package.sha256:
        raise RuntimeError(f"{package.artifact}: sha256 {digest}, expected {package.sha256}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return data


def _requires_python(metadata: str) -> str | None:
    match = re.search(r"^Requires-Python: (.+)$", metadata, re.MULTILINE)
    return match.group(1).strip() if match else None


def unpack(package: Package) -> Path:
    """The unpacked artifact (downloaded and verified on first use)."""
    root = cache_dir() / "src" / package.key
    if (root / ".complete").exists():
        return root
    data = _download(package, cache_dir() / "dist" / package.artifact)
    root.mkdir(parents=True, exist_ok=True)
    if package.artifact.endswith(".whl"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(root)
            metadata = next(
                (archive.read(name).decode() for name in archive.namelist() if name.endswith(".dist-info/METADATA")), ""
            )
        requires = _requires_python(metadata)
        project = f'[project]\nname = "{package.name}"\nversion = "{package.version}"\n'
        if requires:
            project += f'requires-python = "{requires}"\n'
        (root / "pyproject.toml").write_text(project, encoding="utf-8")
    else:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            prefix = f"{package.artifact.removesuffix('.tar.gz')}/"
            for member in archive.getmembers():
                if not member.name.startswith(prefix) or not (member.isfile() or member.isdir()):
                    continue
                member.name = member.name[len(prefix):]
                if member.name:
                    archive.extract(member, root, filter="data")
    (root / ".complete").write_text(package.sha256, encoding="utf-8")
    return root


# -- running the plugins ----------------------------------------------------------------------------


def _source_line(root: Path, path: str, line: int) -> str:
    try:
        return (root / path).read_text(encoding="utf-8", errors="replace").splitlines()[line - 1].strip()
    except (OSError, IndexError):
        return ""


def run_flake8(package: Package, root: Path) -> list[Finding]:
    command = [
        sys.executable, "-m", "flake8", "--isolated", "--select=PX", f"--format={_FLAKE8_FORMAT}",
        "--exclude=.git,__pycache__,node_modules,*.dist-info", "-j2", ".",
    ]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        raise AssertionError(f"flake8 failed on {package.key} ({proc.returncode}):\n{proc.stderr[-3000:]}")
    found = []
    for row in proc.stdout.splitlines():
        path, line, _col, code, text = row.split("\t", 4)
        relative = Path(path).as_posix().removeprefix("./")
        found.append(
            Finding(
                package=package.key, path=relative, line=int(line), code=code,
                message=text.removeprefix(f"{code} "), source=_source_line(root, relative, int(line)),
            )
        )
    return found


def _mypy_config(root: Path) -> str:
    bases = [name for name in ("src",) if (root / name).is_dir()]
    lines = [
        "[mypy]",
        "plugins = pydantic.mypy, mypy_pyexpert",
        "enable_error_code = pyexpert-dumped-model-as-data",
        "ignore_missing_imports = True",
        "explicit_package_bases = True",
        "exclude = (^|/)(node_modules|build|dist|[^/]*\\.dist-info)/",
    ]
    if bases:
        lines.append("mypy_path = " + ", ".join(bases))
    return "\n".join(lines) + "\n"


def _mypy(root: Path, config: Path, cache: Path, targets: list[str]) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache),
        "--show-column-numbers", "--show-error-codes", "--no-error-summary", "--hide-error-context",
        "--no-pretty", "--no-color-output", "--show-traceback", *targets,
    ]
    env = {**os.environ, "MYPY_FORCE_COLOR": "0"}
    return subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=False)


def _split(root: Path, target: str) -> list[str]:
    """The parts of a directory mypy cannot check in one run (two modules of the same name, as
    separate example apps have): its subdirectories, and its own modules together."""
    directory = root / target
    subdirs = sorted(
        f"{target}/{child.name}" if target != "." else child.name
        for child in directory.iterdir()
        if child.is_dir() and not child.name.startswith(".") and any(child.rglob("*.py"))
    )
    modules = sorted(str(child.relative_to(root)) for child in directory.glob("*.py"))
    return [*subdirs, *([" ".join(modules)] if modules else [])]


def run_mypy(package: Package, root: Path) -> list[Finding]:
    """mypy over the whole artifact; a directory holding separate projects (example apps with
    modules of the same name) is checked one project at a time, as their users would."""
    if package.mypy_skipped is not None:
        return []
    work = cache_dir() / "mypy" / package.key
    work.mkdir(parents=True, exist_ok=True)
    config = work / "mypy.ini"
    config.write_text(_mypy_config(root), encoding="utf-8")
    pending = ["."]
    output = ""
    while pending:
        target = pending.pop()
        proc = _mypy(root, config, work / "cache", target.split(" "))
        text = proc.stdout + proc.stderr
        if proc.returncode == 2 and "Duplicate module named" in text and " " not in target:
            pending.extend(_split(root, target))
            continue
        if proc.returncode not in (0, 1) or "INTERNAL ERROR" in text or "Traceback" in text:
            raise AssertionError(f"mypy failed on {package.key}/{target} ({proc.returncode}):\n{text[-5000:]}")
        output += proc.stdout
    found: dict[tuple[str, str, int, str], Finding] = {}
    for row in output.splitlines():
        match = _MYPY_RE.match(row)
        if match is None:
            continue
        from pyexpert_core.registry import registry

        code = registry().lookup(match["code"]).code
        relative = Path(match["path"]).as_posix().removeprefix("./")
        finding = Finding(
            package=package.key, path=relative, line=int(match["line"]), code=code,
            message=match["message"], source=_source_line(root, relative, int(match["line"])),
        )
        found[finding.key] = finding
    return list(found.values())


def findings(packages: Iterable[Package] | None = None) -> list[Finding]:
    """Every finding of both plugins on the corpus (packages unpacked first)."""
    chosen = list(corpus() if packages is None else packages)
    roots = {package.key: unpack(package) for package in chosen}

    def both(package: Package) -> list[Finding]:
        root = roots[package.key]
        return [*run_flake8(package, root), *run_mypy(package, root)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(both, chosen))
    unique = {finding.key: finding for result in results for finding in result}
    return sorted(unique.values(), key=lambda finding: finding.key)


# -- comparing with the ledger ------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    unjudged: list[Finding]  # found, not in the ledger
    lost: list[Judgement]  # judged correct, no longer found
    gone: list[Judgement]  # judged wrong, no longer found (a fixed false positive)
    judged: list[Judgement]  # found and judged


def compare(found: Iterable[Finding], entries: Iterable[Judgement]) -> Comparison:
    by_key = {entry.key: entry for entry in entries}
    found_keys = set()
    unjudged, judged = [], []
    for finding in found:
        found_keys.add(finding.key)
        entry = by_key.get(finding.key)
        if entry is None:
            unjudged.append(finding)
        else:
            judged.append(entry)
    missing = [entry for key, entry in by_key.items() if key not in found_keys]
    return Comparison(
        unjudged=unjudged,
        lost=[entry for entry in missing if entry.verdict == "correct"],
        gone=[entry for entry in missing if entry.verdict == "wrong"],
        judged=judged,
    )


def precision(entries: Iterable[Judgement]) -> dict[str, tuple[int, int]]:
    """Rule code -> (findings judged correct, findings judged), over the findings still reported."""
    counts: dict[str, tuple[int, int]] = {}
    for entry in entries:
        if entry.gone:
            continue
        correct, total = counts.get(entry.code, (0, 0))
        counts[entry.code] = (correct + (entry.verdict == "correct"), total + 1)
    return dict(sorted(counts.items()))


def precision_summary(entries: Iterable[Judgement]) -> dict[str, object]:
    """What ``pyexpert_core/precision.json`` holds (the rule pages read it)."""
    packages = corpus()
    return {
        "corpus": [f"{package.name} {package.version}" for package in packages],
        "lines": sum(package.lines for package in packages),
        "rules": {code: {"correct": correct, "judged": total} for code, (correct, total) in precision(entries).items()},
    }


def _main(argv: list[str]) -> int:
    if argv[:1] == ["unjudged"]:
        comparison = compare(findings(), ledger())
        json.dump([finding.model_dump() for finding in comparison.unjudged], sys.stdout, indent=1)
        sys.stdout.write("\n")
        print(f"{len(comparison.unjudged)} unjudged, {len(comparison.lost)} lost, {len(comparison.gone)} gone",
              file=sys.stderr)
        return 0
    if argv[:1] == ["precision"]:
        for code, (correct, total) in precision(ledger()).items():
            print(f"{code}  {correct}/{total}  {100 * correct / total:.1f}%")
        return 0
    if argv[:1] == ["summary"]:
        PRECISION_FILE.write_text(json.dumps(precision_summary(ledger()), indent=1) + "\n", encoding="utf-8")
        return 0
    if argv[:1] == ["refresh"]:
        comparison = compare(findings(), ledger())
        if comparison.unjudged or comparison.lost:
            unjudged, lost = len(comparison.unjudged), len(comparison.lost)
            print(f"{unjudged} unjudged, {lost} lost: judge them first", file=sys.stderr)
            return 1
        found = {entry.key for entry in comparison.judged}
        write_ledger(entry.model_copy(update={"gone": entry.key not in found}) for entry in ledger())
        return 0
    print("usage: python tests/ecosystem.py unjudged|precision|refresh|summary", file=sys.stderr)
    return 2


def iter_lines(entries: Iterable[Judgement]) -> Iterator[str]:
    for entry in entries:
        yield f"{entry.package}/{entry.path}:{entry.line}: {entry.code} [{entry.verdict}] {entry.reason}"


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(_main(sys.argv[1:]))
