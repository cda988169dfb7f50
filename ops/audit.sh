#!/bin/sh
# Dependency audit: pip-audit checks every pinned package in requirements.lock against the Python
# Packaging Advisory Database (the vulnerability feed pip-audit asks by default).
#   make audit            (exit 1 when a pinned package has a known vulnerability)
# For CI machines that reach the feed. Offline (no feed, or pip-audit not installable) it says so and exits
# 0: a check that cannot run is reported, not failed (ADR 0017). PIP_AUDIT picks the executable.
set -u
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
PIP_AUDIT_VERSION=2.10.1
REPORT="$(mktemp)"
trap 'rm -f "$REPORT"' EXIT

if [ -z "${PIP_AUDIT:-}" ]; then
  # Its own venv: pip-audit's dependencies stay out of the portal's locked tree.
  if [ ! -x .venv-audit/bin/pip-audit ]; then
    python3 -m venv .venv-audit >/dev/null 2>&1 &&
      .venv-audit/bin/pip install --quiet "pip-audit==$PIP_AUDIT_VERSION" >/dev/null 2>&1
  fi
  PIP_AUDIT=.venv-audit/bin/pip-audit
fi
if [ ! -x "$PIP_AUDIT" ] && ! command -v "$PIP_AUDIT" >/dev/null 2>&1; then
  echo "make audit: pip-audit $PIP_AUDIT_VERSION kunne ikke installeres (ingen pakkeserver?) – afhængighederne er IKKE tjekket."
  exit 0
fi

"$PIP_AUDIT" -r requirements.lock --no-deps --disable-pip --progress-spinner off -f json -o "$REPORT" >/dev/null 2>&1
"$PY" - "$REPORT" <<'PYEOF'
import json
import sys

try:
    with open(sys.argv[1]) as report:
        dependencies = json.load(report)["dependencies"]
except (OSError, ValueError, KeyError):
    print("make audit: pip-audit gav ingen rapport (ingen forbindelse til sårbarhedsdatabasen?) – IKKE tjekket.")
    sys.exit(0)
vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if "skip_reason" in d]
for dependency in vulnerable:
    for vuln in dependency["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "ingen rettet version endnu"
        print(f"SÅRBAR: {dependency['name']} {dependency.get('version', '')}: {vuln['id']} (rettet i: {fixed})")
if vulnerable:
    print(f"make audit: {len(vulnerable)} pakke(r) i requirements.lock har kendte sårbarheder.")
    sys.exit(1)
if dependencies and len(skipped) == len(dependencies):
    print(
        "make audit: sårbarhedsdatabasen kunne ikke nås (offline?) – ingen af "
        f"{len(dependencies)} pakker er tjekket. Kør make audit på en maskine med forbindelse."
    )
    sys.exit(0)
for dependency in skipped:
    print(f"ikke tjekket: {dependency['name']}: {dependency['skip_reason']}")
print(f"make audit: {len(dependencies) - len(skipped)} pakker tjekket, ingen kendte sårbarheder.")
PYEOF
