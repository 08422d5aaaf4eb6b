"""API tests of /v1/results (routes R1-R10)."""

import base64
import hashlib
import hmac
import json
import uuid

import fixtures

from refstack.db import api as db_api
from refstack.db import models
from tests import base

UUID1 = '0146f675-ffbd-4208-b3a4-60eb628dbc5e'


def upload_body(cpid='12345', names=('tempest.foo.bar', 'tempest.buzz'), duration=10):
    results = [{'name': n} for n in names]
    if results:
        results[0]['uuid'] = UUID1
    return {'cpid': cpid, 'duration_seconds': duration, 'results': results}


def hs256_token(payload, secret):
    """An HS256 JWT keyed with ``secret`` (the classic public-key-as-secret forgery)."""
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b'=')
    signing_input = b64(b'{"alg":"HS256","typ":"JWT"}') + b'.' + b64(
        json.dumps(payload).encode())
    mac = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return (signing_input + b'.' + b64(mac)).decode()


class ResultsTestCase(base.ApiTestCase):
    alice = 'https://openstackid.org/alice'
    bob = 'https://openstackid.org/bob'
    admin = 'https://openstackid.org/admin'

    def upload(self, body=None, key=None, status=201, headers=None):
        raw = json.dumps(body or upload_body()).encode()
        headers = dict(headers or {})
        if key is not None:
            headers['X-Signature'] = key.sign(raw)
            headers['X-Public-Key'] = key.openssh
        return self.app.post('/v1/results/', raw, headers=headers, status=status,
                             content_type='application/json')

    def signed_run(self, owner, body=None):
        self.create_user(owner)
        key = self.register_key(owner)
        return self.upload(body or upload_body(cpid=uuid.uuid4().hex), key=key).json['test_id']


