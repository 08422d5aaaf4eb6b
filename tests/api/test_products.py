"""API tests of /v1/products (routes P1-P10, api-contract 2.6, D11-D13, D26)."""

import json
from unittest import mock

from refstack.db import api as db_api
from refstack.db import models
from tests.api import vendor_fixtures as fx

LIST_FORM = {'id', 'name', 'description', 'organization_id', 'public', 'type',
             'product_type', 'can_manage'}
DETAIL_FORM = LIST_FORM | {'created_by_user', 'properties', 'created_at', 'updated_at'}
SCHEMA_ERROR = 'Request doesnt correspond to schema'


class ProductApiTestCase(fx.VendorApiTestCase):

    def create(self, body=None, headers=None, status=201):
        body = {'name': 'Cloud', 'description': 'd', 'product_type': 1} if body is None else body
        resp = self.post_json('/v1/products/', body,
                              headers=self.alice if headers is None else headers,
                              status=status)
        return resp.json['id'] if status == 201 else resp.json


class TestAuthorizationMatrix(ProductApiTestCase):
    """Who may call which product, version and result-association route."""

    def factories(self):
        return {
            'vendor': lambda d: self.make_vendor(fx.ALICE, name='private'),
            'official': lambda d: self.make_vendor(fx.ALICE, db_api.OFFICIAL_VENDOR),
            'product': lambda d: self.make_product(d['vendor']),
            'version': lambda d: self.make_version(d['product']),
            'official_product': lambda d: self.make_product(d['official']),
            'public': lambda d: self.make_product(d['official'], public=True),
            'public_version': lambda d: self.make_version(d['public']),
            'theirs': lambda d: self.make_version(self.make_product(
                self.make_vendor(fx.CAROL, name='carol'), owner=fx.CAROL), owner=fx.CAROL),
        }

    def test_product_matrix(self):
        def row(anon, stranger, member, other, foundation):
            return dict(zip(fx.ROLES, (anon, stranger, member, other, foundation)))

        everyone = row(200, 200, 200, 200, 200)
        private_read = row(403, 403, 200, 403, 200)
        manage = row(401, 403, 200, 403, 200)
        matrix = {
            'P1 list': ('GET', '/v1/products', None, everyone),
            'P2 create (default vendor)': ('POST', '/v1/products',
                                           {'name': 'n', 'product_type': 0},
                                           row(401, 201, 201, 201, 201)),
            'P2 create in a vendor': ('POST', '/v1/products',
                                      {'name': 'n', 'product_type': 0,
                                       'organization_id': '{vendor}'},
                                      row(401, 403, 201, 403, 201)),
            'P3 get private': ('GET', '/v1/products/{product}', None, private_read),
            'P3 get public': ('GET', '/v1/products/{public}', None, everyone),
            'P4 update': ('PUT', '/v1/products/{product}', {'description': 'x'}, manage),
            'P4 publish (private vendor)': ('PUT', '/v1/products/{product}',
                                            {'public': True}, row(401, 403, 403, 403, 403)),
            'P4 publish (official vendor)': ('PUT', '/v1/products/{official_product}',
                                             {'public': True}, manage),
            'P4 unpublish': ('PUT', '/v1/products/{public}', {'public': False}, manage),
            'P5 delete': ('DELETE', '/v1/products/{product}', None,
                          row(401, 403, 204, 403, 204)),
            'P6 versions of private': ('GET', '/v1/products/{product}/versions', None,
                                       private_read),
            'P6 versions of public': ('GET', '/v1/products/{public}/versions', None,
                                      everyone),
            'P7 version of private': ('GET', '/v1/products/{product}/versions/{version}',
                                      None, private_read),
            'P7 version of public': ('GET', '/v1/products/{public}/versions/'
                                     '{public_version}', None, everyone),
            'P7 other product\'s version': ('GET', '/v1/products/{public}/versions/{theirs}',
                                            None, row(404, 404, 404, 404, 404)),
            'P8 add version': ('POST', '/v1/products/{product}/versions', {'version': '2'},
                               row(401, 403, 201, 403, 201)),
            'P9 set cpid': ('PUT', '/v1/products/{product}/versions/{version}',
                            {'cpid': 'c'}, manage),
            'P9 other product\'s version': ('PUT', '/v1/products/{product}/versions/{theirs}',
                                            {'cpid': 'c'}, row(401, 403, 404, 403, 404)),
            'P10 delete version': ('DELETE', '/v1/products/{product}/versions/{version}',
                                   None, row(401, 403, 204, 403, 204)),
            'P10 other product\'s version': ('DELETE',
                                             '/v1/products/{product}/versions/{theirs}',
                                             None, row(401, 403, 404, 403, 404)),
        }
        self.check_matrix(matrix, self.factories())

    def test_result_association_matrix(self):
        """PUT /v1/results/{the caller's own run} with a version of alice's vendor."""
        owners = {fx.ANON: None, fx.STRANGER: fx.BOB, fx.MEMBER: fx.ALICE, fx.OTHER: fx.CAROL,
                  fx.FOUNDATION: fx.ADMIN}
        expected = {fx.ANON: 401, fx.STRANGER: 403, fx.MEMBER: 201, fx.OTHER: 403,
                    fx.FOUNDATION: 201}
        version = self.make_version(self.make_product(self.make_vendor()))
        failures = []
        for role in fx.ROLES:
            run = self.attach_run(None)
            if owners[role]:
                db_api.save_test_result_meta(run, 'user', owners[role])
            resp = self.call('PUT', '/v1/results/%s' % run, self.callers[role],
                             {'product_version_id': version})
            if resp.status_int != expected[role]:
                failures.append((role, resp.status_int, resp.body))
        self.assertEqual([], failures)


