"""`python app.py` refuses to start on bad settings or data, with a clear message, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_app(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO,
        env={**os.environ, "OPS_DEBUG": "0", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_bad_setting_exits_1_naming_the_variable():
    result = run_app(PORT="eighty")
    assert result.returncode == 1
    assert "PORT='eighty'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_data_package_exits_1_without_traceback(tmp_path):
    result = run_app(OPS_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "data package" in result.stderr
    assert "datapackage.json" in result.stderr
    assert "Traceback" not in result.stderr
