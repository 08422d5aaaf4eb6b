"""refstack-upload against a local HTTP server that checks signatures."""

import gzip
import http.server
import io
import json
import socket
import threading
import urllib.parse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
import pytest

from refstack.cmd import upload
from tests.unit.ingest import helpers

RESULT_URL = 'https://refstack.example/#/results/%s'
TEST_ID = '6d2b2ed2-5b41-4c3c-9a25-1bd7a5b0a2f1'
TESTS = [('tempest.api.a.A.test_pass[id-0146f675-ffbd-4208-b3a4-60eb628dbc5e]', 'passed'),
         ('tempest.api.a.A.test_fail', 'failed'),
         ('tempest.api.a.A.test_skip', 'skipped')]


def verify(headers, body):
    """True/False for a signed request, None for an unsigned one."""
    signature = headers.get('X-Signature')
    key_line = headers.get('X-Public-Key')
    if not signature and not key_line:
        return None
    public = serialization.load_ssh_public_key(key_line.encode())
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(bytes.fromhex(signature), body, padding.PKCS1v15(), hashes.SHA256())
        else:
            public.verify(bytes.fromhex(signature), body)
    except (InvalidSignature, ValueError):
        return False
    return True


class Server:
    """Answers with queued ``(status, headers, body)``; 201 when empty."""

    def __init__(self):
        self.requests = []
        self.responses = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length)
                parsed = urllib.parse.urlsplit(self.path)
                outer.requests.append({
                    'method': self.command, 'path': parsed.path,
                    'query': dict(urllib.parse.parse_qsl(parsed.query)),
                    'headers': dict(self.headers.items()), 'body': body,
                    'verified': verify(self.headers, body)})
                if outer.responses:
                    status, headers, payload = outer.responses.pop(0)
                else:
                    status, headers, payload = 201, {}, {
                        'test_id': TEST_ID, 'url': RESULT_URL % TEST_ID}
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_GET = _answer

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/api' % self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    with Server() as srv:
        yield srv


@pytest.fixture(scope='session')
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _write_key(tmp_path, key, fmt, name='key'):
    formats = {
        'pem-rsa': (serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL),
        'pem-pkcs8': (serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8),
        'openssh': (serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH),
    }
    encoding, private_format = formats[fmt]
    path = tmp_path / name
    path.write_bytes(key.private_bytes(encoding, private_format,
                                       serialization.NoEncryption()))
    return str(path)


@pytest.fixture
def subunit_file(tmp_path):
    path = tmp_path / 'run.subunit'
    path.write_bytes(helpers.v2_stream(TESTS))
    return str(path)


def run_cli(argv, capsys, stdin=None, monkeypatch=None):
    waits = []
    if stdin is not None:
        monkeypatch.setattr('sys.stdin', io.TextIOWrapper(io.BytesIO(stdin)))
    code = upload.main(argv, sleep=waits.append)
    out, err = capsys.readouterr()
    return code, out, err, waits


