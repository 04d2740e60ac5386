#!/usr/bin/env bash
# The tests need four things pip cannot give: Debian's Chromium (browser tests), CJK fonts
# (screenshots in Chinese), gettext (the catalog check) and poppler's pdftotext (the printed dashboard). Installed when we may (root + apt).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} from Debian's packages..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]} (install them with apt; the tests that need them will fail)." >&2
  fi
fi
