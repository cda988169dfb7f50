"""Finding 12 of issue 17: `make audit` fails on a known vulnerability and explains itself, without
failing, when it cannot reach the vulnerability feed (ADR 0017). pip-audit is stood in for by a script
that writes the report pip-audit would write."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

AUDIT = Path(settings.BASE_DIR) / "ops" / "audit.sh"


def _fake_pip_audit(tmp_path, dependencies):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    script = tmp_path / "pip-audit"
    # Copies the prepared report to the path given after -o, as pip-audit writes its JSON report there.
    script.write_text(f'#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && cp "{report}" "$2"; shift; done\n')
    script.chmod(0o755)
    return script


def _audit(tmp_path, dependencies):
    env = {**os.environ, "PYTHON": sys.executable, "PIP_AUDIT": str(_fake_pip_audit(tmp_path, dependencies))}
    return subprocess.run([str(AUDIT)], env=env, capture_output=True, text=True, timeout=60)  # nosec B603


def test_an_administrator_s_audit_fails_on_a_vulnerable_pinned_package(tmp_path):
    result = _audit(
        tmp_path,
        [
            {"name": "django", "version": "5.2.19", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.20"]}]},
            {"name": "tablib", "version": "3.10.0", "vulns": []},
        ],
    )
    assert result.returncode == 1
    assert "SÅRBAR: django 5.2.19: PYSEC-2099-1 (rettet i: 5.2.20)" in result.stdout


def test_an_offline_ci_machine_s_audit_says_nothing_was_checked_and_passes(tmp_path):
    result = _audit(tmp_path, [{"name": "django", "skip_reason": "Dependency not found on PyPI"}])
    assert result.returncode == 0 and "kunne ikke nås" in result.stdout and "ingen af 1 pakker" in result.stdout


def test_a_clean_audit_passes(tmp_path):
    result = _audit(tmp_path, [{"name": "django", "version": "5.2.19", "vulns": []}])
    assert result.returncode == 0 and "1 pakker tjekket, ingen kendte sårbarheder" in result.stdout


def test_make_audit_runs_the_audit_on_the_lock_file():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "\naudit: install\n\tPYTHON=$(PY) ops/audit.sh" in makefile
    assert "-r requirements.lock" in AUDIT.read_text()
