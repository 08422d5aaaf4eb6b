"""Hostile input against every route: never a 5xx, always the JSON error
envelope, and the stored data unchanged by what was refused.

Runs on SQLite and, with REFSTACK_TEST_DB=mysql, on MariaDB. Routes and
their parameters come from the OpenAPI document, which test_openapi.py keeps
complete, so a new route is attacked as soon as it is documented.
"""

import io
import json
import urllib.parse

from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization
import sqlalchemy as sa
import subunit
import webtest

from refstack.db import api as db_api
from refstack.db import models
from tests.api import apidoc
from tests import base

ALICE = 'https://openstackid.org/alice'
ADMIN = 'https://openstackid.org/admin'

INJECTION = [
    "' OR '1'='1", "1' OR 1=1 -- ", '" OR ""="', "1; DROP TABLE test; --",
    "' UNION SELECT openid, email FROM user --", "1 AND SLEEP(5)", "%' OR '%'='",
    "\\'; --", "1' AND extractvalue(1, concat(0x7e, version())) --",
]
TRAVERSAL = [
    '../../../../etc/passwd', '..\\..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2f',
    '....//....//etc/passwd', '/etc/passwd', '..', '.', '..;/', 'file:///etc/passwd',
]
ODD = [
    '<script>alert(1)</script>', '\x00', '\u202e\ufeff\u2028', 'é☃𝄞', 'A' * 4000, '-1',
    '0', '9' * 40, '1e400', 'NaN', 'null', '[]', '%', '*', '$(id)',
    '${jndi:ldap://127.0.0.1/a}', '{{7*7}}', ' ', '__class__', 'x.json', 'x.html',
]
PAYLOADS = INJECTION + TRAVERSAL + ODD

SCRIPTS = [
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')",
    '</script><script>alert(document.cookie)</script>', '{{constructor.constructor("a")()}}',
    "' OR 1=1 --", 'a & b < c > d', '\u2028\u2029 \u202e rtl', '\\"quoted\\" \\u003c',
    '<svg/onload=alert(1)>',
]
# Tables whose rows the hostile requests may legitimately touch.
VOLATILE = ('session', 'rate_limit')


def quote(value):
    return urllib.parse.quote(value, safe='')


def v2_stream(name):
    out = io.BytesIO()
    stream = subunit.StreamResultToBytes(out)
    stream.status(test_id=name, test_status='inprogress')
    stream.status(test_id=name, test_status='success')
    return out.getvalue()


