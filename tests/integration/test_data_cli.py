"""`python -m data validate [DIR]`: exit codes and messages, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers_data import copy_package, set_cell

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_valid_package_exits_0_with_summary():
    result = run("validate", "data/")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    tables = len(json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert line.startswith(f"OK: {tables} tables, ") and " rows, version " in line
    assert len(result.stdout.strip().splitlines()) == 1


def test_broken_package_exits_1_with_problems(tmp_path):
    pkg = copy_package(tmp_path)
    row = set_cell(pkg, "projects", "project_id", "auh-psykiatri", "region_code", "9999")
    set_cell(pkg, "figures", "figure_id", "F036-1", "value", "ca. 500 mio.")
    result = run("validate", str(pkg))
    assert result.returncode == 1
    assert "INVALID: 2 problems" in result.stderr
    assert f"projects.csv, row {row}, column 'region_code': unknown key '9999'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_directory_exits_1_without_traceback(tmp_path):
    result = run("validate", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "datapackage.json: file not found" in result.stderr
    assert "Traceback" not in result.stderr
