"""refstack-bulk-verify (tools/update_rs_db.py) against a live server."""

import csv
import os
import subprocess
import sys

import requests
import testtools

from refstack.cmd import bulk_verify
from refstack.db import api as db_api
from refstack.common import keys
from tests import base
from tests import live

ROOT = live.ROOT


class RecordingSession(requests.Session):
    def __init__(self):
        super().__init__()
        self.sent = []

    def request(self, method, url, **kwargs):
        response = super().request(method, url, **kwargs)
        self.sent.append((method, url, response.request.headers.get('Authorization')))
        return response


class TestBulkVerify(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = live.LiveServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.server._use_database()
        self.dir = self.useFixture(base.fixtures.TempDir()).path
        self.endpoint = self.server.url + '/api/v1'
        self.admin = 'https://openstackid.org/admin%s' % self.getUniqueInteger()
        self.server.create_user(self.admin, admin=True)
        self.key_file = self.private_key(self.admin)

    def private_key(self, openid):
        key = base.RSAKey()
        parsed = keys.parse_public_key(key.openssh)
        db_api.store_pubkey(openid, parsed.format, parsed.body, '', parsed.md5_hash)
        path = os.path.join(self.dir, 'key-%d.pem' % self.getUniqueInteger())
        with open(path, 'wb') as f:
            f.write(key.pem)
        return path

    def upload(self):
        return db_api.create_test_result({'cpid': 'c', 'duration_seconds': 5, 'outcomes': [
            ('tempest.api.test_a', None, 0, 1, None)]})

    def link(self, test_id):
        return 'https://refstack.example.org/#/results/%s' % test_id

    def write_csv(self, rows):
        path = os.path.join(self.dir, 'runs-%d.csv' % self.getUniqueInteger())
        with open(path, 'w', newline='') as f:
            csv.writer(f).writerows(rows)
        return path

    def line(self, guideline, target, link):
        return ['Vendor', 'Product', 'Type', 'Region', guideline, target, 'x', 'y', 'z',
                link]

    def cli(self, *args):
        proc = subprocess.run([sys.executable, os.path.join(ROOT, 'tools', 'update_rs_db.py')]
                              + list(args), capture_output=True, text=True, timeout=120)
        self.assertNotIn('Traceback', proc.stderr)
        return proc.returncode, proc.stdout + proc.stderr

    def records(self, path):
        with open(path, newline='') as f:
            return list(csv.DictReader(f))

    # -------------------------------------------------------------- tests

    def test_verify_from_csv(self):
        runs = [self.upload() for _ in range(4)]
        done = self.upload()
        for key, value in (('shared', 'true'), ('guideline', '2016.01.json'),
                           ('target', 'platform')):
            db_api.save_test_result_meta(done, key, value)
        db_api.update_test_result(done, {'verification_status': 1})
        rows = [['Company', 'Product', 'Type', 'Region', 'Guideline', 'Target', 'a', 'b', 'c',
                 'Link'],
                self.line('2017.09', 'platform', self.link(runs[0])),
                self.line('2019.11.json', 'storage', self.link(runs[1]) + '/'),
                self.line('2020.06', 'Compute', runs[2]),
                self.line('dns.2019.11', 'dns', self.link(runs[3])),
                self.line('2016.01', 'platform', self.link(done)),
                self.line('2099.01', 'platform', self.link(runs[0])),
                self.line('2017.09', 'database', self.link(runs[0])),
                self.line('2017.09', 'platform', ''),
                ['too', 'short'],
                self.line('2017.09', 'platform', self.link('no-such-run')),
                []]
        path = self.write_csv(rows)
        record = os.path.join(self.dir, 'record.csv')
        args = ['-f', path, '-e', self.endpoint, '--generate', self.key_file, self.admin,
                '-r', record]

        # A dry run changes nothing.
        status, output = self.cli(*(args + ['--dry-run']))
        self.assertEqual(1, status, output)
        self.assertIn('Dry run', output)
        for test_id in runs:
            self.assertEqual(0, db_api.get_test_result(test_id).verification_status)
        self.assertEqual(4, sum(1 for r in self.records(record)
                                if r['outcome'] == 'would verify (dry run)'))

        # The real run, every request authenticated.
        os.unlink(record)
        session = RecordingSession()
        out = []
        status = bulk_verify.run(bulk_verify.parser().parse_args(args), out=out.append,
                                 session=session)
        self.assertEqual(1, status, '\n'.join(out))
        self.assertTrue(session.sent)
        self.assertEqual({'Bearer'}, {auth.split()[0] for _m, _u, auth in session.sent})
        self.assertIn(('GET', self.endpoint + '/results/%s' % runs[0]),
                      [(m, u) for m, u, _a in session.sent])
        expected = {runs[0]: ('2017.09.json', 'platform'),
                    runs[1]: ('2019.11.json', 'object'),
                    runs[2]: ('2020.06.json', 'compute'),
                    runs[3]: ('dns.2019.11.json', 'dns')}
        for test_id, (guideline, target) in expected.items():
            test = db_api.get_test_result(test_id)
            self.assertEqual(1, test.verification_status)
            meta = {m.meta_key: m.value for m in test.meta}
            self.assertEqual({'shared': 'true', 'guideline': guideline, 'target': target},
                             meta)
        outcomes = [(r['test_id'], r['outcome']) for r in self.records(record)]
        self.assertEqual([(runs[0], 'verified'), (runs[1], 'verified'),
                          (runs[2], 'verified'), (runs[3], 'verified'),
                          (done, 'already verified')], outcomes[:5])
        skipped = [o for _t, o in outcomes[5:-1]]
        self.assertEqual(4, len(skipped))
        self.assertIn('not one the server knows', skipped[0])
        self.assertIn('does not fit guideline', skipped[1])
        self.assertIn('no RefStack link', skipped[2])
        self.assertIn('at least 10', skipped[3])
        self.assertEqual(('no-such-run', 'failed: GET result: HTTP 404: Test result '
                          'no-such-run not found'), outcomes[-1])
        text = '\n'.join(out)
        self.assertIn('line 1: taken as a header', text)
        self.assertIn('4 verified, 1 already verified, 4 skipped, 1 failed', text)

        # Everything done: a second run only finds verified runs.
        good = self.write_csv(rows[1:6])
        status, output = self.cli('-f', good, '-e', self.endpoint, '--generate',
                                  self.key_file, self.admin, '-r', record)
        self.assertEqual(0, status, output)
        self.assertIn('5 already verified', output)

    def test_token_file(self):
        token_path = os.path.join(self.dir, 'token')
        test_id = self.upload()
        path = self.write_csv([self.line('2017.01', 'object', self.link(test_id))])
        record = os.path.join(self.dir, 'r.csv')
        status, output = self.cli('-f', path, '-e', self.endpoint, '--generate',
                                  self.key_file, self.admin, '--save-token', token_path,
                                  '-r', record, '--dry-run')
        self.assertEqual(0, status, output)
        self.assertEqual(0o600, os.stat(token_path).st_mode & 0o777)
        with open(token_path) as f:
            token = f.read()
        with open(token_path, 'w') as f:
            f.write("b'%s'\n" % token)     # as the original tool wrote it
        status, output = self.cli('-f', path, '-e', self.endpoint, '--tokenfile', token_path,
                                  '-r', record)
        self.assertEqual(0, status, output)
        self.assertEqual(1, db_api.get_test_result(test_id).verification_status)

    def test_refusals_are_clear(self):
        path = self.write_csv([self.line('2017.01', 'object', self.link('x'))])
        record = os.path.join(self.dir, 'r.csv')
        user = 'https://openstackid.org/plain%d' % self.getUniqueInteger()
        self.server.create_user(user)
        user_key = self.private_key(user)
        status, output = self.cli('-f', path, '-e', self.endpoint, '--generate', user_key,
                                  user, '-r', record)
        self.assertEqual(2, status)
        self.assertIn('is not a Foundation admin', output)
        # A key that is not registered for the openid.
        status, output = self.cli('-f', path, '-e', self.endpoint, '--generate', user_key,
                                  self.admin, '-r', record)
        self.assertEqual(2, status)
        self.assertIn('did not accept the token', output)
        for args, text in (
                (['--generate', os.path.join(self.dir, 'none.pem'), self.admin],
                 'cannot read the private key'),
                (['--generate', path, self.admin], 'cannot sign a token'),
                (['--tokenfile', os.path.join(self.dir, 'none')], 'cannot read the token')):
            status, output = self.cli('-f', path, '-e', self.endpoint, '-r', record, *args)
            self.assertEqual(2, status, output)
            self.assertIn(text, output)
        status, output = self.cli('-f', path, '-e', 'http://127.0.0.1:1/api/v1',
                                  '--generate', self.key_file, self.admin, '-r', record)
        self.assertEqual(2, status, output)
        self.assertIn('failed', output)
        self.assertFalse(os.path.exists(record))
