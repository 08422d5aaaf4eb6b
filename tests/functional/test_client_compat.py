"""refstack-client's upload and list paths, byte for byte, against a real
server over HTTP (gunicorn on loopback; the X-Public-Key header arrives as
text, which broke the original on Python 3, D1)."""

import json
import os
import subprocess
import sys

import fixtures
import requests
import testtools

from tests import base
from tests import live

OPENID = 'https://openstackid.org/vendor'
TEMPEST_RUN = os.path.join(os.path.dirname(__file__), '..', 'data', 'shared', 'tools',
                           'tempest_run.py')


class TestOldClient(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = live.LiveServer(
            extra_conf='[api]\nenable_anonymous_upload = false\n',
            ui_dir='/nonexistent').start()
        cls.key = base.make_key()
        cls.server.create_user(OPENID)
        from refstack.common import keys
        from refstack.db import api as db_api
        parsed = keys.parse_public_key(cls.key.openssh)
        db_api.store_pubkey(OPENID, parsed.format, parsed.body, '', parsed.md5_hash)
        cls.url = cls.server.url + '/api'

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def post_results(self, content, sign=True):
        """What refstack_client.post_results does (client.md section 4 and 5)."""
        data = json.dumps(content)
        headers = {'Content-type': 'application/json'}
        if sign:
            headers['X-Signature'] = self.key.sign(data.encode('utf-8')).encode()
            headers['X-Public-Key'] = self.key.openssh.encode()
        return requests.post(self.url + '/v1/results/', data=data, headers=headers,
                             timeout=30)

    def content(self, cpid, names):
        return {'cpid': cpid, 'duration_seconds': 0,
                'results': [{'name': n, 'uuid': '0146f675-ffbd-4208-b3a4-60eb628dbc5e'}
                            if i == 0 else {'name': n} for i, n in enumerate(names)]}

    def test_signed_upload_and_replay(self):
        content = self.content('09901d92654bdaee787e915b9143769f',
                               ['tempest.passed.test', 'tempest.tagged_passed.test'])
        resp = self.post_results(content)
        self.assertEqual(201, resp.status_code, resp.text)
        body = resp.json()
        self.assertEqual(self.server.url + '/#/results/' + body['test_id'], body['url'])
        # The exact same signed body again is refused, with the stored run named.
        again = self.post_results(content)
        self.assertEqual(409, again.status_code)
        self.assertEqual(body['test_id'], again.json()['test_id'])

    def test_unsigned_upload_refused_when_anonymous_disabled(self):
        resp = self.post_results(self.content('c', ['tempest.a']), sign=False)
        self.assertEqual(401, resp.status_code)

    def test_list_pages_like_the_client(self):
        self.post_results(self.content('list-cpid', ['tempest.list.a']))
        session = requests.Session()
        page = 1
        while True:
            resp = session.get(self.url + '/v1/results/', params={'page': page}, timeout=30)
            self.assertEqual(200, resp.status_code)
            data = resp.json()
            for item in data['results']:
                self.assertIn('created_at', item)
                self.assertIn('url', item)
            if data['pagination']['total_pages'] <= page:
                break
            page += 1


class TestRefstackUpload(testtools.TestCase):
    """refstack-upload against a real server: a v2 stream from tempest_run.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = live.LiveServer(ui_dir='/nonexistent').start()
        cls.key = base.make_key()
        cls.server.create_user(OPENID)
        from refstack.common import keys
        from refstack.db import api as db_api
        parsed = keys.parse_public_key(cls.key.openssh)
        db_api.store_pubkey(OPENID, parsed.format, parsed.body, '', parsed.md5_hash)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def run_upload(self, *args):
        return subprocess.run(
            [sys.executable, '-m', 'refstack.cmd.upload', '--url', self.server.url + '/api',
             '--retries', '0'] + list(args), capture_output=True, text=True, timeout=120)

    def test_upload_v2_stream_signed_then_retry(self):
        work = self.useFixture(fixtures.TempDir()).path
        stream = os.path.join(work, 'run.subunit')
        key_file = os.path.join(work, 'key.pem')
        with open(key_file, 'wb') as f:
            f.write(self.key.pem)
        with open(stream, 'wb') as f:
            f.write(subprocess.run([sys.executable, TEMPEST_RUN, '--format', 'subunit',
                                    '--tests', '300', '--seed', '11'],
                                   capture_output=True, check=True).stdout)
        first = self.run_upload('--cpid', 'ci-cloud', '-i', key_file, stream)
        self.assertEqual(0, first.returncode, first.stdout + first.stderr)
        self.assertIn('URL: %s/#/results/' % self.server.url, first.stdout)
        again = self.run_upload('--cpid', 'ci-cloud', '-i', key_file, stream)
        self.assertEqual(0, again.returncode, again.stdout + again.stderr)
        url = [line for line in first.stdout.splitlines() if line.startswith('URL:')][0]
        self.assertIn(url, again.stdout)
        from refstack.db import api as db_api
        test_id = url.rsplit('/', 1)[1]
        counts = db_api.get_test_result_with_passed(test_id)[2]
        self.assertEqual(300, sum(counts.values()))
        self.assertGreater(counts['failed'], 0)
        self.assertGreater(counts['skipped'], 0)

    def test_failure_exits_non_zero(self):
        work = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(work, 'junk.subunit')
        with open(path, 'wb') as f:
            f.write(b'\xb3not a stream')
        result = self.run_upload(path)
        self.assertNotEqual(0, result.returncode)
