#!/usr/bin/env bash
# Set up and run the portal. With nothing configured: SQLite, tasks in-process, demo town loaded.
# With DATABASE_URL and REDIS_URL set: PostgreSQL, plus a real Celery worker and beat (honcho).
# Without them, beat still runs the periodic tasks, in-process.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
venv_setup requirements.txt

# This is the developer's runner: debug stays on unless the caller says otherwise.
export DEBUG="${DEBUG:-true}"
# The demo's logins are shared and printed below: no second factor for them here (production keeps it on).
export OTP_ENFORCED="${OTP_ENFORCED:-false}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
# The dashboard reads its rollup; beat keeps it current from here on.
.venv/bin/python manage.py dashboard_rollup
echo
echo "Portal: http://127.0.0.1:8000/   (staff login: /accounts/login/, admin: /admin/)"
if [ -n "${REDIS_URL:-}" ]; then
  exec .venv/bin/honcho -f Procfile.dev start
fi
# Embedded default: beat runs the periodic tasks (reminders, digests, the dashboard's recount) in-process.
exec .venv/bin/honcho -f Procfile.embedded start