class HostileTestCase(base.ApiTestCase):
    """A populated world, and checks every response goes through."""

    def setUp(self):
        super().setUp()
        self.doc = apidoc.document()
        self.admin = self.as_user(ADMIN, admin=True)
        self.alice = self.as_user(ALICE)
        self.key = self.register_key(ALICE)
        body = json.dumps({'cpid': 'cpid-1', 'duration_seconds': 10, 'results': [
            {'name': 'tempest.api.compute.test_a'}, {'name': 'tempest.api.b'}]}).encode()
        self.test_id = self.app.post('/v1/results', body, headers=self.signed(body),
                                     status=201).json['test_id']
        self.app.post('/v1/results/%s/meta/shared' % self.test_id, 'true',
                      headers=self.alice, status=201)
        self.vendor_id = self.post_json('/v1/vendors', {'name': 'Vendor'},
                                        headers=self.alice).json['id']
        self.post_json('/v1/vendors/%s/action' % self.vendor_id, {'register': None},
                       headers=self.alice, status=200)
        self.post_json('/v1/vendors/%s/action' % self.vendor_id, {'approve': None},
                       headers=self.admin, status=200)
        self.product_id = self.post_json('/v1/products', {
            'name': 'Cloud', 'product_type': 1, 'organization_id': self.vendor_id},
            headers=self.alice).json['id']
        self.put_json('/v1/products/%s' % self.product_id, {'public': True},
                      headers=self.alice)
        self.version_id = self.post_json('/v1/products/%s/versions' % self.product_id,
                                         {'version': '1.0', 'cpid': 'cpid-1'},
                                         headers=self.alice).json['id']
        self.key_id = db_api.get_user_pubkeys(ALICE)[0].id
        self.valid = {'test_id': self.test_id, 'key': 'shared', 'name': '2020.06',
                      'key_id': self.key_id, 'vendor_id': self.vendor_id,
                      'openid_b64': self.b64(ADMIN), 'product_id': self.product_id,
                      'version_id': self.version_id}
        self.requests = 0

    def signed(self, body, key=None):
        key = key or self.key
        return {'X-Signature': key.sign(body), 'X-Public-Key': key.openssh}

    def snapshot(self):
        """Every stored row, except sessions and rate limit counters."""
        rows = {}
        with db_api.get_engine().connect() as conn:
            for name, table in models.Base.metadata.tables.items():
                if name not in VOLATILE:
                    rows[name] = sorted(repr(tuple(r)) for r in conn.execute(sa.select(table)))
        return rows

    def assert_unchanged(self, before, where):
        after = self.snapshot()
        for name in before:
            self.assertEqual(before[name], after[name], '%s changed table %s' % (where, name))

    def send(self, method, path, body=None, headers=None, content_type=None, environ=None):
        """One request; asserts it was answered sanely and returns the response."""
        self.requests += 1
        where = '%s %s' % (method, path[:200])
        req = webtest.TestRequest.blank(path, method=method)
        req.environ.update(environ or {})
        for name, value in (headers or {}).items():
            req.headers[name] = value
        if body is not None:
            req.body = body.encode('utf-8') if isinstance(body, str) else body
            req.environ['CONTENT_TYPE'] = content_type or ''
        resp = self.app.do_request(req, status='*')
        self.check(resp, where)
        return resp

    def check(self, resp, where):
        self.assertLess(resp.status_int, 500, '%s: %s' % (where, resp.body[:300]))
        self.assertEqual('nosniff', resp.headers.get('X-Content-Type-Options'), where)
        if resp.status_int >= 400 and not where.startswith('HEAD '):
            self.assertEqual('application/json', resp.content_type, where)
            body = resp.json
            self.assertIsInstance(body, dict, where)
            self.assertEqual(resp.status_int, body.get('code'), where)
            self.assertIsInstance(body.get('title'), str, where)
            if 'detail' in body:
                self.assertIsInstance(body['detail'], (str, type(None)), where)
        if resp.content_type == 'application/json' and resp.body:
            # Markup characters never appear raw in JSON output.
            for char in (b'<', b'>'):
                self.assertNotIn(char, resp.body, where)

    def path_for(self, template, **override):
        values = dict(self.valid, **override)
        return apidoc.re.sub(r'\{([^}]*)\}', lambda m: values[m.group(1)], template)

    @staticmethod
    def benign_body(method, template):
        """A body that changes nothing on the real resource (if it got there)."""
        if template.endswith('/meta/{key}'):
            return 'true', 'text/plain'
        if template.endswith('/action'):
            return json.dumps({'unknown': None}), 'application/json'
        if method == 'POST' and template.endswith('/versions'):
            return json.dumps({'version': ' '}), 'application/json'
        return json.dumps({}), 'application/json'


