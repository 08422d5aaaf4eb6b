"""The OpenAPI document: valid, served, complete, and true to the app."""

import json
from unittest import mock

import pecan
from pecan import rest
import webtest

from refstack.api.controllers import v1
from refstack.cmd import devserver
from tests.api import apidoc
from tests import base

ALICE = 'https://openstackid.org/alice'
ADMIN = 'https://openstackid.org/admin'


class TestDocument(base.ApiTestCase):

    def test_valid_openapi_31(self):
        from openapi_spec_validator import validate
        doc = apidoc.document()
        self.assertEqual('3.1.0', doc['openapi'])
        validate(doc)

    def test_served(self):
        doc = apidoc.document()
        served = self.get_json('/v1/openapi.json')
        self.assertEqual([{'url': '/', 'description': mock.ANY}], served['servers'])
        self.assertEqual({k: v for k, v in doc.items() if k != 'servers'},
                         {k: v for k, v in served.items() if k != 'servers'})
        self.assertEqual(served, self.get_json('/v1/openapi'))
        # Mounted at /api (production layout), the servers entry follows.
        app = webtest.TestApp(devserver.build_app(self.useFixture(
            base.fixtures.TempDir()).path))
        self.assertEqual('/api', app.get('/api/v1/openapi.json').json['servers'][0]['url'])

    def test_every_route_is_documented(self):
        routes = apidoc.app_routes()
        documented = apidoc.documented_routes()
        self.assertEqual(set(), routes - documented, 'routes missing from openapi.yaml')
        self.assertEqual(set(), documented - routes, 'documented routes that do not exist')
        self.assertGreaterEqual(len(routes), 45)

    def test_route_walk_sees_new_routes(self):
        class ExtraController(rest.RestController):
            @pecan.expose('json')
            def get_one(self, item_id):
                return {}

            @pecan.expose('json')
            def post(self):
                return {}

        with mock.patch.object(v1.V1Controller, 'extra', ExtraController(), create=True):
            missing = apidoc.app_routes() - apidoc.documented_routes()
        self.assertEqual({('GET', '/v1/extra/{}'), ('POST', '/v1/extra')}, missing)

    def test_operations_document_their_errors(self):
        doc = apidoc.document()
        ids = set()
        for method, path, op, params in apidoc.operations(doc):
            where = '%s %s' % (method, path)
            self.assertNotIn(op['operationId'], ids, where)
            ids.add(op['operationId'])
            responses = op['responses']
            for status in ('400', '503'):
                self.assertIn(status, responses, where)
            if 'requestBody' in op:
                self.assertIn('413', responses, where)
            security = op.get('security', doc['security'])
            if {} not in security:
                self.assertIn('401', responses, where)
            declared = {p['name'] for p in params if p['in'] == 'path'}
            self.assertEqual(set(apidoc.re.findall(r'\{([^}]*)\}', path)), declared, where)
            for status, response in responses.items():
                response = apidoc.resolve(doc, response)
                if status.startswith(('4', '5')):
                    self.assertIn('application/json', response['content'], where + status)


