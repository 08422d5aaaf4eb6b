"""API tests of /v1/vendors (routes V1-V9, api-contract 2.5, D14, D15)."""

import json
import os

import fixtures

from refstack.common import policy
from refstack.db import api as db_api
from refstack.db import models
from tests.api import vendor_fixtures as fx

SHORT = {'id', 'type', 'name', 'description', 'can_manage'}
FULL = SHORT | {'group_id', 'created_by_user', 'properties', 'created_at', 'updated_at'}


class TestAuthorizationMatrix(fx.VendorApiTestCase):
    """Who may call which vendor route (anonymous, stranger, member, member
    of another vendor, Foundation admin)."""

    def factories(self):
        return {
            'private': lambda d: self.make_vendor(fx.ALICE, name='private'),
            'pending': lambda d: self.make_vendor(fx.ALICE, db_api.PENDING_VENDOR),
            'official': lambda d: self.make_vendor(fx.ALICE, db_api.OFFICIAL_VENDOR),
            'pair': lambda d: self.make_vendor(fx.ALICE, name='pair', members=[fx.DAVE]),
            'foundation': lambda d: self.foundation_id(),
            'new': lambda d: self.b64(fx.DAVE),
            'alice': lambda d: self.b64(fx.ALICE),
            'dave': lambda d: self.b64(fx.DAVE),
        }

    def test_matrix(self):
        self.create_user(fx.DAVE)

        def row(anon, stranger, member, other, foundation):
            return dict(zip(fx.ROLES, (anon, stranger, member, other, foundation)))

        everyone = row(200, 200, 200, 200, 200)
        member_or_admin = row(401, 403, 200, 403, 200)
        matrix = {
            'V1 list': ('GET', '/v1/vendors', None, everyone),
            'V2 create': ('POST', '/v1/vendors', {'name': 'n'}, row(401, 201, 201, 201, 201)),
            'V3 get private': ('GET', '/v1/vendors/{private}', None,
                               row(403, 403, 200, 403, 200)),
            'V3 get pending': ('GET', '/v1/vendors/{pending}', None,
                               row(403, 403, 200, 403, 200)),
            'V3 get official': ('GET', '/v1/vendors/{official}', None, everyone),
            'V3 get foundation': ('GET', '/v1/vendors/{foundation}', None, everyone),
            'V4 update private': ('PUT', '/v1/vendors/{private}', {'description': 'd'},
                                  member_or_admin),
            'V4 rename official': ('PUT', '/v1/vendors/{official}', {'name': 'new'},
                                   row(401, 403, 403, 403, 200)),
            'V4 describe official': ('PUT', '/v1/vendors/{official}', {'description': 'd'},
                                     member_or_admin),
            'V5 delete private': ('DELETE', '/v1/vendors/{private}', None,
                                  row(401, 403, 204, 403, 204)),
            'V5 delete official': ('DELETE', '/v1/vendors/{official}', None,
                                   row(401, 403, 403, 403, 204)),
            'V5 delete foundation': ('DELETE', '/v1/vendors/{foundation}', None,
                                     row(401, 403, 403, 403, 403)),
            'V6 register': ('POST', '/v1/vendors/{private}/action', {'register': None},
                            row(401, 403, 200, 403, 403)),
            'V6 cancel': ('POST', '/v1/vendors/{pending}/action', {'cancel': None},
                          row(401, 403, 200, 403, 403)),
            'V6 approve': ('POST', '/v1/vendors/{pending}/action', {'approve': None},
                           row(401, 403, 403, 403, 200)),
            'V6 deny': ('POST', '/v1/vendors/{pending}/action',
                        {'deny': None, 'registration_decline_reason': 'no'},
                        row(401, 403, 403, 403, 200)),
            'V7 list users': ('GET', '/v1/vendors/{private}/users', None, member_or_admin),
            'V8 add user': ('PUT', '/v1/vendors/{private}/users/{new}', None,
                            row(401, 403, 204, 403, 204)),
            'V9 remove a member': ('DELETE', '/v1/vendors/{pair}/users/{dave}', None,
                                   row(401, 403, 204, 403, 204)),
            'V9 remove the last member': ('DELETE', '/v1/vendors/{private}/users/{alice}',
                                          None, row(401, 403, 403, 403, 204)),
        }
        self.make_vendor(fx.CAROL, name='carol')
        self.check_matrix(matrix, self.factories())