class TestPathParameters(HostileTestCase):

    def test_every_path_parameter(self):
        for method, template, _op, params in apidoc.operations(self.doc):
            names = [p['name'] for p in params if p['in'] == 'path']
            if not names:
                continue
            before = self.snapshot()
            body, content_type = self.benign_body(method, template)
            for name in names:
                for payload in PAYLOADS:
                    for raw in (False, True) if '/' in payload or '%' in payload else (False,):
                        value = payload if raw else quote(payload)
                        path = self.path_for(template, **{name: value})
                        who = [self.alice] if method != 'GET' else [self.alice, {}]
                        for headers in who:
                            resp = self.send(method, path, body=body, headers=headers,
                                             content_type=content_type)
                            if method != 'GET':
                                self.assertGreaterEqual(resp.status_int, 400, path)
            self.assert_unchanged(before, '%s %s' % (method, template))
        self.assertGreater(self.requests, 2000)

    def test_raw_traversal_paths(self):
        """Paths the WSGI server hands over undecoded and unnormalised."""
        before = self.snapshot()
        for path in ('/v1/guidelines/../../../../etc/passwd', '/v1/guidelines/..%2f..%2fsetup.cfg',
                     '/v1/guidelines/%2e%2e/%2e%2e/setup.cfg', '/v1/results/../../v1/profile',
                     '//v1//results//', '/v1/./results', '/v1/results/%c0%ae%c0%ae/x',
                     '/v1/results/\\..\\..\\x', '/v1/guidelines/2020.06/../../../setup.cfg',
                     '/v1/guidelines/..', '/v1/guidelines/.json', '/v1/results/;/x',
                     '/v1/results/%252e%252e%252f'):
            for method in ('GET', 'DELETE'):
                req = webtest.TestRequest.blank('/', method=method)
                req.environ['PATH_INFO'] = urllib.parse.unquote_to_bytes(path).decode('latin-1')
                req.environ['HTTP_COOKIE'] = self.alice['Cookie']
                req.environ['HTTP_X_XSRF_TOKEN'] = self.alice['X-XSRF-TOKEN']
                resp = self.app.do_request(req, status='*')
                self.check(resp, '%s %s' % (method, path))
                self.assertNotIn(b'[metadata]', resp.body)
                self.assertNotIn(b'root:', resp.body)
        self.assert_unchanged(before, 'raw paths')


class TestMethodsAndPrefixes(HostileTestCase):
    """Every method on every documented path and on each of its prefixes."""

    METHODS = ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE',
               'PROPFIND')

    def test_method_matrix(self):
        paths = set()
        for _method, template, _op, _params in apidoc.operations(self.doc):
            parts = template.split('/')
            for end in range(2, len(parts) + 1):
                paths.add('/'.join(parts[:end]))
                paths.add('/'.join(parts[:end]) + '/')
        before = self.snapshot()
        for template in sorted(paths):
            # Real ids, but names no route or handler expects: nothing matches.
            path = self.path_for(template, key='nokey', openid_b64=self.b64('nobody'))
            for method in self.METHODS:
                for headers in (self.alice, {}):
                    self.send(method, path, body=b'', headers=headers,
                              content_type='application/json')
        self.assert_unchanged(before, 'method matrix')


class TestQueryParameters(HostileTestCase):

    def test_every_query_parameter(self):
        for method, template, _op, params in apidoc.operations(self.doc):
            names = [p['name'] for p in params if p['in'] == 'query']
            if not names or method != 'GET':
                continue
            path = self.path_for(template)
            before = self.snapshot()
            for name in names:
                for payload in PAYLOADS:
                    query = '%s=%s' % (name, quote(payload))
                    for headers in (self.alice, {}):
                        self.send('GET', path + '?' + query, headers=headers)
                # Repeated, empty and value-less parameters too.
                for query in ('%s=1&%s=2' % (name, name), name + '=', name):
                    self.send('GET', path + '?' + query, headers=self.alice)
            self.assert_unchanged(before, 'GET %s' % template)

    def test_upload_query_parameters_are_stored_verbatim(self):
        for index, payload in enumerate(PAYLOADS + SCRIPTS):
            for name in ('cpid', 'duration_seconds'):
                body = v2_stream('tempest.api.q%d_%s' % (index, name))
                resp = self.send('POST', '/v1/results?%s=%s' % (name, quote(payload)),
                                 body=body, content_type='application/vnd.subunit')
                if resp.status_int == 201 and name == 'cpid':
                    stored = db_api.get_test_result(resp.json['test_id'])
                    self.assertEqual(payload, stored.cpid)
                elif name == 'cpid':
                    self.assertGreater(len(payload), 128, payload)
        # Numbers out of range for the duration.
        for value in ('-1', '2147483648', '9' * 5000, '1e3', '0x10', ''):
            self.send('POST', '/v1/results?duration_seconds=' + value,
                      body=v2_stream('tempest.api.d' + value[:8]),
                      content_type='application/vnd.subunit')

    def test_pages(self):
        before = self.snapshot()
        for page in ('-1', '0', '-0', '1.5', '2', '99999999999999999999999999', '1e9',
                     '0x1', ' 1', '１', '+1', '1_000', 'inf', '-inf', '%00'):
            resp = self.send('GET', '/v1/results?page=' + quote(page))
            if resp.status_int == 200:
                self.assertEqual(1, resp.json['pagination']['current_page'], page)
        self.assert_unchanged(before, 'pages')