class TestUpload(ResultsTestCase):

    def test_anonymous_upload(self):
        resp = self.upload().json
        self.assertEqual(4, uuid.UUID(resp['test_id']).version)
        self.assertEqual('https://refstack.openstack.org/#/results/%s' % resp['test_id'],
                         resp['url'])

    def test_extra_item_keys_are_accepted(self):
        body = upload_body()
        body['results'][1]['uid'] = 'legacy'
        self.upload(body)

    def test_empty_results(self):
        resp = self.upload(upload_body(names=()), status=400).json
        self.assertEqual({'title': 'Uploaded results must contain at least one passing test.',
                          'code': 400}, resp)

    def test_schema_errors(self):
        for body in ({'foo': 'bar'}, {'cpid': 1, 'duration_seconds': 1, 'results': []},
                     {'cpid': '', 'duration_seconds': '1', 'results': []}, [1, 2],
                     dict(upload_body(), meta={}),
                     {'cpid': 'a', 'duration_seconds': 1, 'results': [{'name': 1}]}):
            resp = self.upload(body, status=400).json
            self.assertEqual('Request doesnt correspond to schema', resp['title'])

    def test_lone_surrogate(self):
        body = '{"cpid": "\\ud800", "duration_seconds": 1, "results": [{"name": "a"}]}'
        self.assertEqual('Malformed request', self.app.post(
            '/v1/results', body, status=400, content_type='application/json').json['title'])
        ok = '{"cpid": "\\ud83d\\ude00", "duration_seconds": 1, "results": [{"name": "a"}]}'
        self.app.post('/v1/results', ok, status=201, content_type='application/json')

    def test_collection_put_delete(self):
        self.app.put('/v1/results/', status=405)
        self.app.delete('/v1/results/', status=405)

    def test_malformed_json(self):
        for raw in (b'{', b'\xff\xfe', b'', b'[' * 100000):
            for ctype in ('application/json', 'text/plain'):
                resp = self.app.post('/v1/results', raw, status=400, content_type=ctype).json
                self.assertEqual('Malformed request', resp['title'])

    def test_every_item_is_checked(self):
        bad_items = [{'uuid': UUID1}, 'name', {'name': ''}, {'name': 'x' * 513},
                     {'name': 't', 'uuid': 'not-a-uuid'}, {'name': 't', 'uuid': 5}]
        for item in bad_items:
            body = upload_body()
            body['results'].append(item)
            resp = self.upload(body, status=400).json
            self.assertEqual('Request doesnt correspond to schema', resp['title'])
            self.assertIn('results.2', resp['detail'])

    def test_duplicate_names_are_collapsed(self):
        body = upload_body(names=('tempest.a', 'tempest.a', 'tempest.b'))
        test_id = self.upload(body).json['test_id']
        self.assertEqual(['tempest.a', 'tempest.b'],
                         self.get_json('/v1/results/%s' % test_id)['results'])

    def test_too_many_results(self):
        self.config(max_results_per_run=3, group='api')
        body = upload_body(names=['t%d' % i for i in range(4)])
        self.assertIn('more than 3', self.upload(body, status=400).json['detail'])

    def test_body_size_limit(self):
        self.config(max_request_body_size=2048, group='api')
        self.app = base.webtest.TestApp(base.api_app.setup_app())
        body = upload_body(names=['tempest.t%04d' % i for i in range(200)])
        resp = self.upload(body, status=413).json
        self.assertEqual(413, resp['code'])

    def test_unicode_names(self):
        names = ('tempest.ünïcode.test_ä', 'tempest.日本.test_雪', 'tempest.emoji.test_\U0001F600')
        test_id = self.upload(upload_body(names=names)).json['test_id']
        self.assertEqual(sorted(names), self.get_json('/v1/results/%s' % test_id)['results'])

    def test_content_type_is_irrelevant(self):
        self.app.post('/v1/results', json.dumps(upload_body()), status=201,
                      content_type='text/plain')

    def test_reupload_is_a_conflict(self):
        first = self.upload().json
        resp = self.upload(status=409).json
        self.assertEqual(first['test_id'], resp['test_id'])
        self.assertEqual(first['url'], resp['url'])
        self.assertEqual(1, len(self.get_json('/v1/results')['results']))

    def test_anonymous_disabled(self):
        self.config(enable_anonymous_upload=False, group='api')
        resp = self.upload(status=401).json
        self.assertEqual(
            'Anonymous result uploads are disabled. Please create a user account and an '
            'api key at https://refstack.openstack.org/#/', resp['detail'])
        # Even for signed-in callers: only the signature gives an owner.
        self.upload(status=401, headers=self.as_user(self.alice))

    def test_signed_upload_belongs_to_key_owner(self):
        self.config(enable_anonymous_upload=False, group='api')
        test_id = self.signed_run(self.alice)
        headers = self.as_user(self.alice)
        detail = self.get_json('/v1/results/%s' % test_id, headers=headers)
        self.assertEqual(self.alice, detail['meta']['user'])
        self.assertEqual('owner', detail['user_role'])
        # Private: others cannot tell it exists.
        self.get_json('/v1/results/%s' % test_id, status=404)
        self.get_json('/v1/results/%s' % test_id, status=404, headers=self.as_user(self.bob))

    def test_signed_upload_with_unregistered_key(self):
        key = base.make_key()
        resp = self.upload(key=key, status=401).json
        self.assertIn('User with specified key not found', resp['detail'])

    def test_signature_failures(self):
        self.create_user(self.alice)
        key = self.register_key(self.alice)
        raw = json.dumps(upload_body()).encode()
        good = key.sign(raw)
        cases = [
            ({'X-Signature': 'zz', 'X-Public-Key': key.openssh}, 'Malformed signature'),
            ({'X-Signature': good, 'X-Public-Key': 'ssh-rsa AAAAjunk'}, 'Malformed public key'),
            ({'X-Signature': good, 'X-Public-Key': 'ecdsa-sha2-nistp256 AAAA'},
             'Public key has unsupported format'),
            ({'X-Signature': good[:-2] + '%02x' % (int(good[-2:], 16) ^ 1),
              'X-Public-Key': key.openssh},
             'Signature verification failed'),
            ({'X-Public-Key': key.openssh}, 'Signature verification failed'),
            ({'X-Signature': good}, 'Malformed public key'),
        ]
        for headers, title in cases:
            resp = self.app.post('/v1/results/', raw, headers=headers, status=400).json
            self.assertTrue(resp['title'].startswith(title), (headers, resp))
        # Upper-case hex and a key comment are fine; an added space is not.
        self.app.post('/v1/results/', raw, status=201, headers={
            'X-Signature': good.upper(), 'X-Public-Key': key.openssh + ' me@host'})
        self.app.post('/v1/results/', raw + b' ', status=400, headers={
            'X-Signature': good, 'X-Public-Key': key.openssh})

    def test_signed_replay_is_refused(self):
        self.create_user(self.alice)
        key = self.register_key(self.alice)
        first = self.upload(key=key).json
        again = self.upload(key=key, status=409).json
        self.assertEqual(first['test_id'], again['test_id'])

    def test_auto_association(self):
        self.create_user(self.alice)
        key = self.register_key(self.alice)
        version_id = self._product_version(self.alice, cpid='cloud-1')
        test_id = self.upload(upload_body(cpid='cloud-1'), key=key).json['test_id']
        self.assertEqual(version_id, db_api.get_test_result(test_id).product_version_id)
        # Not a member of the vendor: no association.
        self.create_user(self.bob)
        bob_key = self.register_key(self.bob)
        other = self.upload(upload_body(cpid='cloud-1', names=('x',)), key=bob_key).json
        self.assertIsNone(db_api.get_test_result(other['test_id']).product_version_id)

    def _product_version(self, member, cpid=None, public=False, version='1.0'):
        """Create a vendor with ``member``, a product and a version; returns its id."""
        with db_api._writer() as session:
            group = models.Group(id=str(uuid.uuid4()), name='g')
            org = models.Organization(id=str(uuid.uuid4()), type=1, name='v',
                                      group_id=group.id)
            product = models.Product(id=str(uuid.uuid4()), name='p', type=0, product_type=1,
                                     public=public, organization_id=org.id)
            pv = models.ProductVersion(id=str(uuid.uuid4()), product_id=product.id,
                                       version=version, cpid=cpid)
            session.add_all([group])
            session.flush()
            session.add(org)
            session.flush()
            session.add(product)
            session.flush()
            session.add(pv)
        db_api.add_user_to_group(group.id, member)
        self.product_id = product.id
        return pv.id