class TestList(fx.VendorApiTestCase):
    """V1"""

    def test_empty(self):
        # The migrations seed the Foundation, which everyone sees.
        vendors = self.get_json('/v1/vendors/')['vendors']
        self.assertEqual([self.foundation_id()], [v['id'] for v in vendors])
        self.assertEqual(0, vendors[0]['type'])
        self.assertEqual(SHORT, set(vendors[0]))
        with db_api._writer() as session:
            session.query(models.UserToGroup).delete()
            session.query(models.Organization).delete()
        self.assertEqual({'vendors': []}, self.get_json('/v1/vendors'))

    def test_anonymous_sees_foundation_and_official(self):
        official = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR, name='o')
        self.make_vendor(name='private')
        self.make_vendor(vendor_type=db_api.PENDING_VENDOR, name='pending')
        vendors = self.get_json('/v1/vendors')['vendors']
        self.assertEqual({official, self.foundation_id()}, {v['id'] for v in vendors})
        self.assertTrue(all(v['can_manage'] is False and set(v) == SHORT for v in vendors))

    def test_member_sees_own_vendors_after_public_ones(self):
        official = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR, name='mine official')
        theirs = self.make_vendor(fx.CAROL, vendor_type=db_api.OFFICIAL_VENDOR, name='o')
        private = self.make_vendor(name='private')
        pending = self.make_vendor(vendor_type=db_api.PENDING_VENDOR, name='pending')
        self.make_vendor(fx.CAROL, name='hidden')
        vendors = self.get_json('/v1/vendors', headers=self.alice)['vendors']
        ids = [v['id'] for v in vendors]
        self.assertEqual({official, theirs, self.foundation_id()}, set(ids[:3]))
        self.assertEqual({private, pending}, set(ids[3:]))
        manage = {v['id']: v['can_manage'] for v in vendors}
        self.assertEqual({official: True, theirs: False, self.foundation_id(): False,
                          private: True, pending: True}, manage)

    def test_foundation_sees_everything(self):
        ids = {self.make_vendor(fx.CAROL, vendor_type=t, name=str(t)) for t in (1, 2, 3)}
        vendors = self.get_json('/v1/vendors', headers=self.admin)['vendors']
        self.assertEqual(ids | {self.foundation_id()}, {v['id'] for v in vendors})
        self.assertTrue(all(v['can_manage'] for v in vendors))

    def test_newest_first(self):
        with db_api._writer() as session:
            for org in session.query(models.Organization):
                org.created_at = org.created_at.replace(year=2000)
        older = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR, name='older')
        with db_api._writer() as session:
            session.get(models.Organization, older).created_at = (
                models.utcnow().replace(year=2001))
        newer = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR, name='newer')
        ids = [v['id'] for v in self.get_json('/v1/vendors')['vendors']]
        self.assertEqual([newer, older, self.foundation_id()], ids)

    def test_no_query_per_vendor(self):
        def queries():
            with self.count_queries() as statements:
                self.get_json('/v1/vendors', headers=self.alice)
            return len(statements)

        self.make_vendor(name='a')
        few = queries()
        for i in range(8):
            self.make_vendor(vendor_type=i % 4 or 1, name='v%d' % i)
        self.assertEqual(few, queries())