class TestList(ProductApiTestCase):
    """P1"""

    def test_empty(self):
        self.assertEqual({'products': []}, self.get_json('/v1/products/'))

    def test_visibility(self):
        mine = self.make_vendor(name='mine')
        official = self.make_vendor(fx.CAROL, db_api.OFFICIAL_VENDOR, name='official')
        private = self.make_product(mine, name='b private')
        public = self.make_product(official, owner=fx.CAROL, name='a public', public=True)
        hidden = self.make_product(official, owner=fx.CAROL, name='c hidden')
        anonymous = self.get_json('/v1/products')['products']
        self.assertEqual([(public, False)], [(p['id'], p['can_manage']) for p in anonymous])
        self.assertEqual(LIST_FORM, set(anonymous[0]))
        as_alice = self.get_json('/v1/products', headers=self.alice)['products']
        self.assertEqual([(public, False), (private, True)],
                         [(p['id'], p['can_manage']) for p in as_alice])
        as_admin = self.get_json('/v1/products', headers=self.admin)['products']
        self.assertEqual([(public, True), (private, True), (hidden, True)],
                         [(p['id'], p['can_manage']) for p in as_admin])

    def test_sorted_by_name_case_sensitive(self):
        vendor = self.make_vendor(name='v')
        for name in ('beta', 'Zeta', 'alpha', 'Alpha'):
            self.make_product(vendor, name=name)
        names = [p['name'] for p in self.get_json('/v1/products', headers=self.alice)[
            'products']]
        self.assertEqual(['Alpha', 'Zeta', 'alpha', 'beta'], names)

    def test_organization_filter(self):
        first = self.get_json('/v1/products/%s' % self.create(), headers=self.alice)
        org_a = first['organization_id']
        org_b = self.make_vendor(name='b')
        second = self.create({'name': 'Two', 'product_type': 0, 'organization_id': org_b})
        for org, product in ((org_a, first['id']), (org_b, second)):
            products = self.get_json('/v1/products', organization_id=org,
                                     headers=self.alice)['products']
            self.assertEqual([product], [p['id'] for p in products])
        # Private products are not listed to others, even with the filter.
        self.assertEqual([], self.get_json('/v1/products', organization_id=org_b,
                                           headers=self.bob)['products'])
        self.assertEqual([], self.get_json('/v1/products', organization_id='nope')['products'])

    def test_no_query_per_product(self):
        vendor = self.make_vendor(name='v')

        def queries():
            with self.count_queries() as statements:
                self.get_json('/v1/products', headers=self.alice)
            return len(statements)

        self.make_product(vendor)
        few = queries()
        for i in range(8):
            self.make_product(vendor, name='p%d' % i, public=bool(i % 2))
        self.assertEqual(few, queries())


