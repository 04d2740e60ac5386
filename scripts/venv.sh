# Sourced by run.sh and test.sh: find Python 3.11+, make .venv, install a requirements file.
venv_setup() {
  local req="$1" py=""
  if [ ! -x .venv/bin/python ]; then
    for candidate in python3.13 python3.12 python3.11 python3; do
      if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        py="$candidate"
        break
      fi
    done
    if [ -z "$py" ]; then
      echo "Python 3.11 or newer is needed." >&2
      exit 1
    fi
    "$py" -m venv .venv
  fi
  # Reinstall only when the requirements changed since the last install.
  local stamp=".venv/.installed-$(basename "$req")"
  if [ ! -f "$stamp" ] || [ -n "$(find requirements*.txt -newer "$stamp" 2>/dev/null)" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r "$req"
    touch "$stamp"
  fi
}
