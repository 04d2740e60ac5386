#!/usr/bin/env bash
# Set up and run the whole test suite, with the linters and Django's own checks first.
# Extra arguments go to pytest, e.g. ./test.sh tests/cases -x
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
venv_setup requirements-dev.txt
scripts/system-deps.sh

export TESTING=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/python manage.py check
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/python -m pytest "$@"