class TestCreate(fx.VendorApiTestCase):
    """V2"""

    def test_create(self):
        vendor_id = self.post_json('/v1/vendors/', {'name': 'Acme', 'description': 'd'},
                                   headers=self.alice).json['id']
        self.assertTrue(fx.is_uuid4(vendor_id))
        vendor = self.get_json('/v1/vendors/%s' % vendor_id, headers=self.alice)
        self.assertEqual(FULL, set(vendor))
        self.assertEqual(('Acme', 'd', 1, fx.ALICE, None, True),
                         (vendor['name'], vendor['description'], vendor['type'],
                          vendor['created_by_user'], vendor['properties'],
                          vendor['can_manage']))
        self.assertRegex(vendor['created_at'], r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$')
        users = self.get_json('/v1/vendors/%s/users' % vendor_id, headers=self.alice)
        self.assertEqual([fx.ALICE], [u['openid'] for u in users])
        with db_api._reader() as session:
            group = session.get(models.Group, vendor['group_id'])
        self.assertEqual('Group for Acme', group.name)

    def test_text_plain_body(self):
        self.app.post('/v1/vendors', json.dumps({'name': 'x'}), headers=self.alice,
                      content_type='text/plain', status=201)

    def test_invalid_bodies(self):
        schema = 'Request doesnt correspond to schema'
        for body, title in (({}, schema), ({'foo': 'bar'}, schema), ([], schema),
                            ({'name': 1}, schema), ({'name': 'x', 'type': 3}, schema),
                            ({'name': 'x', 'description': None}, schema),
                            ({'name': 'x' * 81}, schema),
                            ({'name': ' \t'}, 'name should not be empty'),
                            ('{', 'Malformed request'), ('[1', 'Malformed request')):
            resp = self.post_json('/v1/vendors', body, headers=self.alice, status=400)
            self.assertEqual(title, resp.json['title'], body)
        self.assertEqual(1, len(self.get_json('/v1/vendors')['vendors']))

    def test_anonymous(self):
        resp = self.post_json('/v1/vendors', {'name': 'x'}, status=401).json
        self.assertEqual(fx.NOT_LOGGED_IN, resp)


class TestGet(fx.VendorApiTestCase):
    """V3"""

    def test_private_vendor(self):
        vendor_id = self.make_vendor()
        path = '/v1/vendors/%s' % vendor_id
        self.assertEqual(FULL, set(self.get_json(path, headers=self.alice)))
        self.assertEqual(FULL, set(self.get_json(path, headers=self.admin)))
        for headers in ({}, self.bob, self.carol):
            self.assertEqual(fx.FORBIDDEN, self.get_json(path, headers=headers, status=403))

    def test_official_vendor_short_form(self):
        vendor_id = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR)
        vendor = self.get_json('/v1/vendors/%s' % vendor_id)
        self.assertEqual({'id': vendor_id, 'type': 3, 'name': 'vendor',
                          'description': 'about vendor', 'can_manage': False}, vendor)

    def test_unknown(self):
        resp = self.get_json('/v1/vendors/fake_url', status=404)
        self.assertEqual({'title': 'Organization with id fake_url not found', 'code': 404},
                         resp)
        self.get_json('/v1/vendors/%s' % ('x' * 300), status=404)


class TestUpdate(fx.VendorApiTestCase):
    """V4"""

    def setUp(self):
        super().setUp()
        self.vendor_id = self.make_vendor(name='Acme')
        self.path = '/v1/vendors/%s' % self.vendor_id

    def test_properties_round_trip(self):
        for props in ({'a': 1, 'b': 'é'}, {'c': [1, 2]}):
            resp = self.put_json(self.path, {'properties': props}, headers=self.alice).json
            self.assertEqual(FULL, set(resp))
            self.assertTrue(resp['can_manage'])
            vendor = self.get_json(self.path, headers=self.alice)
            self.assertIsInstance(vendor['properties'], str)
            self.assertEqual(props, json.loads(vendor['properties']))
            self.assertEqual(('Acme', 'about Acme'), (vendor['name'], vendor['description']))

    def test_name_and_description(self):
        resp = self.put_json(self.path, {'name': 'New', 'description': None, 'type': 3},
                             headers=self.alice).json
        self.assertEqual(('New', None, 1), (resp['name'], resp['description'], resp['type']))
        self.assertIsNotNone(resp['updated_at'])
        # Keyword handler: query parameters count too.
        self.app.put(self.path + '?description=query', headers=self.alice, status=200)
        self.assertEqual('query', self.get_json(self.path, headers=self.alice)['description'])

    def test_invalid_values(self):
        for body, title in (({'name': ''}, 'name should not be empty'),
                            ({'name': 5}, 'Request doesnt correspond to schema'),
                            ({'name': 'x' * 81}, 'Request doesnt correspond to schema'),
                            ({'description': ['x']}, 'Request doesnt correspond to schema'),
                            ({'properties': 'x' * 70000},
                             'Request doesnt correspond to schema')):
            resp = self.put_json(self.path, body, headers=self.alice, status=400).json
            self.assertEqual(title, resp['title'])
        self.assertEqual('Malformed request', self.app.put(
            self.path, '{', headers=self.alice, content_type='application/json',
            status=400).json['title'])

    def test_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN, self.put_json(self.path, {}, status=401).json)
        for headers in (self.bob, self.carol):
            self.assertEqual(fx.FORBIDDEN,
                             self.put_json(self.path, {}, headers=headers, status=403).json)
        self.put_json(self.path, {'description': 'by admin'}, headers=self.admin)
        self.put_json('/v1/vendors/nope', {}, headers=self.alice, status=404)

    def test_official_name(self):
        official = '/v1/vendors/%s' % self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR,
                                                       name='Official')
        resp = self.put_json(official, {'name': 'Renamed'}, headers=self.alice,
                             status=403).json
        self.assertEqual('Name change for an official vendor is not allowed.', resp['detail'])
        # Sending the unchanged name (with other changes) is fine.
        self.put_json(official, {'name': 'Official', 'description': 'x'}, headers=self.alice)
        resp = self.put_json(official, {'name': 'Renamed'}, headers=self.admin).json
        self.assertEqual('Renamed', resp['name'])