class TestNativeUpload:

    def test_unsigned_subunit(self, server, subunit_file, capsys):
        code, out, err, _ = run_cli(['--url', server.url, '--cpid', 'abc', '--duration', '12',
                                     subunit_file], capsys)
        assert code == 0
        assert out == 'Test results uploaded!\nURL: %s\n' % (RESULT_URL % TEST_ID)
        (req,) = server.requests
        assert req['method'] == 'POST' and req['path'] == '/api/v1/results/'
        assert req['query'] == {'cpid': 'abc', 'duration_seconds': '12'}
        assert req['headers']['Content-Type'] == 'application/vnd.subunit'
        with open(subunit_file, 'rb') as f:
            assert req['body'] == f.read()
        assert req['verified'] is None
        assert 'subunit v2' in err

    def test_no_cpid_no_query(self, server, subunit_file, capsys):
        assert run_cli(['--url', server.url + '/', subunit_file], capsys)[0] == 0
        assert server.requests[0]['query'] == {}
        assert server.requests[0]['path'] == '/api/v1/results/'

    @pytest.mark.parametrize('key_format', ['pem-rsa', 'pem-pkcs8', 'openssh'])
    def test_signed_rsa(self, server, subunit_file, rsa_key, tmp_path, capsys, key_format):
        key = _write_key(tmp_path, rsa_key, key_format)
        code, out, err, _ = run_cli(['--url', server.url, '-i', key, subunit_file], capsys)
        assert code == 0, err
        (req,) = server.requests
        assert req['verified'] is True
        signature = req['headers']['X-Signature']
        assert signature == signature.lower() and len(signature) == 512
        key_line = req['headers']['X-Public-Key']
        assert key_line.startswith('ssh-rsa ') and len(key_line.split()) == 2

    def test_signed_ed25519(self, server, subunit_file, tmp_path, capsys):
        key = _write_key(tmp_path, ed25519.Ed25519PrivateKey.generate(), 'openssh')
        assert run_cli(['--url', server.url, '--sign', key, subunit_file], capsys)[0] == 0
        assert server.requests[0]['verified'] is True
        assert server.requests[0]['headers']['X-Public-Key'].startswith('ssh-ed25519 ')

    def test_gzip_sent_as_is(self, server, tmp_path, capsys):
        path = tmp_path / 'run.subunit.gz'
        path.write_bytes(gzip.compress(helpers.v2_stream(TESTS)))
        assert run_cli(['--url', server.url, str(path)], capsys)[0] == 0
        assert server.requests[0]['body'] == path.read_bytes()
        assert server.requests[0]['headers']['Content-Type'] == 'application/vnd.subunit'

    def test_v1_and_junit_content_types(self, server, tmp_path, capsys):
        v1 = tmp_path / '0'
        v1.write_bytes(helpers.V1_FIXTURE)
        junit = tmp_path / 'results.xml'
        junit.write_bytes(helpers.junit_xml(TESTS))
        assert run_cli(['--url', server.url, str(v1)], capsys)[0] == 0
        assert run_cli(['--url', server.url, str(junit)], capsys)[0] == 0
        assert [r['headers']['Content-Type'] for r in server.requests] == [
            'application/vnd.subunit', 'application/xml']

    def test_stdin(self, server, rsa_key, tmp_path, capsys, monkeypatch):
        key = _write_key(tmp_path, rsa_key, 'pem-rsa')
        data = helpers.v2_stream(TESTS)
        code, _, err, _ = run_cli(['--url', server.url, '-i', key, '-'], capsys,
                                  stdin=data, monkeypatch=monkeypatch)
        assert code == 0, err
        assert server.requests[0]['body'] == data
        assert server.requests[0]['verified'] is True

    def test_url_from_environment(self, server, subunit_file, capsys, monkeypatch):
        monkeypatch.setenv('REFSTACK_URL', server.url)
        assert run_cli([subunit_file], capsys)[0] == 0
        assert len(server.requests) == 1


