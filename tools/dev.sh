#!/usr/bin/env bash
# Install everything, then serve RefStack (UI at /, API at /api) on an embedded
# SQLite database at http://127.0.0.1:8000. Options go to refstack-dev-server
# (--port, --host, --state-path); see its --help.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh
exec .venv/bin/refstack-dev-server "$@"