class TestDelete(fx.VendorApiTestCase):
    """V5 and D14"""

    def test_delete_removes_products_group_and_memberships(self):
        vendor_id = self.make_vendor(members=[fx.BOB])
        product_id = self.make_product(vendor_id)
        self.make_version(product_id)
        group_id = db_api.get_organization(vendor_id).group_id
        resp = self.delete('/v1/vendors/%s' % vendor_id, headers=self.alice)
        self.assertEqual(204, resp.status_int)
        self.get_json('/v1/vendors/%s' % vendor_id, headers=self.admin, status=404)
        self.get_json('/v1/products/%s' % product_id, headers=self.admin, status=404)
        self.assertEqual(0, self.count_rows(models.ProductVersion,
                                            models.ProductVersion.product_id == product_id))
        self.assertEqual(0, self.count_rows(models.Group, models.Group.id == group_id))
        self.assertEqual(0, self.count_rows(models.UserToGroup,
                                            models.UserToGroup.group_id == group_id))

    def test_tests_attached(self):
        vendor_id = self.make_vendor()
        version_id = self.make_version(self.make_product(vendor_id))
        self.attach_run(version_id)
        resp = self.delete('/v1/vendors/%s' % vendor_id, headers=self.admin, status=400)
        self.assertEqual('Unable to delete. There are still tests associated to products '
                         'for this vendor.', resp.json['detail'])
        self.get_json('/v1/vendors/%s' % vendor_id, headers=self.alice)

    def test_official_vendor_only_by_foundation(self):
        vendor_id = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR)
        resp = self.delete('/v1/vendors/%s' % vendor_id, headers=self.alice, status=403)
        self.assertEqual(fx.FORBIDDEN, resp.json)
        self.delete('/v1/vendors/%s' % vendor_id, headers=self.admin)

    def test_foundation_never(self):
        path = '/v1/vendors/%s' % self.foundation_id()
        self.assertEqual(fx.FORBIDDEN, self.delete(path, headers=self.admin, status=403).json)

    def test_access(self):
        path = '/v1/vendors/%s' % self.make_vendor()
        self.assertEqual(fx.NOT_LOGGED_IN, self.delete(path, status=401).json)
        self.delete(path, headers=self.bob, status=403)
        self.delete('/v1/vendors/nope', headers=self.alice, status=404)
        self.delete('/v1/vendors/', headers=self.alice, status=405)


