#!/usr/bin/env bash
# Fail when a generated file (sample config, sample policy) is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() {  # check <generated file> <command writing it to $out...>
    local file=$1; shift
    out="$tmp/$(basename "$file")"
    "$@" >/dev/null
    if ! diff -u "$file" "$out"; then
        echo "$file is stale; regenerate it (tox -e genconfig / genpolicy)."
        status=1
    fi
}
check etc/refstack.conf.sample \
    oslo-config-generator --config-file etc/refstack-config-generator.conf --output-file \
    "$tmp/refstack.conf.sample"
if [ -f etc/refstack-policy-generator.conf ]; then
    check etc/policy.yaml.sample \
        oslopolicy-sample-generator --config-file etc/refstack-policy-generator.conf \
        --output-file "$tmp/policy.yaml.sample"
fi
exit $status