class TestConformance(base.ApiTestCase):
    """A tour of every operation, each response checked against the document."""

    def setUp(self):
        super().setUp()
        self.doc = apidoc.document()
        self.seen = set()

    def call(self, method, template, values=None, body=None, headers=None, status='*',
             content_type='application/json', query=''):
        path = template
        for name, value in (values or {}).items():
            path = path.replace('{%s}' % name, value)
        if query:
            path += '?' + query
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        kwargs = {'headers': headers or {}, 'status': status}
        if method in ('POST', 'PUT'):
            resp = getattr(self.app, method.lower())(path, body or '',
                                                     content_type=content_type, **kwargs)
        else:
            resp = getattr(self.app, method.lower())(path, **kwargs)
        apidoc.validate_response(self.doc, method, template, resp)
        self.assertLess(resp.status_int, 500, '%s %s: %s' % (method, path, resp.body[:300]))
        self.seen.add((method, template))
        return resp

    def test_tour(self):
        admin = self.as_user(ADMIN, admin=True)
        alice = self.as_user(ALICE)
        jwt = self.token_headers(ALICE)
        key = self.register_key(ALICE)
        c = self.call
        c('GET', '/v1/health')
        c('GET', '/v1/openapi.json')
        # Results.
        body = json.dumps({'cpid': 'cpid-1', 'duration_seconds': 3, 'results': [
            {'name': 'tempest.api.compute.a'}, {'name': 'tempest.b'}]}).encode()
        signed = {'X-Signature': key.sign(body), 'X-Public-Key': key.openssh}
        test_id = c('POST', '/v1/results', body=body, headers=signed, status=201).json['test_id']
        c('POST', '/v1/results', body=body, headers=signed, status=409)
        c('POST', '/v1/results', body={'cpid': 1}, status=400)
        c('POST', '/v1/results', body='x', content_type='application/vnd.subunit', status=400)
        ids = {'test_id': test_id}
        c('GET', '/v1/results', headers=jwt, query='signed=1', status=200)
        c('GET', '/v1/results', query='page=0', status=400)
        c('GET', '/v1/results/schema', status=200)
        c('GET', '/v1/results/{test_id}', ids, headers=alice, status=200)
        c('GET', '/v1/results/{test_id}', ids, status=404)
        c('GET', '/v1/results/{test_id}/meta', ids, headers=alice, status=200)
        c('GET', '/v1/results/{test_id}/meta/{key}', dict(ids, key='user'), headers=alice,
          status=200)
        c('POST', '/v1/results/{test_id}/meta/{key}', dict(ids, key='shared'), body='true',
          content_type='text/plain', headers=alice, status=201)
        c('POST', '/v1/results/{test_id}/meta/{key}', dict(ids, key='user'), body='x',
          content_type='text/plain', headers=alice, status=403)
        c('GET', '/v1/results/{test_id}/meta/{key}', dict(ids, key='user'), status=401)
        c('GET', '/v1/results/{test_id}/tests', ids, headers=alice, status=200)
        c('GET', '/v1/results/{test_id}/tests', ids, query='status=bogus', status=400)
        c('GET', '/v1/results/{test_id}/report', ids, status=200)
        c('GET', '/v1/results/{test_id}/report', ids, query='target=nothing', status=400)
        c('GET', '/v1/results/{test_id}/badge', ids, status=200)
        c('GET', '/v1/results', status=200)
        c('PUT', '/v1/results/{test_id}', ids, body={'verification_status': 0}, headers=admin,
          status=201)
        c('PUT', '/v1/results/{test_id}', ids, body={'verification_status': 1}, headers=alice,
          status=403)
        c('PUT', '/v1/results/{test_id}', ids, body={}, status=401)
        # Guidelines.
        c('GET', '/v1/guidelines', status=200)
        c('GET', '/v1/guidelines/{name}', {'name': '2020.06'}, status=200)
        c('GET', '/v1/guidelines/{name}', {'name': '1999.01'}, status=404)
        c('GET', '/v1/guidelines/{name}/tests', {'name': '2020.06'}, status=200)
        c('GET', '/v1/guidelines/{name}/tests', {'name': '2020.06'}, query='type=none',
          status=204)
        # Profile.
        c('GET', '/v1/profile', headers=alice, status=200)
        c('GET', '/v1/profile', status=401)
        c('GET', '/v1/profile/pubkeys', headers=jwt, status=200)
        c('GET', '/v1/profile/pubkeys/schema', status=200)
        new_key = base.RSAKey(bits=2048)
        key_id = c('POST', '/v1/profile/pubkeys', body={
            'raw_key': new_key.openssh, 'self_signature': new_key.sign(b'signature')},
            headers=alice, status=201).json
        c('POST', '/v1/profile/pubkeys', body={
            'raw_key': new_key.openssh, 'self_signature': new_key.sign(b'signature')},
            headers=alice, status=409)
        c('DELETE', '/v1/profile/pubkeys/{key_id}', {'key_id': key_id}, headers=alice,
          status=204)
        c('DELETE', '/v1/profile/pubkeys/{key_id}', {'key_id': key_id}, headers=alice,
          status=404)
        # Vendors.
        vendor_id = c('POST', '/v1/vendors', body={'name': 'Vendor', 'description': 'd'},
                      headers=alice, status=201).json['id']
        c('POST', '/v1/vendors', body={'name': ' '}, headers=alice, status=400)
        vid = {'vendor_id': vendor_id}
        c('GET', '/v1/vendors', headers=alice, status=200)
        c('GET', '/v1/vendors/{vendor_id}', vid, headers=alice, status=200)
        c('GET', '/v1/vendors/{vendor_id}', vid, status=403)
        c('PUT', '/v1/vendors/{vendor_id}', vid, body={'properties': {'a': [1]}},
          headers=alice, status=200)
        c('GET', '/v1/vendors/{vendor_id}/users', vid, headers=alice, status=200)
        member = dict(vid, openid_b64=self.b64(ADMIN))
        c('PUT', '/v1/vendors/{vendor_id}/users/{openid_b64}', member, headers=alice,
          status=204)
        c('PUT', '/v1/vendors/{vendor_id}/users/{openid_b64}', dict(vid, openid_b64='!'),
          headers=alice, status=400)
        c('DELETE', '/v1/vendors/{vendor_id}/users/{openid_b64}', member, headers=alice,
          status=204)
        c('POST', '/v1/vendors/{vendor_id}/action', vid, body={'register': None},
          headers=alice, status=200)
        c('POST', '/v1/vendors/{vendor_id}/action', vid, body={'approve': None},
          headers=admin, status=200)
        # Products.
        product_id = c('POST', '/v1/products', body={
            'name': 'Cloud', 'product_type': 1, 'organization_id': vendor_id},
            headers=alice, status=201).json['id']
        pid = {'product_id': product_id}
        c('GET', '/v1/products', status=200)
        c('GET', '/v1/products/{product_id}', pid, headers=alice, status=200)
        c('GET', '/v1/products/{product_id}', pid, status=403)
        c('PUT', '/v1/products/{product_id}', pid, body={'public': True}, headers=alice,
          status=200)
        c('GET', '/v1/products/{product_id}/versions', pid, status=200)
        version = c('POST', '/v1/products/{product_id}/versions', pid,
                    body={'version': '1.0', 'cpid': 'cpid-1'}, headers=alice,
                    status=201).json
        c('POST', '/v1/products/{product_id}/versions', pid, body={'version': '1.0'},
          headers=alice, status=409)
        vids = dict(pid, version_id=version['id'])
        c('GET', '/v1/products/{product_id}/versions/{version_id}', vids, status=200)
        c('PUT', '/v1/products/{product_id}/versions/{version_id}', vids,
          body={'cpid': 'cpid-2'}, headers=alice, status=200)
        c('PUT', '/v1/results/{test_id}', ids, body={'product_version_id': version['id']},
          headers=alice, status=201)
        c('GET', '/v1/results/{test_id}', ids, headers=alice, status=200)
        c('GET', '/v1/results', query='product_id=' + product_id, headers=alice, status=200)
        c('DELETE', '/v1/products/{product_id}/versions/{version_id}', vids, headers=alice,
          status=400)
        c('PUT', '/v1/results/{test_id}', ids, body={'product_version_id': None},
          headers=alice, status=201)
        c('DELETE', '/v1/products/{product_id}/versions/{version_id}', vids, headers=alice,
          status=204)
        c('DELETE', '/v1/products/{product_id}', pid, headers=alice, status=204)
        c('DELETE', '/v1/vendors/{vendor_id}', vid, headers=alice, status=403)
        c('DELETE', '/v1/vendors/{vendor_id}', vid, headers=admin, status=204)
        c('DELETE', '/v1/results/{test_id}/meta/{key}', dict(ids, key='shared'),
          headers=alice, status=204)
        c('DELETE', '/v1/results/{test_id}', ids, headers=alice, status=204)
        c('GET', '/v1/results', query='limit=1', status=200)
        c('GET', '/v1/results', query='marker=nothing', status=404)
        # The audit log.
        c('GET', '/v1/audit', headers=admin, query='limit=2', status=200)
        c('GET', '/v1/audit', headers=alice, status=403)
        c('GET', '/v1/audit', status=401)
        c('GET', '/v1/audit', headers=admin, query='marker=x', status=400)
        # Auth last: sign-out ends alice's session.
        c('GET', '/v1/auth/signin', status=302)
        c('GET', '/v1/auth/signin_return', query='openid.mode=cancel', status=302)
        c('GET', '/v1/auth/signout', headers=alice, status=302)
        self.assertEqual(set(), apidoc.documented_routes() - {
            (m, apidoc.normalize(p)) for m, p in self.seen}, 'operations the tour missed')