class TestActions(fx.VendorApiTestCase):
    """V6: the registration state machine."""

    def setUp(self):
        super().setUp()
        self.vendor_id = self.make_vendor()
        self.path = '/v1/vendors/%s' % self.vendor_id

    def act(self, body, headers=None, status=200):
        return self.post_json(self.path + '/action', body,
                              headers=self.alice if headers is None else headers,
                              status=status)

    def vendor(self):
        return self.get_json(self.path, headers=self.admin)

    def test_register_cancel_approve(self):
        resp = self.act({'register': None})
        self.assertEqual(b'null', resp.body)
        self.assertEqual('application/json', resp.content_type)
        self.assertEqual(2, self.vendor()['type'])
        self.act({'cancel': None})
        self.assertEqual(1, self.vendor()['type'])
        self.act({'register': 'anything'})
        self.act({'approve': None}, headers=self.admin)
        vendor = self.vendor()
        self.assertEqual((3, '{}'), (vendor['type'], vendor['properties']))

    def test_deny_then_approve(self):
        self.put_json(self.path, {'properties': {'k': 'v'}}, headers=self.alice)
        self.act({'register': None})
        self.act({'deny': None, 'registration_decline_reason': 'Missing docs'},
                 headers=self.admin)
        vendor = self.vendor()
        self.assertEqual(1, vendor['type'])
        self.assertEqual({'k': 'v', 'registration_decline_reason': 'Missing docs'},
                         json.loads(vendor['properties']))
        self.act({'register': None})
        self.act({'approve': None}, headers=self.admin)
        self.assertEqual({'k': 'v'}, json.loads(self.vendor()['properties']))

    def test_query_parameters_count(self):
        self.app.post(self.path + '/action?register=1', headers=self.alice, status=200)
        self.assertEqual(2, self.vendor()['type'])

    def test_invalid_actions(self):
        for body, listed in (({}, '[]'), ({'register': None, 'cancel': None},
                                          "['register', 'cancel']"),
                             ({'foo': 1}, '[]')):
            resp = self.act(body, status=400).json
            self.assertEqual('Invalid actions in the body: %s' % listed, resp['detail'])

    def test_state_errors(self):
        invalid = 'Invalid organization state for this action.'
        for action in ('cancel', 'approve', 'deny'):
            headers = self.admin if action in ('approve', 'deny') else self.alice
            resp = self.act({action: None, 'registration_decline_reason': 'r'},
                            headers=headers, status=400).json
            self.assertEqual(invalid, resp['detail'], action)
        self.act({'register': None})
        self.assertEqual(invalid, self.act({'register': None}, status=400).json['detail'])
        self.act({'approve': None}, headers=self.admin)
        for action in ('register', 'cancel'):
            self.act({action: None}, status=400)
        for action in ('approve', 'deny'):
            self.act({action: None, 'registration_decline_reason': 'r'}, headers=self.admin,
                     status=400)

    def test_decline_reason_required_before_state(self):
        for body in ({'deny': None}, {'deny': None, 'registration_decline_reason': '  '},
                     {'deny': None, 'registration_decline_reason': 5}):
            resp = self.act(body, headers=self.admin, status=400).json
            self.assertEqual('The decline reason can not be empty', resp['detail'])

    def test_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN, self.act({'register': None}, headers={},
                                                    status=401).json)
        # A Foundation admin who is not a member can not register the vendor.
        self.assertEqual(fx.FORBIDDEN,
                         self.act({'register': None}, headers=self.admin, status=403).json)
        self.act({'register': None})
        self.act({'approve': None}, status=403)
        self.act({'deny': None, 'registration_decline_reason': 'r'}, status=403)
        self.act({'register': None}, headers=self.bob, status=403)
        self.post_json('/v1/vendors/nope/action', {'register': None}, headers=self.alice,
                       status=404)

    def test_foundation_organization(self):
        path = '/v1/vendors/%s/action' % self.foundation_id()
        for action in ('register', 'cancel', 'approve', 'deny'):
            resp = self.post_json(path, {action: None, 'registration_decline_reason': 'r'},
                                  headers=self.admin, status=403).json
            self.assertEqual(fx.FORBIDDEN, resp)