class TestSchema(ResultsTestCase):

    def test_schema(self):
        self.assertEqual({
            'type': 'object',
            'properties': {
                'cpid': {'type': 'string'},
                'duration_seconds': {'type': 'integer'},
                'results': {'type': 'array', 'items': [{
                    'type': 'object', 'properties': {
                        'name': {'type': 'string'},
                        'uuid': {'type': 'string', 'format': 'uuid_hex'}}}]}},
            'required': ['cpid', 'duration_seconds', 'results'],
            'additionalProperties': False}, self.get_json('/v1/results/schema'))


class TestGetOne(ResultsTestCase):

    def test_anonymous_run(self):
        test_id = self.upload().json['test_id']
        detail = self.get_json('/v1/results/%s' % test_id)
        self.assertNotIn('cpid', detail)
        self.assertEqual(10, detail['duration_seconds'])
        self.assertEqual(['tempest.buzz', 'tempest.foo.bar'], detail['results'])
        self.assertEqual('user', detail['user_role'])
        self.assertEqual({}, detail['meta'])
        self.assertEqual(0, detail['verification_status'])

    def test_passed_tests_are_read_once_per_process(self):
        test_id = self.upload().json['test_id']
        reads = self.useFixture(fixtures.MockPatchObject(
            db_api, '_passed', wraps=db_api._passed)).mock
        first = self.get_json('/v1/results/%s' % test_id)
        self.assertEqual(first, self.get_json('/v1/results/%s' % test_id))
        self.get_json('/v1/results/%s/report' % test_id)
        self.assertEqual(1, reads.call_count)
        self.delete('/v1/results/%s' % test_id, headers=self.as_user(self.admin, admin=True))
        self.assertIsNone(db_api._PASSED.get(test_id))

    def test_not_found(self):
        for test_id in (str(uuid.uuid4()), 'fake_url', 'x' * 300):
            resp = self.get_json('/v1/results/%s' % test_id, status=404)
            self.assertEqual({'title': 'Test result %s not found' % test_id, 'code': 404}, resp)

    def test_foundation_sees_everything(self):
        test_id = self.signed_run(self.alice)
        admin = self.as_user(self.admin, admin=True)
        detail = self.get_json('/v1/results/%s' % test_id, headers=admin)
        self.assertEqual('foundation', detail['user_role'])
        self.assertIn('cpid', detail)

    def test_shared_run_visible_with_cut_meta(self):
        test_id = self.signed_run(self.alice)
        owner = self.session_headers(self.alice)
        self.app.post('/v1/results/%s/meta/shared' % test_id, 'true', headers=owner,
                      status=201)
        detail = self.get_json('/v1/results/%s' % test_id, headers=self.as_user(self.bob))
        self.assertEqual({'shared': 'true'}, detail['meta'])
        self.assertEqual('user', detail['user_role'])
        self.assertNotIn('cpid', detail)

    def test_empty_shared_value_is_not_shared(self):
        # D19: list and detail agree on what shared means.
        test_id = self.signed_run(self.alice)
        self.app.post('/v1/results/%s/meta/shared' % test_id, '',
                      headers=self.session_headers(self.alice), status=201)
        self.get_json('/v1/results/%s' % test_id, status=404)
        self.assertEqual([], self.get_json('/v1/results')['results'])

    def test_json_suffix(self):
        test_id = self.upload().json['test_id']
        self.assertEqual(test_id, self.get_json('/v1/results/%s.json' % test_id)['id'])


