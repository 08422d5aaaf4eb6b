"""refstack-manage import-legacy: an original RefStack database (built from
the documented DDL on MariaDB) imported twice into the test database
(SQLite, or MariaDB with REFSTACK_TEST_DB=mysql), compared through the API."""

import os
import subprocess
import sys
from unittest import mock

import testtools

from refstack.db import api as db_api
from refstack.db import legacy
from tests import base
from tests import db as test_db
from tests.unit.db import legacy_source


class LegacyImportTestCase(base.ApiTestCase):

    def setUp(self):
        super().setUp()
        legacy_source.require_mysql(self)
        self.legacy = legacy_source.LegacyDatabase()
        self.addCleanup(self.legacy.drop)
        self.expected = legacy_source.build(self.legacy)
        self.admin = sorted(self.expected['foundation_members'])[0]

    def run_import(self, **kwargs):
        lines = []
        report, counts = legacy.run_import(self.legacy.url, progress=lines.append, **kwargs)
        return report, counts, lines

    def manage(self, *args):
        conf = os.path.join(self.useFixture(base.fixtures.TempDir()).path, 'refstack.conf')
        with open(conf, 'w') as f:
            f.write('[database]\nconnection = %s\n' % test_db.database_url())
        db_api.reset()
        proc = subprocess.run([sys.executable, '-m', 'refstack.cmd.manage',
                               '--config-file', conf] + list(args),
                              capture_output=True, text=True, timeout=300)
        db_api.reset()
        return proc.returncode, proc.stdout + proc.stderr

    # ------------------------------------------------------------ API view

    def snapshot(self):
        """Everything the import produced, as the API shows it."""
        admin = self.session_headers(self.admin)
        out = {'results': {}, 'vendors': {}, 'users': {}, 'products': {}, 'versions': {},
               'keys': {}}
        for test_id in self.expected['tests']:
            out['results'][test_id] = self.get_json('/v1/results/%s' % test_id,
                                                    headers=admin)
        listed, page, pages = set(), 1, 1
        while page <= pages:
            body = self.get_json('/v1/results', page=str(page))
            listed.update(item['id'] for item in body['results'])
            pages = body['pagination']['total_pages']
            page += 1
        out['listed'] = listed
        foundation = db_api.get_foundation()
        for org_id in list(self.expected['orgs']) + [foundation.id]:
            res = self.app.get('/v1/vendors/%s' % org_id, headers=admin, expect_errors=True)
            out['vendors'][org_id] = (res.status_int, res.json)
            if res.status_int == 200:
                out['users'][org_id] = sorted(
                    u['openid'] for u in self.get_json('/v1/vendors/%s/users' % org_id,
                                                       headers=admin))
        for product_id in self.expected['products']:
            out['products'][product_id] = self.get_json('/v1/products/%s' % product_id,
                                                        headers=admin)
            out['versions'][product_id] = sorted(
                (v['id'], v['version'] or '', v['cpid'] or '') for v in self.get_json(
                    '/v1/products/%s/versions' % product_id, headers=admin))
        for openid in self.expected['users']:
            out['keys'][openid] = sorted(
                (k['id'], k['format'], k['pubkey'], k['comment']) for k in self.get_json(
                    '/v1/profile/pubkeys', headers=self.session_headers(openid)))
        return out

    def check(self, snap):
        exp = self.expected
        foundation = db_api.get_foundation()
        for test_id, want in exp['tests'].items():
            got = snap['results'][test_id]
            self.assertEqual('foundation', got['user_role'])
            for key in ('id', 'cpid', 'created_at', 'duration_seconds',
                        'verification_status', 'meta', 'results'):
                self.assertEqual(want[key], got[key], '%s of %s' % (key, test_id))
            self.assertEqual(want['product_version_id'],
                             (got['product_version'] or {}).get('id'))
        self.assertEqual(exp['public'], snap['listed'])
        # Vendors: the legacy Foundation is merged into ours; a second type-0
        # organization becomes a private vendor.
        self.assertEqual(404, snap['vendors'][exp['legacy_foundation']][0])
        for org_id, org in exp['orgs'].items():
            if org_id == exp['legacy_foundation']:
                continue
            status, body = snap['vendors'][org_id]
            self.assertEqual(200, status)
            want_type = 1 if org_id == exp['extra_foundation'] else org['type']
            self.assertEqual((want_type, org['name'], org['description'], org['properties'],
                              str(org['created_at']), org['group_id']),
                             (body['type'], body['name'], body['description'],
                              body['properties'], body['created_at'], body['group_id']))
            self.assertEqual(sorted(exp['members'][org_id]), snap['users'][org_id])
        self.assertTrue(set(exp['foundation_members']) <= set(snap['users'][foundation.id]))
        for product_id, product in exp['products'].items():
            got = snap['products'][product_id]
            org_id = product['organization_id']
            if org_id == exp['legacy_foundation']:
                org_id = foundation.id
            self.assertEqual(
                (product['name'], product['description'], org_id, bool(product['public']),
                 product['type'], product['product_type'], product['properties'],
                 str(product['created_at'])),
                (got['name'], got['description'], got['organization_id'], got['public'],
                 got['type'], got['product_type'], got['properties'], got['created_at']))
            self.assertEqual(sorted((v['id'], v['version'] or '', v['cpid'] or '')
                                    for v in exp['versions'].values()
                                    if v['product_id'] == product_id),
                             snap['versions'][product_id])
        for openid in exp['users']:
            self.assertEqual(sorted((k['id'], k['format'], k['pubkey'], k['comment'] or '')
                                    for k in exp['keys'].values() if k['openid'] == openid),
                             snap['keys'][openid])

    # ------------------------------------------------------------- tests

    def test_import_twice_and_compare_through_the_api(self):
        report, counts, lines = self.run_import(batch_size=7)
        self.assertTrue(report.balanced, '\n'.join(report.lines()))
        for name, legacy_count in self.expected['counts'].items():
            self.assertEqual(legacy_count, report.tables[name].legacy, name)
        self.assertEqual(len(self.expected['tests']), report.tables['test'].new)
        self.assertEqual(len(self.expected['tests']), counts['test'])
        self.assertIn('test', ' '.join(lines))
        first = self.snapshot()
        self.check(first)

        # Imported keys sign API tokens.
        openid, key = next(iter(self.expected['rsa'].items()))
        profile = self.get_json('/v1/profile', headers={
            'Authorization': 'Bearer %s' % key.token(openid)})
        self.assertEqual(openid, profile['openid'])
        self.assertTrue(self.get_json('/v1/profile', headers=self.session_headers(
            self.admin))['is_admin'])

        # The second run, through refstack-manage, adds nothing.
        status, output = self.manage('import-legacy', '--source', self.legacy.url)
        self.assertEqual(0, status, output)
        self.assertIn('Every legacy row is accounted for.', output)
        self.assertNotIn('Traceback', output)
        for name in ('user', 'test', 'results', 'meta'):
            row = [line for line in output.splitlines()
                   if line.strip().startswith(name + ' ') and line.strip().endswith('ok')]
            self.assertTrue(row, name)
            self.assertEqual('0', row[-1].split()[2], row[-1])   # the "new" column
        after = db_api.count_rows()
        for table in ('session',):       # the snapshot signs users in
            counts.pop(table), after.pop(table)
        self.assertEqual(counts, after)
        self.assertEqual(first, self.snapshot())

    def test_odd_rows_are_reported(self):
        report, _counts, _lines = self.run_import()
        notes, problems = report.notes, report.problems
        text = '\n'.join(report.lines())
        for kind in ('foundation', 'duplicate memberships merged into one',
                     'groups of no organization (carried)',
                     'products with several unnamed (NULL) versions (all carried)',
                     'products without an unnamed (NULL) version',
                     'runs with an empty "shared" value (private here; the original '
                     'listed them)',
                     'non-ASCII test names read from the latin1 column (UTF-8 bytes)',
                     'non-ASCII test names read from the latin1 column (latin1 bytes)'):
            self.assertIn(kind, notes, text)
        self.assertEqual(1, len(problems['result rows without a test name']))
        twice = problems['keys registered twice (a key belongs to one user here)']
        self.assertEqual(1, len(twice))
        self.assertIn(self.expected['twice']['id'], twice[0])
        self.assertIn(self.expected['orphan_group'],
                      ' '.join(notes['groups of no organization (carried)']))
        self.assertEqual(1, report.tables['pubkeys'].not_carried)
        self.assertEqual(1, report.tables['results'].not_carried)
        self.assertEqual(1, report.tables['user_to_group'].merged)
        self.assertIn('MISMATCH', ''.join(report.lines()) + 'MISMATCH')
        self.assertNotIn('MISMATCH', text)

    def test_interrupted_import_resumes(self):
        real = db_api.import_test_runs
        calls = []

        def flaky(runs):
            calls.append(len(runs))
            if len(calls) == 3:
                raise RuntimeError('power cut')
            return real(runs)

        with mock.patch.object(db_api, 'import_test_runs', side_effect=flaky):
            self.assertRaises(RuntimeError, self.run_import, batch_size=5)
        stored = db_api.count_rows()['test']
        self.assertEqual(10, stored)
        report, counts, _lines = self.run_import(batch_size=5)
        self.assertTrue(report.balanced, '\n'.join(report.lines()))
        self.assertEqual(stored, report.tables['test'].present)
        self.assertEqual(len(self.expected['tests']) - stored, report.tables['test'].new)
        self.assertEqual(self.expected['counts']['user'], report.tables['user'].present)
        self.check(self.snapshot())

    def test_cli_errors_are_clear(self):
        status, output = self.manage('import-legacy', '--source', 'nonsense://x')
        self.assertEqual(1, status)
        self.assertIn('Error:', output)
        self.assertNotIn('Traceback', output)
        self.legacy.execute("UPDATE alembic_version SET version_num = '59df512e82f'")
        status, output = self.manage('import-legacy', '--source', self.legacy.url)
        self.assertEqual(1, status)
        self.assertIn('--any-revision', output)
        self.assertNotIn('Traceback', output)
        self.legacy.execute('DROP TABLE beaker_cache')
        self.legacy.execute('DROP TABLE meta')
        status, output = self.manage('import-legacy', '--source', self.legacy.url,
                                     '--any-revision')
        self.assertEqual(1, status)
        self.assertIn('missing table(s) meta', output)
        status, output = self.manage('import-legacy', '--source',
                                     self.legacy.url + '_does_not_exist')
        self.assertEqual(1, status)
        self.assertIn('cannot read the source database', output)
        self.assertNotIn('Traceback', output)


class TestDecodeName(testtools.TestCase):
    """results.name is read as bytes from a latin1 column."""

    def test_decode(self):
        self.assertEqual(('tempest.a', 'ascii'), legacy.decode_name(b'tempest.a'))
        self.assertEqual(('caf\u00e9', 'utf8'), legacy.decode_name('caf\u00e9'.encode()))
        self.assertEqual(('caf\u00e9', 'latin1'), legacy.decode_name(b'caf\xe9'))
        self.assertEqual(('\u20ac', 'latin1'), legacy.decode_name(b'\x80'))
        self.assertEqual(('\x81', 'latin1'), legacy.decode_name(b'\x81'))
        self.assertEqual((None, None), legacy.decode_name(None))
