"""schemathesis against a real server and the published OpenAPI document.

Two bounded runs (examples, coverage, fuzzing and stateful phases; a fixed
seed, a time budget each): one as a signed-in Foundation admin with a browser
session, one as a plain user with a JWT. Every response must be a non-5xx
that conforms to the document (status, content type, headers and body).
The number of generated requests is printed (run with -s to see it).

REFSTACK_FUZZ_SEED and REFSTACK_FUZZ_TIME (seconds per run) change the
defaults.
"""

import os
import re
import subprocess
import sys

import pytest

from refstack.auth import sessions
from refstack.common import keys
from refstack.db import api as db_api
from tests import base
from tests import live

SCHEMATHESIS = os.path.join(os.path.dirname(sys.executable), 'schemathesis')
CHECKS = ('not_a_server_error,status_code_conformance,content_type_conformance,'
          'response_headers_conformance,response_schema_conformance')
SEED = os.environ.get('REFSTACK_FUZZ_SEED', '20261126')
BUDGET = int(os.environ.get('REFSTACK_FUZZ_TIME', '60'))


@pytest.fixture(scope='module')
def server():
    srv = live.LiveServer()
    srv.start()
    yield srv
    srv.stop()


def credentials(srv, openid, admin):
    srv.create_user(openid, admin=admin)
    key = base.RSAKey(bits=2048)
    parsed = keys.parse_public_key(key.openssh)
    db_api.store_pubkey(openid, parsed.format, parsed.body, '', parsed.md5_hash)
    token, session = sessions.create(openid)
    return key.token(openid, lifetime=3600), token, session.xsrf_token


def run_schemathesis(srv, headers, budget, *extra):
    cmd = [SCHEMATHESIS, 'run', srv.url + '/api/v1/openapi.json', '--url', srv.url + '/api',
           '--checks', CHECKS, '--seed', SEED, '--max-time', str(budget),
           '--max-examples', '25', '--workers', '1', '--max-redirects', '0',
           '--request-timeout', '20', '--no-color'] + list(extra)
    for name, value in headers.items():
        cmd += ['--header', '%s: %s' % (name, value)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=budget + 120,
                          cwd=srv.dir)
    output = proc.stdout + proc.stderr
    match = re.search(r'(\d+) generated', output)
    generated = int(match.group(1)) if match else 0
    print('\nschemathesis (%s): %d generated requests, exit %d'
          % (', '.join(sorted(headers)) or 'anonymous', generated, proc.returncode))
    summary = output[output.find('Test Phases'):output.find('Seed:')]
    print(re.sub(r'\n\s*\n', '\n', summary).strip())
    return proc.returncode, generated, output


def server_errors(srv):
    """The server's 500s: their log lines and the trace after each."""
    with open(os.path.join(srv.dir, 'server.log'), encoding='utf-8', errors='replace') as f:
        lines = f.readlines()
    return [''.join(lines[i:i + 40]) for i, line in enumerate(lines)
            if 'Unexpected error' in line]


def test_signed_in_browser_session(server):
    _jwt, cookie, xsrf = credentials(server, 'https://openstackid.org/fuzz-admin', True)
    code, generated, output = run_schemathesis(
        server, {'Cookie': '%s=%s' % (sessions.COOKIE_NAME, cookie),
                 sessions.XSRF_HEADER: xsrf},
        BUDGET, '--exclude-path', '/v1/auth/signout')
    assert code == 0, output[-6000:] + ''.join(server_errors(server)[:3])
    assert generated > 200, output[-2000:]
    assert server_errors(server) == []


def test_api_client_with_jwt(server):
    jwt, _cookie, _xsrf = credentials(server, 'https://openstackid.org/fuzz-user', False)
    code, generated, output = run_schemathesis(
        server, {'Authorization': 'Bearer ' + jwt}, max(BUDGET * 2 // 3, 10))
    assert code == 0, output[-6000:] + ''.join(server_errors(server)[:3])
    assert generated > 100, output[-2000:]
    assert server_errors(server) == []