class TestUsers(fx.VendorApiTestCase):
    """V7-V9 and D15"""

    def setUp(self):
        super().setUp()
        self.vendor_id = self.make_vendor()
        self.path = '/v1/vendors/%s/users' % self.vendor_id

    def user_path(self, openid):
        return '%s/%s' % (self.path, self.b64(openid))

    def members(self):
        return sorted(u['openid'] for u in self.get_json(self.path, headers=self.admin))

    def test_list(self):
        users = self.get_json(self.path, headers=self.alice)
        self.assertEqual([{'openid': fx.ALICE, 'email': 'alice@example.org',
                           'fullname': fx.ALICE}], users)
        self.assertEqual(users, self.get_json(self.path, headers=self.admin))

    def test_list_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN, self.get_json(self.path, status=401))
        for headers in (self.bob, self.carol):
            self.assertEqual(fx.FORBIDDEN, self.get_json(self.path, headers=headers,
                                                         status=403))
        self.get_json('/v1/vendors/nope/users', headers=self.alice, status=404)

    def test_add_is_idempotent(self):
        for _ in range(2):
            resp = self.app.put(self.user_path(fx.BOB), headers=self.alice, status=204)
        self.assertEqual([fx.ALICE, fx.BOB], self.members())
        # Bob now manages the vendor.
        vendor = self.get_json('/v1/vendors/%s' % self.vendor_id, headers=self.bob)
        self.assertTrue(vendor['can_manage'])
        self.assertEqual(b'null', resp.body)

    def test_add_by_foundation(self):
        self.app.put(self.user_path(fx.CAROL), headers=self.admin, status=204)
        self.assertEqual([fx.ALICE, fx.CAROL], self.members())

    def test_add_unknown_user(self):
        resp = self.app.put(self.user_path('https://openstackid.org/nobody'),
                            headers=self.alice, status=404).json
        self.assertEqual('User https://openstackid.org/nobody not found: a user must sign '
                         'in to RefStack once before joining a vendor.', resp['title'])

    def test_invalid_base64(self):
        for value in ('!!!', 'YWxpY2U', '/w==', 'YWxp Y2U=', '', '%C3%A9'):
            resp = self.app.put('%s/%s' % (self.path, value), headers=self.alice,
                                status=400).json
            self.assertEqual('Invalid user id: expected the base64 encoding of an openid.',
                             resp['title'], value)
            self.app.delete('%s/%s' % (self.path, value), headers=self.alice, status=400)

    def test_slash_in_encoding(self):
        openid = 'https://openstackid.org/?>?'
        encoded = self.b64(openid)
        self.assertIn('/', encoded)
        self.create_user(openid)
        self.app.put('%s/%s' % (self.path, encoded), headers=self.alice, status=204)
        self.assertIn(openid, self.members())
        self.app.delete('%s/%s' % (self.path, encoded.replace('/', '%2F')),
                        headers=self.alice, status=204)
        self.assertNotIn(openid, self.members())
        # A trailing slash after a complete encoding is ignored.
        self.app.put(self.user_path(fx.BOB) + '/', headers=self.alice, status=204)
        self.assertIn(fx.BOB, self.members())

    def test_add_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN,
                         self.app.put(self.user_path(fx.BOB), status=401).json)
        self.app.put(self.user_path(fx.BOB), headers=self.bob, status=403)
        self.app.put(self.user_path(fx.CAROL), headers=self.carol, status=403)
        self.app.put('/v1/vendors/nope/users/%s' % self.b64(fx.BOB), headers=self.alice,
                     status=404)
        self.assertEqual([fx.ALICE], self.members())

    def test_remove(self):
        self.app.put(self.user_path(fx.BOB), headers=self.alice, status=204)
        self.delete(self.user_path(fx.BOB), headers=self.alice)
        self.assertEqual([fx.ALICE], self.members())
        # Not a member (any more): still 204.
        self.delete(self.user_path(fx.BOB), headers=self.alice)
        self.delete(self.user_path('https://openstackid.org/nobody'), headers=self.alice)

    def test_remove_self(self):
        self.app.put(self.user_path(fx.BOB), headers=self.alice, status=204)
        self.delete(self.user_path(fx.ALICE), headers=self.alice)
        self.assertEqual([fx.BOB], self.members())
        self.get_json(self.path, headers=self.alice, status=403)

    def test_last_member_stays(self):
        resp = self.delete(self.user_path(fx.ALICE), headers=self.alice, status=403).json
        self.assertEqual('The last member of a vendor can not be removed; ask the Foundation '
                         'to do it.', resp['detail'])
        self.assertEqual([fx.ALICE], self.members())
        self.delete(self.user_path(fx.ALICE), headers=self.admin)
        self.assertEqual([], self.members())

    def test_foundation_keeps_an_admin(self):
        path = '/v1/vendors/%s/users/%s' % (self.foundation_id(), self.b64(fx.ADMIN))
        self.delete(path, headers=self.admin, status=403)
        self.app.put('/v1/vendors/%s/users/%s' % (self.foundation_id(), self.b64(fx.BOB)),
                     headers=self.admin, status=204)
        self.delete(path, headers=self.admin)
        self.get_json('/v1/vendors', headers=self.bob)

    def test_remove_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN,
                         self.delete(self.user_path(fx.ALICE), status=401).json)
        self.delete(self.user_path(fx.ALICE), headers=self.bob, status=403)
        self.delete('/v1/vendors/nope/users/%s' % self.b64(fx.ALICE), headers=self.alice,
                    status=404)