class TestJsonUpload:

    def test_json_only_matches_original_client(self, server, rsa_key, tmp_path, capsys):
        """client.md 7: the v1 fixture, cpid from the Keystone host."""
        path = tmp_path / '0'
        path.write_bytes(helpers.V1_FIXTURE)
        key = _write_key(tmp_path, rsa_key, 'pem-rsa')
        code, out, err, _ = run_cli(
            ['--url', server.url, '--json-only', '-i', key, '--duration', '0',
             '--os-auth-url', 'http://keystone.example:5000/v3', str(path)], capsys)
        assert code == 0, err
        (req,) = server.requests
        assert req['body'] == helpers.V1_FIXTURE_BODY
        assert req['path'] == '/api/v1/results/' and req['query'] == {}
        assert req['headers']['Content-Type'] == 'application/json'
        assert req['verified'] is True

    def test_json_only_from_v2_uses_run_duration(self, server, subunit_file, capsys):
        code, _, err, _ = run_cli(['--url', server.url, '--legacy-json', '--cpid', 'c',
                                   subunit_file], capsys)
        assert code == 0, err
        body = json.loads(server.requests[0]['body'])
        assert body == {'cpid': 'c', 'duration_seconds': 3, 'results': [
            {'name': 'tempest.api.a.A.test_pass',
             'uuid': '0146f675-ffbd-4208-b3a4-60eb628dbc5e'}]}

    def test_json_file_is_reserialised(self, server, tmp_path, capsys):
        path = tmp_path / 'run.json'
        path.write_bytes(b'{"cpid":"c","duration_seconds":5,"results":[{"name":"t.a"}]}')
        assert run_cli(['--url', server.url, str(path)], capsys)[0] == 0
        assert server.requests[0]['body'] == (
            b'{"cpid": "c", "duration_seconds": 5, "results": [{"name": "t.a"}]}')

    def test_json_only_without_passed_tests(self, server, tmp_path, capsys):
        path = tmp_path / 'run.subunit'
        path.write_bytes(helpers.v2_stream([('t.a', 'failed')]))
        code, _, err, _ = run_cli(['--url', server.url, '--json-only', str(path)], capsys)
        assert code == 2 and 'no passed tests' in err
        assert not server.requests


class TestResponses:

    def test_409_duplicate_is_success(self, server, subunit_file, capsys):
        server.responses.append((409, {}, {'title': 'Duplicate test run', 'code': 409,
                                           'test_id': TEST_ID, 'url': RESULT_URL % TEST_ID}))
        code, out, _, _ = run_cli(['--url', server.url, subunit_file], capsys)
        assert code == 0
        assert 'URL: %s' % (RESULT_URL % TEST_ID) in out

    def test_409_without_url_is_failure(self, server, subunit_file, capsys):
        server.responses.append((409, {}, {'title': 'Conflict', 'code': 409}))
        code, _, err, _ = run_cli(['--url', server.url, subunit_file], capsys)
        assert code == 1 and 'Conflict' in err

    def test_5xx_retried_with_same_signed_body(self, server, subunit_file, rsa_key, tmp_path,
                                               capsys):
        key = _write_key(tmp_path, rsa_key, 'openssh')
        server.responses.append((503, {'Retry-After': '7'}, {'title': 'busy', 'code': 503}))
        server.responses.append((502, {}, b'<html>bad gateway</html>'))
        code, out, err, waits = run_cli(['--url', server.url, '-i', key, '--backoff', '0.5',
                                         subunit_file], capsys)
        assert code == 0, err
        assert waits == [7, 1.0]
        assert len(server.requests) == 3
        assert len({r['body'] for r in server.requests}) == 1
        assert all(r['verified'] for r in server.requests)
        assert 'retrying' in err and 'Test results uploaded!' in out

    def test_429_honours_retry_after(self, server, subunit_file, capsys):
        server.responses.append((429, {'Retry-After': '2'}, {'code': 429, 'title': 'slow'}))
        code, _, _, waits = run_cli(['--url', server.url, subunit_file], capsys)
        assert code == 0 and waits == [2]

    def test_5xx_until_retries_run_out(self, server, subunit_file, capsys):
        server.responses.extend([(500, {}, {'title': 'Internal Server Error', 'code': 500})] * 3)
        code, _, err, waits = run_cli(['--url', server.url, '--retries', '2', subunit_file],
                                      capsys)
        assert code == 1
        assert len(server.requests) == 3 and waits == [2.0, 4.0]
        assert 'HTTP 500' in err and 'Internal Server Error' in err

    def test_400_exits_with_title(self, server, subunit_file, capsys):
        server.responses.append((400, {}, {
            'title': 'Malformed subunit stream: Short read', 'code': 400}))
        code, out, err, waits = run_cli(['--url', server.url, subunit_file], capsys)
        assert code == 1 and not out and not waits
        assert 'HTTP 400' in err and 'Malformed subunit stream: Short read' in err
        assert len(server.requests) == 1

    def test_401_shape_a_detail(self, server, subunit_file, capsys):
        server.responses.append((401, {}, {
            'code': 401, 'title': 'Unauthorized',
            'detail': 'User with specified key not found.'}))
        code, _, err, _ = run_cli(['--url', server.url, subunit_file], capsys)
        assert code == 1 and 'Unauthorized: User with specified key not found.' in err

    def test_redirect_is_not_followed(self, server, subunit_file, capsys):
        server.responses.append((301, {'Location': 'https://elsewhere/api/v1/results/'}, b''))
        code, _, err, _ = run_cli(['--url', server.url, subunit_file], capsys)
        assert code == 1 and 'https://elsewhere/api/v1/results/' in err
        assert len(server.requests) == 1

    def test_unreachable_server(self, subunit_file, capsys):
        sock = socket.socket()
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
        sock.close()
        code, _, err, waits = run_cli(['--url', 'http://127.0.0.1:%d' % port, '--retries', '1',
                                       '--backoff', '0', subunit_file], capsys)
        assert code == 3 and 'cannot reach' in err and waits == [0.0]


