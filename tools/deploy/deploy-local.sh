#!/usr/bin/env bash
# Deploy RefStack to the machine this runs on, in one command:
#
#   tools/deploy/deploy-local.sh -e @my-vars.yml
#
# Installs ansible-core into .venv-deploy (first run only), then runs
# site.yml against localhost over the local connection. Extra arguments go
# to ansible-playbook (-e, --check, --diff, -v ...). Needs root (or sudo).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${REFSTACK_DEPLOY_VENV:-$root/.venv-deploy}"
ansible_core="${REFSTACK_ANSIBLE_CORE:-ansible-core==2.19.14}"

if [ ! -x "$venv/bin/ansible-playbook" ]; then
    echo "==> Installing $ansible_core into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$ansible_core"
fi
cd "$here"
exec "$venv/bin/ansible-playbook" -i localhost, --connection=local \
    -e ansible_python_interpreter=/usr/bin/python3 site.yml "$@"
