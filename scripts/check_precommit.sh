#!/usr/bin/env bash
# Prove the pre-commit hook end to end: a throw-away git repository whose clean commit passes and whose
# violating commit is blocked, plus `pre-commit try-repo`. pre-commit pip-installs govlint into a fresh
# hook environment, so this needs the package index and takes a minute or two.
# Usage: scripts/check_precommit.sh   (uses the python on PATH, or $PYTHON)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import pre_commit' 2>/dev/null; then
    echo "pre-commit is not installed for $PY (pip install '.[test]')" >&2
    exit 1
fi
GOVLINT_PRECOMMIT=1 PYTHONPATH=src${PYTHONPATH:+:$PYTHONPATH} "$PY" -m pytest -q -rs -m precommit tests/test_precommit.py "$@"