class TestBodies(HostileTestCase):
    """Huge, deeply nested, malformed and mistyped bodies on every JSON operation."""

    def json_operations(self):
        for method, template, op, _params in apidoc.operations(self.doc):
            content = op.get('requestBody', {}).get('content', {})
            if 'application/json' in content:
                yield method, template

    def hostile_bodies(self):
        deep = 100000
        yield b'[' * deep + b']' * deep
        yield b'{"a":' * deep + b'1' + b'}' * deep
        nested = json.loads('[' * 900 + ']' * 900)
        for field in ('name', 'description', 'properties', 'results', 'cpid', 'version',
                      'raw_key', 'register', 'product_version_id', 'verification_status'):
            yield json.dumps({field: nested}).encode()
        yield json.dumps({'name': 'x' * (2 * 1024 * 1024)}).encode()
        yield json.dumps({'k%d' % i: i for i in range(100000)}).encode()
        yield b'{"duration_seconds": ' + b'9' * 5000 + b'}'
        for literal in (b'NaN', b'Infinity', b'-Infinity', b'1e999', b'-0', b'1.0e-400'):
            yield b'{"product_type": %s, "verification_status": %s, "public": %s}' % (
                (literal,) * 3)
        for top in (b'[]', b'""', b'123', b'null', b'true', b'', b' ', b'{', b'}', b'{}}'):
            yield top
        yield b'{"name": "\xff\xfe\xfd"}'
        yield b'\xef\xbb\xbf{"name": "bom"}'
        yield '{"name": "utf16"}'.encode('utf-16')
        yield b'{"name": "\\ud800"}'

    def test_hostile_bodies(self):
        bodies = list(self.hostile_bodies())
        for method, template in self.json_operations():
            path = self.path_for(template)
            for body in bodies:
                before = self.snapshot()
                headers = dict(self.alice)
                if template == '/v1/results':
                    headers.update(self.signed(body))
                resp = self.send(method, path, body=body, headers=headers,
                                 content_type='application/json')
                where = '%s %s %r' % (method, template, body[:60])
                if method == 'POST':
                    self.assertGreaterEqual(resp.status_int, 400, where)
                # PUT handlers ignore keys they do not know, and properties
                # may be any JSON: what they accept may change the resource.
                if resp.status_int >= 400:
                    self.assert_unchanged(before, where)

    def test_wrong_content_types(self):
        types = ('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data',
                 'application/xml', 'text/html', 'application/json; charset=latin-1',
                 'application/json; charset=utf-16', 'a/b/c;;;=', 'image/png',
                 'application/javascript')
        for method, template in self.json_operations():
            path = self.path_for(template)
            for content_type in types:
                for body in (b'a=1&b=2', b'<x/>', b'\x89PNG\r\n\x1a\n\x00\x00', b'--b\r\n'):
                    before = self.snapshot()
                    resp = self.send(method, path, body=body, headers=self.alice,
                                     content_type=content_type)
                    where = '%s %s %s %r' % (method, path, content_type, body)
                    if resp.status_int >= 400:
                        self.assert_unchanged(before, where)
                    else:
                        # Nothing these bodies say is a valid create; a PUT
                        # without known keys changes nothing but its log.
                        self.assertEqual('PUT', method, where)

    def test_numbers_out_of_range(self):
        values = [2 ** 31, -2 ** 31 - 1, 2 ** 63, 2 ** 64, -1, 1.5, 1e308, 10 ** 300]
        before = self.snapshot()
        for value in values:
            body = json.dumps({'cpid': 'c', 'duration_seconds': value,
                               'results': [{'name': 'tempest.n'}]}).encode()
            self.send('POST', '/v1/results', body=body, headers=self.signed(body),
                      content_type='application/json')
            self.send('PUT', '/v1/results/%s' % self.test_id,
                      body=json.dumps({'verification_status': value}),
                      headers=self.admin, content_type='application/json')
            self.send('POST', '/v1/products', body=json.dumps({
                'name': 'N', 'product_type': value, 'organization_id': self.vendor_id}),
                headers=self.alice, content_type='application/json')
            resp = self.send('PUT', '/v1/products/%s' % self.product_id,
                             body=json.dumps({'public': value}), headers=self.alice,
                             content_type='application/json')
            self.assertEqual(400, resp.status_int, value)
        for value in (True, '1', None, 'yes', [], {}):
            self.send('POST', '/v1/products', body=json.dumps({
                'name': 'N', 'product_type': value, 'organization_id': self.vendor_id}),
                headers=self.alice, content_type='application/json')
        self.assert_unchanged(before, 'numbers')

    def test_bad_utf8_and_odd_headers(self):
        self.config(enable_anonymous_upload=False, group='api')
        before = self.snapshot()
        for path in ('/v1/results/%ff', '/v1/results?cpid=%ff%fe', '/v1/vendors/%c3%28'):
            self.send('GET', path)
        body = b'{"cpid": "\xc3\x28", "duration_seconds": 1, "results": [{"name": "x"}]}'
        self.send('POST', '/v1/results', body=body, content_type='application/json')
        self.send('POST', '/v1/results/%s/meta/shared' % self.test_id, body=b'\xff\xfe',
                  headers=self.alice, content_type='text/plain')
        for headers in ({'Authorization': 'Bearer \xff\xfe'}, {'Authorization': 'Bearer'},
                        {'Authorization': 'Basic Zm9vOmJhcg=='},
                        {'Authorization': 'Bearer ' + 'a' * 8000},
                        {'Authorization': 'Bearer a.b.c'}, {'Cookie': 'refstack=\xff'},
                        {'Cookie': 'refstack=' + 'x' * 4000}, {'Cookie': '=;;;refstack'},
                        {'X-Public-Key': 'ssh-rsa \xff', 'X-Signature': 'zz'},
                        {'X-Public-Key': 'ssh-rsa ' + 'A' * 10000, 'X-Signature': '00'},
                        {'X-Signature': 'ab'}, {'X-XSRF-TOKEN': '\x00'}):
            self.send('GET', '/v1/profile', headers=headers)
            self.send('GET', '/v1/results', headers=headers)
            upload = json.dumps({'cpid': 'c', 'duration_seconds': 1,
                                 'results': [{'name': 'tempest.h'}]})
            resp = self.send('POST', '/v1/results', body=upload, headers=headers,
                             content_type='application/json')
            self.assertGreaterEqual(resp.status_int, 400, headers)
        self.assert_unchanged(before, 'headers')


