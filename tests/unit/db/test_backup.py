"""refstack-manage backup / restore round trips on the test database (SQLite,
or MariaDB through mysqldump with REFSTACK_TEST_DB=mysql): every row, and
every view of it through the API, comes back."""

import gzip
import os
import random
import shutil
import subprocess
import sys

import sqlalchemy as sa

from refstack.db import api as db_api
from refstack.db import models
from tests import base
from tests import db as test_db
from tests.unit.db import legacy_source


class BackupRestoreTestCase(base.ApiTestCase):

    def setUp(self):
        super().setUp()
        if test_db.backend() == 'mysql':
            if not (shutil.which('mariadb-dump') or shutil.which('mysqldump')):
                self.fail('mysqldump is not installed')
        self.dir = self.useFixture(base.fixtures.TempDir()).path
        self.conf = os.path.join(self.dir, 'refstack.conf')
        with open(self.conf, 'w') as f:
            f.write('[database]\nconnection = %s\n' % test_db.database_url())
        self.populate()

    def manage(self, *args, status=0):
        db_api.reset()
        proc = subprocess.run([sys.executable, '-m', 'refstack.cmd.manage',
                               '--config-file', self.conf] + list(args),
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
        db_api.reset()
        output = proc.stdout + proc.stderr
        self.assertEqual(status, proc.returncode, output)
        self.assertNotIn('Traceback', output)
        return output

    # -------------------------------------------------------------- data

    def populate(self):
        rng = random.Random(5)
        catalogue = legacy_source.tempest_tests()
        self.admin = self.create_user('https://openstackid.org/admin', admin=True)
        self.vendor_user = self.create_user('https://openstackid.org/v\u00e9ndor',
                                            fullname='V\u00e9ndor \U0001F600')
        self.other = self.create_user('https://openstackid.org/other')
        self.key = self.register_key(self.vendor_user)
        self.headers = {openid: self.session_headers(openid)
                        for openid in (self.admin, self.vendor_user, self.other)}
        vendor = self.post_json('/v1/vendors', {
            'name': 'ACME \u2601', 'description': 'Clouds \U0001F329'},
            headers=self.headers[self.vendor_user]).json['id']
        self.vendor = vendor
        self.products = []
        for i in range(3):
            product = self.post_json('/v1/products', {
                'name': 'Product %d' % i, 'description': 'p%d' % i, 'product_type': i,
                'organization_id': vendor}, headers=self.headers[self.vendor_user]).json
            self.products.append(product['id'])
            self.post_json('/v1/products/%s/versions' % product['id'],
                           {'version': '1.%d' % i, 'cpid': 'vendor-cpid-%d' % i},
                           headers=self.headers[self.vendor_user])
        db_api.update_product(self.products[0], {'public': True})
        self.results = []
        for i in range(24):
            picked = sorted(rng.sample(catalogue, rng.randint(20, 80)))
            if i == 3:
                picked[0] = (picked[0][0] + '_\u00fcber', picked[0][1])
            owner = self.vendor_user if i % 3 == 0 else None
            test_id = db_api.create_test_result({
                'cpid': 'cpid-%d' % (i % 4), 'duration_seconds': 100 + i,
                'owner_openid': owner,
                'outcomes': [(name, test_uuid, 0, rng.randint(0, 9000), None)
                             for name, test_uuid in picked] + [
                    ('tempest.failing.test_%d' % i, None, 1, 12, 'Traceback: boom %d' % i)]})
            self.results.append(test_id)
            if i % 4 == 1:
                for key, value in (('shared', 'true'), ('guideline', '2017.01.json'),
                                   ('target', 'platform')):
                    self.app.post('/v1/results/%s/meta/%s' % (test_id, key), value,
                                  headers=self.headers[self.admin], status=201)
            if i % 6 == 0:
                version = self.get_json('/v1/products/%s/versions' % self.products[0],
                                        headers=self.headers[self.admin])[-1]['id']
                self.put_json('/v1/results/%s' % test_id, {'product_version_id': version},
                              headers=self.headers[self.admin], status=201)
            if i % 8 == 1:
                self.put_json('/v1/results/%s' % test_id, {'verification_status': 1},
                              headers=self.headers[self.admin], status=201)

    # ---------------------------------------------------------- snapshots

    def rows(self):
        """Every row of every table, in primary key order."""
        engine = db_api.get_engine()
        out = {}
        with engine.connect() as conn:
            for name, table in sorted(models.Base.metadata.tables.items()):
                out[name] = [tuple(r) for r in conn.execute(
                    sa.select(table).order_by(*table.primary_key.columns))]
        return out

    def api_view(self):
        admin = self.headers[self.admin]
        view = {'results': {}, 'lists': [], 'products': {}}
        for test_id in self.results:
            view['results'][test_id] = self.get_json('/v1/results/%s' % test_id,
                                                     headers=admin)
        for headers in (None, admin, self.headers[self.vendor_user]):
            view['lists'].append(self.get_json('/v1/results', headers=headers))
        view['signed'] = self.get_json('/v1/results', signed='',
                                       headers=self.headers[self.vendor_user])
        view['vendors'] = self.get_json('/v1/vendors', headers=admin)
        view['vendor'] = self.get_json('/v1/vendors/%s' % self.vendor, headers=admin)
        view['members'] = self.get_json('/v1/vendors/%s/users' % self.vendor, headers=admin)
        for product_id in self.products:
            view['products'][product_id] = (
                self.get_json('/v1/products/%s' % product_id, headers=admin),
                self.get_json('/v1/products/%s/versions' % product_id, headers=admin))
        view['profile'] = self.get_json('/v1/profile', headers=self.headers[self.vendor_user])
        view['keys'] = self.get_json('/v1/profile/pubkeys',
                                     headers=self.headers[self.vendor_user])
        view['token'] = self.get_json('/v1/profile', headers={
            'Authorization': 'Bearer %s' % self.key.token(self.vendor_user)})
        return view

    def change_everything(self):
        admin = self.headers[self.admin]
        self.delete('/v1/results/%s' % self.results[0], headers=admin)
        self.app.post('/v1/results/%s/meta/shared' % self.results[2], 'true',
                      headers=admin, status=201)
        self.put_json('/v1/products/%s' % self.products[1], {'name': 'Renamed'},
                      headers=admin)
        self.delete('/v1/products/%s' % self.products[2], headers=admin)
        db_api.create_test_result({'cpid': 'new', 'duration_seconds': 1, 'outcomes': [
            ('tempest.new.test_after_backup', None, 0, 1, None)]})
        self.create_user('https://openstackid.org/late')

    # -------------------------------------------------------------- tests

    def round_trip(self, name):
        rows, view = self.rows(), self.api_view()
        path = os.path.join(self.dir, name)
        output = self.manage('backup', path)
        self.assertIn('Wrote %s' % path, output)
        self.assertTrue(os.path.getsize(path) > 0)
        self.assertEqual([name], [f for f in os.listdir(self.dir) if f.startswith(
            name) or f.startswith('.' + name)])
        self.change_everything()
        self.assertNotEqual(rows, self.rows())
        output = self.manage('restore', '--yes', path)
        self.assertIn('Restored; schema revision', output)
        self.assertEqual(rows, self.rows())
        self.assertEqual(view, self.api_view())
        return path

    def test_round_trip(self):
        path = self.round_trip('refstack.backup')
        with open(path, 'rb') as f:
            head = f.read(16)
        if test_db.backend() == 'mysql':
            self.assertTrue(head.startswith(b'-- RefStack'))
        else:
            self.assertEqual(b'SQLite format 3\x00', head)

    def test_round_trip_compressed(self):
        path = self.round_trip('refstack.backup.gz')
        with gzip.open(path, 'rb') as f:
            self.assertTrue(f.read(16))

    def test_bad_backups_are_refused(self):
        rows = self.rows()
        path = os.path.join(self.dir, 'full.backup')
        self.manage('backup', path)
        # No confirmation without a terminal.
        self.assertIn('add --yes', self.manage('restore', path, status=1))
        # A truncated file changes nothing.
        with open(path, 'rb') as f:
            data = f.read()
        cut = os.path.join(self.dir, 'cut.backup')
        with open(cut, 'wb') as f:
            f.write(data[:len(data) // 2])
        output = self.manage('restore', '--yes', cut, status=1)
        self.assertIn('Error:', output)
        self.assertIn('Error:', self.manage('restore', '--yes',
                                            os.path.join(self.dir, 'missing'), status=1))
        self.assertIn('Error:', self.manage('backup', '/nonexistent/dir/x', status=1))
        self.assertEqual(rows, self.rows())
