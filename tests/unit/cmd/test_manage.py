"""refstack-manage against a throw-away SQLite database."""

import os
import subprocess
import sys

import testtools

from refstack.db import api as db_api
from refstack.db import migration
from tests import base

HEAD = migration.heads()[-1]


class TestManage(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(base.fixtures.TempDir()).path
        self.conf = os.path.join(self.dir, 'refstack.conf')
        with open(self.conf, 'w') as f:
            f.write('[database]\nconnection = sqlite:///%s/r.sqlite\n' % self.dir)

    def manage(self, *args, status=0):
        proc = subprocess.run([sys.executable, '-m', 'refstack.cmd.manage',
                               '--config-file', self.conf] + list(args),
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(status, proc.returncode, proc.stdout + proc.stderr)
        return proc.stdout + proc.stderr

    def write_key(self, name):
        key = base.make_key()
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write(key.openssh + ' someone@host\n')
        return path, key

    def test_migrations_round_trip(self):
        self.assertIn('None', self.manage('version'))
        self.assertIn('Database is at revision %s.' % HEAD, self.manage('upgrade'))
        self.assertIn(HEAD, self.manage('version'))
        self.assertIn('revision None', self.manage('downgrade'))
        self.assertIn('stamped with revision %s' % HEAD, self.manage('stamp'))

    def test_user_add(self):
        self.manage('upgrade')
        path, key = self.write_key('k.pub')
        out = self.manage('user-add', 'https://id/jane', '--email', 'j@x', '--fullname',
                          'Jane', '--admin', '--pubkey', path)
        self.assertIn('Created user https://id/jane.', out)
        self.assertIn('Foundation admin', out)
        self.assertIn('Registered key', out)
        out = self.manage('user-add', 'https://id/jane', '--pubkey', path)
        self.assertIn('already registered', out)
        self.assertIn('registered to another user',
                      self.manage('user-add', 'https://id/bob', '--pubkey', path, status=1))
        self.assertIn('Cannot read', self.manage('user-add', 'https://id/bob', '--pubkey',
                                                 os.path.join(self.dir, 'none'), status=1))
        bad = os.path.join(self.dir, 'bad.pub')
        with open(bad, 'w') as f:
            f.write('ecdsa-sha2-nistp256 AAAA x')
        self.assertIn('unsupported format', self.manage('user-add', 'https://id/bob',
                                                        '--pubkey', bad, status=1))
        # Check the stored state directly.
        base.CONF([], project='refstack', default_config_files=[self.conf])
        self.addCleanup(db_api.reset)
        db_api.reset()
        admin, _orgs = db_api.get_user_access('https://id/jane')
        self.assertTrue(admin)
        self.assertEqual('Jane', db_api.get_user('https://id/jane').fullname)
        self.assertIsNone(db_api.find_user('https://id/bob'))
        stored = db_api.get_user_pubkeys('https://id/jane')[0]
        self.assertEqual(key.openssh.split()[1], stored.pubkey)

    def test_switching_version_table_keeps_schema(self):
        self.manage('upgrade')
        with open(self.conf, 'a') as f:
            f.write('[DEFAULT]\nversion_table = refstack_alembic_version\n')
        self.assertIn(HEAD, self.manage('version'))
        self.assertIn('revision %s' % HEAD, self.manage('upgrade'))

    def test_unreachable_database(self):
        with open(self.conf, 'w') as f:
            f.write('[database]\nconnection = mysql+pymysql://nobody@127.0.0.1:1/x\n'
                    'max_retries = 0\n')
        out = self.manage('version', status=1)
        self.assertIn('cannot connect to the database', out)
        self.assertNotIn('Traceback', out)
