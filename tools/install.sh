#!/usr/bin/env bash
# Install what RefStack needs: Debian packages (when missing), a Python venv in
# .venv with the pinned packages, and the built UI bundle. Safe to re-run: work
# already done (same requirements, same lock file) is skipped.
#
#   tools/install.sh          everything to run the service
#   tools/install.sh --test   also what the test suite needs (Chromium, test packages)
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_TEST=0
[ "${1:-}" = "--test" ] && WANT_TEST=1

say() { printf '==> %s\n' "$*"; }

apt_install() {
    local missing=() sudo=""
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    say "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# Toolchain: Python 3 with venv, Node.js with npm.
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv python3-dev
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "The UI build needs Node.js 20.19 or newer (found $(node --version));" \
         "install a newer nodejs package (e.g. from Debian backports or NodeSource)." >&2
    exit 1
fi
if [ "$WANT_TEST" = 1 ]; then
    [ -x /usr/bin/chromium ] || apt_install chromium
fi

# Python packages, pinned by constraints.txt.
[ -x .venv/bin/python ] || { say "Creating .venv"; python3 -m venv .venv; }
reqs=(-r requirements.txt)
[ "$WANT_TEST" = 1 ] && reqs+=(-r test-requirements.txt)
stamp=".venv/.refstack-installed"
digest=$(cat requirements.txt constraints.txt setup.cfg | sha256sum | cut -c1-16)
[ "$WANT_TEST" = 1 ] && digest="$digest-$(sha256sum < test-requirements.txt | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    say "Installing Python packages into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check -U pip 2>&1 \
        | grep -v '^WARNING: Location' || true
    .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
        "${reqs[@]}" -e . 2>&1 | grep -v '^WARNING: Location' || true
    .venv/bin/python -c 'import refstack.api.app' || { echo "Python install failed" >&2; exit 1; }
    echo "$digest" > "$stamp"
fi

# The UI bundle.
if [ -f refstack-ui/package.json ]; then
    ui_stamp="refstack-ui/node_modules/.refstack-installed"
    ui_digest=$(sha256sum < refstack-ui/package-lock.json | cut -c1-16)
    if [ "$(cat "$ui_stamp" 2>/dev/null)" != "$ui_digest" ]; then
        say "Installing npm packages (refstack-ui)"
        (cd refstack-ui && npm ci --no-audit --no-fund --loglevel=error)
        echo "$ui_digest" > "$ui_stamp"
    fi
    say "Building the UI bundle (refstack-ui/dist)"
    (cd refstack-ui && npm run --silent build)
fi