class TestList(ResultsTestCase):

    def test_empty(self):
        self.assertEqual({'results': [], 'pagination': {'current_page': 1, 'total_pages': 0}},
                         self.get_json('/v1/results'))
        self.get_json('/v1/results?page=2', status=400)

    def test_paging(self):
        self.config(results_per_page=2, group='api')
        for i in range(3):
            self.upload(upload_body(names=('t%d' % i,)))
        page1 = self.get_json('/v1/results')
        page2 = self.get_json('/v1/results', page=2)
        self.assertEqual(2, len(page1['results']))
        self.assertEqual(1, len(page2['results']))
        self.assertEqual({'current_page': 1, 'total_pages': 2}, page1['pagination'])
        self.assertEqual({'current_page': 2, 'total_pages': 2}, page2['pagination'])
        ids = [r['id'] for r in page1['results'] + page2['results']]
        self.assertEqual(3, len(set(ids)))

    def test_stable_order_across_ties(self):
        self.config(results_per_page=3, group='api')
        for i in range(10):
            self.upload(upload_body(names=('t%d' % i,)))
        seen = []
        for page in range(1, 5):
            seen += [r['id'] for r in self.get_json('/v1/results', page=page)['results']]
        self.assertEqual(10, len(set(seen)))
        self.assertEqual(10, len(seen))

    def test_keyset_paging(self):
        for i in range(7):
            self.upload(upload_body(names=('k%d' % i,)))
        seen, marker = [], None
        while True:
            params = {'limit': '3'}
            if marker:
                params['marker'] = marker
            page = self.get_json('/v1/results', **params)
            seen += [r['id'] for r in page['results']]
            marker = page['pagination']['next_marker']
            if marker is None:
                break
        all_ids = [r['id'] for r in self.get_json('/v1/results')['results']]
        self.assertEqual(all_ids, seen)
        self.get_json('/v1/results', marker='unknown', status=404)
        self.get_json('/v1/results', limit='0', status=400)
        self.get_json('/v1/results', limit='x', status=400)

    def test_page_errors(self):
        for page, title in (
                ('abc', 'Invalid page number: The page number can not be converted to an '
                        'integer'),
                ('0', 'Invalid page number: The page number less or equal zero.'),
                ('-1', 'Invalid page number: The page number less or equal zero.'),
                ('99999999999999999999', 'Invalid page number: The page number is greater '
                                         'than the total number of pages.'),
                ('2', 'Invalid page number: The page number is greater than the total '
                      'number of pages.')):
            self.assertEqual({'title': title, 'code': 400},
                             self.get_json('/v1/results', page=page, status=400))

    def test_cpid_filter(self):
        self.upload(upload_body(cpid='12345'))
        self.upload(upload_body(cpid='other'))
        results = self.get_json('/v1/results', page='1', cpid='12345')['results']
        self.assertEqual(1, len(results))
        self.assertNotIn('cpid', results[0])

    def test_date_filters(self):
        self.upload(upload_body(names=('a',)))
        self.upload(upload_body(names=('b',)))
        dates = [r['created_at'] for r in self.get_json('/v1/results')['results']]
        window = self.get_json('/v1/results', start_date=min(dates), end_date=max(dates))
        self.assertEqual(2, len(window['results']))
        self.assertEqual([], self.get_json('/v1/results',
                                           end_date='1000-01-01 12:00:00')['results'])
        resp = self.get_json('/v1/results', start_date='2015-01-01', status=400)
        self.assertEqual("Invalid date format: time data '2015-01-01' does not match format "
                         "'%Y-%m-%d %H:%M:%S'", resp['title'])
        resp = self.get_json('/v1/results', start_date='2020-01-01 00:00:00',
                             end_date='2019-01-01 00:00:00', status=400)
        self.assertEqual('Invalid dates: start_date more than end_date', resp['title'])

    def test_private_runs_not_listed(self):
        self.signed_run(self.alice)
        self.upload()
        self.assertEqual(1, len(self.get_json('/v1/results')['results']))
        # Not even to the Foundation (D28 keeps this).
        admin = self.as_user(self.admin, admin=True)
        self.assertEqual(1, len(self.get_json('/v1/results', headers=admin)['results']))

    def test_signed_filter(self):
        test_id = self.signed_run(self.alice)
        self.upload()
        resp = self.get_json('/v1/results', signed='false', headers=self.as_user(self.alice))
        self.assertEqual([test_id], [r['id'] for r in resp['results']])
        self.assertEqual(self.alice, resp['results'][0]['meta']['user'])
        resp = self.get_json('/v1/results?signed', status=400)
        self.assertEqual('To see signed test results you need to authenticate', resp['title'])

    def test_verification_status_filter(self):
        self.upload()
        self.assertEqual(1, len(self.get_json('/v1/results', verification_status='0')[
            'results']))
        self.assertEqual([], self.get_json('/v1/results', verification_status='1')['results'])
        self.get_json('/v1/results', verification_status='x', status=400)

    def test_product_filter(self):
        self.create_user(self.alice)
        key = self.register_key(self.alice)
        version_id = self._version_for(self.alice, cpid='c1')
        test_id = self.upload(upload_body(cpid='c1'), key=key).json['test_id']
        member = self.session_headers(self.alice)
        resp = self.get_json('/v1/results', product_id=self.product_id, headers=member)
        self.assertEqual([test_id], [r['id'] for r in resp['results']])
        self.assertEqual(version_id, resp['results'][0]['product_version']['id'])
        other = self.as_user(self.bob)
        self.assertEqual('Forbidden.', self.get_json(
            '/v1/results', product_id=self.product_id, headers=other, status=403)['detail'])
        db_api._writer  # product made public by its owner
        with db_api._writer() as session:
            session.get(models.Product, self.product_id).public = True
        self.assertEqual([], self.get_json('/v1/results', product_id=self.product_id,
                                           headers=other)['results'])
        self.app.post('/v1/results/%s/meta/shared' % test_id, 'true', headers=member)
        resp = self.get_json('/v1/results', product_id=self.product_id, headers=other)
        self.assertEqual([test_id], [r['id'] for r in resp['results']])
        self.assertEqual('Product with id "nope" not found', self.get_json(
            '/v1/results', product_id='nope', status=404)['title'])

    _version_for = TestUpload._product_version


