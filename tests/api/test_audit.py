"""GET /v1/audit: every state change is recorded; only the Foundation reads it."""

import json

from tests import base

ALICE = 'https://openstackid.org/alice'
ADMIN = 'https://openstackid.org/admin'


class TestAudit(base.ApiTestCase):

    def setUp(self):
        super().setUp()
        self.alice = self.as_user(ALICE)
        self.admin = self.as_user(ADMIN, admin=True)

    def events(self, **params):
        return self.get_json('/v1/audit', headers=self.admin, **params)['events']

    def test_vendor_and_product_workflow_is_recorded(self):
        vendor = self.post_json('/v1/vendors', {'name': 'ACME'}, headers=self.alice).json['id']
        self.post_json('/v1/vendors/%s/action' % vendor, {'register': None},
                       headers=self.alice, status=200)
        self.post_json('/v1/vendors/%s/action' % vendor, {'approve': None},
                       headers=self.admin, status=200)
        product = self.post_json('/v1/products', {'name': 'Cloud', 'product_type': 1,
                                                  'organization_id': vendor},
                                 headers=self.alice).json['id']
        self.put_json('/v1/products/%s' % product, {'public': True}, headers=self.alice)
        actions = [(e['action'], e['object_type'], e['actor']) for e in self.events()]
        self.assertEqual([('update', 'product', ALICE), ('create', 'product', ALICE),
                          ('approve', 'vendor', ADMIN), ('register', 'vendor', ALICE),
                          ('create', 'vendor', ALICE)], actions)
        approve = self.events(object_type='vendor', object_id=vendor)[0]
        self.assertEqual({'type': 2}, approve['before'])
        self.assertEqual({'type': 3}, approve['after'])
        update = self.events(object_type='product')[0]
        self.assertEqual({'public': False}, update['before'])
        self.assertEqual({'public': True}, update['after'])

    def test_result_verification_and_sharing(self):
        body = json.dumps({'cpid': 'c', 'duration_seconds': 1, 'results': [{'name': 'a'}]})
        test_id = self.app.post('/v1/results', body).json['test_id']
        path = '/v1/results/%s' % test_id
        for key, value in (('shared', 'true'), ('guideline', '2020.06.json'),
                           ('target', 'platform')):
            self.app.post('%s/meta/%s' % (path, key), value, headers=self.admin)
        self.put_json(path, {'verification_status': 1}, headers=self.admin, status=201)
        events = self.events(object_type='result', object_id=test_id)
        self.assertEqual(['update', 'set_meta', 'set_meta', 'set_meta'],
                         [e['action'] for e in events])
        self.assertEqual({'verification_status': 1}, events[0]['after'])
        self.assertEqual({'shared': 'true'}, events[-1]['after'])

    def test_paging(self):
        for i in range(5):
            self.post_json('/v1/vendors', {'name': 'v%d' % i}, headers=self.alice)
        first = self.get_json('/v1/audit', headers=self.admin, limit='2')
        self.assertEqual(2, len(first['events']))
        marker = first['pagination']['next_marker']
        second = self.get_json('/v1/audit', headers=self.admin, limit='2', marker=str(marker))
        self.assertLess(second['events'][0]['id'], first['events'][-1]['id'])
        self.get_json('/v1/audit', headers=self.admin, marker='x', status=400)

    def test_who_cannot_read(self):
        self.get_json('/v1/audit', status=401)
        self.get_json('/v1/audit', headers=self.alice, status=403)
