"""Messages of the call-site rules PX105 and PX106 (which lines fire is in the fixtures).

The fixture files are compared with their ``# expect:`` comments by ``test_mypy_rules.py``; here
one run over the PX105/PX106 fixtures checks what the messages say: the model and source as
written, the SQLModel ``table=True`` variant (also inherited, also across modules), and the
PX106 action naming the function.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, run_mypy
from mypy_pyexpert.safety import DEBUG_ENV

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "mypy"
PATHS: Final = ("px105_unvalidated_unpack.py", "px106_dumped_model_as_data.py", "px105_pkg")


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[str]]:
    tmp = tmp_path_factory.mktemp("call-rules")
    config = tmp / "mypy.ini"
    config.write_text("[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\nenable = PX106\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")
        result = run_mypy(list(PATHS), cwd=FIXTURES, config_file=config, cache_dir=tmp / "cache")
    found: dict[tuple[str, str], list[str]] = {}
    for finding in result.findings:
        found.setdefault((Path(finding.path).name, _line_text(finding)), []).append(finding.message)
    return found


def _line_text(finding: Finding) -> str:
    return Path(finding.path).read_text().splitlines()[finding.line - 1].split("#")[0].strip()


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        (
            "px105_unvalidated_unpack.py",
            "User(**data)",
            "'User(**data)' unpacks an unvalidated dict; use User.model_validate(data)",
        ),
        (
            "px105_unvalidated_unpack.py",
            "User(**holder.extra)",
            "'User(**holder.extra)' unpacks an unvalidated dict; use User.model_validate(holder.extra)",
        ),
        (
            "px105_unvalidated_unpack.py",
            "HeroBase(**data)",
            "'HeroBase(**data)' unpacks an unvalidated dict; use HeroBase.model_validate(data)",
        ),
        (
            "px105_unvalidated_unpack.py",
            "Hero(**data)",
            "'Hero(**data)' skips validation entirely (SQLModel table=True); use Hero.model_validate(data)",
        ),
        (
            "px105_unvalidated_unpack.py",
            "HeroChild(**data)",
            "'HeroChild(**data)' skips validation entirely (SQLModel table=True); "
            "use HeroChild.model_validate(data)",
        ),
        (
            "service.py",
            "return models.Team(**data)",
            "'models.Team(**data)' skips validation entirely (SQLModel table=True); "
            "use models.Team.model_validate(data)",
        ),
        (
            "px106_dumped_model_as_data.py",
            "return user.model_dump()",
            "model_dump() of 'User' is returned from 'get_user'; pass the model itself and dump at the boundary",
        ),
        (
            "px106_dumped_model_as_data.py",
            "repo.save(user.model_dump())",
            "model_dump() of 'User' is passed to 'save'; pass the model itself and dump at the boundary",
        ),
        (
            "px106_dumped_model_as_data.py",
            "Envelope(user=user, body=user.model_dump())",
            "model_dump() of 'User' is passed to 'Envelope'; pass the model itself and dump at the boundary",
        ),
    ],
)
def test_message(messages: dict[tuple[str, str], list[str]], file: str, line: str, message: str) -> None:
    assert messages.get((file, line)) == [message]