class TestInputErrors:

    def test_missing_file(self, server, tmp_path, capsys):
        code, _, err, _ = run_cli(['--url', server.url, str(tmp_path / 'nope')], capsys)
        assert code == 2 and 'cannot read' in err

    def test_garbage_file(self, server, tmp_path, capsys):
        path = tmp_path / 'junk'
        path.write_bytes(b'\x00\x01garbage' * 10)
        code, _, err, _ = run_cli(['--url', server.url, str(path)], capsys)
        assert code == 2 and 'unrecognised file format' in err
        assert not server.requests

    def test_empty_file(self, server, tmp_path, capsys):
        path = tmp_path / 'empty'
        path.write_bytes(b'')
        code, _, err, _ = run_cli(['--url', server.url, str(path)], capsys)
        assert code == 2 and 'empty' in err

    def test_malformed_stream_with_json_only(self, server, tmp_path, capsys):
        path = tmp_path / 'run.subunit'
        path.write_bytes(helpers.v2_stream(TESTS)[:-5])
        code, _, err, _ = run_cli(['--url', server.url, '--json-only', str(path)], capsys)
        assert code == 2 and 'Malformed subunit stream' in err

    def test_bad_key(self, server, subunit_file, tmp_path, capsys):
        path = tmp_path / 'key'
        path.write_bytes(b'-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----\n')
        code, _, err, _ = run_cli(['--url', server.url, '-i', str(path), subunit_file], capsys)
        assert code == 2 and 'cannot load private key' in err
        assert not server.requests

    def test_encrypted_key_with_passphrase_env(self, server, subunit_file, rsa_key, tmp_path,
                                               capsys, monkeypatch):
        path = tmp_path / 'key'
        path.write_bytes(rsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b'secret')))
        code, _, err, _ = run_cli(['--url', server.url, '-i', str(path), subunit_file], capsys)
        assert code == 2 and 'cannot load private key' in err
        monkeypatch.setenv('REFSTACK_KEY_PASSPHRASE', 'secret')
        code, _, err, _ = run_cli(['--url', server.url, '-i', str(path), subunit_file], capsys)
        assert code == 0, err
        assert server.requests[0]['verified'] is True

    def test_unsupported_key_type(self, tmp_path, subunit_file, capsys):
        from cryptography.hazmat.primitives.asymmetric import ec
        path = tmp_path / 'key'
        path.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        code, _, err, _ = run_cli(['-i', str(path), subunit_file], capsys)
        assert code == 2 and 'neither RSA nor Ed25519' in err

    def test_bad_auth_url(self, subunit_file, capsys):
        code, _, err, _ = run_cli(['--os-auth-url', 'ftp://x', subunit_file], capsys)
        assert code == 2 and 'http(s) URL' in err


