#!/usr/bin/env bash
# Collect marked strings into the zh_Hans catalog, then compile it (the .mo is committed).
set -euo pipefail
cd "$(dirname "$0")/.."
export TESTING="${TESTING:-1}"  # settings need no keys for this; DEBUG is off by default
.venv/bin/python manage.py makemessages -l zh_Hans --no-obsolete --ignore='tests/*' --ignore='bench/*' \
  --ignore='.venv/*' --ignore='static/*' --ignore='staticfiles/*'
.venv/bin/python manage.py compilemessages -l zh_Hans --ignore='.venv/*'
msgattrib --untranslated locale/zh_Hans/LC_MESSAGES/django.po | grep -c '^msgid' || true