class TestStoredText(HostileTestCase):
    """Script payloads in every stored text field: stored verbatim, returned
    as JSON data with markup escaped."""

    def get(self, path, headers=None):
        resp = self.send('GET', path, headers=headers or self.alice)
        self.assertEqual(200, resp.status_int, path)
        return resp.json

    def test_upload_fields(self):
        for index, script in enumerate(SCRIPTS):
            name = 'tempest.api.%d.%s' % (index, script)
            body = json.dumps({'cpid': script, 'duration_seconds': 1,
                               'results': [{'name': name}]}).encode()
            resp = self.send('POST', '/v1/results', body=body, headers=self.signed(body),
                             content_type='application/json')
            self.assertEqual(201, resp.status_int, script)
            detail = self.get('/v1/results/%s' % resp.json['test_id'])
            self.assertEqual(script, detail['cpid'])
            self.assertEqual([name], detail['results'])
            tests = self.get('/v1/results/%s/tests' % resp.json['test_id'])['tests']
            self.assertEqual([name], [t['name'] for t in tests])
            listed = self.get('/v1/results?signed&cpid=%s' % quote(script))['results']
            self.assertEqual([resp.json['test_id']], [r['id'] for r in listed])

    def test_meta_values(self):
        for script in SCRIPTS:
            for key in ('shared', 'guideline', 'target'):
                resp = self.send('POST', '/v1/results/%s/meta/%s' % (self.test_id, key),
                                 body=script.encode('utf-8'), headers=self.alice,
                                 content_type='text/plain')
                self.assertEqual(201, resp.status_int)
            meta = self.get('/v1/results/%s/meta' % self.test_id)
            self.assertEqual({'shared': script, 'guideline': script, 'target': script,
                              'user': ALICE}, meta)
            self.assertEqual(script, self.get('/v1/results/%s/meta/target' % self.test_id))

    def test_vendor_and_product_fields(self):
        for index, script in enumerate(SCRIPTS):
            vendor = self.post_json('/v1/vendors', {'name': script[:80],
                                                    'description': script},
                                    headers=self.alice).json['id']
            properties = {script: [script, {'k': script}]}
            self.put_json('/v1/vendors/%s' % vendor, {'properties': properties},
                          headers=self.alice)
            shown = self.get('/v1/vendors/%s' % vendor)
            self.assertEqual((script[:80], script), (shown['name'], shown['description']))
            self.assertEqual(properties, json.loads(shown['properties']))
            product = self.post_json('/v1/products', {
                'name': script[:80], 'description': script, 'product_type': 0,
                'organization_id': vendor, 'version': script[:36]},
                headers=self.alice).json['id']
            self.put_json('/v1/products/%s' % product, {'properties': properties},
                          headers=self.alice)
            shown = self.get('/v1/products/%s' % product)
            self.assertEqual((script[:80], script), (shown['name'], shown['description']))
            self.assertEqual(properties, json.loads(shown['properties']))
            version = self.post_json('/v1/products/%s/versions' % product, {
                'version': 'v%d' % index, 'cpid': script}, headers=self.alice).json
            self.assertEqual(script, version['cpid'])
            versions = self.get('/v1/products/%s/versions' % product)
            # Version names are trimmed of surrounding whitespace.
            self.assertIn(script[:36].strip(), [v['version'] for v in versions])
            # The Foundation's decline reason.
            self.post_json('/v1/vendors/%s/action' % vendor, {'register': None},
                           headers=self.alice, status=200)
            self.post_json('/v1/vendors/%s/action' % vendor, {
                'deny': None, 'registration_decline_reason': script},
                headers=self.admin, status=200)
            shown = self.get('/v1/vendors/%s' % vendor)
            self.assertEqual(script, json.loads(shown['properties'])[
                'registration_decline_reason'])

    def test_user_fields(self):
        for index, script in enumerate(SCRIPTS):
            openid = 'https://openstackid.org/u%d?%s' % (index, quote(script))
            self.create_user(openid, email=script[:128], fullname=script[:128])
            headers = self.session_headers(openid)
            profile = self.get('/v1/profile', headers=headers)
            self.assertEqual((openid, script[:128], script[:128]),
                             (profile['openid'], profile['email'], profile['fullname']))
            private = ed25519.Ed25519PrivateKey.generate()
            line = private.public_key().public_bytes(
                serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
            resp = self.send('POST', '/v1/profile/pubkeys', body=json.dumps({
                'raw_key': '%s %s' % (line, script), 'self_signature': private.sign(
                    b'signature').hex()}), headers=headers, content_type='application/json')
            self.assertEqual(201, resp.status_int, resp.body)
            keys = self.get('/v1/profile/pubkeys', headers=headers)
            self.assertEqual([script.strip()], [k['comment'] for k in keys])