class TestCreate(ProductApiTestCase):
    """P2, D12 and D26"""

    def test_create_with_default_vendor(self):
        product_id = self.create({'name': 'Distro', 'description': 'Linux',
                                  'product_type': 0})
        self.assertTrue(fx.is_uuid4(product_id))
        product = self.get_json('/v1/products/%s' % product_id, headers=self.alice)
        self.assertEqual(DETAIL_FORM, set(product))
        self.assertEqual(('Distro', 'Linux', 1, 0, False, None, fx.ALICE, True),
                         (product['name'], product['description'], product['type'],
                          product['product_type'], product['public'],
                          product['properties'], product['created_by_user'],
                          product['can_manage']))
        vendor = self.get_json('/v1/vendors/%s' % product['organization_id'],
                               headers=self.alice)
        self.assertEqual(('vendor_%s' % fx.ALICE, 1), (vendor['name'], vendor['type']))
        # The default vendor is reused.
        second = self.create({'name': 'Other', 'product_type': 2, 'organization_id': ''})
        again = self.get_json('/v1/products/%s' % second, headers=self.alice)
        self.assertEqual(product['organization_id'], again['organization_id'])
        self.assertEqual(0, again['type'])
        self.assertEqual(1, self.count_rows(models.Organization,
                                            models.Organization.name.like('vendor_%')))

    def test_long_openid(self):
        """vendor_<openid> is cut to the 80 characters a vendor name holds."""
        openid = 'https://openstackid.org/' + 'x' * 100
        product_id = self.create(headers=self.as_user(openid))
        vendor = db_api.get_organization(db_api.get_product(product_id).organization_id)
        self.assertEqual(('vendor_' + openid)[:80], vendor.name)
        self.create(headers=self.session_headers(openid))
        self.assertEqual(1, self.count_rows(models.Organization,
                                            models.Organization.name == vendor.name))

    def test_implicit_version(self):
        product_id = self.create()
        versions = self.get_json('/v1/products/%s/versions/' % product_id, headers=self.alice)
        self.assertEqual([{'id': versions[0]['id'], 'product_id': product_id,
                           'version': None, 'cpid': None}], versions)
        named = self.create({'name': 'n', 'product_type': 1, 'version': ' 1.0 '})
        self.assertEqual(['1.0'], [v['version'] for v in self.get_json(
            '/v1/products/%s/versions' % named, headers=self.alice)])

    def test_in_own_vendor(self):
        vendor = self.make_vendor(name='mine')
        product_id = self.create({'name': 'n', 'product_type': 1, 'organization_id': vendor})
        self.assertEqual(vendor, self.get_json('/v1/products/%s' % product_id,
                                               headers=self.alice)['organization_id'])

    def test_foreign_vendor(self):
        """D12: only under a vendor the caller manages."""
        theirs = self.make_vendor(fx.CAROL, db_api.OFFICIAL_VENDOR, name='carol')
        resp = self.create({'name': 'n', 'product_type': 1, 'organization_id': theirs},
                           status=403)
        self.assertEqual(fx.FORBIDDEN, resp)
        self.assertEqual(0, self.count_rows(models.Product))
        self.create({'name': 'n', 'product_type': 1, 'organization_id': theirs},
                    headers=self.admin)

    def test_unknown_or_malformed_vendor(self):
        for org_id in ('nope', '00000000-0000-4000-8000-000000000000'):
            resp = self.create({'name': 'n', 'product_type': 1, 'organization_id': org_id},
                               status=400)
            self.assertEqual({'title': 'Organization with id %s not found' % org_id,
                              'code': 400}, resp)
        for org_id in (5, ['x'], 'x' * 37):
            resp = self.create({'name': 'n', 'product_type': 1, 'organization_id': org_id},
                               status=400)
            self.assertEqual(SCHEMA_ERROR, resp['title'])
        self.assertEqual(0, self.count_rows(models.Product))

    def test_invalid_bodies(self):
        for body, title in (({}, SCHEMA_ERROR), ({'foo': 'bar'}, SCHEMA_ERROR),
                            ({'name': 'n'}, SCHEMA_ERROR),
                            ({'name': 'n', 'product_type': '1'}, SCHEMA_ERROR),
                            ({'name': 'n', 'product_type': 3}, SCHEMA_ERROR),
                            ({'name': 'n', 'product_type': True}, SCHEMA_ERROR),
                            ({'name': 'n', 'product_type': 2 ** 40}, SCHEMA_ERROR),
                            ({'name': 'x' * 81, 'product_type': 1}, SCHEMA_ERROR),
                            ({'name': 'n', 'product_type': 1, 'version': 'v' * 37},
                             SCHEMA_ERROR),
                            ({'name': 'n', 'product_type': 1, 'public': True}, SCHEMA_ERROR),
                            ({'name': ' ', 'product_type': 1}, 'name should not be empty'),
                            ('nope', 'Malformed request')):
            self.assertEqual(title, self.create(body, status=400)['title'], body)
        self.assertEqual(0, self.count_rows(models.Product))

    def test_anonymous(self):
        self.assertEqual(fx.NOT_LOGGED_IN, self.create(headers={}, status=401))

    def test_default_vendor_and_product_in_one_transaction(self):
        """D26: a failure after the default vendor was made leaves nothing."""
        with mock.patch.object(db_api.models, 'ProductVersion',
                               side_effect=RuntimeError('boom')):
            self.assertRaises(RuntimeError, db_api.create_product,
                              {'name': 'n', 'product_type': 1}, fx.ALICE)
        self.assertEqual(0, self.count_rows(models.Product))
        self.assertEqual(0, self.count_rows(models.Organization,
                                            models.Organization.name == 'vendor_' + fx.ALICE))
        self.assertEqual(0, self.count_rows(models.Group,
                                            models.Group.name == 'Group for vendor_' + fx.ALICE))