class TestUpdate(ResultsTestCase):

    def setUp(self):
        super().setUp()
        self.test_id = self.signed_run(self.alice)
        self.owner = self.session_headers(self.alice)
        self.foundation = self.as_user(self.admin, admin=True)
        self.path = '/v1/results/%s' % self.test_id

    def meta(self, key, value, headers=None, status=201):
        return self.app.post('%s/meta/%s' % (self.path, key), value,
                             headers=headers or self.owner, status=status)

    def test_associate_and_detach(self):
        self.create_user(self.bob)
        version_id = TestUpload._product_version(self, self.bob)
        resp = self.put_json(self.path, {'product_version_id': version_id},
                             headers=self.foundation, status=201).json
        self.assertEqual(version_id, resp['product_version']['id'])
        self.assertEqual({'id', 'created_at', 'duration_seconds', 'verification_status',
                          'meta', 'product_version'}, set(resp))
        detail = self.get_json(self.path, headers=self.foundation)
        self.assertEqual(version_id, detail['product_version']['id'])
        self.put_json(self.path, {'product_version_id': None}, headers=self.foundation,
                      status=201)
        self.assertIsNone(self.get_json(self.path, headers=self.foundation)['product_version'])

    def test_owner_associates_only_own_products(self):
        mine = TestUpload._product_version(self, self.alice, version='a')
        self.put_json(self.path, {'product_version_id': mine}, headers=self.owner, status=201)
        # Now the run belongs to the vendor (alice is a member).
        self.put_json(self.path, {'product_version_id': ''}, headers=self.owner, status=201)
        self.create_user(self.bob)
        theirs = TestUpload._product_version(self, self.bob, version='b')
        resp = self.put_json(self.path, {'product_version_id': theirs}, headers=self.owner,
                             status=403).json
        self.assertEqual('Forbidden.', resp['detail'])
        resp = self.put_json(self.path, {'product_version_id': 'nope'}, headers=self.owner,
                             status=404).json
        self.assertEqual('Version with id "nope" not found', resp['title'])

    def test_verification_rules(self):
        put = self.put_json
        resp = put(self.path, {'verification_status': 1}, headers=self.foundation,
                   status=403).json
        self.assertIn('must be shared', resp['detail'])
        self.meta('shared', 'true')
        put(self.path, {'verification_status': 1}, headers=self.foundation, status=403)
        self.meta('guideline', '2020.06.json')
        self.meta('target', 'platform')
        resp = put(self.path, {'verification_status': 1}, headers=self.foundation,
                   status=201).json
        self.assertEqual(1, resp['verification_status'])
        # Verified runs are frozen.
        self.meta('shared', 'false', status=403)
        self.delete(self.path + '/meta/shared', headers=self.owner, status=403)
        resp = put(self.path, {'product_version_id': None}, headers=self.foundation,
                   status=403).json
        self.assertEqual('Can not update product_version_id for a verified test run.',
                         resp['detail'])
        resp = self.delete(self.path, headers=self.owner, status=403).json
        self.assertEqual('Can not delete a verified test run.', resp['detail'])
        resp = put(self.path, {'verification_status': 0}, headers=self.foundation,
                   status=201).json
        self.assertEqual(0, resp['verification_status'])

    def test_bad_verification_values(self):
        for value in (111, '1', True, None, 1.5):
            resp = self.put_json(self.path, {'verification_status': value},
                                 headers=self.foundation, status=400).json
            self.assertTrue(resp['detail'].startswith('Invalid verification_status value'))
        self.app.put(self.path + '?verification_status=1', headers=self.foundation,
                     status=400)

    def test_owner_cannot_verify(self):
        resp = self.put_json(self.path, {'verification_status': 1}, headers=self.owner,
                             status=403).json
        self.assertEqual('You do not have permission to change a verification status.',
                         resp['detail'])

    def test_who_cannot_change_a_run(self):
        self.meta('shared', 'true')
        bob = self.as_user(self.bob)
        # Visible but not theirs: 403 signed in, 401 anonymous.
        self.put_json(self.path, {}, headers=bob, status=403)
        self.put_json(self.path, {}, status=401)
        self.delete(self.path, headers=bob, status=403)
        self.delete(self.path, status=401)
        self.meta('target', 'platform', headers=bob, status=403)
        self.app.post(self.path + '/meta/target', 'x', status=401)
        self.delete(self.path + '/meta/shared', headers=bob, status=403)
        # Private: exactly like an unknown id.
        self.delete(self.path + '/meta/shared', headers=self.owner)
        for headers in ({}, bob):
            self.put_json(self.path, {}, headers=headers, status=404)
            self.delete(self.path, headers=headers, status=404)
            self.get_json(self.path + '/meta', headers=headers, status=404)
            self.get_json(self.path + '/meta/user', headers=headers, status=404)

    def test_delete(self):
        self.delete(self.path, headers=self.owner)
        self.delete(self.path, headers=self.owner, status=404)

    def test_xsrf_required_for_cookie_writes(self):
        headers = dict(self.owner)
        del headers['X-XSRF-TOKEN']
        self.delete(self.path, headers=headers, status=404)
        headers['X-XSRF-TOKEN'] = 'wrong'
        self.delete(self.path, headers=headers, status=404)
        self.delete(self.path, headers=self.owner)


