from __future__ import annotations

from pathlib import Path

import pytest

from complicity.cli import main
from complicity.sources.kb import read_kb
from complicity.store import open_store


@pytest.fixture()
def kb_store(db: Path) -> Path:
    open_store(db).write(read_kb(), "kb")
    return db


@pytest.mark.parametrize(
    "ref",
    [
        "hikvision",
        "海康威視",
        "HIKVISION DIGITAL TECHNOLOGY CO LTD",
        "杭州海康威视数字技术股份有限公司",
    ],
)
def test_entity_resolves_across_scripts(
    kb_store: Path, ref: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", ref, "--json"]) == 0
    assert '"id": "hikvision"' in capsys.readouterr().out


def test_ambiguous_name_lists_candidates_instead_of_guessing(
    kb_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Megvii and its Beijing subsidiary share the core name: the user must choose.
    assert main(["exposure", "Megvii Technology Ltd"]) == 2
    err = capsys.readouterr().err
    assert "several entities" in err and "megvii" in err and "beijing-megvii" in err


def test_near_homonym_is_not_resolved(kb_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "大华银行"]) == 2  # United Overseas Bank is not Dahua
    assert "no entity" in capsys.readouterr().err