class TestOtherCommands:

    @pytest.mark.parametrize('form', [['sign', 'KEY'], ['sign', '-i', 'KEY']])
    def test_sign(self, rsa_key, tmp_path, capsys, form):
        key = _write_key(tmp_path, rsa_key, 'openssh')
        code, out, _, _ = run_cli([key if a == 'KEY' else a for a in form], capsys)
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == 'Public key:' and lines[2] == '' and lines[3] == 'Self signature:'
        assert "b'" not in out
        public = serialization.load_ssh_public_key(lines[1].encode())
        public.verify(bytes.fromhex(lines[4]), b'signature', padding.PKCS1v15(),
                      hashes.SHA256())
        assert lines[1] == rsa_key.public_key().public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()

    def test_sign_without_key(self, capsys):
        code, _, err, _ = run_cli(['sign'], capsys)
        assert code == 2 and 'private key' in err

    def test_list_pages(self, server, capsys):
        item = {'created_at': '2026-01-01 00:00:00', 'url': 'u1'}
        server.responses.append((200, {}, {'results': [item],
                                           'pagination': {'current_page': 1, 'total_pages': 2}}))
        server.responses.append((200, {}, {'results': [dict(item, url='u2')],
                                           'pagination': {'current_page': 2, 'total_pages': 2}}))
        code, out, _, _ = run_cli(['list', '--url', server.url, '--pages', '0',
                                   '--start-date', '2026-01-01 00:00:00'], capsys)
        assert code == 0
        assert out == '2026-01-01 00:00:00 - u1\n2026-01-01 00:00:00 - u2\n'
        assert [r['query']['page'] for r in server.requests] == ['1', '2']
        assert server.requests[0]['query']['start_date'] == '2026-01-01 00:00:00'
        assert server.requests[0]['method'] == 'GET'

    def test_list_error(self, server, capsys):
        server.responses.append((400, {}, {'title': 'Invalid page number', 'code': 400}))
        code, _, err, _ = run_cli(['list', '--url', server.url], capsys)
        assert code == 1 and 'Invalid page number' in err

    def test_convert(self, tmp_path, capsys):
        path = tmp_path / '0'
        path.write_bytes(helpers.V1_FIXTURE)
        code, out, _, _ = run_cli(['convert', '--cpid', '09901d92654bdaee787e915b9143769f',
                                   '--duration', '0', str(path)], capsys)
        assert code == 0
        assert out.encode() == helpers.V1_FIXTURE_BODY + b'\n'

    def test_cpid_from_auth_url(self):
        assert upload.cpid_from_auth_url('http://keystone.example:5000/v3') == (
            '09901d92654bdaee787e915b9143769f')


class TestHelpers:

    def test_retry_after(self):
        import email.utils
        import time
        assert upload.retry_after({'Retry-After': '5'}) == 5
        assert upload.retry_after({'Retry-After': '99999'}) == upload.MAX_RETRY_AFTER
        assert upload.retry_after({}) is None
        assert upload.retry_after({'Retry-After': 'soon'}) is None
        when = email.utils.formatdate(time.time() + 30, usegmt=True)
        assert 25 <= upload.retry_after({'Retry-After': when}) <= 30

    @pytest.mark.parametrize('status, body, expected', [
        (400, b'{"title": "Bad thing", "code": 400}', 'HTTP 400 Bad Request: Bad thing'),
        (403, b'{"code": 403, "title": "Forbidden", "detail": ""}',
         'HTTP 403 Forbidden: Forbidden'),
        (502, b'<html>oops</html>', 'HTTP 502 Bad Gateway: <html>oops</html>'),
        (500, b'', 'HTTP 500 Internal Server Error'),
    ])
    def test_error_text(self, status, body, expected):
        import http
        response = upload.Response(status, http.HTTPStatus(status).phrase, {}, body)
        assert upload.error_text(response) == expected

    def test_sign_file_matches_sign_bytes(self, rsa_key):
        data = helpers.v2_stream(TESTS)
        signature = upload.sign_file(rsa_key, io.BytesIO(data))
        rsa_key.public_key().verify(bytes.fromhex(signature), data, padding.PKCS1v15(),
                                    hashes.SHA256())