class TestMeta(TestUpdate):

    def test_meta_roundtrip(self):
        self.meta('shared', 'true')
        self.meta('guideline', '2019.11.json')
        self.meta('target', '"quoted"')
        full = self.get_json(self.path + '/meta', headers=self.owner)
        self.assertEqual({'user': self.alice, 'shared': 'true', 'guideline': '2019.11.json',
                          'target': '"quoted"'}, full)
        self.assertEqual({'shared': 'true', 'guideline': '2019.11.json',
                          'target': '"quoted"'}, self.get_json(self.path + '/meta'))
        self.assertEqual('true', self.get_json(self.path + '/meta/shared'))
        self.assertEqual(self.alice, self.get_json(self.path + '/meta/user',
                                                   headers=self.owner))
        self.get_json(self.path + '/meta/user', status=401)
        self.get_json(self.path + '/meta/user', headers=self.as_user(self.bob), status=403)

    def test_meta_post_response(self):
        resp = self.meta('shared', 'true')
        self.assertEqual(b'null', resp.body)

    def test_only_three_keys_writable(self):
        for key in ('user', 'foo'):
            resp = self.meta(key, 'x', status=403).json
            self.assertEqual(403, resp['code'])

    def test_delete_missing_key(self):
        resp = self.delete(self.path + '/meta/target', headers=self.owner, status=404).json
        self.assertEqual('Metadata key target not found for test run %s' % self.test_id,
                         resp['title'])

    def test_absent_key_is_null(self):
        self.assertIsNone(self.get_json(self.path + '/meta/guideline', headers=self.owner))

    def test_bad_utf8_value(self):
        self.meta('target', b'\xff\xfe', status=400)


