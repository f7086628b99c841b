"""The command line ends on a bad configuration with the error's code and message and
exit status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

YOMITORI = str(Path(sys.executable).parent / "yomitori")


@pytest.mark.parametrize(("variable", "name", "text"), [
    ("YOMITORI_TEMPLATES_DIR", "minato.yaml", "vendor: [broken\n"),
    ("YOMITORI_RULES_FILE", "rules.yaml", "rules:\n  no.such.rule: {}\n"),
])
def test_a_bad_configuration_file_is_a_message(tmp_path: Path, variable: str, name: str,
                                              text: str) -> None:
    target = tmp_path / "conf"
    target.mkdir()
    (target / name).write_text(text, encoding="utf-8")
    value = str(target if variable == "YOMITORI_TEMPLATES_DIR" else target / name)
    run = subprocess.run([YOMITORI, "ingest", str(tmp_path)], capture_output=True, text=True,
                         timeout=120, env={"PATH": "/usr/bin:/bin", variable: value,
                                           "YOMITORI_DATA_DIR": str(tmp_path / "var")})
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "bad_config" in run.stderr and name in run.stderr
    assert "設定ファイルに誤りがあります" in run.stderr
