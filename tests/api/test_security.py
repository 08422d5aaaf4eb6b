"""Security headers, the health check, method override and secrets in logs."""

import json
import logging

import fixtures
import sqlalchemy as sa
import webtest

from refstack.api import app as api_app
from refstack.api import hooks
from refstack.conf import CONF
from refstack.db import api as db_api
from refstack.db import migration
from tests import base

ALICE = 'https://openstackid.org/alice'
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def upload_body(name='tempest.api.a'):
    return json.dumps({'cpid': 'c', 'duration_seconds': 1,
                       'results': [{'name': name}]}).encode()


class TestSecurityHeaders(base.ApiTestCase):

    def assert_secure(self, resp, csp=STRICT_CSP):
        self.assertEqual('nosniff', resp.headers['X-Content-Type-Options'])
        self.assertEqual('DENY', resp.headers['X-Frame-Options'])
        self.assertEqual('no-referrer', resp.headers['Referrer-Policy'])
        self.assertEqual(csp, resp.headers['Content-Security-Policy'])

    def test_every_kind_of_response(self):
        self.config(max_request_body_size=1024, group='api')
        app = webtest.TestApp(api_app.setup_app())
        responses = [
            app.get('/v1/results'),                          # JSON from a handler
            app.get('/v1/nothing', status=404),              # routing error
            app.post('/v1/results', b'x' * 2048, status=413),  # middleware error
            app.get('/v1/results/%ff', status=400),          # path guard
            app.get('/v1/auth/signout', status=302),         # redirect
            app.get('/v1/guidelines/2020.06/tests'),         # text/plain
            app.patch('/v1/results', status=405),
        ]
        for resp in responses:
            self.assert_secure(resp)
            self.assertNotIn('Strict-Transport-Security', resp.headers)

    def test_badge_policy_allows_inline_styles_only(self):
        resp = self.app.post('/v1/results', upload_body(), status=201)
        badge = self.app.get('/v1/results/%s/badge' % resp.json['test_id'])
        self.assertEqual('image/svg+xml', badge.content_type)
        self.assert_secure(badge, csp=(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'"))
        self.assertEqual('public, max-age=300', badge.headers['Cache-Control'])

    def test_no_store_on_credentialed_requests(self):
        self.assertNotIn('Cache-Control', self.app.get('/v1/results').headers)
        session = self.as_user(ALICE)
        for headers in (session, self.token_headers(ALICE),
                        {'Authorization': 'Bearer not-a-token'}):
            for path, status in (('/v1/profile', '*'), ('/v1/results', 200),
                                 ('/v1/nothing', 404)):
                resp = self.app.get(path, headers=headers, status=status)
                self.assertEqual('no-store', resp.headers['Cache-Control'], path)
        # A credentialed badge request is not cached either.
        test_id = self.app.post('/v1/results', upload_body(), status=201).json['test_id']
        resp = self.app.get('/v1/results/%s/badge' % test_id, headers=session)
        self.assertEqual(['no-store'], resp.headers.getall('Cache-Control'))
        # Other cookies are not credentials.
        resp = self.app.get('/v1/results', headers={'Cookie': 'other=1; refstack_x=2'})
        self.assertNotIn('Cache-Control', resp.headers)

    def test_hsts_over_https(self):
        resp = self.app.get('/v1/results', extra_environ={'wsgi.url_scheme': 'https'})
        self.assertEqual('max-age=31536000', resp.headers['Strict-Transport-Security'])


class TestMethodOverride(base.ApiTestCase):
    """GET ...?_method=post must not reach a POST handler around the XSRF check."""

    def test_refused(self):
        headers = self.as_user(ALICE)
        vendor_id = self.post_json('/v1/vendors', {'name': 'V'}, headers=headers).json['id']
        cookie_only = {'Cookie': headers['Cookie']}
        for query in ('_method=post&register=1', '_method=POST', '%5Fmethod=post',
                      'a=1&_method=delete'):
            resp = self.app.get('/v1/vendors/%s/action?%s' % (vendor_id, query),
                                headers=cookie_only, status=400)
            self.assertEqual(400, resp.json['code'])
        self.assertEqual(1, self.get_json('/v1/vendors/%s' % vendor_id, headers=headers)['type'])
        # A parameter that merely contains the word is fine.
        self.get_json('/v1/results?x_method=1')


class TestHealth(base.ApiTestCase):

    def test_ok(self):
        head = ','.join(migration.heads())
        resp = self.app.get('/v1/health')
        self.assertEqual({'status': 'ok', 'database': 'ok',
                          'schema': {'current': head, 'head': head}}, resp.json)
        self.assertEqual('no-store', resp.headers['Cache-Control'])
        self.assertEqual(resp.json, self.get_json('/v1/health/'))

    def _set_version(self, value):
        table = sa.table(CONF.version_table, sa.column('version_num'))
        with db_api.get_engine().begin() as conn:
            old = conn.execute(sa.select(table.c.version_num)).scalar_one()
            conn.execute(sa.update(table).values(version_num=value))
        return old

    def test_schema_behind(self):
        old = self._set_version('0001')
        self.addCleanup(self._set_version, old)
        resp = self.app.get('/v1/health', status=503)
        self.assertEqual('error', resp.json['status'])
        self.assertEqual('ok', resp.json['database'])
        self.assertEqual('0001', resp.json['schema']['current'])
        self.assertEqual(503, resp.json['code'])
        self.assertIn('refstack-manage upgrade', resp.json['title'])
        self.assertEqual('5', resp.headers['Retry-After'])

    def test_database_unreachable(self):
        self.config(connection='mysql+pymysql://nobody@127.0.0.1:1/x', group='database')
        db_api.reset()
        self.addCleanup(db_api.reset)
        resp = self.app.get('/v1/health', status=503)
        self.assertEqual({'status': 'error', 'database': 'unreachable',
                          'schema': {'current': None, 'head': ','.join(migration.heads())},
                          'title': 'The database is unreachable.', 'code': 503,
                          'retry_after': 5}, resp.json)
        self.assertEqual('5', resp.headers['Retry-After'])
        # Any other database-backed request: the generic 503, also with Retry-After.
        resp = self.app.get('/v1/results', status=503)
        self.assertEqual(503, resp.json['code'])
        self.assertEqual('5', resp.headers['Retry-After'])


class TestSecretsNotLogged(base.ApiTestCase):
    """Authorization, cookies, XSRF tokens, signatures and sign-in codes stay out of logs."""

    def test_request_logging(self):
        logger = self.useFixture(fixtures.FakeLogger(level=logging.DEBUG, name=None))
        key = self.register_key(self.create_user(ALICE))
        token = key.token(ALICE)
        session = self.session_headers(ALICE)
        cookie_token = session['Cookie'].split('=', 1)[1]
        body = upload_body('tempest.api.logged')
        signature = key.sign(body)
        secrets = [token, cookie_token, session['X-XSRF-TOKEN'], signature,
                   'AUTHCODE1234567890', 'STATE0987654321', 'OPENIDSIG5555']
        self.app.get('/v1/profile', headers={'Authorization': 'Bearer ' + token})
        self.app.get('/v1/profile', headers={'Authorization': 'Bearer ' + token + 'x'},
                     status=401)
        self.app.get('/v1/profile', headers=session)
        self.post_json('/v1/vendors', {'name': 'V'}, headers=session)
        self.app.post('/v1/vendors', '{}', headers={'Cookie': session['Cookie'],
                                                    'X-XSRF-TOKEN': 'wrong'}, status=401)
        self.app.post('/v1/results', body, headers={'X-Signature': signature,
                                                    'X-Public-Key': key.openssh}, status=201)
        self.app.post('/v1/results', body + b' ', headers={'X-Signature': signature,
                                                           'X-Public-Key': key.openssh},
                      status=400)
        self.app.get('/v1/auth/signin_return?code=AUTHCODE1234567890&state=STATE0987654321'
                     '&openid.sig=OPENIDSIG5555', status=302)
        output = logger.output
        self.assertIn('/v1/auth/signin_return', output)
        self.assertIn('/v1/profile', output)
        for secret in secrets:
            self.assertNotIn(secret, output)

    def test_loggable_path(self):
        request = webtest.TestRequest.blank(
            '/v1/auth/signin_return?code=abc&state=def&openid.sig=x&openid.mode=id_res&page=2')
        self.assertEqual('/v1/auth/signin_return?code=%2A%2A%2A&state=%2A%2A%2A&'
                         'openid.sig=%2A%2A%2A&openid.mode=id_res&page=2',
                         hooks.loggable_path(request))
