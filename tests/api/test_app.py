"""Cross-cutting wire behaviour: routing, errors, CORS, limits, WSGI entry points."""

import io
import json
import os

import webtest

from refstack.api import app as api_app
from refstack.api import wsgi
from refstack.cmd import devserver
from tests import base


class TestRouting(base.ApiTestCase):

    def test_unknown_paths(self):
        for path in ('/', '/v1', '/v1/', '/v1/nothing', '/v1/subunit', '/v1/results/a/b/c/d'):
            resp = self.app.get(path, status=404)
            self.assertEqual('application/json', resp.content_type)
            self.assertEqual(404, resp.json['code'])

    def test_unsupported_methods(self):
        resp = self.app.patch('/v1/results', status=405)
        self.assertEqual({'code': 405, 'title': 'Method Not Allowed', 'detail': ''}, resp.json)
        self.app.head('/v1/results', status=405)

    def test_request_id(self):
        resp = self.app.get('/v1/results')
        self.assertTrue(resp.headers['x-openstack-request-id'].startswith('req-'))

    def test_no_500_on_garbage_paths(self):
        for path in ('/v1/results/%00', '/v1/results/%C3%A9', '/v1/results/%ff',
                     '/v1/results/' + 'a' * 5000,
                     '/v1/results/x/meta/' + 'k' * 300, '/v1/results?page=%ff',
                     '/v1/results/__class__/get_all', '/v1/_lookup', '/v1/results/_route',
                     '/v1/guidelines/__init__'):
            resp = self.app.get(path, status='*')
            self.assertLess(resp.status_int, 500, path)


class TestCors(base.ApiTestCase):
    origin = 'https://ui.example.org'

    def setUp(self):
        super().setUp()
        self.config(allowed_cors_origins=[self.origin], group='api')
        self.app = webtest.TestApp(api_app.setup_app())

    def test_headers_on_every_response(self):
        for path, status in (('/v1/results', 200), ('/v1/nothing', 404)):
            resp = self.app.get(path, headers={'Origin': self.origin}, status=status)
            self.assertEqual(self.origin, resp.headers['Access-Control-Allow-Origin'])
            self.assertEqual('true', resp.headers['Access-Control-Allow-Credentials'])
            self.assertIn('DELETE', resp.headers['Access-Control-Allow-Methods'])

    def test_preflight(self):
        resp = self.app.options('/v1/results/x', headers={
            'Origin': self.origin, 'Access-Control-Request-Method': 'DELETE'}, status=204)
        self.assertEqual(self.origin, resp.headers['Access-Control-Allow-Origin'])

    def test_other_origins(self):
        resp = self.app.get('/v1/results', headers={'Origin': 'https://evil.example'})
        self.assertNotIn('Access-Control-Allow-Origin', resp.headers)
        self.app.options('/v1/results', headers={
            'Origin': 'https://evil.example', 'Access-Control-Request-Method': 'GET'},
            status=405)


class TestBodyLimit(base.ApiTestCase):

    def test_declared_and_streamed_bodies(self):
        self.config(max_request_body_size=1024, group='api')
        app = webtest.TestApp(api_app.setup_app())
        resp = app.post('/v1/results', b'x' * 2048, status=413)
        self.assertEqual(413, resp.json['code'])
        # A body without a declared length is cut off while reading.
        req = webtest.TestRequest.blank('/v1/results', method='POST')
        req.environ['wsgi.input'] = io.BytesIO(b'{' * 4096)
        req.environ['HTTP_TRANSFER_ENCODING'] = 'chunked'
        req.environ.pop('CONTENT_LENGTH', None)
        self.assertEqual(413, app.do_request(req, status=413).status_int)
        req = webtest.TestRequest.blank('/v1/results', method='POST')
        req.environ['wsgi.input'] = io.BytesIO(b'{')
        req.environ['HTTP_TRANSFER_ENCODING'] = 'chunked'
        req.environ.pop('CONTENT_LENGTH', None)
        self.assertEqual('Malformed request', app.do_request(req, status=400).json['title'])


class TestRequestRelease(base.ApiTestCase):

    def test_environ_keeps_nothing_of_the_request(self):
        # Servers may hold environs in reference cycles (gunicorn does):
        # what stays there lives until a full garbage collection.
        body = json.dumps({'cpid': 'c', 'duration_seconds': 1, 'results': [
            {'name': 'tempest.t%d' % i} for i in range(100)]}).encode()
        req = webtest.TestRequest.blank('/v1/results', method='POST', body=body,
                                        content_type='application/json')
        status = []
        api_app.setup_app()(req.environ, lambda s, headers, exc_info=None: status.append(s))
        self.assertEqual(['201 Created'], status)
        self.assertNotIn('pecan.locals', req.environ)
        self.assertNotIn(api_app._PARSED_JSON, req.environ)
        self.assertEqual(b'', req.environ['wsgi.input'].read())


class TestEntryPoints(base.ApiTestCase):

    def test_wsgi_application_uses_env_config(self):
        path = os.path.join(self.useFixture(base.fixtures.TempDir()).path, 'r.conf')
        with open(path, 'w') as f:
            f.write('[DEFAULT]\nui_url = https://ui.example\n[database]\nconnection = %s\n'
                    % base.CONF.database.connection)
        self.useFixture(base.fixtures.EnvironmentVariable('REFSTACK_OSLO_CONFIG', path))
        app = webtest.TestApp(wsgi.initialize_application())
        body = json.dumps({'cpid': 'c', 'duration_seconds': 1, 'results': [{'name': 'x'}]})
        self.config(enable_anonymous_upload=True, group='api')
        resp = app.post('/v1/results', body, status=201)
        self.assertTrue(resp.json['url'].startswith('https://ui.example/#/results/'))

    def test_dev_server_layout(self):
        ui = self.useFixture(base.fixtures.TempDir()).path
        with open(os.path.join(ui, 'index.html'), 'w') as f:
            f.write('<html>refstack</html>')
        app = webtest.TestApp(devserver.build_app(ui))
        self.assertIn(b'refstack', app.get('/').body)
        self.assertEqual({'refstackApiUrl': '/api/v1'}, app.get('/config.json').json)
        self.assertEqual([], app.get('/api/v1/results').json['results'])
        app.get('/v1/results', status=404)
