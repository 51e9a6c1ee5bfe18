"""SQL and Python are lint-clean: the same commands as `make lint`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.config import PROJECT_DIR

BIN = Path(sys.executable).parent


def _run(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=PROJECT_DIR, capture_output=True, text=True, env=env)


def test_ruff_clean():
    result = _run([str(BIN / "ruff"), "check", "."])
    assert result.returncode == 0, result.stdout + result.stderr
    result = _run([str(BIN / "ruff"), "format", "--check", "."])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_sqlfluff_clean(tmp_path):
    import os

    env = {
        **os.environ,
        "C360_WAREHOUSE": str(tmp_path / "lint.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    result = _run(
        [str(BIN / "sqlfluff"), "lint", "models", "macros", "tests/dbt", "--processes", "1"],
        env=env,
    )
    # sqlfluff warns once per macro file it skips; keep only the violations
    report = "\n".join(line for line in result.stdout.splitlines() if "Skipped file" not in line)
    assert result.returncode == 0, report[-5000:] + result.stderr[-2000:]