class TestGet(ProductApiTestCase):
    """P3"""

    def test_private(self):
        product_id = self.create()
        path = '/v1/products/%s' % product_id
        self.assertEqual(DETAIL_FORM, set(self.get_json(path, headers=self.admin)))
        for headers in ({}, self.bob, self.carol):
            self.assertEqual(fx.FORBIDDEN, self.get_json(path, headers=headers, status=403))

    def test_public_for_others(self):
        vendor = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR)
        product_id = self.make_product(vendor, public=True)
        for headers in ({}, self.bob):
            product = self.get_json('/v1/products/%s' % product_id, headers=headers)
            self.assertEqual(LIST_FORM, set(product))
            self.assertFalse(product['can_manage'])
            self.assertTrue(product['public'])

    def test_unknown(self):
        self.assertEqual({'title': 'Product with id "fake_id" not found', 'code': 404},
                         self.get_json('/v1/products/fake_id', status=404))


class TestUpdate(ProductApiTestCase):
    """P4 and D11"""

    def setUp(self):
        super().setUp()
        self.official = self.make_vendor(vendor_type=db_api.OFFICIAL_VENDOR)
        self.product_id = self.make_product(self.official, name='Cloud')
        self.path = '/v1/products/%s' % self.product_id

    def get(self):
        return self.get_json(self.path, headers=self.alice)

    def test_properties_round_trip(self):
        for props in ({'a': 1}, {'b': {'c': None}}):
            resp = self.put_json(self.path, {'properties': props}, headers=self.alice).json
            self.assertEqual({'id': self.product_id, 'name': 'Cloud',
                              'organization_id': self.official, 'public': False,
                              'can_manage': True}, resp)
            product = self.get()
            self.assertEqual(props, json.loads(product['properties']))
            self.assertEqual(('Cloud', 'about Cloud'),
                             (product['name'], product['description']))

    def test_fields(self):
        self.put_json(self.path, {'name': 'New', 'description': 'D', 'product_ref_id': 'x',
                                  'organization_id': 'ignored', 'product_type': 0},
                      headers=self.alice)
        product = self.get()
        self.assertEqual(('New', 'D', self.official, 1),
                         (product['name'], product['description'],
                          product['organization_id'], product['product_type']))
        self.assertIsNotNone(product['updated_at'])

    def test_public_values(self):
        for value, public in ((True, True), (False, False), ('yes', True), ('no', False),
                              ('TRUE', True), ('1', True), ('0', False), ('', False)):
            resp = self.put_json(self.path, {'public': value}, headers=self.alice).json
            self.assertIs(public, resp['public'], value)
        self.app.put(self.path + '?public=true', headers=self.alice, status=200)
        self.assertTrue(self.get()['public'])

    def test_non_boolean_public(self):
        """D11: numbers and other JSON types are schema errors, not 500."""
        for value in (1, 0, None, [], {}, 1.5):
            resp = self.put_json(self.path, {'public': value}, headers=self.alice,
                                 status=400).json
            self.assertEqual(SCHEMA_ERROR, resp['title'], value)
        self.assertFalse(self.get()['public'])

    def test_publish_needs_official_vendor(self):
        private = self.make_product(self.make_vendor(name='private'))
        resp = self.put_json('/v1/products/%s' % private, {'public': True},
                             headers=self.alice, status=403).json
        self.assertEqual(fx.FORBIDDEN, resp)
        self.put_json('/v1/products/%s' % private, {'public': True}, headers=self.admin,
                      status=403)
        self.put_json('/v1/products/%s' % private, {'public': False}, headers=self.alice)
        foundation_product = self.make_product(self.foundation_id(), owner=fx.ADMIN)
        self.put_json('/v1/products/%s' % foundation_product, {'public': True},
                      headers=self.admin)

    def test_invalid_values(self):
        for body, title in (({'name': ''}, 'name should not be empty'),
                            ({'name': None}, SCHEMA_ERROR),
                            ({'description': 3}, SCHEMA_ERROR),
                            ({'properties': ['x' * 70000]}, SCHEMA_ERROR)):
            resp = self.put_json(self.path, body, headers=self.alice, status=400).json
            self.assertEqual(title, resp['title'], body)

    def test_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN, self.put_json(self.path, {}, status=401).json)
        self.put_json(self.path, {}, headers=self.bob, status=403)
        self.put_json('/v1/products/nope', {}, headers=self.alice, status=404)
        self.put_json('/v1/products/', {}, headers=self.alice, status=405)