class TestJwt(ResultsTestCase):

    def setUp(self):
        super().setUp()
        self.create_user(self.alice)
        self.key = self.register_key(self.alice)
        self.test_id = self.signed_run(self.alice, upload_body(cpid='jwt'))

    def bearer(self, token):
        return {'Authorization': 'Bearer %s' % token}

    def test_valid_token(self):
        detail = self.get_json('/v1/results/%s' % self.test_id,
                               headers=self.bearer(self.key.token(self.alice)))
        self.assertEqual('owner', detail['user_role'])
        listed = self.get_json('/v1/results', signed='',
                               headers=self.bearer(self.key.token(self.alice)))
        self.assertEqual([self.test_id], [r['id'] for r in listed['results']])

    def test_token_failures_are_401_and_public_gets_work(self):
        other = base.make_key()
        while other is self.key:
            other = base.make_key()
        import jwt as pyjwt
        bad = {
            'expired': self.key.token(self.alice, lifetime=-100),
            'wrong key': other.token(self.alice),
            'rs512': self.key.token(self.alice, algorithm='RS512'),
            'none': pyjwt.encode({'user_openid': self.alice, 'exp': 9999999999}, None,
                                 algorithm='none'),
            'hs256': hs256_token({'user_openid': self.alice, 'exp': 9999999999},
                                 self.key.openssh.encode()),
            'garbage': 'abc.def.ghi',
            'unknown user': self.key.token('https://nobody'),
            'future nbf': self.key.token(self.alice, nbf=9999999999),
        }
        for name, token in bad.items():
            headers = self.bearer(token)
            self.get_json('/v1/results', headers=headers)
            resp = self.get_json('/v1/results?signed', headers=headers, status=400)
            self.assertEqual('To see signed test results you need to authenticate',
                             resp['title'], name)
            resp = self.delete('/v1/results/%s' % self.test_id, headers=headers, status=404)
        resp = self.app.put('/v1/results/%s' % self.test_id, headers={
            'Authorization': 'bearer x'}, status=404)
        self.assertEqual(404, resp.status_int)

    def test_missing_openid_claim(self):
        import jwt as pyjwt
        token = pyjwt.encode({'exp': 9999999999}, self.key.pem, algorithm='RS256')
        resp = self.delete('/v1/results/%s' % self.test_id, headers=self.bearer(token),
                           status=404)
        self.assertEqual(404, resp.status_int)