class TestNoServerErrors(fx.VendorApiTestCase):
    """Garbage ids and bodies on every vendor route give 4xx, never 5xx."""

    def test_fuzz(self):
        vendor = self.make_vendor(members=[fx.BOB])
        user = self.b64(fx.BOB)
        requests = []
        for nasty in fx.NASTY_IDS:
            requests += [('GET', '/v1/vendors/%s' % nasty, ''),
                         ('DELETE', '/v1/vendors/%s/users/%s' % (nasty, user), ''),
                         ('GET', '/v1/vendors/%s/users' % nasty, ''),
                         ('PUT', '/v1/vendors/%s/users/%s' % (vendor, nasty), ''),
                         ('DELETE', '/v1/vendors/%s/users/%s' % (vendor, nasty), '')]
        for body in fx.NASTY_BODIES:
            requests += [('POST', '/v1/vendors', body),
                         ('PUT', '/v1/vendors/%s' % vendor, body),
                         ('POST', '/v1/vendors/%s/action' % vendor, body)]
        fx.fuzz(self, requests)
        self.delete('/v1/vendors/%s' % vendor, headers=self.alice)


class TestPolicyOverride(fx.VendorApiTestCase):
    """Rules live in the policy engine: a policy file changes who may act."""

    def test_policy_file(self):
        path = self.useFixture(fixtures.TempDir()).path + '/policy.yaml'
        with open(path, 'w') as f:
            f.write('"refstack:vendor:create": "rule:foundation"\n'
                    '"refstack:vendor:delete": "rule:foundation"\n')
        policy.get_enforcer()  # registers the [oslo_policy] options
        self.config(policy_file=path, group='oslo_policy')
        policy.reset()
        self.assertEqual(fx.FORBIDDEN, self.post_json('/v1/vendors', {'name': 'x'},
                                                      headers=self.alice, status=403).json)
        self.post_json('/v1/vendors', {'name': 'x'}, headers=self.admin)
        vendor = self.make_vendor()
        self.delete('/v1/vendors/%s' % vendor, headers=self.alice, status=403)
        self.delete('/v1/vendors/%s' % vendor, headers=self.admin)

    def test_policy_file_change_is_picked_up_without_restart(self):
        path = self.useFixture(fixtures.TempDir()).path + '/policy.yaml'
        with open(path, 'w') as f:
            f.write('"refstack:vendor:create": "rule:authenticated"\n')
        policy.get_enforcer()
        self.config(policy_file=path, group='oslo_policy')
        policy.reset()
        self.useFixture(fixtures.MockPatchObject(policy, 'RELOAD_INTERVAL', 0))
        self.post_json('/v1/vendors', {'name': 'before'}, headers=self.alice)
        with open(path, 'w') as f:
            f.write('"refstack:vendor:create": "rule:foundation"\n')
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10 ** 9))
        self.post_json('/v1/vendors', {'name': 'after'}, headers=self.alice, status=403)