class TestDelete(ProductApiTestCase):
    """P5"""

    def test_delete(self):
        product_id = self.create()
        self.make_version(product_id, '2.0')
        self.delete('/v1/products/%s' % product_id, headers=self.alice)
        self.get_json('/v1/products/%s' % product_id, headers=self.alice, status=404)
        self.assertEqual(0, self.count_rows(models.ProductVersion))

    def test_tests_attached(self):
        product_id = self.create()
        self.attach_run(self.make_version(product_id))
        resp = self.delete('/v1/products/%s' % product_id, headers=self.alice, status=400)
        self.assertEqual('Unable to delete. There are still tests associated to versions of '
                         'this product.', resp.json['detail'])

    def test_access(self):
        path = '/v1/products/%s' % self.create()
        self.assertEqual(fx.NOT_LOGGED_IN, self.delete(path, status=401).json)
        self.assertEqual(fx.FORBIDDEN, self.delete(path, headers=self.carol, status=403).json)
        # Unknown ids are 404 for everyone (the original gave the Foundation 204).
        self.delete('/v1/products/nope', headers=self.admin, status=404)
        self.delete('/v1/products/nope', headers=self.bob, status=404)


class TestVersions(ProductApiTestCase):
    """P6-P10 and D13"""

    def setUp(self):
        super().setUp()
        self.product_id = self.create()
        self.path = '/v1/products/%s/versions' % self.product_id

    def add(self, body, status=201, headers=None):
        resp = self.post_json(self.path, body, status=status,
                              headers=self.alice if headers is None else headers)
        return resp.json

    def versions(self):
        return self.get_json(self.path, headers=self.alice)

    def test_list_and_add(self):
        self.assertEqual([None], [v['version'] for v in self.versions()])
        created = self.add({'version': '1.0'})
        self.assertEqual({'id', 'product_id', 'version', 'cpid'}, set(created))
        self.assertTrue(fx.is_uuid4(created['id']))
        self.assertEqual([None, '1.0'], [v['version'] for v in self.versions()])
        created = self.add({'version': '2.0'})
        self.assertEqual('2.0', self.get_json('%s/%s' % (self.path, created['id']),
                                              headers=self.alice)['version'])
        self.get_json('%s/nope' % self.path, headers=self.alice, status=404)

    def test_cpid(self):
        created = self.add({'cpid': '123', 'version': '5.0'})
        version = self.get_json('%s/%s' % (self.path, created['id']), headers=self.alice)
        self.assertEqual({'id': created['id'], 'product_id': self.product_id,
                          'version': '5.0', 'cpid': '123'}, version)

    def test_invalid_bodies(self):
        for body, title in (({'cpid': '123'}, SCHEMA_ERROR), ({}, SCHEMA_ERROR),
                            ({'version': 1}, SCHEMA_ERROR),
                            ({'version': 'v' * 37}, SCHEMA_ERROR),
                            ({'version': '1', 'cpid': 'c' * 129}, SCHEMA_ERROR),
                            ({'version': '1', 'foo': 1}, SCHEMA_ERROR),
                            ({'version': ' '}, 'version should not be empty'),
                            ('[', 'Malformed request')):
            self.assertEqual(title, self.add(body, status=400)['title'], body)
        self.assertEqual(1, len(self.versions()))

    def test_duplicate(self):
        """D11: a duplicate version is a 409, not a 500."""
        self.add({'version': '1.0'})
        for name in ('1.0', ' 1.0 '):
            resp = self.add({'version': name}, status=409)
            self.assertEqual({'title': 'Version "1.0" already exists for this product.',
                              'code': 409}, resp)
        self.assertEqual(2, len(self.versions()))

    def test_update_cpid(self):
        implicit = self.versions()[0]
        resp = self.put_json('%s/%s' % (self.path, implicit['id']),
                             {'cpid': '1233', 'version': 'ignored'}, headers=self.alice).json
        self.assertEqual({'id': implicit['id'], 'version': None, 'cpid': '1233',
                          'product_info': {'id': self.product_id, 'name': 'Cloud',
                                           'organization_id': resp['product_info'][
                                               'organization_id'],
                                           'public': False}}, resp)
        self.assertEqual('1233', self.versions()[0]['cpid'])
        for value in (5, 'c' * 129):
            self.put_json('%s/%s' % (self.path, implicit['id']), {'cpid': value},
                          headers=self.alice, status=400)
        self.put_json('%s/nope' % self.path, {'cpid': 'x'}, headers=self.alice, status=404)

    def test_delete(self):
        created = self.add({'version': '1.0'})
        self.delete('%s/%s' % (self.path, created['id']), headers=self.alice)
        implicit = self.versions()[0]['id']
        resp = self.delete('%s/%s' % (self.path, implicit), headers=self.alice, status=400)
        self.assertEqual('Can not delete the empty version as it is used for basic '
                         'product/test association. This version was implicitly created '
                         'with the product, and so it cannot be deleted explicitly.',
                         resp.json['detail'])
        self.delete('%s/%s' % (self.path, created['id']), headers=self.alice, status=404)

    def test_delete_with_tests(self):
        created = self.add({'version': '1.0'})
        self.attach_run(created['id'])
        resp = self.delete('%s/%s' % (self.path, created['id']), headers=self.alice,
                           status=400)
        self.assertEqual('Unable to delete. There are still tests associated to this '
                         'product version.', resp.json['detail'])

    def test_other_products_versions(self):
        """D13: a version is only reachable through its own product."""
        theirs = self.make_product(self.make_vendor(fx.CAROL, name='c'), owner=fx.CAROL)
        victim = self.make_version(theirs, '9.9', cpid='their-cloud', owner=fx.CAROL)
        path = '%s/%s' % (self.path, victim)
        title = 'Version with id "%s" not found' % victim
        self.assertEqual(title, self.get_json(path, headers=self.alice, status=404)['title'])
        self.assertEqual(title, self.put_json(path, {'cpid': 'mine'}, headers=self.alice,
                                              status=404).json['title'])
        self.assertEqual(title, self.delete(path, headers=self.alice, status=404).json['title'])
        version = db_api.get_product_version(victim)
        self.assertEqual(('9.9', 'their-cloud'), (version.version, version.cpid))

    def test_private_product_versions(self):
        for headers in ({}, self.bob):
            self.get_json(self.path, headers=headers, status=403)
            self.get_json('%s/%s' % (self.path, self.versions()[0]['id']), headers=headers,
                          status=403)
        self.get_json('/v1/products/nope/versions', status=404)

    def test_write_access(self):
        self.assertEqual(fx.NOT_LOGGED_IN, self.add({'version': '1'}, headers={}, status=401))
        self.assertEqual(fx.FORBIDDEN, self.add({'version': '1'}, headers=self.bob,
                                                status=403))
        self.add({'version': '1'}, headers=self.admin)
        self.post_json('/v1/products/nope/versions', {'version': '1'}, headers=self.alice,
                       status=404)
        self.delete(self.path + '/', headers=self.alice, status=405)

    def test_cpid_associates_uploads(self):
        """A member's signed upload with the version's cpid is attached to it."""
        implicit = self.versions()[0]['id']
        self.put_json('%s/%s' % (self.path, implicit), {'cpid': 'my-cloud'},
                      headers=self.alice)
        key = self.register_key(fx.ALICE)
        body = json.dumps({'cpid': 'my-cloud', 'duration_seconds': 1,
                           'results': [{'name': 'tempest.a'}]}).encode()
        resp = self.app.post('/v1/results', body, content_type='application/json',
                             headers={'X-Signature': key.sign(body),
                                      'X-Public-Key': key.openssh}, status=201).json
        run = self.get_json('/v1/results/%s' % resp['test_id'], headers=self.alice)
        self.assertEqual(implicit, run['product_version']['id'])


class TestNoServerErrors(ProductApiTestCase):
    """Garbage ids and bodies on every product route give 4xx, never 5xx."""

    def test_fuzz(self):
        product = self.create()
        version = self.make_version(product)
        requests = []
        for pid in fx.NASTY_IDS:
            requests += [('GET', '/v1/products/%s' % pid, ''),
                         ('GET', '/v1/products/%s/versions' % pid, ''),
                         ('GET', '/v1/products?organization_id=%s' % pid, ''),
                         ('GET', '/v1/products/%s/versions/%s' % (product, pid), ''),
                         ('PUT', '/v1/products/%s/versions/%s' % (product, pid),
                          '{"cpid": "c"}')]
        for body in fx.NASTY_BODIES:
            requests += [('POST', '/v1/products', body),
                         ('PUT', '/v1/products/%s' % product, body),
                         ('POST', '/v1/products/%s/versions' % product, body),
                         ('PUT', '/v1/products/%s/versions/%s' % (product, version), body)]
        fx.fuzz(self, requests)
        for pid in fx.NASTY_IDS:
            self.delete('/v1/products/%s/versions/%s' % (product, pid), headers=self.alice,
                        status=404)
            self.delete('/v1/products/%s' % pid, headers=self.alice, status=404)
